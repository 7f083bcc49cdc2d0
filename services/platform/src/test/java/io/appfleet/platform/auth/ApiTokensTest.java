package io.appfleet.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.appfleet.testsupport.TestAuth;

class ApiTokensTest {

    @Test
    void generatedTokensHaveThePrefixAndAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String token = ApiTokens.generate();
            assertThat(token).startsWith("aft_").hasSize(4 + 43).matches("aft_[A-Za-z0-9_-]{43}");
            assertThat(ApiTokens.wellFormed(token)).isTrue();
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void hashIsSha256InLowerCaseHex() {
        // FIPS 180-2 test vector.
        assertThat(ApiTokens.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        // The constants other modules' %test profiles configure really are the hashes of the test tokens.
        assertThat(ApiTokens.sha256Hex(TestAuth.VIEWER_TOKEN)).isEqualTo(TestAuth.VIEWER_TOKEN_SHA256);
        assertThat(ApiTokens.sha256Hex(TestAuth.OPERATOR_TOKEN)).isEqualTo(TestAuth.OPERATOR_TOKEN_SHA256);
    }

    @Test
    void onlyPrefixedBase64UrlStringsOfSaneLengthAreWellFormed() {
        assertThat(ApiTokens.wellFormed(null)).isFalse();
        assertThat(ApiTokens.wellFormed("")).isFalse();
        assertThat(ApiTokens.wellFormed("aft_")).isFalse();
        assertThat(ApiTokens.wellFormed("aft_short")).isFalse();
        assertThat(ApiTokens.wellFormed("AFT_" + "a".repeat(43))).isFalse();
        assertThat(ApiTokens.wellFormed("eyJhbGciOiJFUzI1NiJ9.e30.sig")).isFalse();
        assertThat(ApiTokens.wellFormed("aft_" + "a".repeat(42) + "=")).isFalse();
        assertThat(ApiTokens.wellFormed("aft_" + "a".repeat(20) + " " + "a".repeat(20))).isFalse();
        assertThat(ApiTokens.wellFormed("aft_" + "a".repeat(20) + "\u00e9")).isFalse();
        assertThat(ApiTokens.wellFormed("aft_" + "a".repeat(600))).isFalse();
        assertThat(ApiTokens.wellFormed("aft_" + "a".repeat(16))).isTrue();
    }

    @Test
    void prefixTellsApiTokensFromJwts() {
        assertThat(ApiTokens.hasPrefix("aft_x")).isTrue();
        assertThat(ApiTokens.hasPrefix("eyJhbGciOiJFUzI1NiJ9")).isFalse();
        assertThat(ApiTokens.hasPrefix(null)).isFalse();
    }
}
