package io.appfleet.platform.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;

/**
 * Turns a raw record of a device-keyed topic into its device id and protobuf value, or says in
 * words why it cannot: a record a consumer does not understand goes to the dead-letter topic
 * (with {@link Undecodable#getMessage()} as the reason), never silently away.
 */
public final class RecordDecoder {

    /** Why a record was refused, in words for the dead-letter header. */
    public static final class Undecodable extends Exception {
        public Undecodable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private RecordDecoder() {
    }

    /** @return the key as a device id */
    public static String key(ConsumerRecord<byte[], byte[]> r) throws Undecodable {
        if (r.key() == null || r.key().length == 0) {
            throw new Undecodable("record has no key (the device id)", null);
        }
        try {
            // Strict: a lenient decode would turn a bad key into another device's id.
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(r.key())).toString();
        } catch (CharacterCodingException e) {
            throw new Undecodable("record key is not UTF-8 text (the device id)", e);
        }
    }

    /** application/protobuf, with or without parameters (not application/protobuf-json). */
    private static boolean isProtobuf(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return type.equalsIgnoreCase(CloudEventHeaders.CONTENT_TYPE);
    }

    /**
     * @return the value, or null for a tombstone
     * @throws Undecodable when the record is of another CloudEvents version or content type, or
     *                     is not a valid {@code expectedType}
     */
    public static <T> T value(ConsumerRecord<byte[], byte[]> r, Parser<T> parser, String expectedType)
            throws Undecodable {
        String spec = CloudEventHeaders.get(r.headers(), CloudEventHeaders.H_SPEC_VERSION);
        if (spec != null && !CloudEventHeaders.SPEC_VERSION.equals(spec)) {
            throw new Undecodable("unknown CloudEvents version ce_specversion=" + spec + " (this consumer reads "
                    + CloudEventHeaders.SPEC_VERSION + ")", null);
        }
        if (r.value() == null) {
            return null;
        }
        String contentType = CloudEventHeaders.get(r.headers(), CloudEventHeaders.H_CONTENT_TYPE);
        if (contentType != null && !isProtobuf(contentType)) {
            throw new Undecodable("unknown content-type " + contentType + " (expected "
                    + CloudEventHeaders.CONTENT_TYPE + ")", null);
        }
        try {
            return parser.parseFrom(r.value());
        } catch (InvalidProtocolBufferException e) {
            throw new Undecodable("not a " + expectedType + ": " + e.getMessage(), e);
        }
    }

    /** A value names its device; a record whose value names another device than its key is refused. */
    public static void checkKey(String key, String valueId) throws Undecodable {
        if (!key.equals(valueId)) {
            throw new Undecodable("the value's device id '" + valueId + "' differs from the key '" + key + "'", null);
        }
    }
}
