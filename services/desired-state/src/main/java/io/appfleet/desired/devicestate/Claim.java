package io.appfleet.desired.devicestate;

import io.appfleet.desired.manifest.AppDeployment;

/** One deployment's wish for one device: which revision of its manifest the device should get. */
public record Claim(String deployment, long revision, long priority, AppDeployment manifest) {
}
