package io.appfleet.desired.rollout;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.Timestamp;

import io.agroal.api.AgroalDataSource;
import io.appfleet.desired.rollout.RolloutStore.RolloutRow;
import io.appfleet.desired.rollout.RolloutStore.WaveRow;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.outbox.Outbox;
import io.appfleet.proto.fleet.v1.RolloutState;
import io.appfleet.proto.fleet.v1.RolloutStatus;
import io.appfleet.proto.fleet.v1.RolloutTotals;
import io.appfleet.proto.fleet.v1.RolloutWave;
import io.appfleet.proto.fleet.v1.WaveState;

/**
 * Announces each deployment's rollout on fleet.rollouts.v1 (keyed by deployment name) through the
 * outbox, in the caller's transaction: a record only when the rollout's state, waves or counts
 * changed since the last one (compared by digest in {@code rollout_status}, one statement per
 * check), never per device, and a tombstone when the deployment is deleted. The generation is
 * taken in the same statement, so it only grows, also across instances.
 */
@ApplicationScoped
public class RolloutStatusPublisher {

    public static final String UPDATED = "io.appfleet.desired.rollout.updated";
    public static final String DELETED = "io.appfleet.desired.rollout.deleted";
    private static final String DELETED_DIGEST = "deleted";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Outbox outbox;

    /** The wave's state as the rollout API names it (Waiting, Open, Succeeded, Failed). */
    interface WaveStates {
        String of(RolloutRow row, WaveRow wave);
    }

    /**
     * Publishes the rollout as it stands when it differs from the last record.
     *
     * @param counts the last evaluation's counts, or null when there is none for this revision
     * @return whether a record was written to the outbox
     */
    boolean publishIfChanged(RolloutRow row, List<WaveRow> waves, Rollouts.Counts counts, WaveStates waveStates) {
        RolloutStatus content = content(row, waves, counts, waveStates);
        String digest = digest(content);
        Long generation = nextGeneration(row.deployment(), digest);
        if (generation == null) {
            return false;
        }
        outbox.publish(Topic.ROLLOUTS, row.deployment(), content.toBuilder().setGeneration(generation)
                .setUpdatedAt(ts(Instant.now())).build(), UPDATED);
        return true;
    }

    /** The deployment is gone: a tombstone, once, when a record was ever published for it. */
    void publishDeleted(String deployment) {
        if (nextGeneration(deployment, DELETED_DIGEST) != null && wasPublished(deployment)) {
            outbox.tombstone(Topic.ROLLOUTS, deployment, DELETED);
        }
    }

    static RolloutStatus content(RolloutRow row, List<WaveRow> waves, Rollouts.Counts c, WaveStates waveStates) {
        RolloutStatus.Builder b = RolloutStatus.newBuilder().setDeploymentName(row.deployment())
                .setRevision(row.revision()).setState(state(row.state()))
                .setReason(row.reason() == null ? "" : row.reason()).setCurrentWave(row.currentWave())
                .setStartedAt(ts(row.startedAt()));
        if (row.stableRevision() != null) {
            b.setStableRevision(row.stableRevision());
        }
        for (WaveRow w : waves) {
            int i = w.wave() - 1;
            RolloutWave.Builder wave = RolloutWave.newBuilder().setIndex(w.wave())
                    .setState(waveState(waveStates.of(row, w)));
            if (c != null && i < c.devices().length) {
                wave.setDevices(c.devices()[i]).setReleased(c.released()[i]).setSucceeded(c.succeeded()[i])
                        .setFailed(c.failed()[i]);
            }
            if (w.openedAt() != null) {
                wave.setOpenedAt(ts(w.openedAt()));
            }
            if (w.doneAt() != null) {
                wave.setFinishedAt(ts(w.doneAt()));
            }
            b.addWaves(wave);
        }
        if (c != null) {
            long total = c.total(c.devices());
            long released = c.total(c.released());
            long ok = c.total(c.succeeded());
            long failed = c.total(c.failed());
            b.setTotals(RolloutTotals.newBuilder().setSucceeded(ok).setFailed(failed)
                    .setProgressing(released - ok - failed).setPending(total - released).setExcluded(c.excluded()));
        } else {
            b.setTotals(RolloutTotals.getDefaultInstance());
        }
        return b.build();
    }

    /**
     * Takes the next generation for {@code deployment} when {@code digest} differs from the last
     * one recorded, in one statement; null when nothing changed.
     */
    private Long nextGeneration(String deployment, String digest) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO"
                + " rollout_status AS s (deployment_name, generation, digest) VALUES (?, 1, ?)"
                + " ON CONFLICT (deployment_name) DO UPDATE SET generation = s.generation + 1, digest = excluded.digest"
                + " WHERE s.digest <> excluded.digest RETURNING generation")) {
            ps.setString(1, deployment);
            ps.setString(2, digest);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the rollout status of " + deployment + ": "
                    + e.getMessage(), e);
        }
    }

    /** After a delete took its generation: whether there was a record before (generation above 1). */
    private boolean wasPublished(String deployment) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT generation FROM rollout_status WHERE deployment_name = ?")) {
            ps.setString(1, deployment);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the rollout status of " + deployment + ": "
                    + e.getMessage(), e);
        }
    }

    private static RolloutState state(io.appfleet.desired.rollout.RolloutState s) {
        return switch (s) {
            case Progressing -> RolloutState.ROLLOUT_STATE_PROGRESSING;
            case Paused -> RolloutState.ROLLOUT_STATE_PAUSED;
            case Succeeded -> RolloutState.ROLLOUT_STATE_SUCCEEDED;
            case Aborted -> RolloutState.ROLLOUT_STATE_ABORTED;
            case RolledBack -> RolloutState.ROLLOUT_STATE_ROLLED_BACK;
        };
    }

    private static WaveState waveState(String s) {
        return switch (s) {
            case "Waiting" -> WaveState.WAVE_STATE_WAITING;
            case "Open" -> WaveState.WAVE_STATE_OPEN;
            case "Succeeded" -> WaveState.WAVE_STATE_SUCCEEDED;
            case "Failed" -> WaveState.WAVE_STATE_FAILED;
            default -> WaveState.WAVE_STATE_UNSPECIFIED;
        };
    }

    /** RolloutStatus has no map fields, so its serialization is stable for equal content. */
    private static String digest(RolloutStatus content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Timestamp ts(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
