package io.appfleet.devicesim;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 200 devices in one JVM, each on its own loopback address, all answering over SSH. */
class FleetScaleIT {

    private static final int DEVICES = 200;

    @Test
    void twoHundredDevicesOnDistinctAddresses() throws Exception {
        long before = usedHeap();
        // .150 as last octet so the range crosses a third-octet boundary.
        String base = TestAddresses.base().replaceAll("\\.1$", ".150");
        try (Fleet fleet = Fleet.start(Fleet.Spec.iosxe(DEVICES, base, TestAddresses.port()))) {
            long after = usedHeap();
            System.out.printf("device-sim: %d devices, heap used %d KB total, %.1f KB per device, %d live threads%n",
                    DEVICES, (after - before) / 1024, (after - before) / 1024.0 / DEVICES, Thread.activeCount());

            List<SimulatedDevice> devices = fleet.devices();
            Set<InetSocketAddress> addresses = devices.stream().map(SimulatedDevice::address).collect(Collectors.toSet());
            assertThat(addresses).hasSize(DEVICES);
            assertThat(devices).extracting(SimulatedDevice::osVersion).contains("16.12.5", "17.9.4");

            SshClient client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> replies = new ArrayList<>();
                for (SimulatedDevice d : devices) {
                    replies.add(pool.submit(() -> {
                        try (ClientSession s = client.connect(d.username(), d.address().getHostString(),
                                d.address().getPort()).verify(Duration.ofSeconds(20)).getSession()) {
                            s.addPasswordIdentity(d.password());
                            s.auth().verify(Duration.ofSeconds(20));
                            return s.executeRemoteCommand("show app-hosting list", System.err, StandardCharsets.UTF_8);
                        }
                    }));
                }
                for (Future<String> f : replies) {
                    assertThat(f.get()).isEqualTo("No App found\r\n");
                }
            } finally {
                pool.shutdownNow();
                client.stop();
            }
            assertThat(devices).allSatisfy(d -> assertThat(d.commandLog().lines()).containsExactly("show app-hosting list"));

            SimulatedDevice gone = devices.get(DEVICES - 1);
            fleet.stop(gone);
            assertThat(fleet.devices()).hasSize(DEVICES - 1);
            try (java.net.Socket socket = new java.net.Socket()) {
                assertThatThrownBy(() -> socket.connect(gone.address(), 2000)).isInstanceOf(java.io.IOException.class);
            }
            try (SshCliClient c = new SshCliClient(devices.get(0))) {
                assertThat(c.exec("show app-hosting list")).isEqualTo("No App found\n");
            }
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
