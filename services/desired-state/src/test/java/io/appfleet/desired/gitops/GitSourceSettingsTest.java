package io.appfleet.desired.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class GitSourceSettingsTest {

    private static GitSourceSettings settings(String url, String branch, String path) {
        return new GitSourceSettings(url, branch, path, Duration.ofSeconds(60), 0.2, false, Optional.empty(),
                Optional.of("s3cr3t-token"), Path.of("/tmp/x"), Duration.ofSeconds(30), 1024, 10);
    }

    @Test
    void pathsAreNormalizedAndMustStayInside() {
        assertThat(settings("https://h/r.git", "main", "/apps/prod/").path()).isEqualTo("apps/prod");
        assertThat(settings("https://h/r.git", "main", "./apps").path()).isEqualTo("apps");
        assertThat(settings("https://h/r.git", "main", "").path()).isEmpty();
        assertThat(settings("https://h/r.git", "main", "/").path()).isEmpty();
        for (String bad : new String[] { "../etc", "apps/../..", "apps//x", "a\\b" }) {
            assertThatThrownBy(() -> settings("https://h/r.git", "main", bad))
                    .hasMessageStartingWith("appfleet.git.path:");
        }
    }

    @Test
    void repositoryUrlsAreCheckedAndCredentialsKeptOutOfThem() {
        assertThat(settings("file:///srv/git/fleet.git", "main", "").repository()).isEqualTo("file:///srv/git/fleet.git");
        assertThat(settings("/srv/git/fleet.git", "main", "").repository()).isEqualTo("/srv/git/fleet.git");
        assertThatThrownBy(() -> settings("git@github.com:acme/fleet.git", "main", ""))
                .hasMessageContaining("ssh URLs are not supported");
        assertThatThrownBy(() -> settings("ssh://git@github.com/acme/fleet.git", "main", ""))
                .hasMessageContaining("scheme 'ssh'");
        assertThatThrownBy(() -> settings("https://user:tok@github.com/acme/fleet.git", "main", ""))
                .hasMessageContaining("must not hold a password");
        assertThatThrownBy(() -> settings("https://github.com/acme/fleet.git", "a..b", ""))
                .hasMessageStartingWith("appfleet.git.branch:");
    }

    @Test
    void theTokenNeverAppearsInTheDescription() {
        GitSourceSettings s = settings("https://github.com/acme/fleet.git", "main", "apps");
        assertThat(s.toString()).doesNotContain("s3cr3t-token").contains("credentials=set");
        assertThat(s.sourceKey()).isEqualTo("https://github.com/acme/fleet.git#main:apps");
    }
}
