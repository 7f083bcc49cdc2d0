package io.appfleet.fleetctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

class TableTest {

    private static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");

    @Test
    void padsEachColumnToItsWidestCellThreeSpacesApartWithoutTrailingSpaces() {
        String table = new Table("NAME", "REVISION", "AGE").row("a-long-name", 3, "5m").row("b", 12, null).render();
        assertThat(table).isEqualTo(String.join("\n",
                "NAME          REVISION   AGE",
                "a-long-name   3          5m",
                "b             12         -"));
    }

    @Test
    void cellsFromTheServerCannotBreakTheLayout() {
        String table = new Table("A", "B").row("x\ny", "\u001b[31mred").render();
        assertThat(table.lines()).hasSize(2);
        assertThat(table).doesNotContain("\u001b").contains("x y").contains("?[31mred");
        assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agesAreKubectlStyle() {
        assertThat(Table.age(TextNode.valueOf("2025-05-01T11:59:15Z"), NOW)).isEqualTo("45s");
        assertThat(Table.age(TextNode.valueOf("2025-05-01T11:58:00Z"), NOW)).isEqualTo("2m");
        assertThat(Table.age(TextNode.valueOf("2025-05-01T10:00:01Z"), NOW)).isEqualTo("119m");
        assertThat(Table.age(TextNode.valueOf("2025-05-01T10:00:00Z"), NOW)).isEqualTo("2h");
        assertThat(Table.age(TextNode.valueOf("2025-04-29T12:00:01Z"), NOW)).isEqualTo("47h");
        assertThat(Table.age(TextNode.valueOf("2025-04-21T12:00:00.5Z"), NOW)).isEqualTo("9d");
        assertThat(Table.age(TextNode.valueOf("2025-05-01T12:00:30Z"), NOW)).as("clock skew").isEqualTo("0s");
        assertThat(Table.age(JsonNodeFactory.instance.numberNode(NOW.getEpochSecond() - 90.25), NOW)).isEqualTo("90s");
        assertThat(Table.age(NullNode.getInstance(), NOW)).isEqualTo("-");
        assertThat(Table.age(null, NOW)).isEqualTo("-");
        assertThat(Table.age(TextNode.valueOf("yesterday"), NOW)).isEqualTo("-");
    }

    @Test
    void timesAndCounts() {
        assertThat(Table.time(TextNode.valueOf("2025-05-01T10:03:30.123456Z"))).isEqualTo("2025-05-01T10:03:30Z");
        assertThat(Table.time(TextNode.valueOf("soon"))).isEqualTo("soon");
        assertThat(Table.time(NullNode.getInstance())).isEqualTo("-");
        assertThat(Table.count(JsonNodeFactory.instance.numberNode(0))).isEqualTo("0");
        assertThat(Table.count(NullNode.getInstance())).isEqualTo("-");
        assertThat(Table.count(null)).isEqualTo("-");
    }
}
