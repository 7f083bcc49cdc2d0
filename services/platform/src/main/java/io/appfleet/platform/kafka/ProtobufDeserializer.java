package io.appfleet.platform.kafka;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

/**
 * Reads a protobuf message of one type. Configure the type either through the constructor or,
 * when Kafka instantiates the class, with {@value #VALUE_TYPE_CONFIG} (or {@value #KEY_TYPE_CONFIG})
 * naming the generated message class. A null payload (tombstone) becomes null.
 */
public class ProtobufDeserializer<T extends MessageLite> implements Deserializer<T> {

    public static final String VALUE_TYPE_CONFIG = "appfleet.protobuf.value.type";
    public static final String KEY_TYPE_CONFIG = "appfleet.protobuf.key.type";

    private Parser<T> parser;

    public ProtobufDeserializer() {
    }

    public ProtobufDeserializer(Parser<T> parser) {
        this.parser = parser;
    }

    public static <T extends MessageLite> ProtobufDeserializer<T> of(Class<T> type) {
        return new ProtobufDeserializer<>(parserOf(type));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (parser != null) {
            return;
        }
        Object type = configs.get(isKey ? KEY_TYPE_CONFIG : VALUE_TYPE_CONFIG);
        if (type == null) {
            throw new IllegalArgumentException((isKey ? KEY_TYPE_CONFIG : VALUE_TYPE_CONFIG)
                    + " must name the protobuf message class");
        }
        try {
            Class<?> cls = type instanceof Class<?> c ? c
                    : Class.forName(type.toString(), true, Thread.currentThread().getContextClassLoader());
            parser = parserOf((Class<T>) cls);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no protobuf message class " + type, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (parser == null) {
            throw new IllegalStateException("ProtobufDeserializer used before its message type was configured");
        }
        try {
            return parser.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new SerializationException("record on " + topic + " is not a valid protobuf message ("
                    + data.length + " bytes): " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends MessageLite> Parser<T> parserOf(Class<T> type) {
        try {
            return (Parser<T>) type.getMethod("parser").invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException(type.getName() + " is not a generated protobuf message", e);
        }
    }
}
