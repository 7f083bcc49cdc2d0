package io.appfleet.adapter.reconcile;

import io.appfleet.devicesim.Fleet;
import io.appfleet.devicesim.SimulatedDevice;
import io.appfleet.drivers.DeviceDriver;
import io.appfleet.drivers.ssh.SshClients;
import io.appfleet.platform.secrets.CredentialSealer;
import io.appfleet.platform.secrets.DeviceCredentials;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.Platform;
import org.apache.sshd.client.SshClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session a pass opened is the one the next pass uses, also when that first pass is the one
 * that trusted the device's key (a login per device more on every rollout after a start, found
 * by the fleet benchmark). A device simulated over real SSH says how many logins it saw.
 */
class SessionReuseAfterFirstUseIT {

    private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Test
    void recordingTheKeyTrustedOnFirstUseKeepsTheSession() throws Exception {
        String base = "127." + (100 + ThreadLocalRandom.current().nextInt(100)) + "." + ThreadLocalRandom.current().nextInt(200) + ".1";
        int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        SshClient ssh = SshClients.startShared();
        CredentialSealer sealer = new CredentialSealer(Optional.of(KEY), "k1");
        try (Fleet fleet = Fleet.start(Fleet.Spec.iosxe(1, base, port).withOsVersions("17.9.4"));
             DeviceSessions sessions = new DeviceSessions(new DriverFactory(ssh, sealer, Duration.ofSeconds(10),
                     Duration.ofSeconds(10))::create, new LoginGate(4))) {
            SimulatedDevice sim = fleet.device(0);
            Device d = Device.newBuilder().setId("reuse-1").setPlatform(Platform.PLATFORM_IOSXE).setHost(sim.address().getHostString())
                    .setPort(sim.address().getPort()).setOsVersion(sim.osVersion()).setCredentialsRef("inline")
                    .setSealedCredentials(sealer.seal(new DeviceCredentials(sim.username(), sim.password())))
                    .setAdminState(AdminState.ADMIN_STATE_MANAGED).setGeneration(1).build();

            DeviceDriver first = sessions.driverFor(d);
            first.connect();
            first.installedApps();
            sessions.trustOnFirstUse(d.getId(), first.hostKeyFingerprint());
            assertThat(sessions.pinFor(d)).isEqualTo(first.hostKeyFingerprint());

            DeviceDriver second = sessions.driverFor(d);
            second.connect();
            second.installedApps();
            assertThat(second).isSameAs(first);
            assertThat(sim.commandLog().lines().stream().filter(l -> l.equals("terminal length 0")).count())
                    .as("logins the device saw").isEqualTo(1);

            // Inventory pinning the key is a change of what the driver was built from: a new session, pinned.
            DeviceDriver third = sessions.driverFor(d.toBuilder().setSshHostKeyFingerprint(first.hostKeyFingerprint()).build());
            assertThat(third).isNotSameAs(first);
            third.connect();
            assertThat(third.hostKeyFingerprint()).isEqualTo(first.hostKeyFingerprint());
        } finally {
            ssh.stop();
        }
    }
}
