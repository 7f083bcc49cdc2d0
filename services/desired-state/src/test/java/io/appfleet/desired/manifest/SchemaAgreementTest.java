package io.appfleet.desired.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The published JSON Schema ({@code docs/appdeployment.schema.json}, served at /api/v1/schema)
 * and the server's validator judge the same manifests the same way, with a real draft 2020-12
 * validator on the schema side. The few rules only the server can check are listed apart and
 * must stay exactly that: accepted by the schema, refused by the server.
 */
class SchemaAgreementTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String APP = ManifestValidatorTest.APP;
    private static final String TARGETS = ManifestValidatorTest.TARGETS;

    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaResource.load());

    static Map<String, String> good() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("brief example", ManifestValidatorTest.resource("perfsonar.yaml"));
        m.put("infix image json", ManifestValidatorTest.resource("infix-image.json"));
        m.put("absent without artifact", ManifestValidatorTest.resource("xr-absent.yaml"));
        m.put("virtual port group and rates", ManifestValidatorTest.resource("vpg-rate.yaml"));
        m.put("minimal", ManifestValidatorTest.manifest(APP + TARGETS));
        m.put("labels with prefix", ManifestValidatorTest.manifest(APP
                + "  targets: {selector: {matchLabels: {appfleet.io/tier: edge, empty: \"\"}}}\n"));
        m.put("count thresholds", ManifestValidatorTest.manifest(APP + TARGETS
                + "  rollout: {maxUnavailable: 3, failureThreshold: 0, healthyFor: 1h2m3s}\n"));
        m.put("decimal percent", ManifestValidatorTest.manifest(APP + TARGETS
                + "  rollout: {maxUnavailable: 0.5%, failureThreshold: 100%}\n"));
        m.put("stopped with env", ManifestValidatorTest.manifest(APP + "    env: {A_B: \"x y=z\", EMPTY: \"\"}\n"
                + TARGETS + "  state: stopped\n"));
        m.put("guest agent", ManifestValidatorTest.manifest(APP + "    guestAgent: {socket: /run/qga.sock,"
                + " host: kvm-1.example.net, port: 22}\n" + TARGETS));
        m.put("guest agent by address", ManifestValidatorTest.manifest(APP + "    guestAgent: {socket: /run/q.sock,"
                + " host: \"fd00::2\"}\n" + TARGETS));
        return m;
    }

    static Map<String, String> bad() {
        Map<String, String> m = new LinkedHashMap<>();
        String base = ManifestValidatorTest.manifest(APP + TARGETS);
        m.put("wrong apiVersion", base.replace("appfleet/v1", "appfleet/v2"));
        m.put("wrong kind", base.replace("kind: AppDeployment", "kind: Deployment"));
        m.put("unknown top field", base + "status: {}\n");
        m.put("unknown spec field", base + "  replicas: 3\n");
        m.put("bad name", base.replace("name: t1", "name: T1"));
        m.put("app id grammar", base.replace("id: probe", "id: 1probe"));
        m.put("app id too long", base.replace("id: probe", "id: a23456789012345678901234567890123"));
        m.put("no artifact", ManifestValidatorTest.manifest("  app: {id: probe}\n" + TARGETS));
        m.put("both artifacts", ManifestValidatorTest.manifest(APP + "    image: {reference: nginx}\n" + TARGETS));
        m.put("upper-case sha", base.replace("sha256: \"9f86", "sha256: \"9F86"));
        m.put("url with query", base.replace("p.tar", "p.tar?x=1"));
        m.put("url directory", base.replace("p.tar", "d/"));
        m.put("memory with unit", ManifestValidatorTest.manifest(APP + "    resources: {memoryMb: 1Gi}\n" + TARGETS));
        m.put("fractional cpu", ManifestValidatorTest.manifest(APP + "    resources: {cpuUnits: 1.5}\n" + TARGETS));
        m.put("too many vcpu", ManifestValidatorTest.manifest(APP + "    resources: {vcpu: 65}\n" + TARGETS));
        m.put("quote in run option", ManifestValidatorTest.manifest(APP + "    runOpts: [\"a'b\"]\n" + TARGETS));
        m.put("newline in run option", ManifestValidatorTest.manifest(APP + "    runOpts: [\"a\\nb\"]\n" + TARGETS));
        m.put("semicolon in command", ManifestValidatorTest.manifest(APP + "    command: \"a; reboot\"\n" + TARGETS));
        m.put("control char in env", ManifestValidatorTest.manifest(APP + "    env: {A: \"x\\u0007\"}\n" + TARGETS));
        m.put("backtick in env", ManifestValidatorTest.manifest(APP + "    env: {A: \"`id`\"}\n" + TARGETS));
        m.put("bad env name", ManifestValidatorTest.manifest(APP + "    env: {1A: x}\n" + TARGETS));
        m.put("blank run option", ManifestValidatorTest.manifest(APP + "    runOpts: [\"  \"]\n" + TARGETS));
        m.put("empty targets", ManifestValidatorTest.manifest(APP + "  targets: {}\n"));
        m.put("unknown platform", ManifestValidatorTest.manifest(APP + "  targets: {platforms: [junos]}\n"));
        m.put("empty selector", ManifestValidatorTest.manifest(APP + "  targets: {selector: {}}\n"));
        m.put("In without values", ManifestValidatorTest.manifest(APP
                + "  targets: {selector: {matchExpressions: [{key: a, operator: In}]}}\n"));
        m.put("Exists with values", ManifestValidatorTest.manifest(APP
                + "  targets: {selector: {matchExpressions: [{key: a, operator: Exists, values: [x]}]}}\n"));
        m.put("bad label value", ManifestValidatorTest.manifest(APP
                + "  targets: {selector: {matchLabels: {role: \"a b\"}}}\n"));
        m.put("bad device id", ManifestValidatorTest.manifest(APP + "  targets: {devices: [\"SW_1\"]}\n"));
        m.put("bad state", base + "  state: paused\n");
        m.put("wave with both", base + "  rollout: {waves: [{percent: 5, count: 1}]}\n");
        m.put("wave over 100", base + "  rollout: {waves: [{percent: 101}]}\n");
        m.put("no waves", base + "  rollout: {waves: []}\n");
        m.put("percent words", base + "  rollout: {maxUnavailable: 5 percent}\n");
        m.put("zero unavailable", base + "  rollout: {maxUnavailable: 0}\n");
        m.put("duration words", base + "  rollout: {healthyFor: 1 minute}\n");
        m.put("bad day", base + "  rollout: {windows: [{days: [someday], start: \"01:00\", end: \"02:00\"}]}\n");
        m.put("bad time", base + "  rollout: {windows: [{days: [mon], start: \"1:00\", end: \"02:00\"}]}\n");
        m.put("policer word", base + "  devicePolicy: {cppPolicers: {sys-data: off-ish}}\n");
        m.put("policer rate when disabled", base
                + "  devicePolicy: {cppPolicers: {sys-data: {enabled: false, ratePps: 5}}}\n");
        m.put("bad policer class", base + "  devicePolicy: {cppPolicers: {\"Sys Data\": disabled}}\n");
        m.put("vpg without number", ManifestValidatorTest.manifest(APP
                + "    network: {mode: virtual-port-group}\n" + TARGETS));
        m.put("vpg number elsewhere", ManifestValidatorTest.manifest(APP
                + "    network: {mode: management, virtualPortGroup: 0}\n" + TARGETS));
        m.put("host-interfaces without interface", ManifestValidatorTest.manifest(APP
                + "    network: {mode: host-interfaces}\n" + TARGETS));
        m.put("bad cidr", ManifestValidatorTest.manifest(APP
                + "    network: {mode: management, interfaces: [{index: 0, ipv4: 10.0.0.1}]}\n" + TARGETS));
        m.put("vlan 0", ManifestValidatorTest.manifest(APP
                + "    network: {mode: appgigabit-trunk, interfaces: [{index: 0, vlan: 0}]}\n" + TARGETS));
        m.put("bad published port", ManifestValidatorTest.manifest(APP
                + "    network: {mode: host, publishedPorts: [\"http\"]}\n" + TARGETS));
        m.put("guest agent without socket", ManifestValidatorTest.manifest(APP + "    guestAgent: {host: h1}\n" + TARGETS));
        m.put("relative agent socket", ManifestValidatorTest.manifest(APP + "    guestAgent: {socket: run/q}\n" + TARGETS));
        m.put("agent socket with ..", ManifestValidatorTest.manifest(APP + "    guestAgent: {socket: /a/../b}\n" + TARGETS));
        m.put("agent socket with ;", ManifestValidatorTest.manifest(APP + "    guestAgent: {socket: \"/a;id\"}\n" + TARGETS));
        m.put("agent host with ;", ManifestValidatorTest.manifest(APP
                + "    guestAgent: {socket: /q, host: \"h;id\"}\n" + TARGETS));
        m.put("agent port 0", ManifestValidatorTest.manifest(APP + "    guestAgent: {socket: /q, port: 0}\n" + TARGETS));
        return m;
    }

    /** Rules a JSON Schema cannot state; the server refuses these, the schema lets them pass. */
    static Map<String, String> serverOnly() {
        Map<String, String> m = new LinkedHashMap<>();
        String base = ManifestValidatorTest.manifest(APP + TARGETS);
        m.put("waves not cumulative", base + "  rollout: {waves: [{percent: 50}, {percent: 10}]}\n");
        m.put("unknown time zone", base
                + "  rollout: {windows: [{days: [mon], start: \"01:00\", end: \"02:00\", timeZone: Mars/Base}]}\n");
        m.put("window of no length", base + "  rollout: {windows: [{days: [mon], start: \"01:00\", end: \"01:00\"}]}\n");
        m.put("healthyFor over a day", base + "  rollout: {healthyFor: 25h}\n");
        m.put("contradictory selector", ManifestValidatorTest.manifest(APP
                + "  targets: {selector: {matchLabels: {a: x}, matchExpressions: [{key: a, operator: DoesNotExist}]}}\n"));
        m.put("two gateways", ManifestValidatorTest.manifest(APP + "    network: {mode: management, interfaces:"
                + " [{index: 0, gateway: 10.0.0.1}, {index: 1, gateway: 10.0.0.2}]}\n" + TARGETS));
        m.put("duplicate interface index", ManifestValidatorTest.manifest(APP
                + "    network: {mode: management, interfaces: [{index: 0}, {index: 0}]}\n" + TARGETS));
        m.put("port out of range", ManifestValidatorTest.manifest(APP
                + "    network: {mode: host, publishedPorts: [\"70000\"]}\n" + TARGETS));
        m.put("emoji in run option", ManifestValidatorTest.manifest(APP + "    runOpts: [\"-e X=\\U0001F600\"]\n"
                + TARGETS));
        m.put("agent host not IPv6", ManifestValidatorTest.manifest(APP
                + "    guestAgent: {socket: /q, host: \"fd00::ab::1\"}\n" + TARGETS));
        m.put("agent host all digits", ManifestValidatorTest.manifest(APP
                + "    guestAgent: {socket: /q, host: 10.0.0.300}\n" + TARGETS));
        return m;
    }

    @Test
    void schemaAndValidatorAgree() throws Exception {
        List<String> disagreements = new ArrayList<>();
        for (var e : good().entrySet()) {
            check(e.getKey(), e.getValue(), true, true, disagreements);
        }
        for (var e : bad().entrySet()) {
            check(e.getKey(), e.getValue(), false, false, disagreements);
        }
        for (var e : serverOnly().entrySet()) {
            check(e.getKey(), e.getValue(), true, false, disagreements);
        }
        assertThat(disagreements).isEmpty();
    }

    private static void check(String name, String yaml, boolean schemaOk, boolean serverOk, List<String> out)
            throws Exception {
        JsonNode doc = YAML.readTree(yaml);
        List<Error> errors = SCHEMA.validate(doc);
        boolean server = true;
        try {
            ManifestReader.read(yaml, ManifestFormat.YAML);
        } catch (InvalidManifestException e) {
            server = false;
        }
        if (errors.isEmpty() != schemaOk) {
            out.add(name + ": schema " + (errors.isEmpty() ? "accepts" : "refuses " + errors));
        }
        if (server != serverOk) {
            out.add(name + ": server " + (server ? "accepts" : "refuses"));
        }
    }

    @Test
    void theSchemaCarriesTheValidatorsGrammarsAndIsAValidDraft202012Schema() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SchemaResource.load());
        Set<String> patterns = new HashSet<>();
        schema.findValues("pattern").forEach(p -> patterns.add(p.asText()));
        for (Field f : ManifestGrammar.class.getFields()) {
            assertThat(patterns).as(f.getName()).contains((String) f.get(null));
        }
        Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(meta.validate(schema)).isEmpty();
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }
}
