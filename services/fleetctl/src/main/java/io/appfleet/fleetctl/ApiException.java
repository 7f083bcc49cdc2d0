package io.appfleet.fleetctl;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request that did not succeed, as the one line fleetctl prints and the exit code it returns.
 * The message never holds the credential: it is built only from the status, the URL and the reply.
 */
final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final int status;
    private final boolean unreachable;

    private ApiException(String message, int exitCode, int status, boolean unreachable) {
        super(message);
        this.exitCode = exitCode;
        this.status = status;
        this.unreachable = unreachable;
    }

    /** The server could not be reached (or did not answer in time): exit 4, naming the URL. */
    static ApiException unreachable(String url, String reason) {
        return new ApiException("cannot connect to " + url + ": " + reason, Exit.UNAVAILABLE, 0, true);
    }

    /** A success status with a body fleetctl cannot read: the server (or a proxy) is at fault, exit 4. */
    static ApiException badReply(String method, String url, String reason) {
        return new ApiException(reason + " (" + method + " " + url + ")", Exit.UNAVAILABLE, 0, false);
    }

    /** The request cannot be made as asked, before or without a server error (e.g. nothing to undo): exit 3. */
    static ApiException refused(String message) {
        return new ApiException(message, Exit.REFUSED, 0, false);
    }

    /**
     * An error reply: {@code problem} is the problem+json body when there is one (else null, and
     * {@code text} is whatever came back).
     */
    static ApiException of(int status, String method, String url, JsonNode problem, String text) {
        return new ApiException(describe(status, method, url, problem, text), status >= 500 ? Exit.UNAVAILABLE
                : Exit.REFUSED, status, false);
    }

    int exitCode() {
        return exitCode;
    }

    /** The HTTP status, 0 when there was no reply. */
    int status() {
        return status;
    }

    /** No reply at all: a further request to the same server is pointless. */
    boolean unreachable() {
        return unreachable;
    }

    /**
     * {@code 400 Invalid manifest: spec.app.id: must …; spec.extra: unknown field}: status, title,
     * detail, then each field error the detail does not already spell out. 5xx replies and replies
     * about the resource itself (404, 405) also say which request it was.
     */
    static String describe(int status, String method, String url, JsonNode problem, String text) {
        StringBuilder b = new StringBuilder().append(status).append(' ');
        boolean sayRequest = status >= 500 || status == 404 || status == 405;
        if (problem != null && problem.isObject()) {
            String title = Text.line(problem.path("title").asText(""));
            b.append(title.isEmpty() ? reason(status) : title);
            String detail = Text.line(problem.path("detail").asText(""));
            List<String> parts = new ArrayList<>();
            if (!detail.isEmpty() && !detail.equalsIgnoreCase("HTTP " + status + " " + title)
                    && !detail.equalsIgnoreCase(title)) {
                parts.add(detail);
            }
            for (JsonNode e : problem.path("errors")) {
                String field = Text.line(e.path("field").asText(""));
                String message = Text.line(e.path("message").asText(""));
                String one = field.isEmpty() ? message : field + ": " + message;
                if (!one.isEmpty() && !detail.contains(one)) {
                    parts.add(one);
                }
            }
            if (!parts.isEmpty()) {
                b.append(": ").append(String.join("; ", parts));
            }
        } else {
            b.append(reason(status));
            String body = Text.line(text == null ? "" : text);
            if (!body.isEmpty()) {
                b.append(": ").append(body.length() > 200 ? body.substring(0, 200) + "…" : body);
            }
            sayRequest = true;
        }
        if (sayRequest) {
            b.append(" (").append(method).append(' ').append(url).append(')');
        }
        return b.toString();
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP error";
        };
    }
}
