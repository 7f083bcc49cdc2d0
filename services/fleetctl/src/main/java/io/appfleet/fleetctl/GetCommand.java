package io.appfleet.fleetctl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fleetctl get …}: list resources of the API. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "List resources: deployments.",
        subcommands = GetCommand.Deployments.class)
final class GetCommand {

    private GetCommand() {
    }

    @Command(name = "deployments", aliases = "deployment", mixinStandardHelpOptions = true, description = {
            "List deployments (every page), or show the one named.",
            "SUCCEEDED and FAILED are '-' while the server does not know them yet." })
    static final class Deployments extends ApiCommand {

        /** The API's largest page: a fleet's deployments take few requests. */
        static final int PAGE_SIZE = 1000;

        @Parameters(index = "0", arity = "0..1", paramLabel = "<name>", description = "one deployment")
        String name;

        @Override
        int run(ApiClient client) throws ApiException {
            if (name != null) {
                JsonNode one = client.get("/api/v1/deployments/" + ApiClient.segment(name));
                out(output() == OutputFormat.TABLE ? table(List.of(one), now()) : output().encode(one));
                return Exit.OK;
            }
            List<JsonNode> items = all(client);
            if (output() != OutputFormat.TABLE) {
                ObjectNode list = JsonNodeFactory.instance.objectNode();
                list.putArray("items").addAll(items);
                list.put("total", items.size());
                print(list);
            } else if (items.isEmpty()) {
                spec.commandLine().getErr().println("No deployments.");
                spec.commandLine().getErr().flush();
            } else {
                out(table(items, now()));
            }
            return Exit.OK;
        }

        /** Every page, in the server's order (by name). */
        static List<JsonNode> all(ApiClient client) throws ApiException {
            List<JsonNode> items = new ArrayList<>();
            for (int page = 0;; page++) {
                JsonNode reply = client.get("/api/v1/deployments?page=" + page + "&size=" + PAGE_SIZE);
                JsonNode pageItems = reply.path("items");
                pageItems.forEach(items::add);
                if (pageItems.isEmpty() || items.size() >= reply.path("total").asLong()) {
                    return items;
                }
            }
        }

        static String table(List<JsonNode> deployments, Instant now) {
            Table t = new Table("NAME", "APP", "REVISION", "TARGETED", "APPLIED", "SUCCEEDED", "FAILED", "ROLLOUT",
                    "AGE");
            for (JsonNode d : deployments) {
                JsonNode s = d.path("status");
                t.row(d.path("name").asText(), d.path("appId").asText(), d.path("revision").asLong(),
                        Table.count(s.get("targeted")), Table.count(s.get("applied")),
                        Table.count(s.get("succeeded")), Table.count(s.get("failed")), rollout(s.get("rollout")),
                        Table.age(d.get("createdAt"), now));
            }
            return t.render();
        }

        /** {@code Progressing wave 2/3}, or "-" before the first rollout. */
        static String rollout(JsonNode r) {
            if (r == null || !r.isObject()) {
                return "-";
            }
            String state = r.path("state").asText("-");
            int waves = r.path("waveCount").asInt();
            return waves > 0 ? state + " wave " + r.path("currentWave").asInt() + "/" + waves : state;
        }
    }
}
