package io.appfleet.drivers.iosxe;

import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * One entry point for {@code fleetctl parse}: picks the parser by the command as typed. Keywords
 * must be written out in full (no IOS abbreviations) and match case-insensitively; runs of
 * spaces are ignored; the app id keeps its case.
 */
public final class IosxeParsers {

    private record Route(Pattern command, BiFunction<String, String, Object> parser) {
    }

    private static final String APPID = "appid \\S+";
    private static final String VERBS = "install|activate|start|stop|deactivate|uninstall";

    private static final List<Route> ROUTES = List.of(
            route("show app-hosting list", (c, o) -> AppListParser.parse(o)),
            route("show app-hosting detail(?: " + APPID + ")?", (c, o) -> AppDetailParser.parse(o)),
            route("show app-hosting utilization " + APPID, (c, o) -> AppUtilizationParser.parse(o)),
            route("show app-hosting resource", (c, o) -> AppHostingResourceParser.parse(o)),
            route("show app-hosting infra", (c, o) -> AppHostingInfraParser.parse(o)),
            route("show iox-service", (c, o) -> IoxServiceParser.parse(o)),
            route("show sdwan app-hosting oper-data", (c, o) -> SdwanOperDataParser.parse(o)),
            route("show platform hardware fed(?: switch(?: \\d+)?)? (?:active|standby)"
                    + " qos queue stats internal cpu policer", (c, o) -> CpuPolicerStatsParser.parse(o)),
            route("app-hosting (?:" + VERBS + ") " + APPID + "(?: .*)?", LifecycleReplyParser::parse),
            route("verify /sha256 \\S+", VerifyReplyParser::parse),
            route("copy https?://\\S+ \\S+", CopyReplyParser::parse));

    private IosxeParsers() {
    }

    public static Object parse(String command, String output) {
        String normalized = command == null ? "" : command.strip().replaceAll("\\s+", " ");
        for (Route r : ROUTES) {
            if (r.command().matcher(normalized).matches()) {
                return r.parser().apply(normalized, output);
            }
        }
        throw new IllegalArgumentException("no IOS-XE parser for command '" + command + "'");
    }

    private static Route route(String regex, BiFunction<String, String, Object> parser) {
        return new Route(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), parser);
    }
}
