package io.appfleet.telemetry.noc.page;

import io.quarkus.qute.TemplateExtension;

/** What the NOC templates call on values: {@code {d.sync.human}}. */
@TemplateExtension
public class NocTemplateExtensions {

    private NocTemplateExtensions() {
    }

    /** {@code out_of_sync} as {@code Out of sync}. */
    static String human(String name) {
        return Format.human(name);
    }

    /** A rate as the page writes it; a dash when unknown. */
    static String rate(Double v) {
        return v == null ? "–" : Format.number(v);
    }

    /** A path segment: device ids come from producers, so they are encoded, not trusted. */
    static String urlPath(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The CSS class of a status badge: only lowercase letters and underscores, whatever the value. */
    static String css(String name) {
        return name == null ? "unknown" : name.replaceAll("[^a-z_]", "");
    }
}
