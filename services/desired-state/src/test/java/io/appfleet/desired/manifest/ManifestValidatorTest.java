package io.appfleet.desired.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.appfleet.desired.manifest.AppDeployment.AppState;
import io.appfleet.desired.manifest.AppDeployment.NetworkMode;
import io.appfleet.platform.problem.FieldError;

class ManifestValidatorTest {

    static String resource(String name) {
        try (InputStream in = ManifestValidatorTest.class.getResourceAsStream("/manifests/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid YAML manifest whose spec lines can be swapped by tests. */
    static String manifest(String specBody) {
        return "apiVersion: appfleet/v1\nkind: AppDeployment\nmetadata: {name: t1}\nspec:\n" + specBody;
    }

    static final String APP = "  app:\n    id: probe\n    package: {url: \"https://repo.example.net/p.tar\","
            + " sha256: \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}\n";
    static final String TARGETS = "  targets: {platforms: [iosxe]}\n";

    static Map<String, String> errors(String yaml) {
        try {
            ManifestReader.read(yaml, ManifestFormat.YAML);
        } catch (InvalidManifestException e) {
            Map<String, String> out = new LinkedHashMap<>();
            for (FieldError f : e.errors()) {
                out.merge(f.field(), f.message(), (a, b) -> a + " | " + b);
            }
            assertThat(e.status()).isEqualTo(400);
            return out;
        }
        throw new AssertionError("expected the manifest to be refused:\n" + yaml);
    }

    @Test
    void theBriefsExampleReadsCompletely() {
        AppDeployment d = ManifestReader.read(resource("perfsonar.yaml"), ManifestFormat.YAML);
        assertThat(d.name()).isEqualTo("perfsonar-probes");
        assertThat(d.spec().app().id()).isEqualTo("perfsonar");
        assertThat(d.spec().app().pkg().sizeBytes()).isEqualTo(52_428_800L);
        assertThat(d.spec().app().resources().cpuUnits()).isEqualTo(7000);
        assertThat(d.spec().app().runOpts()).containsExactly("--cap-add=NET_ADMIN", "-e MODE=probe");
        assertThat(d.spec().app().network().mode()).isEqualTo(NetworkMode.MANAGEMENT);
        assertThat(d.spec().targets().selector().matchExpressions().get(0).values()).containsExactly("ams", "fra");
        assertThat(d.spec().state()).isEqualTo(AppState.RUNNING);
        assertThat(d.spec().rollout().waves()).extracting(AppDeployment.Wave::percent).containsExactly(1, 10, 100);
        assertThat(d.spec().rollout().maxUnavailable().percent()).isEqualByComparingTo(new BigDecimal(5));
        assertThat(d.spec().rollout().failureThreshold().of(1000)).isEqualTo(20);
        assertThat(d.spec().rollout().healthyForDuration()).hasSeconds(60);
        assertThat(d.spec().rollout().windows().get(0).timeZone()).isEqualTo("Europe/Amsterdam");
        assertThat(d.spec().devicePolicy().cppPolicers().get("system-cpp-police-sys-data").enabled()).isFalse();
    }

    @Test
    void jsonImagesCountsAndAbsentAppsRead() {
        AppDeployment infix = ManifestReader.read(resource("infix-image.json"), ManifestFormat.JSON);
        assertThat(infix.spec().app().image().reference()).isEqualTo("docker://nginx:alpine");
        assertThat(infix.spec().state()).isEqualTo(AppState.STOPPED);
        assertThat(infix.spec().rollout().waves()).extracting(AppDeployment.Wave::count).containsExactly(1, 10);
        assertThat(infix.spec().rollout().maxUnavailable().of(50)).isEqualTo(1);
        assertThat(infix.spec().prune()).isTrue();
        assertThat(infix.spec().app().network().dns()).containsExactly("192.168.2.1", "2001:db8::53");

        AppDeployment absent = ManifestReader.read(resource("xr-absent.yaml"), ManifestFormat.YAML);
        assertThat(absent.spec().state()).isEqualTo(AppState.ABSENT);
        assertThat(absent.spec().app().pkg()).isNull();

        AppDeployment vpg = ManifestReader.read(resource("vpg-rate.yaml"), ManifestFormat.YAML);
        assertThat(vpg.spec().app().network().virtualPortGroup()).isZero();
        assertThat(vpg.spec().devicePolicy().cppPolicers().get("system-cpp-police-sys-data").ratePps()).isEqualTo(2000);
        assertThat(vpg.spec().targets().platforms()).isEmpty();
    }

    @Test
    void everyBadFieldIsNamedByItsPathInOneAnswer() {
        Map<String, String> e = errors("""
                apiVersion: appfleet/v2
                kind: AppDeployment
                metadata: {name: Bad_Name, colour: blue}
                spec:
                  app:
                    id: 9lives
                    package: {url: "ftp://x/p.tar", sha256: "ABC"}
                    resources: {cpuUnits: 7000.5, memoryMb: 1Gi, diskMb: -1}
                    runOpts: ["--ok", "x\\ny"]
                  targets: {platforms: [iosxe, junos]}
                  state: paused
                  rollout:
                    waves: [{percent: 10}, {percent: 5}, {percent: 50, count: 3}]
                    maxUnavailable: 5 percent
                    healthyFor: 60 seconds
                """);
        assertThat(e).containsOnlyKeys("apiVersion", "metadata.name", "metadata.colour", "spec.app.id",
                "spec.app.package.url", "spec.app.package.sha256", "spec.app.resources.cpuUnits",
                "spec.app.resources.memoryMb", "spec.app.resources.diskMb", "spec.app.runOpts[1]",
                "spec.targets.platforms[1]", "spec.state", "spec.rollout.waves[1].percent", "spec.rollout.waves[2]",
                "spec.rollout.maxUnavailable", "spec.rollout.healthyFor");
        assertThat(e.get("metadata.colour")).isEqualTo("unknown field");
        assertThat(e.get("spec.app.resources.memoryMb")).contains("whole number of MiB").contains("1Gi");
        assertThat(e.get("spec.app.resources.cpuUnits")).contains("whole number");
        assertThat(e.get("spec.app.runOpts[1]")).contains("line break");
        assertThat(e.get("spec.rollout.waves[1].percent")).contains("cumulative");
        assertThat(e.get("spec.rollout.waves[2]")).contains("exactly one of percent and count");
        assertThat(e.get("spec.rollout.healthyFor")).contains("90s");
    }

    @Test
    void injectionCharactersAreRefusedWhereverTheyReachADevice() {
        Map<String, String> e = errors(manifest("""
                  app:
                    id: probe
                    image: {reference: "docker://nginx:alpine;reload"}
                    runOpts: ["--name x\\"y", "a;b", "tab\\there", "zero\\u200Bwidth", "`id`"]
                    env: {GOOD: "x", "BAD-KEY": "y", QUOTE: "it's", NEWLINE: "a\\rb", NUM: 5}
                    command: "sh -c \\"reboot\\""
                    network: {mode: host, dns: ["8.8.8.8; reload"], publishedPorts: ["80:99999"]}
                  targets: {platforms: [infix], devices: ["Bad Device"]}
                  devicePolicy: {cppPolicers: {"class;no police": disabled}}
                """));
        assertThat(e).containsKeys("spec.app.image.reference", "spec.app.runOpts[0]", "spec.app.runOpts[1]",
                "spec.app.runOpts[2]", "spec.app.runOpts[3]", "spec.app.runOpts[4]", "spec.app.env.BAD-KEY",
                "spec.app.env.QUOTE", "spec.app.env.NEWLINE", "spec.app.env.NUM", "spec.app.command",
                "spec.app.network.dns[0]", "spec.app.network.publishedPorts[0]", "spec.targets.devices[0]",
                "spec.devicePolicy.cppPolicers.class;no police");
        assertThat(e).doesNotContainKey("spec.app.env.GOOD");
        assertThat(e.get("spec.app.runOpts[0]")).contains("quote");
        assertThat(e.get("spec.app.runOpts[1]")).contains("';'");
        assertThat(e.get("spec.app.runOpts[2]")).contains("control character");
        assertThat(e.get("spec.app.runOpts[3]")).contains("control character");
        assertThat(e.get("spec.app.env.NUM")).contains("quote numbers");
    }

    @Test
    void packageAndImageAreExclusiveAndOneIsNeededUnlessAbsent() {
        assertThat(errors(manifest("  app: {id: probe}\n" + TARGETS))).containsOnlyKeys("spec.app");
        assertThat(errors(manifest("  app:\n    id: probe\n    image: {reference: nginx}\n"
                + "    package: {url: \"https://r.example/p.tar\", sha256: \""
                + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}\n" + TARGETS)))
                .containsOnlyKeys("spec.app.image");
        assertThat(errors(manifest(APP.replace("sha256: \"9f86", "sizeBytes: 1, sha256: \"9F86") + TARGETS)))
                .containsOnlyKeys("spec.app.package.sha256");
        assertThat(errors(manifest(APP.replace("p.tar", "dir/") + TARGETS))).containsOnlyKeys("spec.app.package.url");
        assertThat(errors(manifest(APP.replace("https://", "https://user:pw@") + TARGETS)))
                .containsOnlyKeys("spec.app.package.url");
        assertThat(errors(manifest(APP.replace("p.tar", "p.tar?token=1") + TARGETS)))
                .containsOnlyKeys("spec.app.package.url");
    }

    @Test
    void targetsNeedSomethingAndSelectorsMustBeWellFormedAndSatisfiable() {
        assertThat(errors(manifest(APP + "  targets: {}\n"))).containsOnlyKeys("spec.targets");
        assertThat(errors(manifest(APP + "  targets: {platforms: []}\n"))).containsOnlyKeys("spec.targets");
        assertThat(errors(manifest(APP + "  targets: {selector: {}}\n"))).containsOnlyKeys("spec.targets.selector");
        assertThat(errors(manifest(APP + "  targets: {selector: {matchLabels: {role: access},"
                + " matchExpressions: [{key: role, operator: In, values: [core]}]}}\n")))
                .containsOnlyKeys("spec.targets.selector").extractingByKey("spec.targets.selector").asString()
                .contains("never match");
        assertThat(errors(manifest(APP + "  targets: {selector: {matchExpressions: [{key: role, operator: In},"
                + " {key: site, operator: Exists, values: [ams]}, {key: x, operator: Like, values: [a]},"
                + " {key: \"-bad\", operator: Exists}]}}\n")))
                .containsOnlyKeys("spec.targets.selector.matchExpressions[0].values",
                        "spec.targets.selector.matchExpressions[1].values",
                        "spec.targets.selector.matchExpressions[2].operator",
                        "spec.targets.selector.matchExpressions[3].key");
        assertThat(errors(manifest(APP + "  targets: {devices: [sw1, sw1]}\n"))).containsOnlyKeys("spec.targets.devices[1]");
    }

    @Test
    void rolloutUnitsAndWindowsAreChecked() {
        Map<String, String> e = errors(manifest(APP + TARGETS + """
                  rollout:
                    waves: [{count: 0}, {percent: 101}, {percent: 20, extra: 1}, 5]
                    maxUnavailable: 0
                    failureThreshold: 120%
                    healthyFor: 25h
                    autoRollback: yes please
                    windows: [{days: [mon, funday, mon], start: "25:00", end: "04:00", timeZone: Mars/Olympus},
                              {days: [], start: "10:00", end: "10:00"}]
                """));
        assertThat(e).containsOnlyKeys("spec.rollout.waves[0].count", "spec.rollout.waves[1].percent",
                "spec.rollout.waves[2].extra", "spec.rollout.waves[3]", "spec.rollout.maxUnavailable",
                "spec.rollout.failureThreshold", "spec.rollout.healthyFor", "spec.rollout.autoRollback",
                "spec.rollout.windows[0].days[1]", "spec.rollout.windows[0].days[2]", "spec.rollout.windows[0].start",
                "spec.rollout.windows[0].timeZone", "spec.rollout.windows[1].days", "spec.rollout.windows[1].end");
        assertThat(errors(manifest(APP + TARGETS + "  rollout: {waves: []}\n"))).containsOnlyKeys("spec.rollout.waves");
    }

    @Test
    void networkRulesDependOnTheMode() {
        assertThat(errors(manifest(APP.replace("\n  targets", "") + "    network: {mode: virtual-port-group}\n" + TARGETS)))
                .containsOnlyKeys("spec.app.network.virtualPortGroup");
        assertThat(errors(manifest(APP + "    network: {mode: management, virtualPortGroup: 1}\n" + TARGETS)))
                .containsOnlyKeys("spec.app.network.virtualPortGroup");
        assertThat(errors(manifest(APP + "    network: {mode: host-interfaces, interfaces: [{index: 0}]}\n" + TARGETS)))
                .containsOnlyKeys("spec.app.network.interfaces[0].hostInterface");
        assertThat(errors(manifest(APP + "    network: {mode: bridge, interfaces: [{index: 0, gateway: 10.0.0.1,"
                + " ipv4: 10.0.0.300/24}, {index: 0, gateway: 10.0.0.2, ipv6: \"2001:db8::zz/64\", vlan: 4095,"
                + " mac: \"02:00:00:00:00:0G\"}]}\n" + TARGETS)))
                .containsOnlyKeys("spec.app.network.mode", "spec.app.network.interfaces[0].ipv4",
                        "spec.app.network.interfaces[1].index", "spec.app.network.interfaces[1].ipv6",
                        "spec.app.network.interfaces[1].vlan", "spec.app.network.interfaces[1].mac",
                        "spec.app.network.interfaces");
    }

    @Test
    void aGuestAgentNeedsASafeAbsoluteSocketAndAHostAndPortIfGiven() {
        AppDeployment d = ManifestReader.read(manifest(APP + "    guestAgent: {socket: /var/lib/libvirt/qemu/vm1.agent,"
                + " host: kvm-1.example.net, port: 2222}\n" + TARGETS), ManifestFormat.YAML);
        assertThat(d.spec().app().guestAgent())
                .isEqualTo(new AppDeployment.GuestAgent("/var/lib/libvirt/qemu/vm1.agent", "kvm-1.example.net", 2222));
        assertThat(ManifestReader.read(manifest(APP + "    guestAgent: {socket: /run/qga.sock, host: \"fd00::2\"}\n"
                + TARGETS), ManifestFormat.YAML).spec().app().guestAgent())
                .isEqualTo(new AppDeployment.GuestAgent("/run/qga.sock", "fd00::2", null));

        assertThat(errors(manifest(APP + "    guestAgent: {host: 10.0.0.1}\n" + TARGETS)))
                .containsOnlyKeys("spec.app.guestAgent.socket");
        for (String socket : new String[] { "run/qga.sock", "\"/tmp/a b\"", "\"/tmp/x;reboot\"", "/tmp/../etc/shadow",
                "\"/tmp/x\\nid\"", "/" + "a".repeat(256) }) {
            assertThat(errors(manifest(APP + "    guestAgent: {socket: " + socket + "}\n" + TARGETS)))
                    .as(socket).containsOnlyKeys("spec.app.guestAgent.socket");
        }
        assertThat(errors(manifest(APP + "    guestAgent: {socket: /run/q, host: \"h;id\", port: 0, user: root}\n"
                + TARGETS))).containsOnlyKeys("spec.app.guestAgent.host", "spec.app.guestAgent.port",
                        "spec.app.guestAgent.user");
        assertThat(errors(manifest(APP + "    guestAgent: {socket: /run/q, host: 10.0.0.300, port: 65536}\n" + TARGETS)))
                .containsOnlyKeys("spec.app.guestAgent.host", "spec.app.guestAgent.port");
        assertThat(errors(manifest(APP + "    guestAgent: /run/q\n" + TARGETS))).containsOnlyKeys("spec.app.guestAgent");
    }

    @Test
    void cppPolicerForms() {
        assertThat(errors(manifest(APP + TARGETS + "  devicePolicy: {cppPolicers: {a-class: off,"
                + " b-class: {enabled: false, ratePps: 10}, c-class: {ratePps: 0}, d-class: 3}}\n")))
                .containsOnlyKeys("spec.devicePolicy.cppPolicers.a-class", "spec.devicePolicy.cppPolicers.b-class.ratePps",
                        "spec.devicePolicy.cppPolicers.c-class.ratePps", "spec.devicePolicy.cppPolicers.d-class");
    }

    @Test
    void parsingIsStrict() {
        assertThat(errors("apiVersion: appfleet/v1\napiVersion: appfleet/v1\n")).containsOnlyKeys("body");
        assertThat(errors("spec: [unclosed\n")).containsOnlyKeys("body");
        assertThat(errors(manifest(APP + TARGETS) + "---\n" + manifest(APP + TARGETS))).containsOnlyKeys("body")
                .extractingByKey("body").asString().contains("one manifest per request");
        assertThat(errors("- a list\n")).containsOnlyKeys("body");
        assertThatThrownBy(() -> ManifestReader.read("{\"apiVersion\": 1} trailing", ManifestFormat.JSON))
                .isInstanceOf(InvalidManifestException.class);
        // A billion-laughs document must not expand: it is answered at once, as a bad manifest.
        StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*")
                    .append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        long start = System.nanoTime();
        assertThat(errors(bomb.toString())).isNotEmpty();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void readAllJudgesEachDocument() {
        var docs = ManifestReader.readAll(manifest(APP + TARGETS) + "---\n" + manifest("  app: {id: X}\n" + TARGETS)
                + "---\n", ManifestFormat.YAML);
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).ok()).isTrue();
        assertThat(docs.get(1).ok()).isFalse();
        assertThat(docs.get(1).errors()).extracting(FieldError::field).contains("spec.app.id");
    }
}
