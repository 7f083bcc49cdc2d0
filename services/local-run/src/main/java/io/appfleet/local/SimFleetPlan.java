package io.appfleet.local;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default simulated fleet of the local run: {@code devices} split 60/20/20 between IOS-XE,
 * IOS-XR and Infix (200 gives 120/40/40), on consecutive loopback addresses from
 * {@code baseAddress}, as a device-sim fleet spec.
 */
record SimFleetPlan(int iosxe, int iosxr, int infix, String baseAddress) {

    static final int DEFAULT_DEVICES = 200;
    static final String DEFAULT_BASE_ADDRESS = "127.21.0.1";
    /** Addresses stay inside 127/8, which Linux answers on without any configuration. */
    static final int MAX_DEVICES = 100_000;

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /**
     * @throws IllegalArgumentException when {@code devices} is out of range or the address is not a loopback
     *                                  address with room for the fleet
     */
    static SimFleetPlan mixed(int devices, String baseAddress) {
        if (devices < 1 || devices > MAX_DEVICES) {
            throw new IllegalArgumentException("--devices must be between 1 and " + MAX_DEVICES + ", got " + devices);
        }
        long first = loopback(baseAddress);
        if (first + devices - 1 > 0x7fff_fffeL) {
            throw new IllegalArgumentException("--sim-address " + baseAddress + " leaves no room for " + devices
                    + " devices before 127.255.255.254");
        }
        int xr = devices / 5;
        int infix = devices / 5;
        return new SimFleetPlan(devices - xr - infix, xr, infix, baseAddress);
    }

    int total() {
        return iosxe + iosxr + infix;
    }

    /** The device-sim spec (no credentials: the simulator's default login, which the inventory import carries). */
    String specYaml() {
        StringBuilder y = new StringBuilder();
        y.append("# Written by the local run (appfleet up --devices ").append(total()).append(").\n");
        y.append("baseAddress: ").append(baseAddress).append('\n');
        y.append("platforms:\n");
        if (iosxe > 0) {
            y.append("  iosxe: {count: ").append(iosxe).append("}\n");
        }
        if (iosxr > 0) {
            y.append("  iosxr: {count: ").append(iosxr).append("}\n");
        }
        if (infix > 0) {
            y.append("  infix: {count: ").append(infix).append("}\n");
        }
        return y.toString();
    }

    String describe() {
        return total() + " devices (" + iosxe + " IOS-XE, " + iosxr + " IOS-XR, " + infix + " Infix) from " + baseAddress;
    }

    private static long loopback(String address) {
        Matcher m = address == null ? null : IPV4.matcher(address);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("--sim-address must be an IPv4 address in 127.0.0.0/8, got " + address);
        }
        long v = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("--sim-address must be an IPv4 address in 127.0.0.0/8, got "
                        + address);
            }
            v = (v << 8) | octet;
        }
        if ((v >>> 24) != 127 || (v & 0xffffff) == 0) {
            throw new IllegalArgumentException("--sim-address must be a loopback address (127.x.y.z, not 127.0.0.0),"
                    + " got " + address);
        }
        return v;
    }
}
