package io.appfleet.fleetctl;

import java.time.Instant;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the desired-state API: the common options, and one place that turns
 * failures into a line on stderr ("fleetctl get deployments: …") and the exit code.
 */
abstract class ApiCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Spec
    CommandSpec spec;

    /** Does the work; returns the exit code when everything the server was asked succeeded. */
    abstract int run(ApiClient client) throws ApiException, InputException;

    @Override
    public final Integer call() {
        try {
            return run(api.client());
        } catch (InputException e) {
            err(e.getMessage());
            return Exit.USAGE;
        } catch (ApiException e) {
            err(e.getMessage());
            return e.exitCode();
        }
    }

    OutputFormat output() {
        return api.output();
    }

    /** Prints a reply as {@code -o json|yaml} asks. */
    void print(JsonNode reply) {
        out(output().encode(reply));
    }

    void out(String text) {
        spec.commandLine().getOut().println(text);
        spec.commandLine().getOut().flush();
    }

    /** One line on stderr, prefixed with the command ("fleetctl rollout undo: …"). */
    void err(String message) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
        spec.commandLine().getErr().flush();
    }

    Instant now() {
        return Instant.now();
    }
}
