package io.appfleet.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where each applied deployment's rollout stands, from polls of desired-state: {@code GET
 * /api/v1/deployments/{name}/rollout}, or, when that answers 404 (no rollout yet, or a desired-state without the
 * endpoint), the deployment's {@code status} ({@code applied} of {@code targeted}). Each poll returns the lines worth
 * printing: a wave that opened, a rollout that succeeded, paused, resumed, was rolled back or aborted.
 */
final class RolloutProgress {

    private static final class Track {
        /** Whether the rollout endpoint answered for this deployment (else the status counts stand in). */
        boolean endpoint;
        String state;
        long revision = -1;
        int announced;
        int currentWave;
        int waveCount;
        String reason;
        long targeted = -1;
        long applied;
        long unschedulable;
        long conflicts;
        boolean appliedAnnounced;
        boolean gone;
    }

    private final Map<String, Track> tracks = new LinkedHashMap<>();

    RolloutProgress(List<String> names) {
        names.forEach(n -> tracks.put(n, new Track()));
    }

    List<String> names() {
        return List.copyOf(tracks.keySet());
    }

    /** A 200 of the rollout endpoint. */
    synchronized List<String> rollout(String name, JsonNode r) {
        Track t = track(name);
        List<String> lines = new ArrayList<>();
        t.endpoint = true;
        t.gone = false;
        long revision = r.path("revision").asLong(-1);
        if (revision != t.revision) {
            if (t.revision >= 0) {
                lines.add(name + ": rollout of revision " + revision + " started");
            }
            t.revision = revision;
            t.announced = 0;
        }
        t.waveCount = r.path("waveCount").asInt(r.path("waves").size());
        t.currentWave = r.path("currentWave").asInt(0);
        t.reason = r.hasNonNull("reason") ? r.get("reason").asText() : null;
        for (JsonNode w : r.path("waves")) {
            int index = w.path("index").asInt(0);
            String waveState = w.path("state").asText("Waiting");
            if (index == t.announced + 1 && !"Waiting".equals(waveState)) {
                long devices = w.path("devices").asLong(0);
                lines.add(name + ": wave " + index + "/" + t.waveCount + " open (" + devices
                        + (devices == 1 ? " device)" : " devices)"));
                t.announced = index;
            }
        }
        String state = r.path("state").asText("");
        if (!state.equals(t.state)) {
            String before = t.state;
            t.state = state;
            switch (state) {
                case "Succeeded" -> lines.add(name + ": rollout Succeeded (revision " + revision + ", "
                        + r.path("succeeded").asLong(0) + " devices)");
                case "Paused" -> lines.add(name + ": rollout Paused at wave " + t.currentWave + "/" + t.waveCount
                        + because(t.reason));
                case "RolledBack" -> lines.add(name + ": rollout RolledBack" + (r.hasNonNull("stableRevision")
                        ? " to revision " + r.get("stableRevision").asLong() : "") + because(t.reason));
                case "Aborted" -> lines.add(name + ": rollout Aborted" + because(t.reason));
                case "Progressing" -> {
                    if ("Paused".equals(before)) {
                        lines.add(name + ": rollout resumed at wave " + t.currentWave + "/" + t.waveCount);
                    }
                }
                default -> {
                    // a state this launcher does not know yet: shown in the progress line only
                }
            }
        }
        return lines;
    }

    /** A 404 of the rollout endpoint, with the deployment's JSON (null when that is gone too). */
    synchronized List<String> noRollout(String name, JsonNode deployment) {
        Track t = track(name);
        t.endpoint = false;
        t.state = null;
        if (deployment == null) {
            t.gone = true;
            return List.of();
        }
        t.gone = false;
        JsonNode s = deployment.path("status");
        t.targeted = s.path("targeted").asLong(0);
        t.applied = s.path("applied").asLong(0);
        t.unschedulable = s.path("unschedulable").asLong(0);
        t.conflicts = s.path("conflicts").asLong(0);
        if (t.applied == t.targeted && !t.appliedAnnounced) {
            t.appliedAnnounced = true;
            return List.of(name + ": applied to " + t.applied + "/" + t.targeted + " targeted devices");
        }
        if (t.applied != t.targeted) {
            t.appliedAnnounced = false;
        }
        return List.of();
    }

    /** Every deployment's rollout Succeeded (or, without a rollout, every targeted device has the revision). */
    synchronized boolean done() {
        return tracks.values().stream().allMatch(RolloutProgress::done);
    }

    private static boolean done(Track t) {
        if (t.gone) {
            return true;
        }
        return t.endpoint ? "Succeeded".equals(t.state) : t.targeted >= 0 && t.applied == t.targeted;
    }

    /** The deployments whose rollout ended without succeeding (rolled back or aborted), with the reason. */
    synchronized List<String> failed() {
        List<String> out = new ArrayList<>();
        tracks.forEach((name, t) -> {
            if (t.endpoint && ("RolledBack".equals(t.state) || "Aborted".equals(t.state))) {
                out.add(name + ": rollout " + t.state + because(t.reason));
            }
        });
        return out;
    }

    /** Where each deployment that is not done stands. */
    synchronized List<String> pending() {
        List<String> out = new ArrayList<>();
        tracks.forEach((name, t) -> {
            if (done(t)) {
                return;
            }
            if (t.endpoint) {
                out.add(name + ": rollout " + t.state + " at wave " + t.currentWave + "/" + t.waveCount
                        + because(t.reason));
            } else if (t.targeted < 0) {
                out.add(name + ": no answer from desired-state yet");
            } else {
                out.add(name + ": applied to " + t.applied + " of " + t.targeted + " targeted devices"
                        + (t.unschedulable + t.conflicts > 0 ? " (" + t.unschedulable + " unschedulable, "
                                + t.conflicts + " in conflict)" : ""));
            }
        });
        return out;
    }

    /** The short form for the progress line: {@code acc-probe wave 2/3, xr-probe Succeeded, infix-web 6/6 applied}. */
    synchronized String summary() {
        List<String> parts = new ArrayList<>();
        tracks.forEach((name, t) -> parts.add(name + " " + shortState(t)));
        return String.join(", ", parts);
    }

    private static String shortState(Track t) {
        if (t.gone) {
            return "deleted";
        }
        if (t.endpoint) {
            return switch (t.state) {
                case "Progressing" -> "wave " + t.currentWave + "/" + t.waveCount;
                case "Paused" -> "Paused " + t.currentWave + "/" + t.waveCount;
                default -> t.state;
            };
        }
        return t.targeted < 0 ? "?" : t.applied + "/" + t.targeted + " applied";
    }

    private Track track(String name) {
        Track t = tracks.get(name);
        if (t == null) {
            throw new IllegalArgumentException("not a deployment of this run: " + name);
        }
        return t;
    }

    private static String because(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }
}
