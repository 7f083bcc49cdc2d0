package io.appfleet.drivers.infix;

import java.util.regex.Pattern;

/**
 * One entry point for Infix output, chosen by the request or CLI command that produced it:
 * RESTCONF GETs of operational data give {@link ContainersState}, reads of a configuration
 * datastore (or a config fragment) give {@link ContainerConfig}s, the CLI gives
 * {@link ShowContainer} and {@link ContainerLog}.
 */
public final class InfixParsers {

    private static final Pattern OPER = Pattern.compile(
            "^GET (/restconf/data/infix-containers:containers(/.*)?|/restconf/ds/ietf-datastores:operational(/infix-containers:containers(/.*)?)?)$");
    private static final Pattern CONFIG = Pattern.compile(
            "^(GET /restconf/ds/ietf-datastores:(running|startup|candidate|intended)(/infix-containers:containers(/.*)?)?|config)$");
    private static final Pattern SHOW_CONTAINER = Pattern.compile("^show container$");
    private static final Pattern SHOW_LOG = Pattern.compile("^show log( \\S+)?$");

    private InfixParsers() {
    }

    /**
     * @return {@link ContainersState}, a {@code List<ContainerConfig>}, {@link ShowContainer} or {@link ContainerLog}
     * @throws IllegalArgumentException for a command no parser here reads
     * @throws io.appfleet.drivers.parse.ParseException when the output is not what the command returns
     */
    public static Object parse(String command, String output) {
        String c = command == null ? "" : command.trim().replaceAll("\\s+", " ");
        if (OPER.matcher(c).matches()) {
            return ContainersState.parse(output);
        }
        if (CONFIG.matcher(c).matches()) {
            return ContainerConfig.parseAll(output);
        }
        if (SHOW_CONTAINER.matcher(c).matches()) {
            return ShowContainer.parse(output);
        }
        if (SHOW_LOG.matcher(c).matches()) {
            return ContainerLog.parse(output);
        }
        throw new IllegalArgumentException("no Infix parser for command '" + command + "'");
    }
}
