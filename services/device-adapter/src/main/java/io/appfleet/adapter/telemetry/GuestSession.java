package io.appfleet.adapter.telemetry;

import io.appfleet.drivers.qga.QgaException;
import io.appfleet.proto.fleet.v1.GuestStats;

/** An open line to one app's guest agent, kept across telemetry rounds. */
public interface GuestSession extends AutoCloseable {

    /** One round's reading of the guest. A failure of the exchange (agent down, host unreachable) throws. */
    GuestStats read(String appId) throws QgaException;

    @Override
    void close();
}
