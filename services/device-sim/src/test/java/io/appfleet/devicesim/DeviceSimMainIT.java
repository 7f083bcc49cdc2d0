package io.appfleet.devicesim;

import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.infix.InfixDriver;
import io.appfleet.drivers.iosxr.IosxrDriver;
import io.appfleet.drivers.ssh.SshClients;
import org.apache.sshd.client.SshClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The packaged jar run as a process, as in the local run: printed lines, the inventory CSV, SIGTERM, bad flags. */
class DeviceSimMainIT {

    private static final Path JAR = Path.of("target", "device-sim.jar");
    private static final Pattern LINE = Pattern.compile(
            "(iosxe|iosxr|infix) (sim-\\1-\\d+) ([\\d.]+):(\\d+) (\\S+) (ssh-host-key|tls-certificate) (SHA256:[A-Za-z0-9+/]{43})");

    private static Process run(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(Arrays.asList(args));
        // stdout to a file: Process.destroy() closes the pipes, and the last line comes after SIGTERM.
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
    }

    /** stdout lines up to and including the "started" line. */
    private static List<String> linesUntilStarted(Process p, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.readAllLines(dir.resolve("stdout.txt"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("started ")) {
                    return lines.subList(0, i + 1);
                }
            }
            if (!p.isAlive()) {
                throw new AssertionError("exited " + p.exitValue() + ": " + lines + " " + Files.readString(dir.resolve("stderr.txt")));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no 'started' line within 60 s");
    }

    @Test
    void specFilePrintsEveryDeviceWritesTheCsvAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("the runnable jar is built in package").exists();
        String base = TestAddresses.base();
        int port = TestAddresses.port();
        Files.writeString(dir.resolve("fleet.yaml"), """
                baseAddress: %s
                credentials: {username: admin, password: Main-Pass1}
                platforms:
                  iosxe: {count: 2, osVersions: ["16.12.5", "17.9.4"], port: %d}
                  iosxr: {count: 1, port: %d}
                  infix: {count: 1, port: %d}
                latencyMs: 1
                """.formatted(base, port, port, port + 1));
        Process p = run(dir, "--spec", "fleet.yaml", "--inventory-csv", "devices.csv", "--inventory-json", "devices.json");
        try {
            List<String> lines = linesUntilStarted(p, dir);
            assertThat(lines).last().isEqualTo("started 4 devices; Ctrl-C to stop");
            List<Matcher> devices = lines.subList(0, 4).stream().map(LINE::matcher).toList();
            assertThat(devices).allMatch(Matcher::matches);
            assertThat(devices).extracting(m -> m.group(1) + " " + m.group(2) + " " + m.group(5))
                    .containsExactly("iosxe sim-iosxe-1 16.12.5", "iosxe sim-iosxe-2 17.9.4", "iosxr sim-iosxr-1 7.3.1",
                            "infix sim-infix-1 25.01");
            String[] octets = base.split("\\.");
            String prefix = octets[0] + "." + octets[1] + "." + octets[2] + ".";
            assertThat(devices).extracting(m -> m.group(3) + ":" + m.group(4)).containsExactly(
                    prefix + "1:" + port, prefix + "2:" + port, prefix + "3:" + port, prefix + "4:" + (port + 1));

            // The printed fingerprints are the ones the drivers see: pinned, they connect.
            Matcher xr = devices.get(2);
            SshClient ssh = SshClients.startShared();
            try (IosxrDriver driver = new IosxrDriver(target(xr), ssh)) {
                driver.connect();
                assertThat(driver.installedApps()).isEmpty();
            } finally {
                ssh.stop();
            }
            try (InfixDriver driver = new InfixDriver(target(devices.get(3)))) {
                driver.connect();
                assertThat(driver.hostKeyFingerprint()).isEqualTo(devices.get(3).group(7));
            }

            List<String> csv = Files.readAllLines(dir.resolve("devices.csv"));
            assertThat(csv.get(0)).isEqualTo(InventoryCsv.HEADER);
            List<String> example = Arrays.asList(Files.readAllLines(Path.of("../../deploy/examples/inventory/devices.csv"))
                    .get(0).split(","));
            assertThat(Arrays.asList(csv.get(0).split(","))).as("the inventory import's columns")
                    .containsAll(example).hasSize(example.size() + 1).contains("sshHostKeyFingerprint");
            assertThat(csv).hasSize(5);
            for (int i = 0; i < 4; i++) {
                Matcher m = devices.get(i);
                String[] row = csv.get(i + 1).split(",", -1);
                assertThat(row).hasSize(14);
                boolean sshDevice = !m.group(1).equals("infix");
                assertThat(row).startsWith(m.group(2), m.group(1), m.group(5), m.group(3), m.group(4),
                        sshDevice ? "ssh-cli" : "restconf");
                assertThat(row[11]).isEqualTo("managed");
                assertThat(row[13]).as("the pin: host key, or the Infix certificate").isEqualTo(m.group(7));
            }

            // The JSON import carries the same devices with their logins, in a file only its owner reads.
            Path json = dir.resolve("devices.json");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(json)))
                    .isEqualTo("rw-------");
            com.fasterxml.jackson.databind.JsonNode imported = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(json.toFile()).get("devices");
            assertThat(imported).hasSize(4);
            for (int i = 0; i < 4; i++) {
                Matcher m = devices.get(i);
                com.fasterxml.jackson.databind.JsonNode d = imported.get(i);
                assertThat(d.get("id").asText()).isEqualTo(m.group(2));
                assertThat(d.get("platform").asText()).isEqualTo(m.group(1));
                assertThat(d.get("host").asText() + ":" + d.get("port").asInt()).isEqualTo(m.group(3) + ":" + m.group(4));
                assertThat(d.get("sshHostKeyFingerprint").asText()).isEqualTo(m.group(7));
                assertThat(d.get("credentials").get("username").asText()).isEqualTo("admin");
                assertThat(d.get("credentials").get("password").asText()).isEqualTo("Main-Pass1");
                assertThat(d.has("credentialsRef")).isFalse();
            }

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
            assertThat(Files.readString(dir.resolve("stdout.txt"))).contains("stopped 4 devices");
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(devices.get(0).group(3), port), 2000);
                }
            }).as("the servers are closed").isInstanceOf(IOException.class);
        } finally {
            p.destroyForcibly();
        }
    }

    private static DeviceTarget target(Matcher m) {
        return new DeviceTarget(m.group(2), m.group(3), Integer.parseInt(m.group(4)), m.group(5),
                new DeviceTarget.Login("admin", "Main-Pass1"), m.group(7))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void flagsStartAFleetToo(@TempDir Path dir) throws Exception {
        Process p = run(dir, "--iosxe=1", "--infix=1", "--base=" + TestAddresses.base(), "--port=" + TestAddresses.port(),
                "--infix-port", String.valueOf(TestAddresses.port()), "--latency-ms=2");
        try {
            List<String> lines = linesUntilStarted(p, dir);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).matches(LINE).startsWith("iosxe sim-iosxe-1 ");
            assertThat(lines.get(1)).matches(LINE).startsWith("infix sim-infix-1 ");
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    @Test
    void badFlagsExitTwoWithAMessage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "platforms: {iosxe: {count: 1}}\nfaults: {stallRate: 3}\n");
        record Case(List<String> args, String message) {
        }
        for (Case c : List.of(
                new Case(List.of("--iosxe=-1"), "--iosxe: must be 0 or more"),
                new Case(List.of("--colour=red"), "--colour: unknown flag"),
                new Case(List.of("--crash-rate=1.5"), "--crash-rate: must be between 0 and 1"),
                new Case(List.of("iosxe"), "unexpected argument 'iosxe'"),
                new Case(List.of("--spec"), "--spec needs a value"),
                new Case(List.of("--spec", "missing.yaml"), "cannot read missing.yaml"),
                new Case(List.of("--spec", "bad.yaml"), "faults.stallRate: must be between 0 and 1"),
                new Case(List.of("--spec", "bad.yaml", "--iosxe=2"), "--spec cannot be combined with --iosxe"))) {
            Process p = run(dir, c.args().toArray(String[]::new));
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("%s", c.args()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("stderr.txt"))).as("%s", c.args()).contains(c.message()).contains("usage:");
        }
    }
}
