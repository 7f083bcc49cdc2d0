package io.appfleet.devicesim.ssh;

import io.appfleet.devicesim.SimulatedDevice;

import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;

import java.io.IOException;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One MINA sshd server for a whole fleet. Rather than one SshServer per device (each would own
 * an NIO2 channel group and at least one thread), a single server's acceptor is bound to every
 * device's address; host key, password check and CLI are chosen per connection by the local
 * address it arrived on. Thousands of devices then cost a listening socket each, and threads
 * scale with open sessions, not with devices.
 */
public final class SimSshServer implements AutoCloseable {

    private final DeviceResolver resolver = new DeviceResolver();
    // The builder installs the default KEX and host key algorithms, as SshServer.setUpDefaultServer() does; ciphers
    // and MACs are set per session to what the device's release offers (DeviceAlgorithms).
    private final MultiHomedServer server =
            (MultiHomedServer) ServerBuilder.builder().factory(MultiHomedServer::new).build();
    private final ExecutorService sessionThreads;

    /** SshServer keeps its acceptor protected; this exposes it to bind more addresses. */
    private static final class MultiHomedServer extends SshServer {
        void bind(java.net.SocketAddress a) throws IOException {
            acceptor.bind(a);
        }

        void unbind(java.net.SocketAddress a) {
            acceptor.unbind(a);
        }
    }

    public SimSshServer() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "device-sim-cli-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // A CLI session blocks a thread while it waits for input; threads exist only while sessions do.
        this.sessionThreads = Executors.newCachedThreadPool(tf);
        // An interactive session sends its echo and then its reply as two small writes; with Nagle's algorithm the
        // reply waits for the client's delayed ACK of the echo (up to 40 ms on Linux), on top of the simulated
        // latency. OpenSSH, on the devices that run it, sets TCP_NODELAY for interactive sessions too.
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setKeyPairProvider(new KeyPairProvider() {
            @Override
            public Iterable<KeyPair> loadKeys(SessionContext session) {
                SimulatedDevice d = resolver.of(session);
                return d == null ? List.of() : List.of(d.hostKey());
            }
        });
        server.setPasswordAuthenticator((user, pass, session) -> {
            SimulatedDevice d = resolver.of(session);
            return d != null && d.username().equals(user) && d.password().equals(pass);
        });
        // What a device offers depends on its release: chosen per connection, before the key exchange starts.
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                SimulatedDevice d = resolver.of(session);
                if (d != null && session instanceof ServerSession s) {
                    s.setCipherFactories(DeviceAlgorithms.ciphers(d));
                    s.setMacFactories(DeviceAlgorithms.macs(d));
                }
            }
        });
        server.setShellFactory(channel -> new CliCommand(resolver.of(channel.getSession()), null, sessionThreads));
        server.setCommandFactory((channel, command) -> GuestAgentRelay.isRelayRequest(command)
                ? GuestAgentRelay.create(resolver.of(channel.getSession()), command, channel)
                : new CliCommand(resolver.of(channel.getSession()), command, sessionThreads));
    }

    /** Starts listening on {@code first}'s address; further devices are added with {@link #add}. */
    public synchronized void add(SimulatedDevice d) throws IOException {
        resolver.put(d);
        if (!server.isStarted()) {
            server.setHost(d.address().getHostString());
            server.setPort(d.address().getPort());
            server.start();
        } else {
            server.bind(d.address());
        }
    }

    public synchronized void remove(SimulatedDevice d) {
        server.unbind(d.address());
        resolver.remove(d);
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            server.stop(true);
        } finally {
            sessionThreads.shutdownNow();
        }
    }
}
