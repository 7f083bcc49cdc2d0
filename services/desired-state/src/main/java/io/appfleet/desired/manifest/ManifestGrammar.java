package io.appfleet.desired.manifest;

import java.util.regex.Pattern;

/**
 * The grammars of manifest values, written once: {@link ManifestValidator} uses these patterns and
 * {@code docs/appdeployment.schema.json} carries the same strings (a unit test keeps them equal).
 * All are anchored and avoid constructs that ECMA-262 regular expressions lack.
 */
public final class ManifestGrammar {

    /** A deployment name: a DNS label (what Kubernetes uses for object names). */
    public static final String NAME = "^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$";
    /** The device's app id (IOS-XE appid; also safe for appmgr and Infix container names). */
    public static final String APP_ID = "^[a-z][a-z0-9_]{0,31}$";
    /** Lowercase hex SHA-256. */
    public static final String SHA256 = "^[0-9a-f]{64}$";
    /**
     * An http(s) URL the IOS CLI accepts and that names a file: no user info (a password would land
     * in the command log), no '?', '#' or space, a path that does not end in '/'.
     */
    public static final String PACKAGE_URL = "^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
            + "/[A-Za-z0-9._~%+=!$&()*,:/-]*[A-Za-z0-9._~%+=!$&()*,:-]$";
    public static final String VERSION = "^[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}$";
    /** An image reference: docker://nginx:alpine, quay.io/org/app:1.2, oci-archive:/lib/oci/app.tar.gz. */
    public static final String IMAGE_REFERENCE = "^[A-Za-z0-9][A-Za-z0-9._~/:@+=-]{0,199}$";
    public static final String ENV_KEY = "^[A-Za-z_][A-Za-z0-9_]{0,63}$";
    /** Inventory's device id grammar. */
    public static final String DEVICE_ID = "^[a-z0-9](?:[a-z0-9.-]{0,61}[a-z0-9])?$";
    /** A Catalyst CPP class such as system-cpp-police-sys-data. */
    public static final String CPP_CLASS = "^[a-z][a-z0-9-]{0,63}$";
    /**
     * The socket of a guest agent: an absolute path of plain characters without "..", because it is put on
     * the agent host's command line ({@code socat - UNIX-CONNECT:<socket>}; the drivers' SshExecTransport
     * enforces the same).
     */
    public static final String GUEST_AGENT_SOCKET = "^(?!.*\\.\\.)/[A-Za-z0-9._/-]{1,255}$";
    /** A DNS name as inventory accepts device hosts (RFC 1123 labels, at most 253 characters). */
    public static final String HOST_NAME = "^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$";
    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    public static final String IPV4 = "^(?:" + OCTET + "\\.){3}" + OCTET + "$";
    public static final String IPV4_CIDR = "^(?:" + OCTET + "\\.){3}" + OCTET + "/(?:3[0-2]|[12]?[0-9])$";
    /** The characters of an IPv6 literal; the server also parses it. */
    public static final String IPV6 = "^[0-9a-fA-F:.]{2,45}$";
    public static final String IPV6_CIDR = "^[0-9a-fA-F:.]{2,45}/(?:12[0-8]|1[01][0-9]|[1-9]?[0-9])$";
    public static final String MAC = "^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$";
    /** A Linux interface name (at most 15 characters). */
    public static final String HOST_INTERFACE = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$";
    /** Infix publish: [[ip:][hostPort]:]containerPort[/protocol]. */
    public static final String PUBLISHED_PORT =
            "^(?:(?:[0-9]{1,3}\\.){3}[0-9]{1,3}:)?(?:[0-9]{1,5}:)?[0-9]{1,5}(?:/(?:tcp|udp))?$";
    /** A share of devices, 0–100 with up to two decimals. */
    public static final String PERCENT = "^(?:100(?:\\.0{1,2})?|[0-9]{1,2}(?:\\.[0-9]{1,2})?)%$";
    public static final String TIME_OF_DAY = "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$";
    public static final String DURATION = Durations.PATTERN;

    private ManifestGrammar() {
    }

    public static boolean matches(String pattern, String value) {
        return Cache.of(pattern).matcher(value).matches();
    }

    private static final class Cache {
        private static final java.util.concurrent.ConcurrentHashMap<String, Pattern> PATTERNS =
                new java.util.concurrent.ConcurrentHashMap<>();

        static Pattern of(String p) {
            return PATTERNS.computeIfAbsent(p, Pattern::compile);
        }
    }
}
