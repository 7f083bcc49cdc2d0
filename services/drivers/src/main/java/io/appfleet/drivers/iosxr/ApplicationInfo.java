package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `show appmgr application [name X] info summary|detail`. Both print "Key: value" lines under
 * "Application: X"; detail nests the docker facts under "Docker Information:", summary puts
 * Container ID, Image, Command and Status directly under the application. One reader covers
 * both because the keys are the same.
 */
public record ApplicationInfo(List<App> apps) {

    /**
     * One application. Fields missing from the output (summary has no Created at, Size, …) are
     * null. {@code other} keeps keys this parser does not know, so a newer release that adds
     * a field is not a parse failure.
     */
    public record App(String appId, String type, String source, String configState, String image,
                      String containerId, String containerName, String labels, String command,
                      String createdAt, String runningFor, String status, Boolean running, String size,
                      String ports, List<String> mounts, String networks, Integer localVolumes,
                      String dockerRunOpts, Map<String, String> other) {
    }

    public static ApplicationInfo parse(String output) {
        List<Line> lines = XrOutput.nonEmptyContent(output, "application info");
        List<App> apps = new ArrayList<>();
        Builder current = null;
        for (Line l : lines) {
            String[] kv = XrOutput.keyValue(l.text());
            if (kv == null) {
                throw new ParseException("expected 'Key: value' in application info", l.number(), l.text());
            }
            if (kv[0].equals("Application")) {
                if (current != null) {
                    apps.add(current.build());
                }
                current = new Builder(kv[1]);
                continue;
            }
            if (current == null) {
                throw new ParseException("application info must start with 'Application:'", l.number(), l.text());
            }
            current.put(kv[0], kv[1], l);
        }
        apps.add(current.build());
        return new ApplicationInfo(List.copyOf(apps));
    }

    /** Collects the keys of one application; empty values ("Labels: ", "Ports: ") become null. */
    private static final class Builder {
        private final String appId;
        private final Map<String, String> values = new LinkedHashMap<>();

        Builder(String appId) {
            this.appId = appId;
        }

        void put(String key, String value, Line line) {
            if (key.equals("Docker Information") && value.isEmpty()) {
                return; // a section title, its keys follow
            }
            if (key.equals("LocalVolumes") && !value.isEmpty() && !value.matches("\\d+")) {
                throw new ParseException("LocalVolumes is not a number", line.number(), line.text());
            }
            if (key.equals("Status") && !value.isEmpty() && !DockerStatus.isKnown(value)) {
                throw new ParseException("unknown container status", line.number(), line.text());
            }
            values.put(key, value.isEmpty() ? null : value);
        }

        App build() {
            Map<String, String> other = new LinkedHashMap<>(values);
            String status = take(other, "Status");
            String mounts = take(other, "Mounts");
            String volumes = take(other, "LocalVolumes");
            // Known key names, as the 7.x appmgr prints them; what is left goes to "other".
            return new App(appId, take(other, "Type"), take(other, "Source"), take(other, "Config State"),
                    take(other, "Image"), take(other, "Container ID"), take(other, "Container name"),
                    take(other, "Labels"), unquote(take(other, "Command")), take(other, "Created at"),
                    take(other, "Running for"), status, status == null ? null : DockerStatus.isRunning(status),
                    take(other, "Size"), take(other, "Ports"),
                    mounts == null ? List.of() : Arrays.stream(mounts.split(",")).map(String::trim).toList(),
                    take(other, "Networks"), volumes == null ? null : Integer.valueOf(volumes),
                    take(other, "Docker Run Opts"), Collections.unmodifiableMap(other));
        }

        /** appmgr prints the command in docker's quotes; drop them, as for `docker ps`. */
        private static String unquote(String s) {
            return s != null && s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
        }

        private static String take(Map<String, String> m, String key) {
            boolean had = m.containsKey(key);
            String v = m.remove(key);
            return had ? v : null;
        }
    }
}
