package io.appfleet.devicesim.iosxe;

import io.appfleet.devicesim.Faults;

import java.util.function.LongSupplier;

/** The IOS-XE side of a simulated device: app hosting and the CPP sys-data policer. */
public final class IosxeDevice {

    private final IosxePlatform platform;
    private final AppHosting appHosting;
    private final CppPolicer cppPolicer;
    private final Flash flash;
    private final LongSupplier clockMs;

    public IosxeDevice(IosxePlatform platform, long installMs, Faults faults, LongSupplier clockMs) {
        this.platform = platform;
        this.clockMs = clockMs;
        this.flash = new Flash(clockMs);
        this.appHosting = new AppHosting(platform, installMs, faults, clockMs, flash);
        this.cppPolicer = new CppPolicer(platform.sysDataDefaultPps(), clockMs.getAsLong());
    }

    public IosxePlatform platform() {
        return platform;
    }

    public AppHosting appHosting() {
        return appHosting;
    }

    /** usbflash0: and flash:, with the packages copied to them. */
    public Flash flash() {
        return flash;
    }

    /** Fault (full disk): every file system has {@code bytes} free from now on; a larger value frees space again. */
    public void storageFreeBytes(long bytes) {
        flash.freeBytes(bytes);
    }

    /**
     * Whether {@code app-hosting install} needs its package file on {@link #flash()}. Off by
     * default: devices simulated before package transfer existed assume every package was staged
     * out of band, and their tests install paths they never copied.
     */
    public void requireStagedPackages(boolean on) {
        appHosting.requireStagedPackages(on);
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
