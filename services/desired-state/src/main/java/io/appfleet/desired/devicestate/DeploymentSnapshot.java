package io.appfleet.desired.devicestate;

import java.util.HashSet;
import java.util.Set;

import io.appfleet.desired.manifest.AppDeployment;
import io.appfleet.desired.manifest.AppDeployment.Targets;
import io.appfleet.desired.manifest.ManifestValidator;
import io.appfleet.desired.targeting.Platforms;
import io.appfleet.desired.targeting.TargetResolver;
import io.appfleet.platform.labels.LabelSelector;
import io.appfleet.proto.fleet.v1.Device;

/**
 * A deployment as it stands: its current revision and manifest, and its priority (creation
 * order; older deployments are admitted first on a device). Carries its compiled selector so
 * testing one device against many deployments stays cheap.
 */
public record DeploymentSnapshot(String name, long revision, long priority, AppDeployment manifest,
        Set<String> platforms, LabelSelector selector, Set<String> explicitDevices) {

    public static DeploymentSnapshot of(String name, long revision, long priority, AppDeployment manifest) {
        Targets t = manifest.spec().targets();
        LabelSelector selector = t.selector() == null ? null : ManifestValidator.toLabelSelector(t.selector());
        return new DeploymentSnapshot(name, revision, priority, manifest, Set.copyOf(t.platforms()), selector,
                new HashSet<>(t.devices()));
    }

    /** Whether this deployment targets {@code device}: the same rule as {@link TargetResolver}. */
    public boolean targets(Device device) {
        if (!TargetResolver.targetable(device)) {
            return false;
        }
        if (explicitDevices.contains(device.getId())) {
            return true;
        }
        if (platforms.isEmpty() && selector == null) {
            return false;
        }
        return (platforms.isEmpty() || platforms.contains(Platforms.name(device.getPlatform())))
                && (selector == null || selector.matches(TargetResolver.labelsOf(device)));
    }

    public String appId() {
        return manifest.spec().app().id();
    }
}
