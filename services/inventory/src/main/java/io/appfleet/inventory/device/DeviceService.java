package io.appfleet.inventory.device;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.outbox.Outbox;
import io.appfleet.platform.problem.FieldError;
import io.appfleet.platform.problem.ProblemException;
import io.appfleet.platform.secrets.CredentialSealer;
import io.appfleet.platform.secrets.DeviceCredentials;

/**
 * Every change to a device: the row and its {@code fleet.inventory.v1} record are written in one
 * transaction. A write that changes nothing keeps the generation and publishes nothing, so
 * re-applying the same inventory is free and quiet.
 */
@ApplicationScoped
public class DeviceService {

    @Inject
    Outbox outbox;

    @Inject
    CredentialSealer sealer;

    @Inject
    EntityManager em;

    /** Validates or throws 400 naming every bad field. */
    public DeviceRequest validOrThrow(DeviceRequest request) {
        DeviceValidator.Result r = DeviceValidator.validate(request);
        if (!r.ok()) {
            throw ProblemException.badRequest(describe(r.errors()), r.errors());
        }
        checkSealable(r.device());
        return r.device();
    }

    @Transactional
    public DeviceView create(DeviceRequest request) {
        DeviceRequest d = validOrThrow(request);
        if (DeviceEntity.findById(d.id()) != null) {
            throw ProblemException.conflict("id", "device '" + d.id() + "' already exists");
        }
        DeviceEntity e = newEntity(d);
        e.persist();
        outbox.publish(Topic.INVENTORY, e.id, DeviceRecords.toProto(e), DeviceRecords.UPSERTED);
        return DeviceView.of(e);
    }

    @Transactional
    public DeviceView update(String id, DeviceRequest request, Long expectedGeneration) {
        if (request != null && request.id() != null && !request.id().equals(id)) {
            throw ProblemException.badRequest("id", "does not match the device in the URL ('" + id + "')");
        }
        DeviceRequest d = validOrThrow(request == null ? null : request.withId(id));
        // The row lock makes the generation check and the increment one step.
        DeviceEntity e = DeviceEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            throw ProblemException.notFound("device '" + id + "' does not exist");
        }
        checkGeneration(e, expectedGeneration != null ? expectedGeneration : d.generation());
        if (apply(e, d)) {
            outbox.publish(Topic.INVENTORY, e.id, DeviceRecords.toProto(e), DeviceRecords.UPSERTED);
        }
        return DeviceView.of(e);
    }

    @Transactional
    public void delete(String id, Long expectedGeneration) {
        DeviceEntity e = DeviceEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            throw ProblemException.notFound("device '" + id + "' does not exist");
        }
        checkGeneration(e, expectedGeneration);
        e.delete();
        outbox.tombstone(Topic.INVENTORY, id, DeviceRecords.DELETED);
    }

    public DeviceView get(String id) {
        DeviceEntity e = DeviceEntity.findById(id);
        if (e == null) {
            throw ProblemException.notFound("device '" + id + "' does not exist");
        }
        return DeviceView.of(e);
    }

    /**
     * Makes a host key the device-adapter trusted on first use the device's pin, if the device still
     * has none: the row is locked, the pin filled, the generation raised and the new record
     * published in one transaction, so every adapter from then on insists on that key. An existing
     * pin is never replaced (a differing key is the adapter's to refuse and report).
     *
     * @throws IllegalArgumentException when {@code fingerprint} is not a fingerprint the API would accept
     */
    @Transactional
    public FirstUseHostKey.Outcome recordFirstUseHostKey(String id, String fingerprint) {
        return recordFirstUseHostKey(id, fingerprint, null);
    }

    /**
     * As {@link #recordFirstUseHostKey(String, String)}, ignoring an observation made before the
     * device was created (it describes an earlier device of the same id).
     */
    @Transactional
    public FirstUseHostKey.Outcome recordFirstUseHostKey(String id, String fingerprint, Instant observedAt) {
        String error = DeviceValidator.fingerprintError(fingerprint);
        if (error != null) {
            throw new IllegalArgumentException("host key fingerprint " + error);
        }
        // Nearly every observation repeats the pin inventory holds: a plain read settles those
        // without locking (and so writing) the row.
        FirstUseHostKey.Outcome seen = FirstUseHostKey.decide(currentPin(id), fingerprint, observedAt);
        if (seen != FirstUseHostKey.Outcome.RECORDED) {
            return seen;
        }
        DeviceEntity e = DeviceEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        FirstUseHostKey.Outcome locked = FirstUseHostKey.decide(FirstUseHostKey.Current.of(e), fingerprint, observedAt);
        if (locked != FirstUseHostKey.Outcome.RECORDED) {
            return locked;
        }
        e.sshHostKeyFingerprint = fingerprint;
        e.generation++;
        e.updatedAt = now();
        outbox.publish(Topic.INVENTORY, e.id, DeviceRecords.toProto(e), DeviceRecords.UPSERTED);
        return locked;
    }

    /** The device's pin and creation time without making the row a managed entity (so a later locked read re-reads it). */
    private FirstUseHostKey.Current currentPin(String id) {
        List<Object[]> rows = em.createQuery(
                "select d.sshHostKeyFingerprint, d.createdAt from DeviceEntity d where d.id = :id", Object[].class)
                .setParameter("id", id).getResultList();
        return rows.isEmpty() ? null : new FirstUseHostKey.Current((String) rows.get(0)[0], (Instant) rows.get(0)[1]);
    }

    /** Creates or updates already validated devices in one transaction; returns {created, updated, unchanged}. */
    @Transactional
    public int[] upsertAll(List<DeviceRequest> devices) {
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        Map<String, DeviceEntity> existing = new HashMap<>();
        List<String> ids = devices.stream().map(DeviceRequest::id).toList();
        // Chunks keep the IN list well below PostgreSQL's bind-parameter limit.
        for (int i = 0; i < ids.size(); i += 1000) {
            List<DeviceEntity> found = DeviceEntity.find("id in ?1", ids.subList(i, Math.min(ids.size(), i + 1000)))
                    .withLock(LockModeType.PESSIMISTIC_WRITE).list();
            found.forEach(e -> existing.put(e.id, e));
        }
        for (DeviceRequest d : devices) {
            DeviceEntity e = existing.get(d.id());
            if (e == null) {
                e = newEntity(d);
                e.persist();
                created++;
            } else if (apply(e, d)) {
                updated++;
            } else {
                unchanged++;
                continue;
            }
            outbox.publish(Topic.INVENTORY, e.id, DeviceRecords.toProto(e), DeviceRecords.UPSERTED);
        }
        return new int[] { created, updated, unchanged };
    }

    void checkSealable(DeviceRequest d) {
        if (d.credentials() != null && !sealer.isConfigured()) {
            throw ProblemException.badRequest("credentials",
                    "inline credentials are refused: this inventory has no sealing key (appfleet.credentials.key);"
                            + " give a credentialsRef instead");
        }
    }

    private DeviceEntity newEntity(DeviceRequest d) {
        DeviceEntity e = new DeviceEntity();
        e.id = d.id();
        Instant now = now();
        e.createdAt = now;
        e.updatedAt = now;
        e.generation = 1;
        copy(e, d);
        return e;
    }

    /** Applies the request; returns whether anything changed (and then bumps generation and time). */
    private boolean apply(DeviceEntity e, DeviceRequest d) {
        Snapshot before = Snapshot.of(e);
        copy(e, d);
        if (before.equals(Snapshot.of(e)) && d.credentials() == null) {
            return false;
        }
        e.generation++;
        e.updatedAt = now();
        return true;
    }

    private void copy(DeviceEntity e, DeviceRequest d) {
        e.platform = d.platform();
        e.osVersion = d.osVersion();
        e.host = d.host();
        e.port = d.port();
        e.transport = d.transport();
        e.labels = new HashMap<>(d.labels());
        e.site = d.site();
        e.cpuUnits = d.capacity().cpuUnits();
        e.memoryMib = d.capacity().memoryMib();
        e.storageMib = d.capacity().storageMib();
        e.adminState = d.adminState();
        if (d.sshHostKeyFingerprint() != null) {
            e.sshHostKeyFingerprint = d.sshHostKeyFingerprint();
        }
        if (d.credentials() != null) {
            e.sealedCredentials = sealer.seal(new DeviceCredentials(d.credentials().username(),
                    d.credentials().password())).toByteArray();
            e.credentialsRef = "inline";
        } else if (d.credentialsRef() != null && !d.credentialsRef().equals("inline")) {
            e.credentialsRef = d.credentialsRef();
            e.sealedCredentials = null;
        } else if (d.credentialsRef() == null) {
            // An update without credentials keeps what the device has: a PUT must not wipe a secret it cannot see.
            if (e.credentialsRef == null) {
                e.sealedCredentials = null;
            }
        }
    }

    private static void checkGeneration(DeviceEntity e, Long expected) {
        if (expected != null && expected != e.generation) {
            throw ProblemException.preconditionFailed("device '" + e.id + "' is at generation " + e.generation
                    + ", the request expected " + expected + "; read it again and retry");
        }
    }

    private static Instant now() {
        // PostgreSQL keeps microseconds; truncating here makes the record equal what a re-read returns.
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static String describe(List<FieldError> errors) {
        StringBuilder b = new StringBuilder();
        for (FieldError f : errors) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(f.field()).append(": ").append(f.message());
        }
        return b.toString();
    }

    /** The fields a change is judged by. */
    private record Snapshot(String platform, String osVersion, String host, int port, String transport,
            String credentialsRef, int sealedHash, Map<String, String> labels, String site, int cpu, int mem,
            int storage, String adminState, String fingerprint) {
        static Snapshot of(DeviceEntity e) {
            return new Snapshot(e.platform, e.osVersion, e.host, e.port, e.transport, e.credentialsRef,
                    e.sealedCredentials == null ? 0 : Arrays.hashCode(e.sealedCredentials), Map.copyOf(e.labels),
                    e.site, e.cpuUnits, e.memoryMib, e.storageMib, e.adminState, e.sshHostKeyFingerprint);
        }
    }
}
