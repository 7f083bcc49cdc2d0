package io.appfleet.platform.kafka;

import org.apache.kafka.common.serialization.Serializer;

import com.google.protobuf.MessageLite;

/** Writes a protobuf message as its binary encoding; a null value stays null (a tombstone). */
public class ProtobufSerializer<T extends MessageLite> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : data.toByteArray();
    }
}
