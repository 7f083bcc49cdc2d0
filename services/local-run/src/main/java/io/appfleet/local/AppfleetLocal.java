package io.appfleet.local;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code java -jar services/local-run/target/appfleet-local-run.jar up [options]}; normally via deploy/local/appfleet. */
@Command(name = "appfleet",
        description = "Runs appfleet on this machine.",
        mixinStandardHelpOptions = true,
        versionProvider = AppfleetLocal.Version.class,
        subcommands = {AppfleetLocal.Up.class, CommandLine.HelpCommand.class})
public final class AppfleetLocal implements Runnable {

    /** Exit code when a given Kafka or PostgreSQL cannot be reached, or a port is taken. */
    public static final int EXIT_UNREACHABLE = 2;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new AppfleetLocal()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "up",
            mixinStandardHelpOptions = true,
            versionProvider = AppfleetLocal.Version.class,
            sortOptions = false,
            usageHelpWidth = 110,
            description = {
                "Starts PostgreSQL and Kafka (embedded, unless --postgres/--kafka point at existing ones), the services,",
                "imports the example fleet and prints where everything is. Ctrl-C stops everything cleanly:",
                "services first, then Kafka, then PostgreSQL.",
                "",
                "Embedded data lives in a fresh temporary directory deleted on exit, unless --data-dir is given.",
                "Service logs go to <data-dir>/logs, or to services/local-run/target/local-run/logs."},
            footer = {
                "",
                "Exit codes: 0 ok (with --exit-after-import: after a clean stop), 1 a step failed,",
                "2 bad arguments, an unreachable --kafka/--postgres, or a port in use."})
    static final class Up implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--kafka", paramLabel = "<bootstrap>",
                description = "Use this existing Kafka (host:port[,host:port...]) instead of an embedded broker.")
        String kafka;

        @Option(names = "--postgres", paramLabel = "<jdbc-url>",
                description = "Use this existing PostgreSQL database (jdbc:postgresql://host:port/db) instead of an"
                        + " embedded one.")
        String postgres;

        @Option(names = "--postgres-user", paramLabel = "<user>", defaultValue = "postgres",
                description = "User for --postgres (default: ${DEFAULT-VALUE}).")
        String postgresUser;

        // Never echoed: the default comes from the environment and is not shown in --help either.
        @Option(names = "--postgres-password", paramLabel = "<password>", defaultValue = "${env:APPFLEET_PG_PASSWORD}",
                showDefaultValue = Visibility.NEVER,
                description = "Password for --postgres (default: $APPFLEET_PG_PASSWORD). Never printed.")
        String postgresPassword;

        @Option(names = "--data-dir", paramLabel = "<dir>",
                description = "Keep embedded Kafka/PostgreSQL data and the logs here between runs.")
        Path dataDir;

        @Option(names = "--examples", paramLabel = "<dir>",
                description = "Example manifests and inventory (default: <repo>/deploy/examples).")
        Path examples;

        @Option(names = "--http-port-base", paramLabel = "<port>", defaultValue = "8081",
                description = "HTTP port of the first service; the others follow (inventory +0, desired-state +1,"
                        + " device-adapter +2, telemetry +3). Default: ${DEFAULT-VALUE}.")
        int httpPortBase;

        @Option(names = "--services", paramLabel = "<name>", split = ",",
                description = "Only these services (comma-separated). Default: all known.")
        List<String> services = new ArrayList<>();

        @Option(names = "--exit-after-import",
                description = "Non-interactive: start everything, import, print the summary, then stop cleanly and"
                        + " exit 0 (for smoke tests and CI).")
        boolean exitAfterImport;

        @Option(names = "--repo-root", paramLabel = "<dir>",
                description = "The appfleet checkout (default: found from this jar's location, else the current"
                        + " directory).")
        Path repoRoot;

        @Override
        public Integer call() {
            if (httpPortBase < 1 || httpPortBase > 65535 - ServiceSpec.KNOWN.size()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--http-port-base must be a TCP port, got " + httpPortBase);
            }
            List<ServiceSpec> selected;
            try {
                selected = ServiceSpec.select(services);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Path root = repoRoot != null ? repoRoot.toAbsolutePath().normalize() : findRepoRoot();
            LocalRun.Settings settings = new LocalRun.Settings(root, kafka, postgres, postgresUser,
                    postgresPassword == null ? "" : postgresPassword,
                    dataDir == null ? null : dataDir.toAbsolutePath().normalize(),
                    (examples != null ? examples : root.resolve("deploy").resolve("examples")).toAbsolutePath(),
                    httpPortBase, selected, exitAfterImport);
            return new LocalRun(settings, spec.commandLine().getOut(), spec.commandLine().getErr()).run();
        }
    }

    /** The checkout this jar was built in (…/services/local-run/target/x.jar), else the current directory. */
    static Path findRepoRoot() {
        try {
            URL location = AppfleetLocal.class.getProtectionDomain().getCodeSource().getLocation();
            Path dir = Paths.get(URI.create(location.toString())).toAbsolutePath();
            for (Path p = dir; p != null; p = p.getParent()) {
                if (isRepoRoot(p)) {
                    return p;
                }
            }
        } catch (RuntimeException ignored) {
            // fall back to the working directory below
        }
        return Paths.get("").toAbsolutePath();
    }

    static boolean isRepoRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("services"))
                && Files.isRegularFile(dir.resolve("services" + File.separator + "local-run" + File.separator
                        + "pom.xml"));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AppfleetLocal.class.getPackage().getImplementationVersion();
            return new String[] {"appfleet local run " + (v != null ? v : "(development build)")};
        }
    }
}
