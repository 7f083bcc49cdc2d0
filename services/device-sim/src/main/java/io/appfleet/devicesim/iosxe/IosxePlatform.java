package io.appfleet.devicesim.iosxe;

/**
 * What differs between simulated IOS-XE releases and models: the release decides install style
 * (16.x synchronous, 17.x asynchronous), list separator width and the sys-data default rate.
 */
public record IosxePlatform(String osVersion, String model, int cpuUnits, int memoryMb, int vcpus, int storageMb) {

    public static IosxePlatform of(String osVersion) {
        return new IosxePlatform(osVersion, "C9300-24T", 7400, 2048, 2, 3904);
    }

    public int major() {
        int dot = osVersion.indexOf('.');
        return Integer.parseInt(dot < 0 ? osVersion : osVersion.substring(0, dot));
    }

    public boolean asyncInstall() {
        return major() >= 17;
    }

    /** 100 pps on 16.x (perfsonar README, 16.8), 250 pps on 17.x (genie sample). */
    public int sysDataDefaultPps() {
        return major() >= 17 ? 250 : 100;
    }
}
