package io.appfleet.drivers.qga;

import java.nio.charset.StandardCharsets;

/** What {@link FrameDecoder} cuts out of the agent's byte stream. */
sealed interface Frame {

    /** The 0xFF byte the agent sends before its reply to guest-sync-delimited. */
    record Marker() implements Frame {
    }

    /** One complete top-level JSON object, as bytes (not yet parsed: it may still be invalid JSON). */
    record Json(byte[] bytes) implements Frame {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
