package io.appfleet.adapter.fleet;

import io.appfleet.proto.fleet.v1.DeviceCommand;
import io.appfleet.proto.fleet.v1.ReconcileTrigger;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the owner of a device does with a command from fleet.device-commands.v1 (decoded by the
 * {@link FleetConsumer}, on its thread): a refresh of a device inventory knows is queued like any
 * other trigger (the work queue merges it with a pass already queued); a refresh of a device
 * inventory does not know is said in the log once and dropped, never retried: there is nothing to
 * pass, and no step of the event contract fits a pass that never started (nor does an observed
 * record, which would outlive the request on a compacted topic).
 *
 * <p>Until the consumer has caught up with its partitions, "not in the view" may only mean "not
 * read yet", so commands are held and decided once it has.
 */
final class DeviceCommands {

    private static final Logger LOG = Logger.getLogger(DeviceCommands.class);

    /** Commands held during a catch-up beyond this many are dropped: the catch-up passes those devices anyway. */
    static final int MAX_HELD = 10_000;

    enum Outcome { QUEUED, UNKNOWN_DEVICE, HELD, DROPPED }

    private record Held(int partition, DeviceCommand command) {
    }

    private final FleetView view;
    private final FleetListener listener;
    private final List<Held> held = new ArrayList<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();

    DeviceCommands(FleetView view, FleetListener listener) {
        this.view = view;
        this.listener = listener;
    }

    /** @param partition the command's partition, to forget it if the partition is released while held */
    Outcome handle(int partition, DeviceCommand command, boolean caughtUp) {
        if (!caughtUp) {
            if (held.size() >= MAX_HELD) {
                LOG.warnf("refresh %s of device %s dropped: %d commands already wait for the catch-up, which queues"
                        + " every device it reads anyway", command.getRequestId(), command.getDeviceId(), held.size());
                return Outcome.DROPPED;
            }
            held.add(new Held(partition, command));
            return Outcome.HELD;
        }
        return act(command);
    }

    /** The consumer has caught up: decides the commands held until now, in the order they came. */
    List<Outcome> caughtUp() {
        List<Outcome> outcomes = new ArrayList<>(held.size());
        for (Held h : held) {
            outcomes.add(act(h.command()));
        }
        held.clear();
        return outcomes;
    }

    /** The partitions went to another instance, which passes every device of them when it takes them. */
    void released(Set<Integer> partitions) {
        held.removeIf(h -> partitions.contains(h.partition()));
    }

    int heldCount() {
        return held.size();
    }

    long queued() {
        return queued.get();
    }

    long unknownDevice() {
        return unknown.get();
    }

    private Outcome act(DeviceCommand c) {
        String id = c.getDeviceId();
        if (view.get(id).map(DeviceEntry::device).isPresent()) {
            listener.deviceChanged(id, ReconcileTrigger.RECONCILE_TRIGGER_MANUAL);
            queued.incrementAndGet();
            LOG.infof("refresh %s of device %s (taken by %s) queued", c.getRequestId(), id, c.getRequestedBy());
            return Outcome.QUEUED;
        }
        unknown.incrementAndGet();
        LOG.warnf("refresh %s of device %s (taken by %s at %s) ignored: inventory does not know device %s",
                c.getRequestId(), id, c.getRequestedBy(),
                Instant.ofEpochSecond(c.getRequestedAt().getSeconds(), c.getRequestedAt().getNanos()), id);
        return Outcome.UNKNOWN_DEVICE;
    }
}
