package io.appfleet.fleetctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fleetctl}: kubectl-like commands for operators and scripts. */
@Command(name = "fleetctl", mixinStandardHelpOptions = true, version = "fleetctl 0.1.0",
        description = "Operate an appfleet fleet.", subcommands = { ParseCommand.class, QgaCli.class, TokenCommand.class })
public final class Fleetctl {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Fleetctl());
    }
}
