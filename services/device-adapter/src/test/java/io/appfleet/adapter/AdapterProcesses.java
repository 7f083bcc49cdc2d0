package io.appfleet.adapter;

import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.ServiceProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The packaged device-adapter as a process, pointed at this JVM's broker. */
public final class AdapterProcesses {

    private AdapterProcesses() {
    }

    static ServiceProcess adapter(String name) {
        Path moduleDir = Path.of(System.getProperty("appfleet.service.dir", "."));
        return ServiceProcess.forModule(name, moduleDir)
                .config("kafka.bootstrap.servers", FleetInfra.shared().kafka().bootstrapServers())
                .config("appfleet.kafka.partitions", "6")
                .config("appfleet.credentials.key", FleetTopics.TEST_KEY)
                .config("appfleet.adapter.instance-id", name)
                .config("appfleet.adapter.workers", "8")
                .config("appfleet.adapter.backoff.base", "200ms")
                .config("appfleet.adapter.backoff.cap", "2s")
                .config("appfleet.adapter.command-timeout", "10s")
                .config("appfleet.adapter.telemetry.interval", "5s")
                .config("quarkus.log.console.json.enabled", "false")
                .build();
    }

    /** The key the adapter processes open device credentials with; seal them with it. */
    public static String credentialsKey() {
        return FleetTopics.TEST_KEY;
    }

    /**
     * An adapter process with the product's defaults except what is set here (for benchmarks:
     * heap, workers, rate limit, resync and telemetry intervals), against any broker.
     */
    public static Builder builder(String name, String bootstrapServers) {
        return new Builder(name, bootstrapServers);
    }

    /** Settings of one adapter process; unset values keep the service's own defaults. */
    public static final class Builder {
        private final String name;
        private final Map<String, String> config = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();

        private Builder(String name, String bootstrapServers) {
            this.name = name;
            config.put("kafka.bootstrap.servers", bootstrapServers);
            config.put("appfleet.credentials.key", FleetTopics.TEST_KEY);
            config.put("appfleet.adapter.instance-id", name);
            config.put("quarkus.log.console.json.enabled", "false");
        }

        /** -Xms and -Xmx, e.g. "1g". */
        public Builder heap(String size) {
            jvmArgs.add("-Xms" + size);
            jvmArgs.add("-Xmx" + size);
            return this;
        }

        public Builder workers(int n) {
            return config("appfleet.adapter.workers", Integer.toString(n));
        }

        /** Passes started per second across the fleet, and the burst above that rate. */
        public Builder rateLimit(double perSecond, int burst) {
            config("appfleet.adapter.rate-limit.per-second", Double.toString(perSecond));
            return config("appfleet.adapter.rate-limit.burst", Integer.toString(burst));
        }

        public Builder resyncInterval(Duration d) {
            return config("appfleet.adapter.resync-interval", d.toMillis() + "ms");
        }

        public Builder telemetryInterval(Duration d) {
            return config("appfleet.adapter.telemetry.interval", d.toMillis() + "ms");
        }

        public Builder partitions(int n) {
            return config("appfleet.kafka.partitions", Integer.toString(n));
        }

        public Builder timeouts(Duration command, Duration connect) {
            config("appfleet.adapter.command-timeout", command.toMillis() + "ms");
            return config("appfleet.adapter.connect-timeout", connect.toMillis() + "ms");
        }

        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        public Builder jvmArgs(String... args) {
            jvmArgs.addAll(List.of(args));
            return this;
        }

        public ServiceProcess build() {
            Path moduleDir = Path.of(System.getProperty("appfleet.service.dir", "."));
            return ServiceProcess.forModule(name, moduleDir).config(config)
                    .jvmArgs(jvmArgs.toArray(String[]::new)).build();
        }
    }
}
