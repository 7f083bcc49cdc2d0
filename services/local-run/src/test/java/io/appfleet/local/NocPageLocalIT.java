package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.appfleet.testsupport.HeadlessChromium;
import io.appfleet.testsupport.ServiceProcess;

/**
 * The NOC page with the data of a real run: {@code deploy/local/appfleet up} with a small simulated
 * fleet converging, then headless Chromium on the telemetry service the run started. The page must
 * tell what the run told (every simulated device Synced and Healthy, each deployment's rollout done)
 * and list the apps the rollouts put on a device. Screenshots stay in target/noc-screenshots/.
 */
class NocPageLocalIT {

    private static final Path REPO = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Path SHOTS = Path.of("target", "noc-screenshots");
    private static final int DEVICES = 10;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theNocPageShowsTheSimulatedFleetOfARealRun(@TempDir Path data) throws Exception {
        HeadlessChromium.require();
        int port = freePortBase();
        String noc = "http://127.0.0.1:" + (port + 3) + "/noc";
        Path out = data.resolve("run.out");
        Path err = data.resolve("run.err");
        List<String> command = new ArrayList<>(List.of(REPO.resolve("deploy/local/appfleet").toString(), "up",
                "--no-build", "--devices=" + DEVICES, "--sim-address=" + simAddress(), "--converge-timeout=180s",
                "--http-port-base=" + port, "--data-dir=" + data.resolve("run")));
        Process run = new ProcessBuilder(command).directory(REPO.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try {
            String text = awaitOutput(run, out, err, "appfleet: running; press Ctrl-C to stop", Duration.ofMinutes(5));
            assertTrue(text.contains("converged: all " + DEVICES + " simulated devices Synced and Healthy"), text);
            assertTrue(text.contains("NOC page            " + noc), text);
            int examples = Files.readAllLines(REPO.resolve("deploy/examples/inventory/devices.csv")).size() - 1;
            List<String> simulated = Files.readAllLines(data.resolve("run/sim/sim-devices.csv")).stream().skip(1)
                    .map(l -> l.substring(0, l.indexOf(','))).sorted().toList();
            assertEquals(DEVICES, simulated.size());

            try (HeadlessChromium.Session s = HeadlessChromium.open(URI.create(noc), 1600, 1000)) {
                s.await("document.getElementById('live-status').dataset.state", "ok"::equals, WAIT);
                // What the run said: every simulated device Synced and Healthy. The example fleet's devices
                // (imported too, with no device behind them) are never observed: neither synced nor healthy.
                assertEquals(String.valueOf(DEVICES + examples), s.text(tile("devices")));
                assertEquals(String.valueOf(DEVICES), s.text(tile("synced")));
                assertEquals(String.valueOf(DEVICES), s.text(tile("healthy")));
                assertEquals("0", s.text(tile("unreachable")));
                assertEquals(String.valueOf(DEVICES), s.text(tile("apps-running")), "one app per simulated device");
                // Every rollout done, each wave complete.
                JsonNode rollouts = s.evaluate("[...document.querySelectorAll('[data-rollout]')].map(r => ({name:"
                        + " r.dataset.rollout, state: r.querySelector('.badge').textContent, waves:"
                        + " [...r.querySelectorAll('[data-progress]')].map(p => p.textContent)}))");
                assertEquals(List.of("acc-probe", "infix-web", "xr-probe"), names(rollouts, "name"), rollouts.toString());
                for (JsonNode r : rollouts) {
                    assertEquals("Succeeded", r.get("state").asText(), r.toString());
                    for (JsonNode w : r.get("waves")) {
                        String[] done = w.asText().split("/");
                        assertEquals(done[1], done[0], "wave complete: " + r);
                    }
                }
                assertEquals(3, rollouts.get(0).get("waves").size(), "acc-probe rolls out in three waves");
                s.screenshot(SHOTS.resolve("local-run-noc.png"), false);

                // The simulated devices, filtered by their label: all Synced and Healthy with their app running.
                s.navigate(URI.create(noc + "?label=source%3Ddevice-sim"));
                JsonNode rows = s.evaluate("[...document.querySelectorAll('tr[data-device]')].map(r => ({id:"
                        + " r.dataset.device, sync: r.children[4].textContent, health: r.children[5].textContent,"
                        + " apps: r.children[6].textContent}))");
                assertEquals(simulated, names(rows, "id"));
                for (JsonNode r : rows) {
                    assertEquals("Synced", r.get("sync").asText(), r.toString());
                    assertEquals("Healthy", r.get("health").asText(), r.toString());
                    assertEquals("1/1", r.get("apps").asText(), r.toString());
                }
                s.screenshot(SHOTS.resolve("local-run-noc-simulated.png"), true);

                // A simulated IOS-XE switch: the probe acc-probe put there, its reconcile steps, its charts.
                String device = simulated.stream().filter(id -> id.contains("iosxe")).findFirst().orElseThrow();
                s.navigate(URI.create(noc + "/devices/" + device));
                JsonNode apps = s.evaluate("[...document.querySelectorAll('tr[data-app]')].map(r => ({id: r.dataset.app,"
                        + " state: r.children[1].textContent.trim(), sync: r.children[3].textContent.trim(),"
                        + " health: r.children[4].textContent.trim(), deployment: r.children[6].textContent}))");
                assertEquals(1, apps.size(), apps.toString());
                assertEquals("probe", apps.get(0).get("id").asText());
                assertEquals("Running", apps.get(0).get("state").asText());
                assertEquals("Synced", apps.get(0).get("sync").asText());
                assertEquals("Healthy", apps.get(0).get("health").asText());
                assertEquals("acc-probe r1", apps.get(0).get("deployment").asText());
                List<String> steps = names(s.evaluate("[...document.querySelectorAll('tr[data-event]')]"
                        + ".map(r => ({step: r.children[1].textContent}))"), "step");
                assertTrue(steps.contains("Install") && steps.contains("Start"), steps.toString());
                assertEquals(3, s.evaluate("document.querySelectorAll('[data-chart]').length").asInt());
                // The adapter samples every 60 s: the app's first CPU and memory points arrive on the open page.
                s.await("document.querySelectorAll('[data-chart=cpu] [data-series=probe]').length", n -> !"0".equals(n),
                        Duration.ofMinutes(3));
                s.await("document.querySelectorAll('[data-chart=memory] [data-series=probe]').length",
                        n -> !"0".equals(n), WAIT);
                assertTrue(s.text("document.querySelector('[data-chart=cpu] .legend').textContent").contains("probe"));
                s.screenshot(SHOTS.resolve("local-run-device.png"), true);
            }
        } finally {
            run.destroy(); // SIGTERM: the run stops everything it started
            if (!run.waitFor(90, TimeUnit.SECONDS)) {
                run.destroyForcibly();
            }
        }
        String text = Files.readString(out);
        assertTrue(text.contains("stopped telemetry"), text);
        assertTrue(text.contains("stopped PostgreSQL"), text);
    }

    private static String tile(String key) {
        return "document.querySelector('[data-tile=\"" + key + "\"] [data-value]').textContent";
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    /** Waits for {@code line} in the run's output; fails with the output when the run ends or time is up first. */
    private static String awaitOutput(Process run, Path out, Path err, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = Files.readString(out);
            if (text.contains(line)) {
                return text;
            }
            if (!run.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError((run.isAlive() ? "no '" + line + "' within " + timeout
                        : "the run ended with " + run.exitValue()) + ":\n" + text + "\n" + Files.readString(err));
            }
            Thread.sleep(250);
        }
    }

    /** A port base whose next three (desired-state, device-adapter, telemetry) were free a moment ago too. */
    private static int freePortBase() {
        for (int i = 0; i < 50; i++) {
            int port = ServiceProcess.freePort();
            if (port + 3 <= 65535 && Arrays.stream(new int[] {1, 2, 3}).allMatch(o -> ServiceProcess.isPortFree(port + o))) {
                return port;
            }
        }
        throw new IllegalStateException("no four free ports in a row on 127.0.0.1");
    }

    /** A block of loopback addresses of its own, so a run elsewhere on the machine cannot clash. */
    private static String simAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + (40 + r.nextInt(50)) + "." + r.nextInt(250) + ".1";
    }
}
