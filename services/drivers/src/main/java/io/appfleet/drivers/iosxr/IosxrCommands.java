package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.ssh.CliInput;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IOS-XR 7.x App Manager CLI lines appfleet sends, built only from validated values (see
 * {@link CliInput}): a value that fails validation throws IllegalArgumentException naming the
 * field, before any line reaches the device.
 *
 * <p>The package of an app is an RPM already on the router ({@code packagePath}, e.g.
 * {@code /misc/app_host/probe-1.0.0-eXR_7.3.1.x86_64.rpm}); its file name without {@code .rpm}
 * is the package name {@code appmgr package uninstall} wants, and the RPM's name part (without
 * version, release and arch) is the docker source it provides.
 */
public final class IosxrCommands {

    public static final String SHOW_TABLE = "show appmgr application-table";
    public static final String SHOW_PACKAGES = "show appmgr packages installed";
    /** The applied {@code appmgr} configuration: what each activation's options are now. */
    public static final String SHOW_RUNNING = "show running-config appmgr";
    public static final String CONFIGURE = "configure";
    public static final String COMMIT = "commit";
    public static final String ABORT = "abort";
    public static final String END = "end";

    /** An RPM under one of the directories appmgr installs from. */
    static final Pattern RPM_PATH = Pattern.compile("/(?:misc/app_host|misc/disk1|harddisk:)/([A-Za-z0-9_.+-]{1,128})\\.rpm");
    private static final Pattern NVRA = Pattern.compile("^(.+)-([^-]+)-([^-]+)\\.([A-Za-z0-9_]+)$");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}");

    private IosxrCommands() {
    }

    public static String packageInstall(String packagePath) {
        return "appmgr package install rpm " + rpmPath("packagePath", packagePath);
    }

    public static String packageUninstall(String packageName) {
        return "appmgr package uninstall package " + name("packageName", packageName);
    }

    /** start, stop or kill. */
    public static String verb(String verb, String appId) {
        if (!java.util.List.of("start", "stop", "kill").contains(verb)) {
            throw new IllegalArgumentException("verb must be one of start, stop, kill");
        }
        return "appmgr application " + verb + " name " + CliInput.appId("appId", appId);
    }

    public static String infoDetail(String appId) {
        return "show appmgr application name " + CliInput.appId("appId", appId) + " info detail";
    }

    public static String stats(String appId) {
        return "show appmgr application name " + CliInput.appId("appId", appId) + " stats";
    }

    /**
     * The config line that activates (and, at commit, starts) the app, in the one-line form of
     * fixture iosxr-appmgr-activate-1. Run options are joined with spaces into one quoted string;
     * the validator has refused any quote inside them, so none can end it early.
     */
    public static String activate(AppSpec app) {
        String appId = CliInput.appId("appId", app.appId());
        StringBuilder sb = new StringBuilder("appmgr application ").append(appId)
                .append(" activate type docker source ").append(source(app.packagePath()));
        if (!app.runOpts().isEmpty()) {
            StringBuilder opts = new StringBuilder();
            for (int i = 0; i < app.runOpts().size(); i++) {
                opts.append(i == 0 ? "" : " ").append(CliInput.text("runOpts[" + i + "]", app.runOpts().get(i)));
            }
            if (opts.length() > 512) {
                throw new IllegalArgumentException("runOpts are longer than 512 characters together");
            }
            sb.append(" docker-run-opts \"").append(opts).append('"');
        }
        if (app.command() != null) {
            sb.append(" docker-run-cmd \"").append(CliInput.text("command", app.command())).append('"');
        }
        return sb.toString();
    }

    /**
     * Whether an activation read back from the running config ({@link AppmgrConfig}) is the one
     * {@link #activate} would send for {@code app}: same source, run options and command.
     * Whitespace runs compare equal, since XR may print the options re-spaced.
     */
    public static boolean sameActivation(AppSpec app, AppmgrCommand applied) {
        AppmgrCommand wanted = AppmgrCommand.parse(activate(app));
        return applied != null && wanted.source().equals(applied.source())
                && spaced(wanted.dockerRunOpts()).equals(spaced(applied.dockerRunOpts()))
                && spaced(wanted.dockerRunCmd()).equals(spaced(applied.dockerRunCmd()));
    }

    private static String spaced(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }

    public static String deactivate(String appId) {
        return "no appmgr application " + CliInput.appId("appId", appId);
    }

    /** "/misc/app_host/probe-1.0.0-eXR_7.3.1.x86_64.rpm" → "probe-1.0.0-eXR_7.3.1.x86_64". */
    public static String packageName(String packagePath) {
        Matcher m = RPM_PATH.matcher(rpmPath("packagePath", packagePath));
        m.matches();
        return m.group(1);
    }

    /** The docker source the package provides: its RPM name part ("probe"). */
    public static String source(String packagePath) {
        return sourceOfPackage(packageName(packagePath));
    }

    static String sourceOfPackage(String packageName) {
        Matcher m = NVRA.matcher(packageName);
        return m.matches() ? m.group(1) : packageName;
    }

    static String rpmPath(String field, String value) {
        CliInput.text(field, value);
        if (!RPM_PATH.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException(field
                    + " must be an .rpm under /misc/app_host/, /misc/disk1/ or /harddisk:/");
        }
        return value;
    }

    private static String name(String field, String value) {
        CliInput.text(field, value);
        if (!NAME.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException(field + " must be an RPM package name");
        }
        return value;
    }

    /** Validates everything the planner will later turn into lines, so a bad spec fails at plan time. */
    static void validate(AppSpec app) {
        CliInput.appId("appId", app.appId());
        for (int i = 0; i < app.runOpts().size(); i++) {
            CliInput.text("runOpts[" + i + "]", app.runOpts().get(i));
        }
        if (app.packagePath() != null) {
            activate(app);
        }
    }
}
