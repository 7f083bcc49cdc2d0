package io.appfleet.desired.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RepositoryMatcherTest {

    private static PushEvent push(List<String> names, List<String> urls) {
        return new PushEvent("refs/heads/main", null, names, urls);
    }

    @Test
    void theConfiguredUrlMatchesAnyFormOfTheSameRepository() {
        RepositoryMatcher m = new RepositoryMatcher("https://github.com/Acme/fleet-config.git", Optional.empty());
        assertThat(m.matches(push(List.of("acme/fleet-config"), List.of()))).isTrue();
        assertThat(m.matches(push(List.of(), List.of("git@github.com:acme/fleet-config.git")))).isTrue();
        assertThat(m.matches(push(List.of(), List.of("https://github.com/acme/fleet-config/")))).isTrue();
        assertThat(m.matches(push(List.of(), List.of("ssh://git@github.com:22/acme/fleet-config.git")))).isTrue();
        assertThat(m.matches(push(List.of("acme/fleet-config-2"), List.of("https://github.com/acme/fleet-config-2"))))
                .isFalse();
        assertThat(m.matches(push(List.of(), List.of("https://evil.example/acme/fleet-config")))).isFalse();
        assertThat(m.matches(push(List.of(), List.of()))).isFalse();
    }

    @Test
    void gitlabSubgroupsAndSelfHostedPathsMatch() {
        RepositoryMatcher m = new RepositoryMatcher("https://git.example.net/gitlab/net/ops/fleet.git",
                Optional.empty());
        assertThat(m.matches(push(List.of("net/ops/fleet"), List.of(
                "https://git.example.net/gitlab/net/ops/fleet.git")))).isTrue();
        assertThat(m.matches(push(List.of("net/ops/fleet"), List.of("https://other.example/net/ops/fleet"))))
                .isFalse();
    }

    @Test
    void anExplicitNameIsUsedForMirrors() {
        RepositoryMatcher m = new RepositoryMatcher("https://mirror.internal/git/fleet.git",
                Optional.of("acme/fleet-config"));
        assertThat(m.matches(push(List.of("ACME/fleet-config"), List.of()))).isTrue();
        assertThat(m.matches(push(List.of(), List.of("https://github.com/acme/fleet-config.git")))).isTrue();
        assertThat(m.matches(push(List.of("git/fleet"), List.of("https://mirror.internal/git/fleet.git")))).isFalse();
        assertThat(m.expected()).isEqualTo("acme/fleet-config");
    }
}
