package io.appfleet.desired.targeting;

import io.appfleet.proto.fleet.v1.Capacity;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;

/**
 * Admits apps to one device against its capacity from inventory (IOx CPU units, memory, storage),
 * in the order they are offered: an app is admitted only if the device still holds it together
 * with every app admitted before. A capacity of 0 is unknown and not checked. Storage counts the
 * app's persistent disk and its package file. An app desired ABSENT takes nothing.
 */
public final class Admission {

    private static final long MIB = 1024L * 1024L;

    private final Capacity capacity;
    private long cpuUsed;
    private long memoryUsed;
    private long storageUsed;

    public Admission(Capacity capacity) {
        this.capacity = capacity;
    }

    /** Admits {@code app} and returns null, or returns why it does not fit (and admits nothing). */
    public String admit(DesiredApp app) {
        String why = fits(app);
        if (why == null && app.getState() != DesiredAppState.DESIRED_APP_STATE_ABSENT) {
            cpuUsed += app.getResources().getCpuUnits();
            memoryUsed += app.getResources().getMemoryMib();
            storageUsed += storageOf(app);
        }
        return why;
    }

    /** Null when {@code app} would fit beside what is admitted so far, else why not; admits nothing. */
    public String fits(DesiredApp app) {
        if (app.getState() == DesiredAppState.DESIRED_APP_STATE_ABSENT) {
            return null;
        }
        StringBuilder why = new StringBuilder();
        check(why, "CPU", app.getResources().getCpuUnits(), cpuUsed, capacity.getCpuUnits(), "units");
        check(why, "memory", app.getResources().getMemoryMib(), memoryUsed, capacity.getMemoryMib(), "MiB");
        check(why, "storage", storageOf(app), storageUsed, capacity.getStorageMib(), "MiB");
        return why.length() > 0 ? why.toString() : null;
    }

    /** Persistent disk plus the package file, in MiB rounded up. */
    public static long storageOf(DesiredApp app) {
        long packageMib = app.hasPackage() ? (app.getPackage().getSizeBytes() + MIB - 1) / MIB : 0;
        return app.getResources().getDiskMib() + packageMib;
    }

    private static void check(StringBuilder why, String what, long need, long used, int capacity, String unit) {
        if (capacity <= 0 || need == 0 || used + need <= capacity) {
            return;
        }
        if (why.length() > 0) {
            why.append("; ");
        }
        why.append("needs ").append(need).append(' ').append(unit).append(" of ").append(what).append(", ")
                .append(Math.max(0, capacity - used)).append(" of ").append(capacity).append(' ').append(unit)
                .append(" free");
    }
}
