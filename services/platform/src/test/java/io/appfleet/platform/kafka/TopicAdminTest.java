package io.appfleet.platform.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How many partitions a topic is created with, and when co-partitioned topics no longer match. */
class TopicAdminTest {

    @Test
    void theDeviceCommandsTopicIsPartitionedLikeInventory() {
        assertThat(Topic.DEVICE_COMMANDS.partitionedLike()).isEqualTo(Topic.INVENTORY);
        assertThat(Topic.DEVICE_COMMANDS.kind()).isEqualTo(Topic.Kind.RETAINED);
        assertThat(Topic.DEVICE_COMMANDS.config()).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "3600000");
        assertThat(Topic.byName("fleet.device-commands.v1")).isEqualTo(Topic.DEVICE_COMMANDS);
    }

    @Test
    void aCoPartitionedTopicCopiesItsReferencesCountNotTheConfiguredOne() {
        assertThat(TopicAdmin.partitionCount(Topic.DEVICE_COMMANDS, Map.of("fleet.inventory.v1", 12), 3)).isEqualTo(12);
    }

    @Test
    void withoutAKnownReferenceCountTheConfiguredCountApplies() {
        assertThat(TopicAdmin.partitionCount(Topic.DEVICE_COMMANDS, Map.of(), 6)).isEqualTo(6);
        assertThat(TopicAdmin.partitionCount(Topic.EVENTS, Map.of("fleet.inventory.v1", 12), 6)).isEqualTo(6);
    }

    @Test
    void differentCountsOfCoPartitionedTopicsAreNamed() {
        assertThat(TopicAdmin.mismatch(Topic.DEVICE_COMMANDS,
                Map.of("fleet.inventory.v1", 12, "fleet.device-commands.v1", 3)))
                .hasValueSatisfying(m -> assertThat(m).contains("fleet.device-commands.v1 has 3 partitions")
                        .contains("fleet.inventory.v1 has 12"));
        assertThat(TopicAdmin.mismatch(Topic.DEVICE_COMMANDS,
                Map.of("fleet.inventory.v1", 12, "fleet.device-commands.v1", 12))).isEmpty();
        assertThat(TopicAdmin.mismatch(Topic.DEVICE_COMMANDS, Map.of("fleet.inventory.v1", 12))).isEmpty();
        assertThat(TopicAdmin.mismatch(Topic.INVENTORY, Map.of("fleet.inventory.v1", 12))).isEmpty();
    }
}
