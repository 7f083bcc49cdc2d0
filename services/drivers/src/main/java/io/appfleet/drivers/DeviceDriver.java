package io.appfleet.drivers;

import java.util.List;

/**
 * What the device-adapter needs from a platform, and nothing else: one implementation per
 * platform (IOS-XE, IOS-XR, Infix), one instance per device. The session to the device is opened
 * once and reused across reconciles; every call has a timeout and fails with a typed
 * {@link DeviceException}, never by hanging.
 *
 * <p>Reconciling a device is: {@link #installedApps()}, {@link #plan} against the full desired
 * set, then {@link #run} for each step in order. Steps are idempotent: a step whose effect is
 * already on the device reports {@code SKIPPED_ALREADY_DONE}, so a replay after a crash never
 * re-installs or double-starts.
 */
public interface DeviceDriver extends AutoCloseable {

    /** Opens the session if it is not open (pinning or checking the host key), else does nothing. */
    void connect() throws DeviceException;

    /**
     * Whether a session is open now, so that the next call would not log in first. A caller that caps
     * concurrent logins asks before every call: a session that dropped between two calls reconnects inside
     * the next one, and that login must count too.
     */
    boolean isConnected();

    /**
     * The host key fingerprint ({@code SHA256:<base64>}) seen at the last connect, or null before
     * the first. With trust on first use the caller records it in inventory and pins it.
     */
    String hostKeyFingerprint();

    /** Whether the device's app hosting (IOx, appmgr, container runtime) is up. */
    HostingStatus hostingStatus() throws DeviceException;

    /** Every app on the device, managed by appfleet or not, with its state. */
    List<InstalledApp> installedApps() throws DeviceException;

    /**
     * The ordered steps that take {@code actual} to {@code desired}. Apps on the device that
     * {@code desired} does not name are left alone unless {@code prune} is set. Pure: reads
     * nothing from the device except what earlier calls already read.
     */
    List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, DevicePolicy policy, boolean prune);

    /**
     * Runs one step and reads back whether it took effect. Device answers (refusals, wrong
     * states) come back as a {@link StepResult}; only a broken session throws.
     */
    StepResult run(Step step) throws DeviceException;

    /** Utilization of one app, as the platform reports it (CPU, memory, disk). */
    AppUsage appUsage(String appId) throws DeviceException;

    /** CPP policer counters; platforms without CPP answer {@link CpuPolicerCounters#NONE}. */
    CpuPolicerCounters cpuPolicerCounters() throws DeviceException;

    /** Closes the session; the driver may connect again later. Never throws. */
    @Override
    void close();
}
