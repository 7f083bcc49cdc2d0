package io.appfleet.fleetctl;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code fleetctl apply -f …}: create or update deployments from manifests, one request per
 * manifest. Like kubectl, a refused manifest does not stop the others; the exit code is the worst
 * failure's.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, description = {
        "Create or update deployments from AppDeployment manifests (YAML or JSON).",
        "Prints per manifest: deployment/<name> created|updated|unchanged (revision N)." })
final class ApplyCommand extends ApiCommand {

    @Mixin
    ManifestFileOptions input;

    @Override
    int run(ApiClient client) throws InputException, ApiException {
        List<ManifestFiles.Manifest> manifests = ManifestFiles.read(input.files, System.in);
        int exit = Exit.OK;
        for (ManifestFiles.Manifest m : manifests) {
            JsonNode reply;
            try {
                reply = client.post("/api/v1/deployments", m.text(), m.mediaType());
            } catch (ApiException e) {
                err(m.source() + ": " + e.getMessage());
                exit = Math.max(exit, e.exitCode());
                if (e.unreachable()) {
                    break;
                }
                continue;
            }
            out(output() == OutputFormat.TABLE ? line(reply) : output().encode(reply));
        }
        return exit;
    }

    /** {@code deployment/probe created (revision 1)}. */
    static String line(JsonNode applied) {
        return "deployment/" + Text.line(applied.path("name").asText()) + " "
                + Text.line(applied.path("outcome").asText()) + " (revision " + applied.path("revision").asLong() + ")";
    }
}
