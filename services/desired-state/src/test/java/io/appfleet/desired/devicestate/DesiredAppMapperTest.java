package io.appfleet.desired.devicestate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.appfleet.desired.manifest.AppDeployment;
import io.appfleet.desired.manifest.ManifestFormat;
import io.appfleet.desired.manifest.ManifestReader;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.GuestAgent;

class DesiredAppMapperTest {

    private static AppDeployment manifest(String appExtra) {
        return ManifestReader.read("apiVersion: appfleet/v1\nkind: AppDeployment\nmetadata: {name: vm}\nspec:\n"
                + "  app:\n    id: vm1\n    package: {url: \"https://repo.example.net/vm.tar\","
                + " sha256: \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}\n" + appExtra
                + "  targets: {platforms: [iosxe]}\n", ManifestFormat.YAML);
    }

    @Test
    void theGuestAgentIsCarriedWithItsDefaultsLeftUnsetAndIsNoPartOfTheConfigDigest() {
        DesiredApp full = DesiredAppMapper.toProto(manifest(
                "    guestAgent: {socket: /var/run/qga/vm1.sock, host: kvm-1.example.net, port: 2222}\n"), 1);
        assertThat(full.getGuestAgent()).isEqualTo(GuestAgent.newBuilder().setSocket("/var/run/qga/vm1.sock")
                .setHost("kvm-1.example.net").setPort(2222).build());

        DesiredApp socketOnly = DesiredAppMapper.toProto(manifest("    guestAgent: {socket: /var/run/qga/vm1.sock}\n"), 1);
        assertThat(socketOnly.getGuestAgent().getHost()).as("the device's address").isEmpty();
        assertThat(socketOnly.getGuestAgent().getPort()).as("the device's port").isZero();

        DesiredApp none = DesiredAppMapper.toProto(manifest(""), 1);
        assertThat(none.hasGuestAgent()).isFalse();
        // Where telemetry reads the guest changes nothing on the device: no reinstall.
        assertThat(full.getConfigDigest()).isEqualTo(none.getConfigDigest()).isEqualTo(socketOnly.getConfigDigest());
    }
}
