package io.appfleet.desired.devicestate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.appfleet.desired.manifest.AppDeployment;
import io.appfleet.desired.manifest.AppDeployment.AppState;
import io.appfleet.desired.targeting.Admission;
import io.appfleet.desired.targeting.PlatformFit;
import io.appfleet.proto.fleet.v1.CppPolicerSetting;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.DesiredSource;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.DeviceSettings;
import io.appfleet.proto.fleet.v1.Platform;

/**
 * Computes one device's FULL desired state from every deployment that claims it. Claims are taken
 * in priority order (oldest deployment first), and for each:
 * <ol>
 * <li>an app id already claimed by an earlier deployment is a {@link Conflict};</li>
 * <li>a platform that cannot run the app at all makes it Unschedulable ({@link PlatformFit});</li>
 * <li>a CPP policer set differently by an earlier placed deployment is a conflict (IOS-XE only: the
 * other platforms have no CPP and ignore the setting);</li>
 * <li>{@link Admission} against the device's capacity, counting every app admitted before. A
 * revision that does not fit leaves the device on the revision it already runs when that one still
 * fits (Kubernetes keeps the old pod while a new one cannot be scheduled), otherwise without it.</li>
 * </ol>
 * An app whose device-facing content did not change keeps the revision number it was published
 * with, so a revision that only changes rollout settings republishes nothing. A {@link Claim#waiting()}
 * claim (a device its rollout has not reached) places the earlier revision it carries, or, held
 * ({@link Claim#hold()}), nothing; the placement is Pending unless the device could never take the
 * current revision. Pure: no I/O.
 */
public final class DeviceDesiredComputer {

    private DeviceDesiredComputer() {
    }

    /**
     * @param claims   the deployments that target the device, in priority order
     * @param previous what was last published for the device, or null
     */
    public static DeviceComputation compute(Device device, List<Claim> claims, DesiredDeviceState previous) {
        Map<String, DesiredApp> before = new HashMap<>();
        if (previous != null) {
            previous.getAppsList().forEach(a -> before.put(a.getAppId(), a));
        }
        boolean iosxe = device.getPlatform() == Platform.PLATFORM_IOSXE;
        Admission admission = new Admission(device.getCapacity());
        Map<String, String> appOwner = new HashMap<>();
        Map<String, DesiredApp> apps = new TreeMap<>();
        Map<String, CppPolicerSetting> policers = new TreeMap<>();
        Map<String, String> policerOwner = new HashMap<>();
        TreeSet<String> contributors = new TreeSet<>();
        boolean prune = false;
        List<Placement> placements = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();

        for (Claim claim : claims) {
            AppDeployment m = claim.manifest();
            String appId = m.spec().app().id();
            String owner = appOwner.putIfAbsent(appId, claim.deployment());
            if (owner != null) {
                String detail = "app id '" + appId + "' is already claimed by deployment '" + owner + "'";
                conflicts.add(new Conflict(device.getId(), "spec.app.id", owner, claim.deployment(), detail));
                placements.add(new Placement(claim.deployment(), device.getId(), Placement.Phase.CONFLICT, null, detail));
                continue;
            }
            String unfit = PlatformFit.problem(device, m.spec().app(), m.spec().state());
            if (unfit != null) {
                placements.add(new Placement(claim.deployment(), device.getId(), Placement.Phase.UNSCHEDULABLE, null,
                        unfit));
                continue;
            }
            List<CppPolicerSetting> wanted = iosxe && m.spec().state() != AppState.ABSENT
                    ? DesiredAppMapper.cppPolicers(m) : List.of();
            Conflict policyConflict = null;
            for (CppPolicerSetting s : wanted) {
                CppPolicerSetting held = policers.get(s.getClassName());
                if (held != null && !held.equals(s)) {
                    String other = policerOwner.get(s.getClassName());
                    policyConflict = new Conflict(device.getId(), "spec.devicePolicy.cppPolicers." + s.getClassName(),
                            other, claim.deployment(), "CPP policer " + s.getClassName() + " is set differently by"
                                    + " deployment '" + other + "'");
                    break;
                }
            }
            if (policyConflict != null) {
                conflicts.add(policyConflict);
                placements.add(new Placement(claim.deployment(), device.getId(), Placement.Phase.CONFLICT, null,
                        policyConflict.detail()));
                continue;
            }

            DesiredApp candidate = DesiredAppMapper.toProto(m, claim.revision());
            DesiredApp had = before.get(appId);
            if (had != null && !had.getDeploymentName().equals(claim.deployment())) {
                had = null;
            }
            if (had != null && sameContent(had, candidate)) {
                candidate = had;
            }
            DesiredApp placed = null;
            Placement placement;
            if (claim.hold()) {
                // Checked, not placed: nothing is admitted, so it takes no room from the apps after it.
                String noRoom = admission.fits(candidate);
                placements.add(noRoom == null
                        ? new Placement(claim.deployment(), device.getId(), Placement.Phase.PENDING, null,
                                "held back by its rollout until its wave")
                        : new Placement(claim.deployment(), device.getId(), Placement.Phase.UNSCHEDULABLE, null,
                                "does not fit: " + noRoom));
                continue;
            }
            String tooBig = admission.admit(candidate);
            if (tooBig == null) {
                placed = candidate;
                placement = claim.waiting()
                        ? new Placement(claim.deployment(), device.getId(), Placement.Phase.PENDING,
                                candidate.getDeploymentRevision(), "keeps revision " + claim.revision()
                                        + " until its rollout wave")
                        : new Placement(claim.deployment(), device.getId(), Placement.Phase.APPLIED,
                                candidate.getDeploymentRevision(), null);
            } else if (had != null && had != candidate && admission.admit(had) == null) {
                placed = had;
                placement = new Placement(claim.deployment(), device.getId(), Placement.Phase.UNSCHEDULABLE,
                        had.getDeploymentRevision(), "revision " + claim.revision() + " does not fit: " + tooBig
                                + "; the device keeps revision " + had.getDeploymentRevision());
            } else {
                placement = new Placement(claim.deployment(), device.getId(), Placement.Phase.UNSCHEDULABLE, null,
                        "does not fit: " + tooBig);
            }
            placements.add(placement);
            if (placed == null) {
                continue;
            }
            apps.put(appId, placed);
            contributors.add(claim.deployment());
            for (CppPolicerSetting s : wanted) {
                policers.put(s.getClassName(), s);
                policerOwner.putIfAbsent(s.getClassName(), claim.deployment());
            }
            prune |= m.spec().prune() && m.spec().state() != AppState.ABSENT;
        }

        DesiredDeviceState state = DesiredDeviceState.newBuilder()
                .setDeviceId(device.getId())
                .addAllApps(apps.values())
                .setSettings(DeviceSettings.newBuilder().addAllCppPolicers(policers.values()))
                .setPruneUnmanaged(prune)
                .setSource(DesiredSource.newBuilder().addAllDeploymentNames(contributors))
                .build();
        return new DeviceComputation(device.getId(), false, state, List.copyOf(placements), List.copyOf(conflicts));
    }

    /** Equal but for the revision number: the device would be configured the same. */
    static boolean sameContent(DesiredApp a, DesiredApp b) {
        if (!a.getConfigDigest().equals(b.getConfigDigest())) {
            return false; // the digest is one of the compared fields: no need to copy both messages to see it
        }
        return a.toBuilder().clearDeploymentRevision().build().equals(b.toBuilder().clearDeploymentRevision().build());
    }
}
