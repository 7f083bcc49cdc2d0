package io.appfleet.platform.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Parks a record that a consumer cannot handle on {@code <topic>.dlq}, byte for byte, with the
 * reason and the record's origin in headers, so the consumer can go on and an operator can look
 * (and replay) later. The send is acknowledged before the caller commits its offset: a record is
 * never both skipped and lost.
 */
public final class DeadLetters implements AutoCloseable {

    public static final String H_REASON = "dlq_reason";
    public static final String H_EXCEPTION = "dlq_exception";
    public static final String H_TOPIC = "dlq_original_topic";
    public static final String H_PARTITION = "dlq_original_partition";
    public static final String H_OFFSET = "dlq_original_offset";
    public static final String H_CONSUMER = "dlq_consumer";

    private static final int MAX_REASON = 1024;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String consumerName;

    public DeadLetters(String bootstrapServers, String consumerName) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letters-" + consumerName);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.consumerName = consumerName;
    }

    /**
     * Sends the raw record to its dead-letter topic and waits for the broker's acknowledgement.
     *
     * @param reason what was wrong, in words an operator understands (e.g. "not a fleet.v1.Device")
     */
    public void send(ConsumerRecord<byte[], byte[]> record, String reason, Throwable cause) {
        String target = record.topic() + ".dlq";
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(target, null, record.timestamp(), record.key(),
                record.value());
        for (Header h : record.headers()) {
            out.headers().add(h);
        }
        put(out, H_REASON, truncate(reason));
        if (cause != null) {
            put(out, H_EXCEPTION, truncate(cause.getClass().getName() + ": " + cause.getMessage()));
        }
        put(out, H_TOPIC, record.topic());
        put(out, H_PARTITION, Integer.toString(record.partition()));
        put(out, H_OFFSET, Long.toString(record.offset()));
        put(out, H_CONSUMER, consumerName);
        try {
            producer.send(out).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering a record of " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot dead-letter a record of " + record.topic() + " to " + target
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static void put(ProducerRecord<byte[], byte[]> r, String key, String value) {
        r.headers().remove(key);
        r.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON) + "…";
    }
}
