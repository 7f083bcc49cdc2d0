package io.appfleet.adapter.telemetry;

import io.appfleet.adapter.reconcile.DriverFactory;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.qga.GuestInfo;
import io.appfleet.adapter.reconcile.LoginGate;
import io.appfleet.drivers.qga.QgaClientOptions;
import io.appfleet.drivers.qga.QgaConnection;
import io.appfleet.drivers.qga.QgaTransport;
import io.appfleet.drivers.qga.SshExecTransport;
import io.appfleet.drivers.qga.QgaClient;
import io.appfleet.drivers.qga.QgaCommand;
import io.appfleet.drivers.qga.QgaException;
import io.appfleet.drivers.qga.QgaResult;
import io.appfleet.proto.fleet.v1.GuestStats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A guest read through a {@link QgaClient}: guest-info first (it says which commands exist and are
 * enabled: a guest is upgraded or reconfigured while we hold the line), then each of those.
 * The client reconnects and resyncs by itself after a broken stream or a timeout.
 */
public final class QgaGuestSession implements GuestSession {

    private final QgaClient client;

    public QgaGuestSession(QgaClient client) {
        this.client = client;
    }

    /**
     * Sessions over SSH to the agent's host with the device's login, running {@code socat -
     * UNIX-CONNECT:<socket>} there: the host and port the app's agent names, else the device's own. The
     * device's pinned key is required of the device's own address only; another host's key is trusted on
     * first use and then required for as long as the adapter holds the session (inventory pins devices, not
     * agent hosts).
     */
    public static GuestSessions.Factory overSsh(DriverFactory drivers, LoginGate logins, QgaClientOptions options) {
        return (d, agent, pin) -> {
            DeviceTarget device = drivers.target(d, pin);
            String hostName = agent.getHost().isEmpty() ? device.host() : agent.getHost();
            int port = agent.getPort() == 0 ? device.port() : agent.getPort();
            boolean theDevice = hostName.equals(device.host()) && port == device.port();
            DeviceTarget host = new DeviceTarget(d.getId(), hostName, port, device.osVersion(), device.login(),
                    theDevice ? pin : null, device.commandTimeout(), device.connectTimeout());
            try {
                SshExecTransport ssh = new SshExecTransport(drivers.ssh(), host, agent.getSocket());
                // Each (re)connect is an SSH login: it counts against max-concurrent-logins like a device's.
                QgaTransport gated = new QgaTransport() {
                    @Override
                    public QgaConnection open() throws IOException {
                        return logins.withoutWaiting(ssh.describe(), ssh::open);
                    }

                    @Override
                    public String describe() {
                        return ssh.describe();
                    }
                };
                return new QgaGuestSession(new QgaClient(gated, options));
            } catch (IllegalArgumentException e) {
                // desired-state checks the socket grammar; a record from elsewhere can still carry a bad one
                throw new DriverFactory.NotDrivable("guest agent of " + d.getId() + ": " + e.getMessage());
            }
        };
    }

    @Override
    public GuestStats read(String appId) throws QgaException {
        GuestInfo info = client.info().orElseThrow();
        List<QgaResult<?>> results = new ArrayList<>();
        for (QgaCommand<?> c : GuestStatsConverter.callable(info)) {
            if (c == QgaCommand.MEMORY_BLOCK_INFO && results.stream().noneMatch(
                    r -> r.command().equals(QgaCommand.MEMORY_BLOCKS.name()) && r.value().isPresent())) {
                continue; // a block size without blocks says nothing
            }
            results.add(client.execute(c));
        }
        return GuestStatsConverter.convert(appId, info, results);
    }

    @Override
    public void close() {
        client.close();
    }
}
