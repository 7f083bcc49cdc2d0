package io.appfleet.desired.devicestate;

import io.appfleet.desired.manifest.AppDeployment;

/**
 * One deployment's wish for one device: which revision of its manifest the device should get.
 * {@code waiting}: the device's rollout wave has not reached it, so it keeps an earlier (stable)
 * revision, given here, or, when {@code manifest} is null, gets nothing from the deployment yet.
 */
public record Claim(String deployment, long revision, long priority, AppDeployment manifest, boolean waiting) {

    public Claim(String deployment, long revision, long priority, AppDeployment manifest) {
        this(deployment, revision, priority, manifest, false);
    }

    /** Nothing yet: the device waits for its wave and had no earlier revision. */
    public static Claim pending(String deployment, long priority) {
        return new Claim(deployment, 0, priority, null, true);
    }
}
