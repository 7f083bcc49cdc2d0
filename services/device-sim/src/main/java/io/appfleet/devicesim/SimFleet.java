package io.appfleet.devicesim;

import io.appfleet.devicesim.FleetSpec.Platform;
import io.appfleet.devicesim.FleetSpec.PlatformSpec;
import io.appfleet.devicesim.infix.InfixDevice;
import io.appfleet.devicesim.infix.InfixFleet;
import org.apache.sshd.common.config.keys.KeyUtils;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A mixed fleet started from one {@link FleetSpec}: an SSH {@link Fleet} each for IOS-XE and
 * IOS-XR and an {@link InfixFleet}, on the addresses the spec lays out. The spec's latency and
 * fault rates apply to every device; device {@code i} of the whole fleet draws its faults from
 * {@code new Random(seed + i)}, so one spec gives the same faults on every run.
 */
public final class SimFleet implements AutoCloseable {

    /** One device of any platform; exactly one of {@code ssh} and {@code infix} is set. */
    public record Device(Platform platform, String hostname, InetSocketAddress address, String osVersion,
                         SimulatedDevice ssh, InfixDevice infix) {

        public Device {
            Objects.requireNonNull(platform);
            if ((ssh == null) == (infix == null)) {
                throw new IllegalArgumentException("exactly one of ssh and infix");
            }
        }

        /** The SSH host key's OpenSSH fingerprint, or the Infix certificate's; both {@code SHA256:<base64>}. */
        public String fingerprint() {
            return ssh != null ? KeyUtils.getFingerPrint(ssh.hostKey().getPublic()) : infix.certificateFingerprint();
        }

        /** "ssh-host-key" or "tls-certificate": what {@link #fingerprint()} is of. */
        public String fingerprintKind() {
            return ssh != null ? "ssh-host-key" : "tls-certificate";
        }

        public String username() {
            return ssh != null ? ssh.username() : infix.username();
        }

        public String password() {
            return ssh != null ? ssh.password() : infix.password();
        }

        /** Probabilistic faults on this device only, from {@code new Random(seed)}. */
        public void faultRates(FaultRates rates, long seed) {
            if (ssh != null) {
                ssh.faults().rates(rates, seed);
            } else {
                infix.faults().rates(rates, seed);
            }
        }

        public void latencyMs(long ms) {
            if (ssh != null) {
                ssh.faults().latencyMs(ms);
            } else {
                infix.faults().latencyMs(ms);
            }
        }

        /** Every fault off, latency included. */
        public void clearFaults() {
            if (ssh != null) {
                ssh.faults().clear();
            } else {
                infix.faults().clear();
            }
        }
    }

    private final FleetSpec spec;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();

    private SimFleet(FleetSpec spec) {
        this.spec = spec;
    }

    public static SimFleet start(FleetSpec spec) throws IOException {
        SimFleet f = new SimFleet(spec);
        try {
            f.startSsh(Platform.IOSXE, SimulatedDevice.Platform.IOSXE);
            f.startSsh(Platform.IOSXR, SimulatedDevice.Platform.IOSXR);
            f.startInfix();
            f.faultRates(spec.faults(), spec.seed());
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    private void startSsh(Platform p, SimulatedDevice.Platform simPlatform) throws IOException {
        PlatformSpec ps = spec.platform(p);
        if (ps.count() == 0) {
            return;
        }
        Fleet.Spec s = new Fleet.Spec(ps.count(), spec.firstAddress(p), ps.port(), spec.distinctPorts(),
                spec.username(), spec.password(), ps.osVersions(), ps.installMs(), ps.latencyMs(),
                "sim-" + p.key() + "-", simPlatform);
        Fleet fleet = Fleet.start(s);
        parts.add(fleet);
        for (SimulatedDevice d : fleet.devices()) {
            devices.add(new Device(p, d.hostname(), d.address(), d.osVersion(), d, null));
        }
    }

    private void startInfix() throws IOException {
        PlatformSpec ps = spec.platform(Platform.INFIX);
        if (ps.count() == 0) {
            return;
        }
        InfixFleet fleet = InfixFleet.start(ps.count(), spec.firstAddress(Platform.INFIX), ps.port(),
                spec.distinctPorts(), spec.username(), spec.password());
        parts.add(fleet);
        for (int i = 0; i < fleet.devices().size(); i++) {
            InfixDevice d = fleet.device(i);
            d.faults().latencyMs(ps.latencyMs());
            devices.add(new Device(Platform.INFIX, d.hostname(), d.address(), spec.osVersion(Platform.INFIX, i), null, d));
        }
    }

    public FleetSpec spec() {
        return spec;
    }

    /** Every device: IOS-XE, then IOS-XR, then Infix, each in address order. */
    public List<Device> devices() {
        return List.copyOf(devices);
    }

    public List<Device> devices(Platform p) {
        return devices.stream().filter(d -> d.platform() == p).toList();
    }

    public Optional<Device> byHostname(String hostname) {
        return devices.stream().filter(d -> d.hostname().equals(hostname)).findFirst();
    }

    /** Fleet-wide probabilistic faults: device {@code i} (in {@link #devices()} order) draws from {@code seed + i}. */
    public void faultRates(FaultRates rates, long seed) {
        for (int i = 0; i < devices.size(); i++) {
            devices.get(i).faultRates(rates, seed + i);
        }
    }

    public void clearFaults() {
        devices.forEach(Device::clearFaults);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof IOException io ? io : new IOException(e);
                }
            }
        }
        parts.clear();
        if (first != null) {
            throw first;
        }
    }
}
