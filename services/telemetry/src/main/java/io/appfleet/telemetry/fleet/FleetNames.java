package io.appfleet.telemetry.fleet;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.google.protobuf.ProtocolMessageEnum;

import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.RolloutState;
import io.appfleet.proto.fleet.v1.StepOutcome;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.proto.fleet.v1.Transport;
import io.appfleet.proto.fleet.v1.WaveState;

/**
 * The lowercase names of the contract's enums as the metrics, the view and the NOC API show them
 * (the enum name without its prefix: {@code SYNC_STATUS_OUT_OF_SYNC} is {@code out_of_sync}). A value
 * that is unset, or newer than this build, is {@code unknown}, never an error: the label sets stay
 * bounded whatever a producer sends. Rollout states are the lowercase of desired-state's names
 * ({@code RolledBack} is {@code rolledback}), as the metrics contract says.
 */
public final class FleetNames {

    public static final String UNKNOWN = "unknown";

    private static final String[] PLATFORMS = names(Platform.values(), "PLATFORM_");
    private static final String[] SYNCS = names(SyncStatus.values(), "SYNC_STATUS_");
    private static final String[] HEALTHS = names(HealthStatus.values(), "HEALTH_STATUS_");
    private static final String[] REACHABILITIES = names(Reachability.values(), "REACHABILITY_");
    private static final String[] APP_STATES = names(ObservedAppState.values(), "OBSERVED_APP_STATE_");
    private static final String[] DESIRED_STATES = names(DesiredAppState.values(), "DESIRED_APP_STATE_");
    private static final String[] ADMIN_STATES = names(AdminState.values(), "ADMIN_STATE_");
    private static final String[] STEPS = names(ReconcileStep.values(), "RECONCILE_STEP_");
    private static final String[] OUTCOMES = names(StepOutcome.values(), "STEP_OUTCOME_");
    private static final String[] TRANSPORTS = names(Transport.values(), "TRANSPORT_");
    private static final String[] WAVE_STATES = names(WaveState.values(), "WAVE_STATE_");

    /** Every rollout state the metrics always show, zero or not, in the enum's order. */
    public static final List<String> ROLLOUT_STATES = List.of("progressing", "paused",
            "succeeded", "aborted", "rolledback");

    private FleetNames() {
    }

    public static String platform(Platform p) {
        return of(PLATFORMS, p);
    }

    public static String sync(SyncStatus s) {
        return of(SYNCS, s);
    }

    public static String health(HealthStatus h) {
        return of(HEALTHS, h);
    }

    public static String reachability(Reachability r) {
        return of(REACHABILITIES, r);
    }

    public static String appState(ObservedAppState s) {
        return of(APP_STATES, s);
    }

    public static String desiredState(DesiredAppState s) {
        return of(DESIRED_STATES, s);
    }

    public static String adminState(AdminState s) {
        return of(ADMIN_STATES, s);
    }

    public static String transport(Transport t) {
        return of(TRANSPORTS, t);
    }

    public static String step(ReconcileStep s) {
        return of(STEPS, s);
    }

    public static String outcome(StepOutcome o) {
        return of(OUTCOMES, o);
    }

    public static String waveState(WaveState s) {
        return of(WAVE_STATES, s);
    }

    public static String rolloutState(RolloutState s) {
        return switch (s) {
            case ROLLOUT_STATE_PROGRESSING -> "progressing";
            case ROLLOUT_STATE_PAUSED -> "paused";
            case ROLLOUT_STATE_SUCCEEDED -> "succeeded";
            case ROLLOUT_STATE_ABORTED -> "aborted";
            case ROLLOUT_STATE_ROLLED_BACK -> "rolledback";
            default -> UNKNOWN;
        };
    }

    /** The site label: inventory's site, {@code unknown} when it has none. */
    public static String site(String site) {
        return site == null || site.isEmpty() ? UNKNOWN : site;
    }

    /** The names a filter accepts (and an error message lists). */
    private static Set<String> accepted(String[] table) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 1; i < table.length; i++) {
            if (table[i] != null) {
                out.add(table[i]);
            }
        }
        out.add(UNKNOWN);
        return out;
    }

    static Set<String> platforms() {
        return accepted(PLATFORMS);
    }

    static Set<String> syncs() {
        return accepted(SYNCS);
    }

    static Set<String> healths() {
        return accepted(HEALTHS);
    }

    static Set<String> appStates() {
        return accepted(APP_STATES);
    }

    static Set<String> reachabilities() {
        return accepted(REACHABILITIES);
    }

    private static String of(String[] table, ProtocolMessageEnum value) {
        int n = value.getNumber();
        // UNRECOGNIZED has number -1; unset is 0 and maps to unknown in the table.
        return n > 0 && n < table.length && table[n] != null ? table[n] : UNKNOWN;
    }

    /** Index = enum number; 0 (unspecified) and the explicit UNKNOWN both read "unknown". */
    private static <E extends Enum<E> & ProtocolMessageEnum> String[] names(E[] values, String prefix) {
        int max = 0;
        for (E e : values) {
            if (!e.name().equals("UNRECOGNIZED")) {
                max = Math.max(max, e.getNumber());
            }
        }
        String[] out = new String[max + 1];
        for (E e : values) {
            if (e.name().equals("UNRECOGNIZED") || e.getNumber() == 0) {
                continue;
            }
            out[e.getNumber()] = e.name().substring(prefix.length()).toLowerCase(Locale.ROOT);
        }
        out[0] = UNKNOWN;
        return out;
    }
}
