package io.appfleet.adapter.telemetry;

import io.appfleet.adapter.reconcile.DriverFactory;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.GuestAgent;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * One open {@link GuestSession} per (device, app), reused round after round: an SSH login per round
 * per guest would not scale. A session is rebuilt when what it was built from changes (the device's
 * address, credentials or pinned key, or the app's agent), and closed when its app or device leaves.
 */
public final class GuestSessions implements AutoCloseable {

    /** Opens the line to an app's agent ({@code SshExecTransport} over the device's login in production). */
    @FunctionalInterface
    public interface Factory {
        GuestSession open(Device d, GuestAgent agent, String pinnedFingerprint) throws DriverFactory.NotDrivable;
    }

    public record Key(String deviceId, String appId) {
    }

    private record Held(List<Object> identity, GuestSession session) {
    }

    private final Factory factory;
    private final Map<Key, Held> held = new ConcurrentHashMap<>();

    public GuestSessions(Factory factory) {
        this.factory = factory;
    }

    /** The app's session, opened or rebuilt as needed. Only the device's own guest task calls this. */
    GuestSession sessionFor(Device d, String appId, GuestAgent agent, String pin) throws DriverFactory.NotDrivable {
        Key key = new Key(d.getId(), appId);
        // Compared whole, not by hash: a collision would keep a session to the old address or credentials.
        List<Object> identity = Arrays.asList(d.getHost(), d.getPort(), d.getSealedCredentials(), d.getCredentialsRef(),
                pin, agent);
        Held h = held.get(key);
        if (h != null && h.identity.equals(identity)) {
            return h.session;
        }
        if (h != null) {
            h.session.close();
        }
        GuestSession s = factory.open(d, agent, pin);
        held.put(key, new Held(identity, s));
        return s;
    }

    /** Closes every session whose key {@code drop} accepts. */
    void closeIf(Predicate<Key> drop) {
        for (Key k : Set.copyOf(held.keySet())) {
            if (drop.test(k)) {
                close(k);
            }
        }
    }

    void close(Key key) {
        Held h = held.remove(key);
        if (h != null) {
            h.session.close();
        }
    }

    /** (device, app) pairs with a session held open. */
    public Set<Key> heldKeys() {
        return Set.copyOf(held.keySet());
    }

    public int open() {
        return held.size();
    }

    @Override
    public void close() {
        closeIf(k -> true);
    }
}
