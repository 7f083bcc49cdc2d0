package io.appfleet.devicesim;

import io.appfleet.drivers.ssh.SshClients;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.io.nio2.Nio2Session;
import org.apache.sshd.common.kex.KexProposalOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ciphers the simulated devices offer, as their releases do, and what the drivers' shared
 * client negotiates with each: AES-GCM where the release has it, AES-CTR where it does not,
 * never chacha20-poly1305 (which none of these offers, and which the JDK runs without AES-NI).
 */
class SshCiphersIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static Fleet iosxe;
    private static Fleet iosxr;
    private static SshClient shared;

    @BeforeAll
    static void start() throws IOException {
        iosxe = Fleet.start(Fleet.Spec.iosxe(2, TestAddresses.base(), TestAddresses.port())
                .withOsVersions("16.12.5", "17.9.4").withCredentials("netops", "s3cret"));
        iosxr = Fleet.start(Fleet.Spec.iosxr(2, TestAddresses.base(), TestAddresses.port())
                .withOsVersions("7.3.1", "6.5.3").withCredentials("netops", "s3cret"));
        shared = SshClients.startShared();
    }

    @AfterAll
    static void stop() throws IOException {
        shared.stop();
        iosxr.close();
        iosxe.close();
    }

    @Test
    void theDriversClientNegotiatesAesGcmWithIosxe17AndIosxr7() throws IOException {
        for (SimulatedDevice d : List.of(iosxe.device(1), iosxr.device(0))) {
            try (ClientSession s = login(shared, d)) {
                assertThat(s.getNegotiatedKexParameter(KexProposalOption.C2SENC)).as(d.toString()).isEqualTo("aes128-gcm@openssh.com");
                assertThat(s.getNegotiatedKexParameter(KexProposalOption.S2CENC)).as(d.toString()).isEqualTo("aes128-gcm@openssh.com");
                // No Nagle on the client's socket: a command never waits for the ACK of the previous small write.
                assertThat(((Nio2Session) s.getIoSession()).getSocket().getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
            }
        }
    }

    @Test
    void theDriversClientNegotiatesAesCtrWithIosxe16AndIosxr6() throws IOException {
        for (SimulatedDevice d : List.of(iosxe.device(0), iosxr.device(1))) {
            try (ClientSession s = login(shared, d)) {
                assertThat(s.getNegotiatedKexParameter(KexProposalOption.C2SENC)).as(d.toString()).isEqualTo("aes128-ctr");
                assertThat(s.getNegotiatedKexParameter(KexProposalOption.S2CENC)).as(d.toString()).isEqualTo("aes128-ctr");
                assertThat(s.getNegotiatedKexParameter(KexProposalOption.S2CMAC)).as(d.toString()).isEqualTo("hmac-sha2-256");
            }
        }
    }

    @Test
    void aClientThatLeadsWithChacha20StillGetsAesAndOneWithOnlyChacha20IsRefused() throws IOException {
        SshClient defaults = SshClient.setUpDefaultClient();
        defaults.setServerKeyVerifier((session, address, key) -> true);
        defaults.start();
        try (ClientSession s = login(defaults, iosxe.device(0))) {
            assertThat(s.getNegotiatedKexParameter(KexProposalOption.C2SENC)).isEqualTo("aes128-ctr");
        } finally {
            defaults.stop();
        }
        SshClient chachaOnly = SshClient.setUpDefaultClient();
        chachaOnly.setServerKeyVerifier((session, address, key) -> true);
        chachaOnly.setCipherFactories(List.of(BuiltinCiphers.cc20p1305_openssh));
        chachaOnly.start();
        try {
            assertThatThrownBy(() -> login(chachaOnly, iosxe.device(1)).close()).isInstanceOf(IOException.class);
        } finally {
            chachaOnly.stop();
        }
    }

    private static ClientSession login(SshClient client, SimulatedDevice d) throws IOException {
        ClientSession s = client.connect(d.username(), d.address().getHostString(), d.address().getPort())
                .verify(TIMEOUT).getSession();
        try {
            s.addPasswordIdentity(d.password());
            s.auth().verify(TIMEOUT);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close(true);
            throw e;
        }
    }
}
