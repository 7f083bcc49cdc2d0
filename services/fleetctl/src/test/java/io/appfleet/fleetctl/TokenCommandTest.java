package io.appfleet.fleetctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.appfleet.platform.auth.ApiTokens;
import io.appfleet.platform.auth.PemKeys;

/** {@code fleetctl token …}: keys it writes verify the tokens it issues, with an independent JWT verifier. */
class TokenCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run fleetctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Fleetctl.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static JwtClaims verify(String token, Path publicKey, String algorithm, String issuer) throws Exception {
        return new JwtConsumerBuilder()
                .setVerificationKey(PemKeys.readPublicKey(Files.readString(publicKey)))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm)
                .setExpectedIssuer(issuer)
                .setExpectedAudience("appfleet-api")
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .build()
                .processToClaims(token);
    }

    @Test
    void keygenThenIssueGivesATokenTheServiceWouldAccept(@TempDir Path dir) throws Exception {
        Run keygen = fleetctl("token", "keygen", "--out", dir.resolve("keys").toString());
        assertThat(keygen.exit()).as(keygen.err()).isZero();
        Path privateKey = dir.resolve("keys/jwt-private.pem");
        Path publicKey = dir.resolve("keys/jwt-public.pem");
        assertThat(keygen.out().lines()).containsExactly(privateKey.toString(), publicKey.toString());
        assertThat(Files.getPosixFilePermissions(privateKey))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        Run issue = fleetctl("token", "issue", "--role", "operator", "--key", privateKey.toString(),
                "--issuer", "https://appfleet.example", "--ttl", "8h", "--subject", "alice");
        assertThat(issue.exit()).as(issue.err()).isZero();
        JwtClaims claims = verify(issue.out().trim(), publicKey, "ES256", "https://appfleet.example");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("operator");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(8 * 3600);
        assertThat(claims.getExpirationTime().getValue()).isGreaterThan(Instant.now().getEpochSecond());
    }

    @Test
    void rsaKeysRolesListsAndDefaults(@TempDir Path dir) throws Exception {
        assertThat(fleetctl("token", "keygen", "--out", dir.toString(), "--algorithm", "RS256").exit()).isZero();
        Run issue = fleetctl("token", "issue", "--role", "viewer,operator", "--key",
                dir.resolve("jwt-private.pem").toString(), "--ttl", "PT30M");
        assertThat(issue.exit()).as(issue.err()).isZero();
        JwtClaims claims = verify(issue.out().trim(), dir.resolve("jwt-public.pem"), "RS256", "appfleet");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("operator", "viewer");
        assertThat(claims.getSubject()).isEqualTo(System.getProperty("user.name"));
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(1800);
    }

    @Test
    void keygenNeverOverwritesKeys(@TempDir Path dir) throws Exception {
        assertThat(fleetctl("token", "keygen", "--out", dir.toString()).exit()).isZero();
        String before = Files.readString(dir.resolve("jwt-private.pem"));
        Run again = fleetctl("token", "keygen", "--out", dir.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("jwt-private.pem exists");
        assertThat(Files.readString(dir.resolve("jwt-private.pem"))).isEqualTo(before);
    }

    @Test
    void issueExplainsBadInput(@TempDir Path dir) throws Exception {
        Run noFile = fleetctl("token", "issue", "--role", "viewer", "--key", dir.resolve("missing.pem").toString());
        assertThat(noFile.exit()).isEqualTo(1);
        assertThat(noFile.err()).startsWith("fleetctl token issue: no key file").contains("token keygen");

        assertThat(fleetctl("token", "keygen", "--out", dir.toString()).exit()).isZero();
        Run publicKey = fleetctl("token", "issue", "--role", "viewer", "--key", dir.resolve("jwt-public.pem").toString());
        assertThat(publicKey.exit()).isEqualTo(1);
        assertThat(publicKey.err()).contains("this is a public key");

        String key = dir.resolve("jwt-private.pem").toString();
        Run badRole = fleetctl("token", "issue", "--role", "admin", "--key", key);
        assertThat(badRole.exit()).isEqualTo(2);
        assertThat(badRole.err()).contains("unknown role 'admin'; use one of viewer, operator");
        Run badTtl = fleetctl("token", "issue", "--role", "viewer", "--key", key, "--ttl", "eight hours");
        assertThat(badTtl.exit()).isEqualTo(2);
        assertThat(badTtl.err()).contains("'eight hours' is not a duration");
        Run tooLong = fleetctl("token", "issue", "--role", "viewer", "--key", key, "--ttl", "400d");
        assertThat(tooLong.exit()).isEqualTo(1);
        assertThat(tooLong.err()).contains("longer than 366 days");
        Run noRole = fleetctl("token", "issue", "--key", key);
        assertThat(noRole.exit()).isEqualTo(2);
        assertThat(noRole.err()).contains("--role");
    }

    @Test
    void generatePrintsTheTokenAndItsConfiguration() {
        Run run = fleetctl("token", "generate", "--name", "ci-deployer", "--role", "operator");
        assertThat(run.exit()).as(run.err()).isZero();
        String token = run.out().trim();
        assertThat(ApiTokens.wellFormed(token)).isTrue();
        assertThat(run.err()).contains("appfleet.auth.tokens.ci-deployer.sha256=" + ApiTokens.sha256Hex(token))
                .contains("appfleet.auth.tokens.ci-deployer.role=operator")
                .doesNotContain(token);

        Run badName = fleetctl("token", "generate", "--name", "CI deployer", "--role", "operator");
        assertThat(badName.exit()).isEqualTo(1);
        assertThat(badName.err()).contains("the name must be");
    }

    @Test
    void hashPrintsTheConfiguredFormFromArgumentOrStdin() {
        String token = ApiTokens.generate();
        Run run = fleetctl("token", "hash", token);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().trim()).isEqualTo(ApiTokens.sha256Hex(token)).hasSize(64);

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((token + "\n").getBytes(StandardCharsets.UTF_8)));
            Run piped = fleetctl("token", "hash");
            assertThat(piped.exit()).as(piped.err()).isZero();
            assertThat(piped.out().trim()).isEqualTo(ApiTokens.sha256Hex(token));
        } finally {
            System.setIn(stdin);
        }

        Run notAToken = fleetctl("token", "hash", "hunter2");
        assertThat(notAToken.exit()).isEqualTo(1);
        assertThat(notAToken.err()).contains("not an API token");
    }
}
