package io.appfleet.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode: the event's attributes travel as
 * {@code ce_*} headers and the record value is the protobuf payload itself.
 */
public record CloudEventHeaders(String id, String type, String source, Instant time, String subject) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/protobuf";

    public static final String H_SPEC_VERSION = "ce_specversion";
    public static final String H_ID = "ce_id";
    public static final String H_TYPE = "ce_type";
    public static final String H_SOURCE = "ce_source";
    public static final String H_TIME = "ce_time";
    public static final String H_SUBJECT = "ce_subject";
    public static final String H_CONTENT_TYPE = "content-type";

    public CloudEventHeaders {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
    }

    /** Adds the headers; a tombstone has no data, so it carries no content type. */
    public void writeTo(Headers headers, boolean hasData) {
        put(headers, H_SPEC_VERSION, SPEC_VERSION);
        put(headers, H_ID, id);
        put(headers, H_TYPE, type);
        put(headers, H_SOURCE, source);
        put(headers, H_TIME, DateTimeFormatter.ISO_INSTANT.format(time));
        if (subject != null) {
            put(headers, H_SUBJECT, subject);
        }
        if (hasData) {
            put(headers, H_CONTENT_TYPE, CONTENT_TYPE);
        }
    }

    /** Reads the attributes back; fails when a required one is missing. */
    public static CloudEventHeaders readFrom(Headers headers) {
        String specVersion = get(headers, H_SPEC_VERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new IllegalArgumentException("not a CloudEvents " + SPEC_VERSION + " record: ce_specversion="
                    + specVersion);
        }
        String id = require(headers, H_ID);
        String type = require(headers, H_TYPE);
        String source = require(headers, H_SOURCE);
        Instant time = Instant.parse(require(headers, H_TIME));
        return new CloudEventHeaders(id, type, source, time, get(headers, H_SUBJECT));
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    public static String get(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String require(Headers headers, String key) {
        String v = get(headers, key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("CloudEvents header " + key + " is missing");
        }
        return v;
    }
}
