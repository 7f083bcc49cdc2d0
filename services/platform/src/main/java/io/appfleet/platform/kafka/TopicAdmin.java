package io.appfleet.platform.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
     *
     * @throws IllegalStateException when the broker cannot be reached within the timeout
     */
    public static void ensureTopics(String bootstrapServers, Collection<Topic> topics, int partitions,
            short replicationFactor, long timeoutMillis) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(timeoutMillis, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic topic : topics) {
                if (!existing.contains(topic.topicName())) {
                    missing.add(new NewTopic(topic.topicName(), partitions, replicationFactor).configs(topic.config()));
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
}
