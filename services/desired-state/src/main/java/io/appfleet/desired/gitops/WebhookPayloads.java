package io.appfleet.desired.gitops;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.appfleet.platform.problem.FieldError;
import io.appfleet.platform.problem.JsonBodies;
import io.appfleet.platform.problem.ProblemException;

/** Reads the few fields of a push payload that decide whether to fetch. */
final class WebhookPayloads {

    private WebhookPayloads() {
    }

    /**
     * The JSON document of a (verified) body: the body itself, or the {@code payload} field of a form-encoded
     * body (GitHub's "application/x-www-form-urlencoded" content type).
     */
    static String document(String contentType, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return text;
        }
        for (String pair : text.split("&")) {
            if (pair.startsWith("payload=")) {
                try {
                    return URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badRequest("payload", "is not form-encoded correctly");
                }
            }
        }
        throw ProblemException.badRequest("payload", "a form-encoded webhook body must have a payload field");
    }

    static PushEvent push(WebhookProvider provider, String document) {
        JsonNode root;
        try {
            root = JsonBodies.strictMapper().readTree(document);
        } catch (JsonProcessingException e) {
            FieldError error = JsonBodies.fieldError(e, "body");
            throw ProblemException.badRequest(error.field() + ": " + error.message(), List.of(error));
        } catch (IOException e) {
            throw ProblemException.badRequest("body", "unreadable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ProblemException.badRequest("body", "a push event must be a JSON object");
        }
        JsonNode ref = root.get("ref");
        if (ref == null || !ref.isTextual() || ref.asText().isBlank()) {
            throw ProblemException.badRequest("ref", "a push event must name the pushed ref");
        }
        List<String> names = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        if (provider == WebhookProvider.GITLAB) {
            JsonNode project = root.path("project");
            add(names, project, "path_with_namespace");
            addAll(urls, project, "git_http_url", "git_ssh_url", "web_url", "http_url", "ssh_url", "url");
            addAll(urls, root.path("repository"), "git_http_url", "git_ssh_url", "homepage", "url");
        } else {
            JsonNode repository = root.path("repository");
            add(names, repository, "full_name");
            addAll(urls, repository, "clone_url", "html_url", "ssh_url", "git_url", "svn_url", "url");
        }
        JsonNode after = root.get("after");
        return new PushEvent(ref.asText(), after != null && after.isTextual() ? after.asText() : null, names, urls);
    }

    private static void addAll(List<String> into, JsonNode node, String... fields) {
        for (String f : fields) {
            add(into, node, f);
        }
    }

    private static void add(List<String> into, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v != null && v.isTextual() && !v.asText().isBlank()) {
            into.add(v.asText());
        }
    }
}
