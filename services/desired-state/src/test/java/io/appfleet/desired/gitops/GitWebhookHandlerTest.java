package io.appfleet.desired.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.appfleet.platform.problem.ProblemException;
import io.quarkus.runtime.configuration.MemorySize;

/** The handler without a running service: configuration cases the ITs' profile does not cover. */
class GitWebhookHandlerTest {

    private static GitWebhookHandler handler(String secret) {
        GitWebhookHandler h = new GitWebhookHandler();
        h.config = new WebhookConfig() {
            @Override
            public Optional<String> secret() {
                return Optional.ofNullable(secret);
            }

            @Override
            public MemorySize maxBody() {
                return new MemorySize(java.math.BigInteger.valueOf(1024));
            }

            @Override
            public Optional<String> repository() {
                return Optional.empty();
            }
        };
        h.gitops = new GitOps(); // git polling not started: no poller
        return h;
    }

    private static UnaryOperator<String> headers(String... pairs) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m::get;
    }

    private static final byte[] PUSH = "{\"ref\": \"refs/heads/main\", \"repository\": {\"full_name\": \"a/b\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void withoutASecretTheWebhookIsNotThere() {
        assertThatThrownBy(() -> handler(null).handle(headers("X-GitHub-Event", "push"), PUSH))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("appfleet.webhook.secret");
                });
        assertThatThrownBy(() -> handler("").handle(headers("X-GitHub-Event", "push"), PUSH))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aVerifiedPushWithoutPollingIsIgnoredWithTheReason() {
        WebhookReply reply = handler("s3cret").handle(
                headers("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "s3cret"), PUSH);
        assertThat(reply.result()).isEqualTo("ignored");
        assertThat(reply.provider()).isEqualTo("gitlab");
        assertThat(reply.reason()).contains("appfleet.git.repository");
    }

    @Test
    void theSecretNeverAppearsInARefusal() {
        assertThatThrownBy(() -> handler("s3cret").handle(
                headers("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "s3cre"), PUSH))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain("s3cre");
                });
        String hub = "sha256=" + WebhookSignatures.hex(WebhookSignatures.hmacSha256("s3cret", PUSH));
        assertThatThrownBy(() -> handler("s3cret").handle(headers("X-GitHub-Event", "push",
                "X-Hub-Signature-256", hub.replace('a', 'c')), PUSH))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain(hub.substring(7, 20));
                });
        assertThat(handler("s3cret").handle(headers("X-GitHub-Event", "push", "X-Hub-Signature-256", hub), PUSH)
                .result()).isEqualTo("ignored");
    }
}
