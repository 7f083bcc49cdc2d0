package io.appfleet.desired.manifest;

import java.util.Locale;

/** How a manifest is written. */
public enum ManifestFormat {
    YAML, JSON;

    /** From a media type ({@code application/yaml}, {@code application/json}) or null when it is neither. */
    public static ManifestFormat ofMediaType(String type, String subtype) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        String s = subtype == null ? "" : subtype.toLowerCase(Locale.ROOT);
        if (s.equals("json") || s.endsWith("+json")) {
            return JSON;
        }
        if ((t.equals("application") || t.equals("text")) && (s.equals("yaml") || s.equals("x-yaml"))) {
            return YAML;
        }
        return null;
    }

    /** From a file name: {@code .yaml}/{@code .yml} or {@code .json}; null for anything else. */
    public static ManifestFormat ofFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
            return YAML;
        }
        if (n.endsWith(".json")) {
            return JSON;
        }
        return null;
    }
}
