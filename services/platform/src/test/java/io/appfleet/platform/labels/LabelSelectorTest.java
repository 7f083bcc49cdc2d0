package io.appfleet.platform.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.appfleet.platform.labels.LabelSelector.Operator;
import io.appfleet.platform.labels.LabelSelector.Requirement;

class LabelSelectorTest {

    private static final Map<String, String> ACCESS_AMS = Map.of("role", "access", "site", "ams");
    private static final Map<String, String> CORE_FRA = Map.of("role", "core", "site", "fra", "legacy", "");

    @Test
    void parsesTheKubectlForms() {
        LabelSelector s = LabelSelector.parse("role=access, site in (ams,fra),!legacy,tier,env!=lab,zone notin (z9)");
        assertThat(s.requirements()).containsExactly(
                new Requirement("role", Operator.EQUALS, Set.of("access")),
                new Requirement("site", Operator.IN, Set.of("ams", "fra")),
                new Requirement("legacy", Operator.DOES_NOT_EXIST, Set.of()),
                new Requirement("tier", Operator.EXISTS, Set.of()),
                new Requirement("env", Operator.NOT_EQUALS, Set.of("lab")),
                new Requirement("zone", Operator.NOT_IN, Set.of("z9")));
    }

    @Test
    void matchesLikeKubernetes() {
        assertThat(LabelSelector.parse("role=access,site in (ams,fra)").matches(ACCESS_AMS)).isTrue();
        assertThat(LabelSelector.parse("role==access").matches(CORE_FRA)).isFalse();
        // != and notin also select objects without the key, as in Kubernetes.
        assertThat(LabelSelector.parse("env!=lab").matches(ACCESS_AMS)).isTrue();
        assertThat(LabelSelector.parse("site notin (fra)").matches(CORE_FRA)).isFalse();
        assertThat(LabelSelector.parse("legacy").matches(CORE_FRA)).isTrue();
        assertThat(LabelSelector.parse("!legacy").matches(CORE_FRA)).isFalse();
        assertThat(LabelSelector.parse("").matches(CORE_FRA)).isTrue();
        assertThat(LabelSelector.parse("example.com/role=access").matches(Map.of("example.com/role", "access")))
                .isTrue();
    }

    @Test
    void rejectsBadSyntaxWithPosition() {
        assertThatThrownBy(() -> LabelSelector.parse("role=access,site in ams"))
                .isInstanceOf(LabelSelector.InvalidSelectorException.class)
                .hasMessageContaining("position").hasMessageContaining("'('");
        assertThatThrownBy(() -> LabelSelector.parse("role>3")).hasMessageContaining("expected one of");
        assertThatThrownBy(() -> LabelSelector.parse("role=a;b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelSelector.parse("-bad=x")).hasMessageContaining("label key");
        assertThatThrownBy(() -> LabelSelector.parse("role=" + "x".repeat(64))).hasMessageContaining("63");
        assertThatThrownBy(() -> LabelSelector.parse("role in ()")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void structuredFormValidatesAndDetectsContradictions() {
        LabelSelector s = LabelSelector.of(Map.of("role", "access"),
                List.of(new Requirement("site", Operator.IN, Set.of("ams", "fra"))));
        assertThat(s.matches(ACCESS_AMS)).isTrue();
        assertThat(s.isContradictory()).isFalse();
        assertThat(LabelSelector.parse("role=access,role=core").isContradictory()).isTrue();
        assertThat(LabelSelector.parse("role=access,!role").isContradictory()).isTrue();
        assertThat(LabelSelector.parse("role in (a,b),role notin (a,b)").isContradictory()).isTrue();
        assertThatThrownBy(() -> LabelSelector.of(null, List.of(new Requirement("site", Operator.IN, Set.of()))))
                .hasMessageContaining("at least one value");
        assertThatThrownBy(() -> LabelSelector.of(Map.of("role", "a b"), null)).hasMessageContaining("label value");
    }

    @Test
    void grammarOfKeysAndValues() {
        assertThat(LabelGrammar.keyError("app.kubernetes.io/name")).isNull();
        assertThat(LabelGrammar.keyError("a".repeat(63))).isNull();
        assertThat(LabelGrammar.keyError("a".repeat(64))).isNotNull();
        assertThat(LabelGrammar.keyError("Bad_Prefix/x")).contains("prefix");
        assertThat(LabelGrammar.keyError("x\ny")).isNotNull().doesNotContain("\n");
        assertThat(LabelGrammar.valueError("")).isNull();
        assertThat(LabelGrammar.valueError("v1.2_3-a")).isNull();
        assertThat(LabelGrammar.valueError("v;rm")).isNotNull();
    }
}
