package io.appfleet.desired.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    private static final String SECRET = "It's a Secret to Everybody";
    private static final byte[] PAYLOAD = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void theGithubDocumentationVectorIsAccepted() {
        assertThat(WebhookSignatures.hex(WebhookSignatures.hmacSha256(SECRET, PAYLOAD)))
                .isEqualTo(SIGNATURE.substring(7));
        assertThat(WebhookSignatures.hmacMatches(SECRET, PAYLOAD, WebhookSignatures.githubHex(SIGNATURE))).isTrue();
        assertThat(WebhookSignatures.hmacMatches(SECRET, PAYLOAD,
                WebhookSignatures.githubHex(SIGNATURE.toUpperCase().replace("SHA256=", "sha256=")))).isTrue();
    }

    @Test
    void anyChangedByteOfTheBodyIsRejected() {
        for (int i = 0; i < PAYLOAD.length; i++) {
            byte[] changed = PAYLOAD.clone();
            changed[i] ^= 0x01;
            assertThat(WebhookSignatures.hmacMatches(SECRET, changed, WebhookSignatures.githubHex(SIGNATURE)))
                    .as("byte %d changed", i).isFalse();
        }
        byte[] longer = "Hello, World! ".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignatures.hmacMatches(SECRET, longer, WebhookSignatures.githubHex(SIGNATURE))).isFalse();
    }

    @Test
    void aChangedSignatureOrSecretIsRejected() {
        String hex = SIGNATURE.substring(7);
        assertThat(WebhookSignatures.hmacMatches(SECRET, PAYLOAD, hex.substring(0, 63) + "8")).isFalse();
        assertThat(WebhookSignatures.hmacMatches(SECRET + " ", PAYLOAD, hex)).isFalse();
        assertThat(WebhookSignatures.hmacMatches(SECRET, PAYLOAD, hex.substring(0, 62))).isFalse();
        assertThat(WebhookSignatures.hmacMatches(SECRET, PAYLOAD, "zz" + hex.substring(2))).isFalse();
        assertThat(WebhookSignatures.hmacMatches(SECRET, PAYLOAD, null)).isFalse();
        assertThat(WebhookSignatures.githubHex("sha1=" + hex)).isNull();
        assertThat(WebhookSignatures.githubHex(hex)).isNull();
    }

    @Test
    void gitlabTokensCompareWhole() {
        assertThat(WebhookSignatures.tokenMatches(SECRET, SECRET)).isTrue();
        assertThat(WebhookSignatures.tokenMatches(SECRET, SECRET.substring(0, 10))).isFalse();
        assertThat(WebhookSignatures.tokenMatches(SECRET, SECRET + "x")).isFalse();
        assertThat(WebhookSignatures.tokenMatches(SECRET, "")).isFalse();
        assertThat(WebhookSignatures.tokenMatches(SECRET, null)).isFalse();
    }
}
