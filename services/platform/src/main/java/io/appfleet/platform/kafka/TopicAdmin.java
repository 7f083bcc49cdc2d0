package io.appfleet.platform.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a service writes, with the settings of {@link Topic}, when they are missing.
 * Brokers run with auto-creation off: a topic created by accident would not be compacted.
 */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    /**
     * Creates each missing topic and its dead-letter topic. Existing topics are left as they are.
     * A topic {@linkplain Topic#partitionedLike() partitioned like} another gets that topic's
     * partition count (its reference is ensured too), whatever {@code partitions} says.
     *
     * @throws IllegalStateException when the broker cannot be reached within the timeout, or when
     *                               a co-partitioned topic exists with another partition count
     *                               than its reference (records would reach the wrong consumer)
     */
    public static void ensureTopics(String bootstrapServers, Collection<Topic> topics, int partitions,
            short replicationFactor, long timeoutMillis) {
        Set<Topic> wanted = new LinkedHashSet<>();
        for (Topic topic : topics) {
            if (topic.partitionedLike() != null) {
                wanted.add(topic.partitionedLike()); // created first, so its count is the one to copy
            }
            wanted.add(topic);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(timeoutMillis, TimeUnit.MILLISECONDS);
            Map<String, Integer> counts = partitionCounts(admin, existing, wanted, timeoutMillis);
            for (Topic topic : wanted) {
                mismatch(topic, counts).ifPresent(m -> {
                    throw new IllegalStateException(m);
                });
            }
            List<NewTopic> missing = new ArrayList<>();
            for (Topic topic : wanted) {
                if (!existing.contains(topic.topicName())) {
                    int count = partitionCount(topic, counts, partitions);
                    counts.put(topic.topicName(), count);
                    missing.add(new NewTopic(topic.topicName(), count, replicationFactor).configs(topic.config()));
                }
                if (!existing.contains(topic.deadLetterTopicName())) {
                    missing.add(new NewTopic(topic.deadLetterTopicName(), 1, replicationFactor)
                            .configs(Topic.deadLetterConfig()));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> created : admin.createTopics(missing)
                    .values().entrySet()) {
                try {
                    created.getValue().get(timeoutMillis, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    // Another instance created it between our list and create: that is the goal reached.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + created.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer: " + e, e);
        }
    }

    /** Partition counts of the existing topics among {@code wanted} that are, or have, a reference. */
    private static Map<String, Integer> partitionCounts(Admin admin, Set<String> existing, Set<Topic> wanted,
            long timeoutMillis) throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> names = new HashSet<>();
        for (Topic topic : wanted) {
            if (topic.partitionedLike() != null) {
                names.add(topic.topicName());
                names.add(topic.partitionedLike().topicName());
            }
        }
        names.retainAll(existing);
        Map<String, Integer> counts = new HashMap<>();
        if (!names.isEmpty()) {
            admin.describeTopics(names).allTopicNames().get(timeoutMillis, TimeUnit.MILLISECONDS)
                    .forEach((name, d) -> counts.put(name, d.partitions().size()));
        }
        return counts;
    }

    /**
     * How many partitions a missing topic is created with: its reference's count when it has a
     * reference whose count is known, else the configured count.
     */
    static int partitionCount(Topic topic, Map<String, Integer> knownCounts, int configured) {
        Topic reference = topic.partitionedLike();
        return reference == null ? configured : knownCounts.getOrDefault(reference.topicName(), configured);
    }

    /** Why a co-partitioned topic that exists with its reference cannot be used, if it cannot. */
    static Optional<String> mismatch(Topic topic, Map<String, Integer> knownCounts) {
        Topic reference = topic.partitionedLike();
        if (reference == null) {
            return Optional.empty();
        }
        Integer own = knownCounts.get(topic.topicName());
        Integer theirs = knownCounts.get(reference.topicName());
        if (own == null || theirs == null || own.equals(theirs)) {
            return Optional.empty();
        }
        return Optional.of(topic.topicName() + " has " + own + " partitions but " + reference.topicName() + " has "
                + theirs + ": a device's records would land on partitions owned by different consumers. Delete "
                + topic.topicName() + " (it holds no state) and let the service create it again with " + theirs);
    }
}
