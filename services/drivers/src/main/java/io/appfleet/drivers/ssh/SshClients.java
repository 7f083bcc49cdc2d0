package io.appfleet.drivers.ssh;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * The one {@link SshClient} a process shares across all its device sessions (it owns the I/O
 * threads; one per device would not scale to thousands).
 */
public final class SshClients {

    static final int READ_BUFFER_BYTES = 8 * 1024;

    private SshClients() {
    }

    /**
     * A started client that logs in with passwords only and never offers the user's own keys
     * from ~/.ssh. It accepts every host key at key exchange because {@link CliSession} checks
     * the pin itself, per device, before it sends the password.
     */
    public static SshClient startShared() {
        SshClient client = SshClient.setUpDefaultClient();
        client.setCipherFactories(aesFirst(client.getCipherFactories()));
        // A command is one small write after the previous exchange's small writes (window adjusts, a --More-- answer):
        // with Nagle's algorithm it could wait for the device's delayed ACK. Interactive SSH clients set TCP_NODELAY.
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        // Every session holds a read buffer of this size for its whole life (MINA's default is 32 KiB). An adapter
        // keeps thousands of sessions open, and a device's replies are a few KiB: a longer one takes a few reads.
        CoreModuleProperties.NIO2_READ_BUFFER_SIZE.set(client, READ_BUFFER_BYTES);
        client.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier((session, address, key) -> true);
        // Devices are addressed as inventory says, never rewritten by a local ~/.ssh/config.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.start();
        return client;
    }

    /**
     * The same ciphers with AES-GCM first, then AES-CTR, then the rest (chacha20-poly1305 and
     * what follows) in their order. The JDK runs AES on the CPU's AES instructions but
     * chacha20-poly1305 in plain Java, and with thousands of sessions the cipher is a large part
     * of the CPU per device; IOS-XE 17.x, IOS-XR and OpenSSH offer GCM, IOS-XE 16.x CTR, and a box
     * that offers neither still finds the others.
     */
    static List<NamedFactory<Cipher>> aesFirst(List<NamedFactory<Cipher>> ciphers) {
        List<NamedFactory<Cipher>> ordered = new ArrayList<>(ciphers.size());
        for (String kind : List.of("-gcm@openssh.com", "-ctr")) {
            for (NamedFactory<Cipher> c : ciphers) {
                if (c.getName().startsWith("aes") && c.getName().endsWith(kind)) {
                    ordered.add(c);
                }
            }
        }
        for (NamedFactory<Cipher> c : ciphers) {
            if (!ordered.contains(c)) {
                ordered.add(c);
            }
        }
        return ordered;
    }
}
