package io.appfleet.adapter;

import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.ServiceProcess;

import java.nio.file.Path;

/** The packaged device-adapter as a process, pointed at this JVM's broker. */
final class AdapterProcesses {

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
}
