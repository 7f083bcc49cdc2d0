package io.appfleet.fleetctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs fleetctl in-process with a given environment and captures what it prints. */
final class Cli {

    record Run(int exit, String out, String err) {
    }

    private Cli() {
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Fleetctl.commandLine(env).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
