package io.appfleet.devicesim.infix;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * N simulated Infix devices, each with its own HTTPS server and certificate: consecutive loopback
 * addresses from {@code baseAddress} on one port (the whole 127/8 is local on Linux), or, with
 * {@code distinctPorts}, one address and consecutive ports. Hostnames are {@code sim-infix-<i>}.
 */
public final class InfixFleet implements AutoCloseable {

    private final List<InfixDevice> devices;

    private InfixFleet(List<InfixDevice> devices) {
        this.devices = List.copyOf(devices);
    }

    public static InfixFleet start(int count, String baseAddress, int port, String username, String password)
            throws IOException {
        return start(count, baseAddress, port, false, username, password);
    }

    public static InfixFleet start(int count, String baseAddress, int port, boolean distinctPorts, String username,
                                   String password) throws IOException {
        byte[] base = InetAddress.getByName(baseAddress).getAddress();
        if (base.length != 4) {
            throw new IllegalArgumentException("baseAddress must be IPv4: " + baseAddress);
        }
        // Each device makes its key pair and certificate and binds its server: a few ms, spread over the cores.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(count, Runtime.getRuntime().availableProcessors())));
        List<Future<InfixDevice>> starting = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                InetSocketAddress address = distinctPorts
                        ? new InetSocketAddress(InetAddress.getByAddress(base), port + i)
                        : new InetSocketAddress(InetAddress.getByAddress(offset(base, i)), port);
                String hostname = "sim-infix-" + (i + 1);
                starting.add(pool.submit(() -> InfixDevice.start(hostname, address, username, password)));
            }
            List<InfixDevice> started = new ArrayList<>();
            IOException failure = null;
            for (Future<InfixDevice> f : starting) {
                try {
                    started.add(f.get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new IOException("interrupted starting the Infix fleet", e);
                }
            }
            if (failure != null) {
                started.forEach(InfixDevice::close);
                throw failure;
            }
            return new InfixFleet(started);
        } finally {
            pool.shutdown();
        }
    }

    private static byte[] offset(byte[] base, int i) {
        long v = ((base[0] & 0xffL) << 24) | ((base[1] & 0xffL) << 16) | ((base[2] & 0xffL) << 8) | (base[3] & 0xffL);
        v += i;
        return new byte[]{(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    public List<InfixDevice> devices() {
        return devices;
    }

    public InfixDevice device(int index) {
        return devices.get(index);
    }

    public Optional<InfixDevice> byHostname(String hostname) {
        return devices.stream().filter(d -> d.hostname().equals(hostname)).findFirst();
    }

    @Override
    public void close() {
        devices.forEach(InfixDevice::close);
    }
}
