package io.appfleet.drivers.iosxr;

import java.util.regex.Pattern;

/**
 * One entry point for IOS-XR output: picks the parser from the command that produced it.
 * The application name is the only variable part of the show commands; lifecycle commands
 * (install, activate, start/stop, deactivate, uninstall) all yield a {@link LifecycleReply}; the
 * 6.x docker ones (pull, run, create, start, stop, rm) a {@link DockerReply}; the one
 * {@code docker ps --format} read, {@link DockerCommands#LABELS}, its {@link DockerLabels}.
 */
public final class IosxrParsers {

    private static final Pattern APP_TABLE = Pattern.compile("^show appmgr application-table$");
    private static final Pattern APP_INFO = Pattern.compile("^show appmgr application (name \\S+ )?info( summary| detail)?$");
    private static final Pattern APP_STATS = Pattern.compile("^show appmgr application name \\S+ stats$");
    private static final Pattern PACKAGES = Pattern.compile("^show appmgr packages installed$");
    private static final Pattern DOCKER_PS = Pattern.compile("^(sudo )?docker ps( -a| --all| --no-trunc)*$");
    private static final Pattern DOCKER_IMAGES = Pattern.compile("^(sudo )?docker images( -a| --all)?$");
    private static final Pattern DOCKER_STATS = Pattern.compile("^(sudo )?docker stats --no-stream \\S+$");
    private static final Pattern DOCKER_LIFECYCLE = Pattern.compile("^(sudo )?docker (pull|run|create|start|stop|rm)( .*)?$");
    private static final Pattern RUNNING_CONFIG = Pattern.compile("^show running-config appmgr$");
    private static final Pattern NETNS = Pattern.compile("^(netns_identify( \\S+)?|ip netns identify( \\S+)?)$");

    private IosxrParsers() {
    }

    /**
     * @return one of the records of this package
     * @throws IllegalArgumentException for a command no parser here reads
     * @throws io.appfleet.drivers.parse.ParseException when the output is not what the command prints
     */
    public static Object parse(String command, String output) {
        String c = AppmgrCommand.normalize(command == null ? "" : command);
        if (APP_TABLE.matcher(c).matches()) {
            return ApplicationTable.parse(output);
        }
        if (APP_INFO.matcher(c).matches()) {
            return ApplicationInfo.parse(output);
        }
        if (APP_STATS.matcher(c).matches()) {
            return AppStats.parse(output);
        }
        if (PACKAGES.matcher(c).matches()) {
            return InstalledPackages.parse(output);
        }
        if (AppmgrCommand.parse(c) != null) {
            return LifecycleReplies.parse(c, output);
        }
        if (RUNNING_CONFIG.matcher(c).matches()) {
            return AppmgrConfig.parse(output);
        }
        if (c.equals(DockerCommands.LABELS) || c.equals("sudo " + DockerCommands.LABELS)) {
            return DockerLabels.parse(output);
        }
        if (DOCKER_PS.matcher(c).matches()) {
            return DockerPs.parse(output);
        }
        if (DOCKER_IMAGES.matcher(c).matches()) {
            return DockerImages.parse(output);
        }
        if (DOCKER_STATS.matcher(c).matches()) {
            return DockerStats.parse(output);
        }
        if (DOCKER_LIFECYCLE.matcher(c).matches()) {
            return DockerReplies.parse(output);
        }
        if (NETNS.matcher(c).matches()) {
            return NetnsIdentify.parse(output);
        }
        throw new IllegalArgumentException("no IOS-XR parser for command '" + command + "'");
    }
}
