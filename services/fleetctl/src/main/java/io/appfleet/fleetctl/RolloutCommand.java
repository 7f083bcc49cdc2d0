package io.appfleet.fleetctl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleetctl rollout …}: watch and steer a deployment's rollout through its waves. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Show and control a deployment's rollout: status, pause, resume, abort, promote, undo.",
        subcommands = { RolloutCommand.Status.class, RolloutCommand.Pause.class, RolloutCommand.Resume.class,
                RolloutCommand.Abort.class, RolloutCommand.Promote.class, RolloutCommand.Undo.class })
final class RolloutCommand {

    /** The states a rollout stays in until someone acts: --watch stops there. */
    static final Set<String> SETTLED = Set.of("Succeeded", "Paused", "Aborted", "RolledBack");
    static final int EVENTS_SHOWN = 10;

    private RolloutCommand() {
    }

    static String path(String name) {
        return "/api/v1/deployments/" + ApiClient.segment(name);
    }

    /** Shared by the subcommands: the deployment's name. */
    abstract static class Named extends ApiCommand {
        @Parameters(index = "0", paramLabel = "<name>", description = "the deployment")
        String name;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = {
            "Show a rollout: its state and reason, each wave, the last events.",
            "With --watch, poll every 2 s until it is Succeeded, Paused, Aborted or RolledBack;",
            "exit 0 when it Succeeded, 1 otherwise." })
    static final class Status extends Named {

        /** After this many failed polls in a row (server restarting, network) a watch gives up. */
        static final int WATCH_RETRIES = 5;

        @Option(names = { "-w", "--watch" }, description = "wait for the rollout to settle")
        boolean watch;

        @Option(names = "--timeout", paramLabel = "<duration>", converter = TokenCommand.TtlConverter.class,
                description = "with --watch: give up after this long (exit 1), e.g. 30m; default: wait forever")
        Duration timeout;

        @Option(names = "--interval", hidden = true, paramLabel = "<duration>", defaultValue = "2s",
                converter = TokenCommand.TtlConverter.class, description = "poll interval of --watch")
        Duration interval;

        @Override
        int run(ApiClient client) throws ApiException {
            if (!watch) {
                JsonNode rollout = client.get(path(name) + "/rollout");
                out(output() == OutputFormat.TABLE ? render(rollout, now()) : output().encode(rollout));
                return Exit.OK;
            }
            return watch(client);
        }

        private int watch(ApiClient client) throws ApiException {
            Instant deadline = timeout == null ? null : now().plus(timeout);
            String lastProgress = null;
            int failures = 0;
            while (true) {
                JsonNode rollout;
                try {
                    rollout = client.get(path(name) + "/rollout");
                    failures = 0;
                } catch (ApiException e) {
                    if ((e.unreachable() || e.status() >= 500) && ++failures < WATCH_RETRIES) {
                        err(e.getMessage() + " (retrying)");
                        rollout = null;
                    } else {
                        throw e;
                    }
                }
                if (rollout != null) {
                    String state = rollout.path("state").asText();
                    if (SETTLED.contains(state)) {
                        out(output() == OutputFormat.TABLE ? render(rollout, now()) : output().encode(rollout));
                        return state.equals("Succeeded") ? Exit.OK : Exit.NOT_CLEAN;
                    }
                    String progress = progress(rollout);
                    if (output() == OutputFormat.TABLE && !progress.equals(lastProgress)) {
                        out(progress);
                        lastProgress = progress;
                    }
                }
                if (deadline != null && !now().isBefore(deadline)) {
                    err("timed out after " + timeout.toSeconds() + " s waiting for deployment/" + Text.line(name)
                            + (rollout == null ? "" : "; it is " + rollout.path("state").asText()));
                    return Exit.NOT_CLEAN;
                }
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    err("interrupted");
                    return Exit.NOT_CLEAN;
                }
            }
        }

        /** {@code deployment/x revision 3: Progressing wave 2/3: 1 succeeded, 0 failed, 2 progressing, 6 pending}. */
        static String progress(JsonNode r) {
            return heading(r) + ": " + counts(r);
        }

        private static String heading(JsonNode r) {
            return "deployment/" + Text.line(r.path("deployment").asText()) + " revision " + r.path("revision")
                    .asLong() + ": " + GetCommand.Deployments.rollout(r);
        }

        private static String counts(JsonNode r) {
            return Table.count(r.get("succeeded")) + " succeeded, " + Table.count(r.get("failed")) + " failed, "
                    + Table.count(r.get("progressing")) + " progressing, " + Table.count(r.get("pending"))
                    + " pending";
        }

        /** The state, the reason, the waves and the last events, for people. */
        static String render(JsonNode r, Instant now) {
            List<String> lines = new ArrayList<>();
            JsonNode stable = r.path("stableRevision");
            lines.add(heading(r) + (stable.isNumber() ? " (stable revision " + stable.asLong() + ")"
                    : " (first rollout)"));
            String reason = Text.line(r.path("reason").asText(""));
            if (!reason.isEmpty() && !r.path("reason").isNull()) {
                lines.add("reason: " + reason);
            }
            lines.add("devices: " + counts(r));
            lines.add("started " + Table.time(r.get("startedAt")) + " (" + Table.age(r.get("startedAt"), now)
                    + " ago), updated " + Table.time(r.get("updatedAt")) + " (" + Table.age(r.get("updatedAt"), now)
                    + " ago)");
            Table waves = new Table("WAVE", "STATE", "DEVICES", "RELEASED", "SUCCEEDED", "FAILED", "PROGRESSING",
                    "OPENED", "HEALTHY FOR");
            for (JsonNode w : r.path("waves")) {
                waves.row(w.path("index").asInt(), w.path("state").asText("-"), Table.count(w.get("devices")),
                        Table.count(w.get("released")), Table.count(w.get("succeeded")), Table.count(w.get("failed")),
                        Table.count(w.get("progressing")), Table.age(w.get("openedAt"), now),
                        Table.age(w.get("healthySince"), now));
            }
            if (!waves.isEmpty()) {
                lines.add("");
                lines.add(waves.render());
            }
            JsonNode events = r.path("events");
            if (events.isArray() && !events.isEmpty()) {
                Table t = new Table("TIME", "TYPE", "WAVE", "MESSAGE");
                int from = Math.max(0, events.size() - EVENTS_SHOWN);
                for (int i = from; i < events.size(); i++) {
                    JsonNode e = events.get(i);
                    t.row(Table.time(e.get("time")), e.path("type").asText("-"), Table.count(e.get("wave")),
                            e.path("message").asText(""));
                }
                lines.add("");
                lines.add(events.size() > EVENTS_SHOWN ? "EVENTS (last " + EVENTS_SHOWN + " of " + events.size() + ")"
                        : "EVENTS");
                lines.add(t.render());
            }
            return String.join("\n", lines);
        }
    }

    /** A rollout action: POST {name}:{action}, answered with the rollout. */
    abstract static class Action extends Named {

        abstract String action();

        abstract String done();

        String query() {
            return "";
        }

        @Override
        int run(ApiClient client) throws ApiException {
            JsonNode rollout = client.post(path(name) + ":" + action() + query(), null, null);
            out(output() == OutputFormat.TABLE ? line(name, done(), rollout) : output().encode(rollout));
            return Exit.OK;
        }

        /** {@code deployment/probe paused (revision 3: Paused wave 2/3)}. */
        static String line(String name, String done, JsonNode rollout) {
            return "deployment/" + Text.line(name) + " " + done + " (revision " + rollout.path("revision").asLong()
                    + ": " + GetCommand.Deployments.rollout(rollout) + ")";
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause a rollout: no further wave opens; devices already released keep their state.")
    static final class Pause extends Action {
        @Override
        String action() {
            return "pause";
        }

        @Override
        String done() {
            return "paused";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused rollout.")
    static final class Resume extends Action {
        @Override
        String action() {
            return "resume";
        }

        @Override
        String done() {
            return "resumed";
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Abort a rollout: every device goes back to the stable revision (on a first rollout the app"
                    + " is taken away); resume hands the revision out again.")
    static final class Abort extends Action {
        @Override
        String action() {
            return "abort";
        }

        @Override
        String done() {
            return "aborted";
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Open the next wave now, without waiting for the current one to be healthy.")
    static final class Promote extends Action {

        @Option(names = "--full", description = "open every remaining wave")
        boolean full;

        @Override
        String action() {
            return "promote";
        }

        @Override
        String query() {
            return full ? "?full=true" : "";
        }

        @Override
        String done() {
            return full ? "promoted to all waves" : "promoted";
        }
    }

    @Command(name = "undo", mixinStandardHelpOptions = true, description = {
            "Make an earlier revision current again, as a new revision (POST {name}:rollback).",
            "Default: the revision before the current one, so a second undo returns to where the first began." })
    static final class Undo extends Named {

        @Option(names = "--to-revision", paramLabel = "<n>", description = "the revision to return to")
        Long toRevision;

        @Override
        int run(ApiClient client) throws ApiException, InputException {
            long target;
            if (toRevision != null) {
                if (toRevision < 1) {
                    throw new InputException("--to-revision must be 1 or more, not " + toRevision);
                }
                target = toRevision;
            } else {
                JsonNode revisions = client.get(path(name) + "/revisions");
                Long previous = previous(revisions);
                if (previous == null) {
                    throw ApiException.refused("deployment/" + Text.line(name) + " has no revision before "
                            + revisions.path(0).path("revision").asLong() + " to go back to");
                }
                target = previous;
            }
            JsonNode result = client.post(path(name) + ":rollback?revision=" + target, null, null);
            out(output() == OutputFormat.TABLE ? line(result, target) : output().encode(result));
            return Exit.OK;
        }

        /**
         * The newest revision below the current one (the history is newest first) that holds a
         * manifest; deletes hold none.
         */
        static Long previous(JsonNode revisions) {
            if (!revisions.isArray() || revisions.isEmpty()) {
                return null;
            }
            long current = revisions.get(0).path("revision").asLong();
            for (JsonNode r : revisions) {
                long n = r.path("revision").asLong();
                if (n < current && !"delete".equals(r.path("action").asText())) {
                    return n;
                }
            }
            return null;
        }

        static String line(JsonNode result, long target) {
            String name = "deployment/" + Text.line(result.path("name").asText());
            long revision = result.path("revision").asLong();
            if ("unchanged".equals(result.path("outcome").asText())) {
                return name + " unchanged: revision " + target + " is the current manifest (revision " + revision
                        + ")";
            }
            return name + " rolled back to revision " + target + " (now revision " + revision + ")";
        }
    }
}
