package io.appfleet.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiTokenRegistryTest {

    private static final String CI = ApiTokens.generate();
    private static final String GRAFANA = ApiTokens.generate();

    private static Map<String, ApiTokenRegistry.Settings> config() {
        Map<String, ApiTokenRegistry.Settings> config = new LinkedHashMap<>();
        config.put("ci", new ApiTokenRegistry.Settings(ApiTokens.sha256Hex(CI), "operator"));
        // Upper-case hex and surrounding blanks are accepted: people paste hashes from other tools.
        config.put("grafana", new ApiTokenRegistry.Settings(" " + ApiTokens.sha256Hex(GRAFANA).toUpperCase() + " ",
                "viewer"));
        return config;
    }

    @Test
    void matchesAConfiguredTokenWithItsNameAndRole() {
        ApiTokenRegistry registry = ApiTokenRegistry.of(config());
        assertThat(registry.size()).isEqualTo(2);
        ApiTokenRegistry.Entry ci = registry.match(CI).orElseThrow();
        assertThat(ci.name()).isEqualTo("ci");
        assertThat(ci.role()).isEqualTo(Role.OPERATOR);
        ApiTokenRegistry.Entry grafana = registry.match(GRAFANA).orElseThrow();
        assertThat(grafana.name()).isEqualTo("grafana");
        assertThat(grafana.role()).isEqualTo(Role.VIEWER);
    }

    @Test
    void unknownChangedOrMalformedTokensDoNotMatch() {
        ApiTokenRegistry registry = ApiTokenRegistry.of(config());
        assertThat(registry.match(ApiTokens.generate())).isEmpty();
        char last = CI.charAt(CI.length() - 1);
        assertThat(registry.match(CI.substring(0, CI.length() - 1) + (last == 'A' ? 'B' : 'A'))).isEmpty();
        assertThat(registry.match(CI + "x")).isEmpty();
        assertThat(registry.match(CI.substring(4))).as("without the prefix").isEmpty();
        assertThat(registry.match(ApiTokens.sha256Hex(CI))).as("the hash is not a credential").isEmpty();
        assertThat(registry.match("")).isEmpty();
        assertThat(registry.match(null)).isEmpty();
    }

    @Test
    void comparesWithEveryConfiguredHashWhereverTheMatchIs() {
        Map<String, ApiTokenRegistry.Settings> config = new LinkedHashMap<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String token = ApiTokens.generate();
            tokens.add(token);
            config.put("t" + i, new ApiTokenRegistry.Settings(ApiTokens.sha256Hex(token), "viewer"));
        }
        List<Integer> lengths = new ArrayList<>();
        ApiTokenRegistry registry = ApiTokenRegistry.of(config, (a, b) -> {
            lengths.add(b.length);
            return MessageDigest.isEqual(a, b);
        });
        for (String token : List.of(tokens.get(0), tokens.get(4), ApiTokens.generate())) {
            lengths.clear();
            registry.match(token);
            // No early exit on a match, and always whole SHA-256 digests: the time does not depend on the position.
            assertThat(lengths).hasSize(5).containsOnly(32);
        }
        assertThat(registry.match(tokens.get(0)).orElseThrow().name()).isEqualTo("t0");
        assertThat(registry.match(tokens.get(4)).orElseThrow().name()).isEqualTo("t4");
    }

    @Test
    void refusesBadConfigurationNamingTheProperty() {
        assertThatThrownBy(() -> ApiTokenRegistry.of(Map.of("ci", new ApiTokenRegistry.Settings("abc", "viewer"))))
                .hasMessageStartingWith("appfleet.auth.tokens.ci.sha256: expected the 64 hex digits");
        assertThatThrownBy(() -> ApiTokenRegistry.of(Map.of("ci", new ApiTokenRegistry.Settings(null, "viewer"))))
                .hasMessageStartingWith("appfleet.auth.tokens.ci.sha256:");
        assertThatThrownBy(() -> ApiTokenRegistry.of(Map.of("ci", new ApiTokenRegistry.Settings(CI, "viewer"))))
                .hasMessageContaining("looks like the token itself")
                .hasMessageNotContaining(CI);
        assertThatThrownBy(() -> ApiTokenRegistry.of(Map.of("ci",
                new ApiTokenRegistry.Settings(ApiTokens.sha256Hex(CI), "admin"))))
                .hasMessage("appfleet.auth.tokens.ci.role: unknown role 'admin'; use one of viewer, operator");
        assertThatThrownBy(() -> ApiTokenRegistry.of(Map.of("ci",
                new ApiTokenRegistry.Settings(ApiTokens.sha256Hex(CI), null))))
                .hasMessageStartingWith("appfleet.auth.tokens.ci.role: a role is required");
        Map<String, ApiTokenRegistry.Settings> twice = new LinkedHashMap<>();
        twice.put("a", new ApiTokenRegistry.Settings(ApiTokens.sha256Hex(CI), "viewer"));
        twice.put("b", new ApiTokenRegistry.Settings(ApiTokens.sha256Hex(CI).toUpperCase(), "operator"));
        assertThatThrownBy(() -> ApiTokenRegistry.of(twice))
                .hasMessage("appfleet.auth.tokens.b.sha256: the same token is configured as 'a';"
                        + " give every user or system its own token");
    }

    @Test
    void noTokensIsValidAndMatchesNothing() {
        ApiTokenRegistry registry = ApiTokenRegistry.of(Map.of());
        assertThat(registry.isEmpty()).isTrue();
        assertThat(registry.match(CI)).isEmpty();
    }
}
