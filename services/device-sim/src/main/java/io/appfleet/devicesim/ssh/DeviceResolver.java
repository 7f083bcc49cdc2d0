package io.appfleet.devicesim.ssh;

import io.appfleet.devicesim.SimulatedDevice;

import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.server.session.ServerSession;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the device a connection belongs to from the local address it was accepted on. */
public final class DeviceResolver {

    private final Map<InetSocketAddress, SimulatedDevice> byAddress = new ConcurrentHashMap<>();

    void put(SimulatedDevice d) {
        byAddress.put(d.address(), d);
    }

    void remove(SimulatedDevice d) {
        byAddress.remove(d.address());
    }

    SimulatedDevice of(SessionContext session) {
        if (!(session instanceof ServerSession s)) {
            return null;
        }
        SocketAddress local = s.getIoSession().getLocalAddress();
        return local instanceof InetSocketAddress a ? byAddress.get(a) : null;
    }
}
