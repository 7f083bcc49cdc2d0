package io.appfleet.drivers;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One app as desired on one device. {@code packagePath} is where the package already sits on the
 * device (IOS-XE {@code usbflash0:perfsonar.tar}, IOS-XR 7.x appmgr {@code /misc/app_host/x.rpm})
 * or an image reference for platforms that pull (Infix, IOS-XR 6.x docker).
 * {@code resources} and {@code network} may be null: the device's defaults then apply.
 * {@code command} (null: the image's own) overrides the container's command where the platform
 * has one (IOS-XR {@code docker-run-cmd}, the command after the image of {@code docker run}).
 * {@code packageSource}, when set, is where the package comes from: the driver copies it to
 * {@code packagePath} and checks its digest before installing; null means it is already there.
 *
 * <p>{@code replacePackage} is set by a caller that knows the app installed under this id came from
 * another package than {@code packageSource} although the device names the same file (same file
 * name, other content: the device-adapter remembers the digest of the package each install put on
 * the device). A planner then replaces an installed app as it does when the device shows another
 * path. The device-adapter sets it only for packages with a {@code packageSource}: their content is
 * known (the driver copies them and checks their digest); the IOS-XE planner honours it.
 */
public record AppSpec(String appId, DesiredState desiredState, String packagePath, Resources resources,
                      List<String> runOpts, Network network, String command, PackageSource packageSource,
                      boolean replacePackage) {

    public enum DesiredState { RUNNING, STOPPED, ABSENT }

    public AppSpec {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(desiredState, "desiredState");
        runOpts = runOpts == null ? List.of() : List.copyOf(runOpts);
    }

    /** Installed from {@code packageSource} as far as the caller knows (no replacement asked). */
    public AppSpec(String appId, DesiredState desiredState, String packagePath, Resources resources,
                   List<String> runOpts, Network network, String command, PackageSource packageSource) {
        this(appId, desiredState, packagePath, resources, runOpts, network, command, packageSource, false);
    }

    /** Without a command override, and with the package already on the device (no transfer). */
    public AppSpec(String appId, DesiredState desiredState, String packagePath, Resources resources,
                   List<String> runOpts, Network network) {
        this(appId, desiredState, packagePath, resources, runOpts, network, null, null);
    }

    /** With a command override, the package already on the device. */
    public AppSpec(String appId, DesiredState desiredState, String packagePath, Resources resources,
                   List<String> runOpts, Network network, String command) {
        this(appId, desiredState, packagePath, resources, runOpts, network, command, null);
    }

    public AppSpec withPackageSource(PackageSource source) {
        return new AppSpec(appId, desiredState, packagePath, resources, runOpts, network, command, source, replacePackage);
    }

    public AppSpec withReplacePackage(boolean replace) {
        return new AppSpec(appId, desiredState, packagePath, resources, runOpts, network, command, packageSource, replace);
    }

    /**
     * A package to download (proto {@code AppPackage}): an http(s) URL, the file's lowercase hex
     * SHA-256 and its size in bytes (0 when unknown). Checked here so a bad source fails when the
     * spec is built, not on the device; messages name the field and never echo the URL, which
     * may carry a token.
     */
    public record PackageSource(String url, String sha256, long sizeBytes) {

        private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

        public PackageSource {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("packageSource.url must not be empty");
            }
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("packageSource.url is not a valid URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("packageSource.url must be an http or https URL");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException("packageSource.url must name a host");
            }
            if (sha256 == null || !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("packageSource.sha256 must be 64 lowercase hex digits");
            }
            if (sizeBytes < 0) {
                throw new IllegalArgumentException("packageSource.sizeBytes must not be negative");
            }
        }
    }

    /** Null fields are left to the device's default profile. */
    public record Resources(Integer vcpu, Integer cpuUnits, Integer memoryMb, Integer diskMb) {
    }

    /**
     * The app's vNIC. MANAGEMENT uses the management port; VIRTUAL_PORT_GROUP is the routed
     * {@code gateway0 virtualportgroup N} form with a static guest address; APPGIG_TRUNK is the
     * Cat9k front-panel L2 trunk (the form that keeps app traffic away from the CPP policers).
     */
    public record Network(Mode mode, Integer virtualPortGroup, String guestIpAddress, String netmask,
                          String defaultGateway) {

        public enum Mode { MANAGEMENT, VIRTUAL_PORT_GROUP, APPGIG_TRUNK }

        public static Network management() {
            return new Network(Mode.MANAGEMENT, null, null, null, null);
        }
    }
}
