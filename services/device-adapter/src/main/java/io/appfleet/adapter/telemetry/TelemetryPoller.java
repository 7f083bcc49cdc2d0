package io.appfleet.adapter.telemetry;

import io.appfleet.adapter.fleet.DeviceEntry;
import io.appfleet.adapter.fleet.FleetView;
import io.appfleet.adapter.publish.AdapterPublisher;
import io.appfleet.adapter.reconcile.CircuitBreakers;
import io.appfleet.adapter.reconcile.DeviceSessions;
import io.appfleet.adapter.reconcile.DriverFactory;
import io.appfleet.drivers.AppUsage;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.drivers.DeviceDriver;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.qga.QgaException;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.AppUtilization;
import io.appfleet.proto.fleet.v1.CppClassStats;
import io.appfleet.proto.fleet.v1.CppPolicerStats;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.GuestAgent;
import io.appfleet.proto.fleet.v1.GuestStats;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.TelemetrySample;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Collects app utilization and CPP policer counters from every owned device on its own schedule,
 * with its own sessions and threads, so telemetry never waits behind a reconcile and a reconcile
 * never waits behind telemetry. Devices whose breaker is open are skipped; a device still being
 * polled from the previous round is not polled twice.
 *
 * <p>The guest agents of a device's KVM apps (desired apps with a {@code guest_agent}) are read in a
 * task of their own, beside the device's CLI poll: a slow or dead agent delays neither that poll nor
 * the other devices, and a failed CLI poll does not stop the guests' samples.
 */
public final class TelemetryPoller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TelemetryPoller.class);
    /** In-flight key of a device's guest task (device ids have no ':'). */
    private static final String GUEST_TASK = "guest:";

    private final FleetView view;
    private final DeviceSessions sessions;
    private final CircuitBreakers breakers;
    private final AdapterPublisher publisher;
    private final String instanceId;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "telemetry-timer"));
    private final ExecutorService pollers;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Null: guest agents are not polled. */
    private final GuestSessions guests;
    /** Agents whose last read failed, so a dead agent is logged once, not every round. */
    private final Set<GuestSessions.Key> failingGuests = ConcurrentHashMap.newKeySet();

    public TelemetryPoller(FleetView view, DeviceSessions sessions, CircuitBreakers breakers, AdapterPublisher publisher,
                           String instanceId, Duration interval, int threads) {
        this(view, sessions, null, breakers, publisher, instanceId, interval, threads);
    }

    public TelemetryPoller(FleetView view, DeviceSessions sessions, GuestSessions guests, CircuitBreakers breakers,
                           AdapterPublisher publisher, String instanceId, Duration interval, int threads) {
        this.guests = guests;
        this.view = view;
        this.sessions = sessions;
        this.breakers = breakers;
        this.publisher = publisher;
        this.instanceId = instanceId;
        this.interval = interval;
        this.pollers = Executors.newFixedThreadPool(threads, r -> daemon(r, "telemetry-poll"));
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        // Sessions of devices that left this instance or stopped being pollable are closed.
        for (String id : sessions.heldIds()) {
            if (view.get(id).map(DeviceEntry::device).filter(TelemetryPoller::pollable).isEmpty() && !inFlight.contains(id)) {
                sessions.close(id);
            }
        }
        for (String id : view.ids()) {
            view.get(id).map(DeviceEntry::device).filter(TelemetryPoller::pollable).ifPresent(d -> {
                if (!breakers.isOpen(id) && inFlight.add(id)) {
                    pollers.execute(() -> {
                        try {
                            poll(d);
                        } finally {
                            inFlight.remove(id);
                        }
                    });
                }
            });
        }
        if (guests != null) {
            guestRound();
        }
    }

    private void guestRound() {
        // Sessions of apps that lost their agent (or left the desired state), and of devices that left this instance.
        guests.closeIf(k -> !inFlight.contains(GUEST_TASK + k.deviceId()) && agents(k.deviceId()).get(k.appId()) == null);
        failingGuests.removeIf(k -> agents(k.deviceId()).get(k.appId()) == null);
        for (String id : view.ids()) {
            DeviceEntry entry = view.get(id).orElse(null);
            Map<String, GuestAgent> agents = agents(entry);
            if (!agents.isEmpty() && inFlight.add(GUEST_TASK + id)) {
                Device d = entry.device();
                pollers.execute(() -> {
                    try {
                        pollGuests(d, agents);
                    } finally {
                        inFlight.remove(GUEST_TASK + id);
                    }
                });
            }
        }
    }

    /** The guest agents to read on a pollable device: its desired running apps that name one, by app id. */
    private Map<String, GuestAgent> agents(String deviceId) {
        return agents(view.get(deviceId).orElse(null));
    }

    private static Map<String, GuestAgent> agents(DeviceEntry e) {
        if (e == null || e.device() == null || e.desired() == null || !pollable(e.device())) {
            return Map.of();
        }
        Map<String, GuestAgent> out = new TreeMap<>();
        for (DesiredApp a : e.desired().getAppsList()) {
            if (a.hasGuestAgent() && a.getState() == DesiredAppState.DESIRED_APP_STATE_RUNNING) {
                out.put(a.getAppId(), a.getGuestAgent());
            }
        }
        return out;
    }

    void pollGuests(Device d, Map<String, GuestAgent> agents) {
        String pin = sessions.pinFor(d);
        if (pin == null) {
            return; // the reconciler has not met this device yet; it alone trusts a first key
        }
        for (Map.Entry<String, GuestAgent> a : agents.entrySet()) {
            GuestAgent agent = a.getValue();
            boolean onTheDevice = agent.getHost().isEmpty() || agent.getHost().equals(d.getHost());
            if (onTheDevice && breakers.isOpen(d.getId())) {
                continue;
            }
            GuestSessions.Key key = new GuestSessions.Key(d.getId(), a.getKey());
            try {
                GuestStats stats = guests.sessionFor(d, a.getKey(), agent, pin).read(a.getKey());
                publisher.telemetry(sample(d).setGuestStats(stats).build());
                if (failingGuests.remove(key)) {
                    LOG.infof("guest agent of %s app %s answers again", d.getId(), a.getKey());
                }
            } catch (QgaException | DriverFactory.NotDrivable e) {
                // The session stays: its client reconnects and resyncs (guest-sync-delimited) at the next round.
                if (failingGuests.add(key)) {
                    LOG.infof("guest agent of %s app %s does not answer; no guest stats until it does: %s", d.getId(),
                            a.getKey(), e.getMessage());
                } else {
                    LOG.debugf("guest agent of %s app %s still does not answer: %s", d.getId(), a.getKey(), e.getMessage());
                }
            } catch (RuntimeException e) {
                guests.close(key);
                failingGuests.add(key);
                LOG.warnf("guest poll of %s app %s failed: %s", d.getId(), a.getKey(), e.toString());
            }
        }
    }

    private static boolean pollable(Device d) {
        return d.getAdminState() != AdminState.ADMIN_STATE_DECOMMISSIONED && d.getPlatform() != Platform.PLATFORM_UNSPECIFIED;
    }

    void poll(Device d) {
        try {
            if (sessions.pinFor(d) == null) {
                return; // the reconciler has not met this device yet; it alone trusts a first key
            }
            DeviceDriver driver = sessions.driverFor(d);
            driver.connect();
            for (InstalledApp app : driver.installedApps()) {
                if (app.state() == ObservedAppState.OBSERVED_APP_STATE_RUNNING) {
                    publisher.telemetry(sample(d).setAppUtilization(utilization(driver.appUsage(app.appId()))).build());
                }
            }
            if (d.getPlatform() == Platform.PLATFORM_IOSXE) {
                CpuPolicerCounters cpp = driver.cpuPolicerCounters();
                if (!cpp.classes().isEmpty()) {
                    publisher.telemetry(sample(d).setCppPolicerStats(cppStats(cpp)).build());
                }
            }
        } catch (DeviceException e) {
            sessions.close(d.getId());
            LOG.debugf("telemetry poll of %s failed: %s", d.getId(), e.getMessage());
        } catch (Exception e) {
            sessions.close(d.getId());
            LOG.warnf("telemetry poll of %s failed: %s", d.getId(), e.getMessage());
        }
    }

    private TelemetrySample.Builder sample(Device d) {
        Instant now = Instant.now();
        return TelemetrySample.newBuilder().setDeviceId(d.getId()).setCollectedBy(instanceId)
                .setSampledAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
    }

    static AppUtilization utilization(AppUsage u) {
        AppUtilization.Builder b = AppUtilization.newBuilder().setAppId(u.appId());
        if (u.cpuUsedPercent() != null) {
            b.setCpuPercent(u.cpuUsedPercent());
        }
        if (u.memoryUsedKb() != null) {
            b.setMemoryUsedBytes(u.memoryUsedKb() * 1024);
        }
        if (u.memoryAllocationMb() != null) {
            b.setMemoryAllocatedBytes(u.memoryAllocationMb() * 1024 * 1024);
        }
        if (u.diskUsedMb() != null) {
            b.setDiskUsedBytes((long) (u.diskUsedMb() * 1024 * 1024));
        }
        if (u.diskAllocationMb() != null) {
            b.setDiskAllocatedBytes(u.diskAllocationMb() * 1024 * 1024);
        }
        return b.build();
    }

    static CppPolicerStats cppStats(CpuPolicerCounters cpp) {
        CppPolicerStats.Builder b = CppPolicerStats.newBuilder().setLocation(cpp.location());
        for (CpuPolicerCounters.ClassCounters c : cpp.classes()) {
            CppClassStats.Builder cb = CppClassStats.newBuilder().setClassName(c.cppClass())
                    .setPolicerIndex((int) c.policerIndex()).setEnabled(c.enabled())
                    .setDropBytesTotal(c.dropBytes());
            if (c.defaultRate() > 0) {
                cb.setDefaultRatePps((int) c.defaultRate());
            }
            if (c.setRate() > 0) {
                cb.setRatePps((int) c.setRate());
            }
            if (c.dropFrames() != null) {
                cb.setDropFramesTotal(c.dropFrames());
            }
            b.addClasses(cb);
        }
        return b.build();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pollers.shutdownNow();
        try {
            pollers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.close();
        if (guests != null) {
            guests.close();
        }
    }
}
