package io.appfleet.local;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
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
    /** Exit code when the simulated fleet did not converge in time (--exit-when-converged, --converge-timeout). */
    public static final int EXIT_NOT_CONVERGED = 3;
    static final Duration DEFAULT_CONVERGE_TIMEOUT = Duration.ofMinutes(10);

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
                "Starts PostgreSQL and Kafka (embedded, unless --postgres/--kafka point at existing ones), the services",
                "(inventory, desired-state, device-adapter, telemetry with the NOC page) and a simulated fleet",
                "(device-sim: 200 devices, 60%% IOS-XE, 20%% IOS-XR, 20%% Infix on 127.21.0.x), imports the example",
                "fleet and the simulated devices into inventory, serves the app packages over HTTP, applies the",
                "AppDeployment manifests of",
                "deploy/examples/deployments to desired-state, shows the devices converging and the rollout waves",
                "opening live, and prints where everything is. desired-state's API needs a token: every run writes a",
                "new operator token to operator-token in --data-dir (else services/local-run/target/local-run),",
                "readable by its owner only, and gives the service only its hash.",
                "Ctrl-C stops everything cleanly: services first, then the simulators, Kafka, PostgreSQL.",
                "",
                "Embedded data lives in a fresh temporary directory deleted on exit, unless --data-dir is given.",
                "Logs go to <data-dir>/logs, or to services/local-run/target/local-run/logs."},
            footer = {
                "",
                "Exit codes: 0 ok (with --exit-after-import or --exit-when-converged: after a clean stop), 1 a step",
                "failed (desired-state refused a manifest, a service did not start), 2 bad arguments, an invalid",
                "manifest, an unreachable --kafka/--postgres, or a port in use, 3 the simulated fleet did not converge",
                "in time or a rollout was rolled back or aborted (--exit-when-converged or --converge-timeout)."})
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
                description = "Keep embedded Kafka/PostgreSQL data and the logs here between runs (the API token file"
                        + " is written here too).")
        Path dataDir;

        @Option(names = "--examples", paramLabel = "<dir>",
                description = "Example manifests and inventory (default: <repo>/deploy/examples).")
        Path examples;

        @Option(names = "--http-port-base", paramLabel = "<port>", defaultValue = "8081",
                description = "HTTP port of the first service; the others follow (inventory +0, desired-state +1,"
                        + " device-adapter +2, telemetry +3). Default: ${DEFAULT-VALUE}.")
        int httpPortBase;

        @Option(names = "--devices", paramLabel = "<n>",
                description = "Simulated devices, 60%% IOS-XE, 20%% IOS-XR, 20%% Infix (default: "
                        + SimFleetPlan.DEFAULT_DEVICES + ").")
        Integer devices;

        @Option(names = "--fleet-spec", paramLabel = "<file>",
                description = "A device-sim fleet spec (YAML: platforms, counts, OS versions, latency, fault rates)"
                        + " instead of the default fleet.")
        Path fleetSpec;

        @Option(names = "--sim-address", paramLabel = "<ipv4>",
                description = "First loopback address of the default fleet; devices take consecutive ones (default: "
                        + SimFleetPlan.DEFAULT_BASE_ADDRESS + ").")
        String simAddress;

        @Option(names = "--no-sim",
                description = "No simulated fleet: no simulators, packages, manifests or progress.")
        boolean noSim;

        // $${ is picocli's escape for a literal ${ (it would interpolate ${PACKAGE_SERVER}).
        @Option(names = "--desired", paramLabel = "<dir|file>",
                description = "AppDeployment manifests applied to desired-state for the simulated fleet: a directory"
                        + " (its *.yaml, *.yml, *.json) or one file (default: <examples>/deployments). A package URL"
                        + " may start with $${PACKAGE_SERVER}: see docs/operations.md.")
        Path desired;

        @Option(names = "--exit-when-converged",
                description = "Non-interactive: exit 0 once every simulated device is Synced and Healthy and every"
                        + " rollout succeeded, after a clean stop; exit 3 if that does not happen within"
                        + " --converge-timeout or a rollout is rolled back or aborted.")
        boolean exitWhenConverged;

        @Option(names = "--converge-timeout", paramLabel = "<duration>", converter = DurationConverter.class,
                description = "How long to wait for the simulated fleet to converge (90s, 5m, 1h; default: 10m)."
                        + " When it passes: how many devices are not converged and their most common last errors;"
                        + " exit 3 if this option or --exit-when-converged is given, else it keeps running.")
        Duration convergeTimeout;

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
            if (httpPortBase < 1 || httpPortBase > 65535 - ServiceSpec.maxPortOffset()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--http-port-base must be a TCP port up to " + (65535 - ServiceSpec.maxPortOffset()) + ", got "
                                + httpPortBase);
            }
            List<ServiceSpec> selected;
            try {
                selected = ServiceSpec.select(services);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            Path root = repoRoot != null ? repoRoot.toAbsolutePath().normalize() : findRepoRoot();
            Path examplesDir = (examples != null ? examples : root.resolve("deploy").resolve("examples"))
                    .toAbsolutePath();
            String noSimReason = null;
            LocalRun.Sim sim = null;
            if (!noSim) {
                noSimReason = simNeeds(selected);
                if (noSimReason == null) {
                    sim = sim(examplesDir);
                } else if (devices != null || fleetSpec != null || exitWhenConverged || convergeTimeout != null) {
                    throw usage("the simulated fleet " + noSimReason);
                }
            } else if (devices != null || fleetSpec != null || simAddress != null || exitWhenConverged
                    || convergeTimeout != null || desired != null) {
                throw usage("--no-sim leaves nothing for --devices, --fleet-spec, --sim-address, --desired,"
                        + " --exit-when-converged or --converge-timeout");
            }
            if (exitAfterImport && (exitWhenConverged || convergeTimeout != null)) {
                throw usage("--exit-after-import does not wait for convergence: it excludes "
                        + (exitWhenConverged ? "--exit-when-converged" : "--converge-timeout"));
            }
            LocalRun.Settings settings = new LocalRun.Settings(root, kafka, postgres, postgresUser,
                    postgresPassword == null ? "" : postgresPassword,
                    dataDir == null ? null : dataDir.toAbsolutePath().normalize(), examplesDir,
                    httpPortBase, selected, exitAfterImport, sim, noSimReason, System.console() != null);
            return new LocalRun(settings, spec.commandLine().getOut(), spec.commandLine().getErr()).run();
        }

        /** Why the selected services cannot run a simulated fleet, or null when they can. */
        static String simNeeds(List<ServiceSpec> selected) {
            List<String> names = selected.stream().map(ServiceSpec::name).toList();
            List<String> lacking = new ArrayList<>();
            for (String needed : List.of("inventory", "desired-state", "device-adapter")) {
                if (!names.contains(needed)) {
                    lacking.add(needed);
                }
            }
            if (lacking.isEmpty()) {
                return null;
            }
            String last = lacking.remove(lacking.size() - 1);
            return "needs " + (lacking.isEmpty() ? "" : String.join(", ", lacking) + " and ") + last
                    + " in --services (or give --no-sim)";
        }

        private LocalRun.Sim sim(Path examplesDir) {
            if (devices != null && fleetSpec != null) {
                throw usage("--devices and --fleet-spec exclude each other: put the counts in the spec");
            }
            if (simAddress != null && fleetSpec != null) {
                throw usage("--sim-address and --fleet-spec exclude each other: put baseAddress in the spec");
            }
            SimFleetPlan plan = null;
            Path specFile = null;
            if (fleetSpec != null) {
                specFile = fleetSpec.toAbsolutePath().normalize();
                if (!Files.isReadable(specFile) || Files.isDirectory(specFile)) {
                    throw usage("--fleet-spec: cannot read " + fleetSpec);
                }
            } else {
                try {
                    plan = SimFleetPlan.mixed(devices != null ? devices : SimFleetPlan.DEFAULT_DEVICES,
                            simAddress != null ? simAddress : SimFleetPlan.DEFAULT_BASE_ADDRESS);
                } catch (IllegalArgumentException e) {
                    throw usage(e.getMessage());
                }
            }
            Path manifests = (desired != null ? desired : examplesDir.resolve("deployments"))
                    .toAbsolutePath().normalize();
            return new LocalRun.Sim(plan, specFile, manifests, exitWhenConverged,
                    convergeTimeout != null ? convergeTimeout : DEFAULT_CONVERGE_TIMEOUT, convergeTimeout != null);
        }

        private CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
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
