package io.appfleet.fleetctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;


import io.appfleet.drivers.DeviceOutputParsers;
import io.appfleet.drivers.parse.ParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the product's own parser on a saved device output, for when a device prints something
 * unexpected: the JSON shows exactly what the adapter would have understood.
 */
@Command(name = "parse", description = "Parse a saved device output file with the real parser and print JSON.")
final class ParseCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<platform>", description = "iosxe, iosxr, infix or qga")
    String platform;

    @Parameters(index = "1", paramLabel = "<command>", description = "the command that produced the output, quoted")
    String command;

    @Parameters(index = "2", paramLabel = "<file>", description = "the saved output")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String output;
        try {
            output = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fail("cannot read " + file + ": " + e.getMessage());
        }
        try {
            Object parsed = DeviceOutputParsers.parse(platform, command, output);
            spec.commandLine().getOut().println(Json.write(parsed));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ParseException e) {
            return fail(file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail("cannot print the result: " + e.getMessage());
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("fleetctl parse: " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }
}
