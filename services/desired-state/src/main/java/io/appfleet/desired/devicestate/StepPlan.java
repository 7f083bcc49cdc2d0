package io.appfleet.desired.devicestate;

import java.util.ArrayList;
import java.util.List;

import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;

/**
 * The coarse steps an app's change needs on a device, in the vocabulary of {@code fleet.events.v1}
 * (install, configure, activate, start, stop, deactivate, uninstall). Coarse: the adapter plans the
 * real steps from what it reads on the device (an app already installed skips install, and so on);
 * this is what a dry-run can promise without touching the device.
 */
public final class StepPlan {

    private StepPlan() {
    }

    /** Steps from {@code before} (null: not desired) to {@code after} (null: no longer desired). */
    public static List<String> steps(DesiredApp before, DesiredApp after) {
        List<String> s = new ArrayList<>();
        String id = after != null ? after.getAppId() : before.getAppId();
        DesiredAppState from = before == null ? DesiredAppState.DESIRED_APP_STATE_ABSENT : before.getState();
        DesiredAppState to = after == null ? DesiredAppState.DESIRED_APP_STATE_ABSENT : after.getState();
        boolean wasThere = before != null && from != DesiredAppState.DESIRED_APP_STATE_ABSENT;
        boolean staysThere = after != null && to != DesiredAppState.DESIRED_APP_STATE_ABSENT;
        if (before == null && to == DesiredAppState.DESIRED_APP_STATE_ABSENT) {
            // ABSENT also removes an app appfleet did not install: whatever is there goes.
            add(s, id, "stop", "deactivate", "uninstall");
            return s;
        }
        if (wasThere && !staysThere) {
            if (from == DesiredAppState.DESIRED_APP_STATE_RUNNING) {
                add(s, id, "stop");
            }
            add(s, id, "deactivate", "uninstall");
            return s;
        }
        if (!wasThere && staysThere) {
            add(s, id, "install", "configure", "activate");
            if (to == DesiredAppState.DESIRED_APP_STATE_RUNNING) {
                add(s, id, "start");
            }
            return s;
        }
        if (!wasThere) {
            return s;
        }
        boolean newArtifact = !before.getPackage().equals(after.getPackage()) || !before.getImage().equals(after.getImage());
        boolean newConfig = !before.getConfigDigest().equals(after.getConfigDigest());
        if (newArtifact || newConfig) {
            if (from == DesiredAppState.DESIRED_APP_STATE_RUNNING) {
                add(s, id, "stop");
            }
            add(s, id, "deactivate");
            if (newArtifact) {
                add(s, id, "uninstall", "install");
            }
            add(s, id, "configure", "activate");
            if (to == DesiredAppState.DESIRED_APP_STATE_RUNNING) {
                add(s, id, "start");
            }
            return s;
        }
        if (from == DesiredAppState.DESIRED_APP_STATE_RUNNING && to == DesiredAppState.DESIRED_APP_STATE_STOPPED) {
            add(s, id, "stop");
        } else if (from == DesiredAppState.DESIRED_APP_STATE_STOPPED && to == DesiredAppState.DESIRED_APP_STATE_RUNNING) {
            add(s, id, "start");
        }
        return s;
    }

    private static void add(List<String> steps, String appId, String... verbs) {
        for (String v : verbs) {
            steps.add(v + " " + appId);
        }
    }
}
