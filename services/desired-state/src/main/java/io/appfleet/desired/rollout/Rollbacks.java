package io.appfleet.desired.rollout;

/**
 * Makes an earlier revision of a deployment current again: what a rollout over its failure
 * threshold with {@code autoRollback} asks for. Implemented by the deployments, which own revisions.
 */
public interface Rollbacks {

    /**
     * Runs inside the caller's transaction, which holds the FleetLock.
     *
     * @throws io.appfleet.platform.problem.ProblemException when the revision cannot be made current
     */
    void rollBack(String deployment, long toRevision, String reason);
}
