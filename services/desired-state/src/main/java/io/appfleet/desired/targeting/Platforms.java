package io.appfleet.desired.targeting;

import io.appfleet.proto.fleet.v1.Platform;

/** Platform names as manifests write them. */
public final class Platforms {

    private Platforms() {
    }

    public static String name(Platform p) {
        return switch (p) {
            case PLATFORM_IOSXE -> "iosxe";
            case PLATFORM_IOSXR -> "iosxr";
            case PLATFORM_INFIX -> "infix";
            default -> "unspecified";
        };
    }
}
