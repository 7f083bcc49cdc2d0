package io.appfleet.fleetctl;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every API command takes: where the server is, who is calling, how to print. */
final class ApiOptions {

    static final String SERVER_ENV = "APPFLEET_SERVER";
    static final String TOKEN_ENV = "APPFLEET_TOKEN";
    static final String DEFAULT_SERVER = "http://127.0.0.1:8082";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--server", paramLabel = "<url>",
            description = "the desired-state API (default: $" + SERVER_ENV + ", else " + DEFAULT_SERVER + ")")
    String server;

    @Option(names = "--token", paramLabel = "<token>",
            description = "bearer credential: a JWT or an aft_ API token (default: $" + TOKEN_ENV + ")")
    String token;

    @Option(names = "--token-file", paramLabel = "<file>",
            description = "read the credential from a file instead (keeps it out of the process list)")
    Path tokenFile;

    @Option(names = { "-o", "--output" }, paramLabel = "<format>", defaultValue = "table",
            description = "table, json or yaml (the server's JSON re-encoded) (default: ${DEFAULT-VALUE})")
    OutputFormat output;

    /** A client for the chosen server and credential; a bad choice is an {@link InputException} (exit 2). */
    ApiClient client() throws InputException {
        return new ApiClient(serverUrl(), credential());
    }

    OutputFormat output() {
        return output == null ? OutputFormat.TABLE : output;
    }

    String serverUrl() throws InputException {
        String from = "--server";
        String value = server;
        if (value == null) {
            value = env().get(SERVER_ENV);
            from = "$" + SERVER_ENV;
        }
        if (value == null || value.isBlank()) {
            return DEFAULT_SERVER;
        }
        value = value.strip();
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(value, "not an http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new InputException(from + " '" + Text.line(value) + "' is not an http:// or https:// URL of the"
                    + " desired-state service, e.g. " + DEFAULT_SERVER);
        }
        return value;
    }

    /** The credential without its scheme, or null for none. Its value never appears in a message. */
    String credential() throws InputException {
        if (token != null && tokenFile != null) {
            throw new InputException("give --token or --token-file, not both");
        }
        String value;
        String from;
        if (tokenFile != null) {
            from = "the token file " + tokenFile;
            try {
                value = Files.readString(tokenFile, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new InputException("no token file " + tokenFile);
            } catch (IOException e) {
                throw new InputException("cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
            if (value.isBlank()) {
                throw new InputException("the token file " + tokenFile + " is empty");
            }
        } else if (token != null) {
            from = "--token";
            value = token;
        } else {
            from = "$" + TOKEN_ENV;
            value = env().get(TOKEN_ENV);
            if (value == null || value.isBlank()) {
                return null;
            }
        }
        value = value.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InputException(from + " is not a bearer token: it is empty or holds spaces, line breaks or"
                    + " non-ASCII characters");
        }
        return value;
    }

    private Map<String, String> env() {
        Object root = mixee == null ? null : mixee.root().userObject();
        return root instanceof Fleetctl f ? f.environment() : System.getenv();
    }
}
