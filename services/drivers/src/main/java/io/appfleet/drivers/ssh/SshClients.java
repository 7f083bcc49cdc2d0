package io.appfleet.drivers.ssh;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

import java.util.List;

/**
 * The one {@link SshClient} a process shares across all its device sessions (it owns the I/O
 * threads; one per device would not scale to thousands).
 */
public final class SshClients {

    private SshClients() {
    }

    /**
     * A started client that logs in with passwords only and never offers the user's own keys
     * from ~/.ssh. It accepts every host key at key exchange because {@link CliSession} checks
     * the pin itself, per device, before it sends the password.
     */
    public static SshClient startShared() {
        SshClient client = SshClient.setUpDefaultClient();
        client.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier((session, address, key) -> true);
        // Devices are addressed as inventory says, never rewritten by a local ~/.ssh/config.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.start();
        return client;
    }
}
