package io.appfleet.desired.rollout;

/** Where a rollout stands; the names are the API's and the database's. */
public enum RolloutState {
    /** Waves open as devices converge. */
    Progressing,
    /** Stopped by an operator or by the failure threshold: no more devices get the revision. */
    Paused,
    /** Every wave done. */
    Succeeded,
    /** Stopped by an operator: every device is back on the stable revision (or without the app). */
    Aborted,
    /** Over the failure threshold with autoRollback: a new revision restored the stable one. */
    RolledBack;

    /** Whether devices can still be held back or handed the revision by this rollout. */
    public boolean active() {
        return this == Progressing || this == Paused || this == Aborted;
    }
}
