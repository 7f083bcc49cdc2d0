package io.appfleet.fleetctl;

import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fleetctl}: kubectl-like commands for operators and scripts. */
@Command(name = "fleetctl", mixinStandardHelpOptions = true, version = "fleetctl 0.1.0",
        description = "Operate an appfleet fleet.",
        subcommands = { ApplyCommand.class, DiffCommand.class, GetCommand.class, RolloutCommand.class,
                ParseCommand.class, QgaCli.class, TokenCommand.class })
public final class Fleetctl {

    private final Map<String, String> environment;

    private Fleetctl(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** With the given environment variables instead of the process's ($APPFLEET_SERVER, $APPFLEET_TOKEN). */
    public static CommandLine commandLine(Map<String, String> environment) {
        return new CommandLine(new Fleetctl(environment)).setCaseInsensitiveEnumValuesAllowed(true);
    }

    Map<String, String> environment() {
        return environment;
    }
}
