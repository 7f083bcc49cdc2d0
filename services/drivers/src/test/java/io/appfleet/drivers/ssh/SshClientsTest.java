package io.appfleet.drivers.ssh;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.core.CoreModuleProperties;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SshClientsTest {

    @Test
    void offersAesGcmThenAesCtrThenEveryOtherDefaultCipherWithoutNagle() {
        SshClient defaults = SshClient.setUpDefaultClient();
        SshClient shared = SshClients.startShared();
        try {
            List<String> offered = NamedResource.getNameList(shared.getCipherFactories());
            assertThat(offered).startsWith("aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
                    "aes128-ctr", "aes192-ctr", "aes256-ctr");
            // Nothing dropped: an older box that offers only chacha20 or CBC still negotiates.
            assertThat(offered).containsExactlyInAnyOrderElementsOf(NamedResource.getNameList(defaults.getCipherFactories()))
                    .contains("chacha20-poly1305@openssh.com");
            assertThat(offered.indexOf("chacha20-poly1305@openssh.com")).isGreaterThan(offered.indexOf("aes256-ctr"));
            assertThat(CoreModuleProperties.TCP_NODELAY.getRequired(shared)).isTrue();
            assertThat(CoreModuleProperties.NIO2_READ_BUFFER_SIZE.getRequired(shared)).as("held by every session")
                    .isEqualTo(8 * 1024);
        } finally {
            shared.stop();
        }
    }
}
