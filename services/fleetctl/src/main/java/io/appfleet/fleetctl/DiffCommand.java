package io.appfleet.fleetctl;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code fleetctl diff -f …}: the server's dry-run of an apply. Exits 1 when any manifest would
 * change something, as {@code kubectl diff} does, so a pipeline can tell "in sync" from "would
 * change" without parsing the output.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, description = {
        "Show what applying manifests would change, changing nothing.",
        "Names the devices whose desired state would change, with their steps, and those that would refuse.",
        "Exit code 0: no change; 1: some manifest would make a new revision or change a device." })
final class DiffCommand extends ApiCommand {

    @Mixin
    ManifestFileOptions input;

    @Override
    int run(ApiClient client) throws InputException, ApiException {
        List<ManifestFiles.Manifest> manifests = ManifestFiles.read(input.files, System.in);
        int failure = Exit.OK;
        boolean changes = false;
        for (ManifestFiles.Manifest m : manifests) {
            JsonNode diff;
            try {
                diff = client.post("/api/v1/deployments:diff", m.text(), m.mediaType());
            } catch (ApiException e) {
                err(m.source() + ": " + e.getMessage());
                failure = Math.max(failure, e.exitCode());
                if (e.unreachable()) {
                    break;
                }
                continue;
            }
            changes |= wouldChange(diff);
            out(output() == OutputFormat.TABLE ? render(diff) : output().encode(diff));
        }
        if (failure != Exit.OK) {
            return failure;
        }
        return changes ? Exit.NOT_CLEAN : Exit.OK;
    }

    /** A new revision (created or updated) is a change even when every device would refuse it. */
    static boolean wouldChange(JsonNode diff) {
        return !"unchanged".equals(diff.path("outcome").asText()) || diff.path("devicesChanged").asInt() > 0;
    }

    /**
     * <pre>
     * deployment/dr-app: would be updated to revision 2: 1 of 2 targeted devices would change, 1 refused
     *   dr-1: dryer changed (revision 1 to 2); steps: stop dryer, deactivate dryer, …
     *   dr-2 refused (Unschedulable): keeps revision 1: …
     * </pre>
     */
    static String render(JsonNode diff) {
        String name = "deployment/" + Text.line(diff.path("name").asText());
        long revision = diff.path("revision").asLong();
        int targeted = diff.path("targeted").asInt();
        int changed = diff.path("devicesChanged").asInt();
        int refused = diff.path("refused").size();
        List<String> lines = new ArrayList<>();
        if (!wouldChange(diff)) {
            lines.add(name + ": no changes (revision " + revision + ", " + devices(targeted) + " targeted"
                    + (refused > 0 ? ", " + refused + " refused" : "") + ")");
        } else {
            String what = switch (diff.path("outcome").asText()) {
                case "created" -> "would be created as revision " + revision;
                case "updated" -> "would be updated to revision " + revision;
                default -> "manifest unchanged (revision " + revision + ")";
            };
            lines.add(name + ": " + what + ": " + changed + " of " + devices(targeted) + " targeted would change"
                    + (refused > 0 ? ", " + refused + " refused" : ""));
        }
        for (JsonNode c : diff.path("changes")) {
            lines.add("  " + change(c, diff.path("name").asText()));
        }
        for (JsonNode r : diff.path("refused")) {
            lines.add("  " + Text.line(r.path("deviceId").asText()) + " refused (" + Text.line(r.path("phase")
                    .asText()) + "): " + Text.line(r.path("reason").asText()));
        }
        list(lines, "unknown devices", diff.path("unknownDevices"));
        list(lines, "decommissioned devices", diff.path("decommissionedDevices"));
        return String.join("\n", lines);
    }

    private static String change(JsonNode c, String deploymentName) {
        List<String> what = new ArrayList<>();
        if ("remove".equals(c.path("kind").asText())) {
            what.add("no longer managed");
        }
        for (JsonNode app : c.path("apps")) {
            String one = Text.line(app.path("appId").asText()) + " " + Text.line(app.path("change").asText());
            JsonNode from = app.path("fromRevision");
            JsonNode to = app.path("toRevision");
            if (from.isNumber() && to.isNumber()) {
                one += " (revision " + from.asLong() + " to " + to.asLong() + ")";
            } else if (to.isNumber()) {
                one += " (revision " + to.asLong() + ")";
            } else if (from.isNumber()) {
                one += " (was revision " + from.asLong() + ")";
            }
            String deployment = app.path("deployment").asText("");
            if (!deployment.isEmpty() && !deployment.equals(deploymentName)) {
                one += " of deployment/" + Text.line(deployment);
            }
            what.add(one);
        }
        if (c.path("settingsChanged").asBoolean()) {
            what.add("device settings changed");
        }
        List<String> steps = new ArrayList<>();
        c.path("steps").forEach(s -> steps.add(Text.line(s.asText())));
        return Text.line(c.path("deviceId").asText()) + ": " + String.join(", ", what)
                + (steps.isEmpty() ? "" : "; steps: " + String.join(", ", steps));
    }

    private static void list(List<String> lines, String label, JsonNode ids) {
        if (ids.isArray() && !ids.isEmpty()) {
            List<String> names = new ArrayList<>();
            ids.forEach(id -> names.add(Text.line(id.asText())));
            lines.add("  " + label + ": " + String.join(", ", names));
        }
    }

    private static String devices(int n) {
        return n + (n == 1 ? " device" : " devices");
    }
}
