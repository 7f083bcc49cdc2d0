package io.appfleet.desired.devicestate;

import io.appfleet.desired.manifest.AppDeployment;

/**
 * One deployment's wish for one device: which revision of its manifest the device should get.
 * {@code waiting}: the device's rollout has not reached it, so it keeps an earlier revision, the
 * one given here. {@code hold}: it gets nothing from the deployment yet; the manifest given is the
 * current one, checked (conflicts, platform, room) but not placed, so a device that could never
 * take it is reported as such rather than as waiting.
 */
public record Claim(String deployment, long revision, long priority, AppDeployment manifest, boolean waiting,
        boolean hold) {

    public Claim(String deployment, long revision, long priority, AppDeployment manifest) {
        this(deployment, revision, priority, manifest, false, false);
    }

    /** An earlier revision the device keeps until its wave. */
    public static Claim keep(String deployment, long revision, long priority, AppDeployment manifest) {
        return new Claim(deployment, revision, priority, manifest, true, false);
    }

    /** Nothing yet from {@code current}: the device waits for its wave and had no earlier revision. */
    public static Claim hold(DeploymentSnapshot current) {
        return new Claim(current.name(), current.revision(), current.priority(), current.manifest(), true, true);
    }
}
