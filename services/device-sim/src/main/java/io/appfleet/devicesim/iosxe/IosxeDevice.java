package io.appfleet.devicesim.iosxe;

import io.appfleet.devicesim.Faults;

import java.util.function.LongSupplier;

/** The IOS-XE side of a simulated device: app hosting and the CPP sys-data policer. */
public final class IosxeDevice {

    private final IosxePlatform platform;
    private final AppHosting appHosting;
    private final CppPolicer cppPolicer;
    private final LongSupplier clockMs;

    public IosxeDevice(IosxePlatform platform, long installMs, Faults faults, LongSupplier clockMs) {
        this.platform = platform;
        this.clockMs = clockMs;
        this.appHosting = new AppHosting(platform, installMs, faults, clockMs);
        this.cppPolicer = new CppPolicer(platform.sysDataDefaultPps(), clockMs.getAsLong());
    }

    public IosxePlatform platform() {
        return platform;
    }

    public AppHosting appHosting() {
        return appHosting;
    }

    /** Counters are current after {@link #tick()}. */
    public CppPolicer cppPolicer() {
        return cppPolicer;
    }

    /**
     * Advances the CPP counters to now. Called before every command and every out-of-band change,
     * so "traffic flows" (an app RUNNING) is constant between two ticks.
     */
    public void tick() {
        cppPolicer.advance(clockMs.getAsLong(), appHosting.anyRunning());
    }

    /** Drift: the app crashes, RUNNING → STOPPED, without any command. */
    public boolean crash(String appId) {
        tick();
        return appHosting.crash(appId);
    }
}
