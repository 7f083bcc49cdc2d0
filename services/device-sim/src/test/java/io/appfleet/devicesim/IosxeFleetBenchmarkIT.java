package io.appfleet.devicesim;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.sshd.client.SshClient;
import org.junit.jupiter.api.Test;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.drivers.iosxe.IosxeDriver;
import io.appfleet.drivers.ssh.SshClients;
import io.appfleet.proto.fleet.v1.StepOutcome;

/**
 * Benchmark, not a timed test: simulated IOS-XE devices per JVM (heap per device), SSH sessions
 * opened per second, and lifecycle steps per second with a fixed command latency, beside the
 * ideal for that latency and concurrency (commands sent x latency / concurrency). Size with
 * -Dappfleet.bench.devices (default 200 in the build; docs/benchmarks.md uses 1,000),
 * -Dappfleet.bench.latency-ms (20) and -Dappfleet.bench.concurrency (64). Assertions are about
 * correctness only; figures go to target/benchmarks/iosxe-fleet.txt.
 */
class IosxeFleetBenchmarkIT {

    private static final int DEVICES = Integer.getInteger("appfleet.bench.devices", 200);
    private static final int LATENCY_MS = Integer.getInteger("appfleet.bench.latency-ms", 20);
    private static final int CONCURRENCY = Integer.getInteger("appfleet.bench.concurrency", 64);

    @Test
    void lifecycleAcrossTheFleet() throws Exception {
        long heapBefore = usedHeapAfterGc();
        try (Fleet fleet = Fleet.start(Fleet.Spec.iosxe(DEVICES, TestAddresses.base(), TestAddresses.port())
                .withOsVersions("16.12.5").withLatencyMs(LATENCY_MS).withCredentials("netops", "Bench-Pass1"))) {
            long heapPerDevice = (usedHeapAfterGc() - heapBefore) / DEVICES;
            SshClient client = SshClients.startShared();
            ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
            List<IosxeDriver> drivers = new ArrayList<>();
            for (SimulatedDevice d : fleet.devices()) {
                drivers.add(new IosxeDriver(new DeviceTarget(d.hostname(), d.address().getHostString(),
                        d.address().getPort(), d.osVersion(), new DeviceTarget.Login(d.username(), d.password()), null)
                        .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)), client,
                        Duration.ofSeconds(60), Duration.ofMillis(50)));
            }
            try {
                long t0 = System.nanoTime();
                runAll(pool, drivers, driver -> driver.connect());
                double connectSeconds = (System.nanoTime() - t0) / 1e9;

                fleet.devices().forEach(d -> d.commandLog().clear());
                AtomicLong steps = new AtomicLong();
                AppSpec probe = new AppSpec("probe", DesiredState.RUNNING, "usbflash0:probe.tar",
                        new AppSpec.Resources(1, 1000, 256, 64), List.of(), AppSpec.Network.management());
                long t1 = System.nanoTime();
                runAll(pool, drivers, driver -> {
                    for (Step step : driver.plan(driver.installedApps(), List.of(probe), DevicePolicy.NONE, false)) {
                        StepResult r = driver.run(step);
                        assertThat(r.outcome()).as(r.message()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
                        steps.incrementAndGet();
                    }
                });
                double lifecycleSeconds = (System.nanoTime() - t1) / 1e9;
                long commands = fleet.devices().stream().mapToLong(d -> d.commandLog().lines().size()).sum();
                double ideal = commands * (LATENCY_MS / 1000.0) / Math.min(CONCURRENCY, DEVICES);

                String report = String.format(
                        "iosxe fleet: %d simulated devices in one JVM, %d B heap per idle device;"
                                + " %d SSH sessions (login + terminal length 0) in %.2f s = %.0f sessions/s;"
                                + " lifecycle (configure, install, activate, start): %d steps, %d device commands"
                                + " at %d ms latency, concurrency %d: %.2f s = %.0f steps/s; ideal %.2f s;"
                                + " ideal/actual = %.2f%n",
                        DEVICES, heapPerDevice, DEVICES, connectSeconds, DEVICES / connectSeconds, steps.get(), commands,
                        LATENCY_MS, CONCURRENCY, lifecycleSeconds, steps.get() / lifecycleSeconds, ideal,
                        ideal / lifecycleSeconds);
                System.out.print(report);
                Path out = Path.of("target", "benchmarks", "iosxe-fleet.txt");
                Files.createDirectories(out.getParent());
                Files.writeString(out, report);
                assertThat(steps.get()).isEqualTo(4L * DEVICES);
            } finally {
                drivers.forEach(IosxeDriver::close);
                pool.shutdownNow();
                client.stop();
            }
        }
    }

    private interface DriverTask {
        void run(IosxeDriver driver) throws Exception;
    }

    private static void runAll(ExecutorService pool, List<IosxeDriver> drivers, DriverTask task) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (IosxeDriver d : drivers) {
            futures.add(pool.submit(() -> {
                task.run(d);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
