package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

class DeploymentManifestsTest {

    private static final Path EXAMPLES = ServiceSpecTest.repoRoot().resolve("deploy/examples/deployments");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String SHA = PackageServer.sha256(PackageServer.content("p.tar", 100));

    private static String manifest(String name, String url, String extra) {
        return """
                apiVersion: appfleet/v1
                kind: AppDeployment
                metadata: {name: %s}
                spec:
                  app:
                    id: probe
                    package: {url: "%s", sha256: "%s", sizeBytes: 100}
                %s  targets: {platforms: [iosxe], devices: [d1]}
                """.formatted(name, url, SHA, extra);
    }

    @Test
    void theExamplesAreAnIosXeWaveRolloutWithCppAndOneAppOnIosXrAndOnInfix() throws Exception {
        List<DeploymentManifests.Manifest> all = DeploymentManifests.load(EXAMPLES);
        assertEquals(List.of("acc-probe", "infix-web", "xr-probe"), all.stream().map(DeploymentManifests.Manifest::name)
                .toList());
        Map<String, List<String>> platforms = Map.of("acc-probe", List.of("iosxe"), "infix-web", List.of("infix"),
                "xr-probe", List.of("iosxr"));
        for (DeploymentManifests.Manifest m : all) {
            assertEquals(platforms.get(m.name()), m.platforms(), m.name());
            assertEquals(1, m.packages().size(), m.name());
            DeploymentManifests.PackageRef p = m.packages().get(0);
            assertEquals(PackageServer.sha256(PackageServer.content(p.file(), p.sizeBytes())), p.sha256());
        }
        JsonNode acc = YAML.readTree(all.get(0).textFor("http://127.0.0.1:1"));
        JsonNode rollout = acc.path("spec").path("rollout");
        assertEquals(List.of(10, 50, 100), rollout.path("waves").findValues("percent").stream().map(JsonNode::asInt)
                .toList());
        assertTrue(rollout.path("autoRollback").asBoolean(), acc.toString());
        assertTrue(rollout.has("failureThreshold") && rollout.has("healthyFor"), acc.toString());
        assertEquals("disabled", acc.path("spec").path("devicePolicy").path("cppPolicers")
                .path("system-cpp-police-sys-data").asText());
        assertEquals("access", acc.path("spec").path("targets").path("selector").path("matchLabels").path("role")
                .asText());
        assertEquals("http://127.0.0.1:1/packages/probe-iox.tar",
                acc.path("spec").path("app").path("package").path("url").asText());
    }

    @Test
    void theExamplesWithThePackageServerFilledInAreValidByThePublishedSchema() throws Exception {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(
                Files.readString(ServiceSpecTest.repoRoot().resolve("docs/appdeployment.schema.json")));
        for (DeploymentManifests.Manifest m : DeploymentManifests.load(EXAMPLES)) {
            List<Error> errors = schema.validate(YAML.readTree(m.textFor("http://127.0.0.1:40123")));
            assertEquals(List.of(), errors, m.name());
            // As they are in git, the placeholder makes them invalid: they are meant for the local run.
            assertFalse(schema.validate(YAML.readTree(m.text())).isEmpty(), m.name());
        }
    }

    @Test
    void aFileIsOneManifestAndADirectoryEveryManifestInNameOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.yaml"), manifest("b", "${PACKAGE_SERVER}/packages/p.tar", ""));
        Files.writeString(dir.resolve("a.yml"), manifest("a", "https://repo.example.net/p.tar", ""));
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");
        assertEquals(List.of("a", "b"), DeploymentManifests.load(dir).stream().map(DeploymentManifests.Manifest::name)
                .toList());
        DeploymentManifests.Manifest b = DeploymentManifests.load(dir.resolve("b.yaml")).get(0);
        assertEquals(List.of(new DeploymentManifests.PackageRef("p.tar", 100, SHA)), b.packages());
        assertTrue(b.listsDevices());
        assertTrue(DeploymentManifests.load(dir.resolve("a.yml")).get(0).packages().isEmpty(), "not served by the run");
    }

    @Test
    void everyMistakeIsNamedWithItsFileAndField(@TempDir Path dir) throws Exception {
        record Case(String text, String message) {
        }
        for (Case c : List.of(
                new Case(manifest("a", "${PACKAGE_SERVER}/packages/p.tar", "").replace(SHA, "ab".repeat(32)),
                        "spec.app.package.sha256: the local run serves p.tar (100 bytes) with SHA-256 " + SHA),
                new Case(manifest("a", "${PACKAGE_SERVER}/packages/p.tar", "").replace(", sizeBytes: 100", ""),
                        "spec.app.package.sizeBytes: the local run serves p.tar with this many generated bytes"),
                new Case(manifest("a", "${PACKAGE_SERVER}/pkgs/p.tar", ""),
                        "spec.app.package.url: with the package server it is ${PACKAGE_SERVER}/packages/<file>"),
                new Case(manifest("a", "https://x/p.tar", "    env: {URL: \"${PACKAGE_SERVER}\"}\n"),
                        "${PACKAGE_SERVER} may stand only at the start of spec.app.package.url"),
                new Case(manifest("a", "https://x/p.tar", "").replace("AppDeployment", "Deployment"),
                        "kind: AppDeployment expected, got 'Deployment'"),
                new Case(manifest("Not_A_Label", "https://x/p.tar", ""), "metadata.name: a DNS label"),
                new Case("apiVersion: [", "not valid YAML"),
                new Case("- a\n- b\n", "expected one AppDeployment"))) {
            Path f = dir.resolve("m.yaml");
            Files.writeString(f, c.text());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeploymentManifests.load(f),
                    c.message());
            assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(c.message()), e.getMessage());
        }
    }

    @Test
    void namesAreUniqueAndOneServedFileHasOneSize(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), manifest("same", "https://x/p.tar", ""));
        Files.writeString(dir.resolve("b.yaml"), manifest("same", "https://x/p.tar", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeploymentManifests.load(dir));
        assertTrue(e.getMessage().contains("b.yaml: metadata.name: same is also the name in a.yaml"), e.getMessage());

        Path other = Files.createDirectory(dir.resolve("sizes"));
        Files.writeString(other.resolve("a.yaml"), manifest("a", "${PACKAGE_SERVER}/packages/p.tar", ""));
        String sha200 = PackageServer.sha256(PackageServer.content("p.tar", 200));
        Files.writeString(other.resolve("b.yaml"), manifest("b", "${PACKAGE_SERVER}/packages/p.tar", "")
                .replace("sizeBytes: 100", "sizeBytes: 200").replace(SHA, sha200));
        e = assertThrows(IllegalArgumentException.class, () -> DeploymentManifests.load(other));
        assertTrue(e.getMessage().contains("p.tar is 100 bytes in another manifest"), e.getMessage());

        Path empty = Files.createDirectory(dir.resolve("empty"));
        e = assertThrows(IllegalArgumentException.class, () -> DeploymentManifests.load(empty));
        assertTrue(e.getMessage().startsWith("no manifests (*.yaml, *.yml, *.json) in "), e.getMessage());
    }
}
