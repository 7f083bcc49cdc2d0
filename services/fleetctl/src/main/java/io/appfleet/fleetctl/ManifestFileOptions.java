package io.appfleet.fleetctl;

import java.util.List;

import picocli.CommandLine.Option;

/** The {@code -f} option of the commands that send manifests (apply, diff). */
final class ManifestFileOptions {

    @Option(names = { "-f", "--filename" }, required = true, paramLabel = "<file>",
            description = "a manifest file, a directory (its *.yaml, *.yml, *.json in name order) or - for stdin;"
                    + " repeatable")
    List<String> files;
}
