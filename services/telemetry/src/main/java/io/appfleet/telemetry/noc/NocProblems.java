package io.appfleet.telemetry.noc;

import io.appfleet.platform.problem.ProblemException;

/** The NOC's problems beyond bad parameters. */
public final class NocProblems {

    private NocProblems() {
    }

    /**
     * 404 for a device inventory does not know (or decommissioned); the detail says when the fleet
     * view is still reading its topics after a start, because the device may simply not be read yet.
     */
    public static ProblemException unknownDevice(String id, boolean viewReady) {
        return ProblemException.notFound("no device '" + ApiParams.shorten(id) + "' in inventory"
                + (viewReady ? "" : " (the fleet view is still reading the topics after a start; try again shortly)"));
    }

    public static ProblemException unknownRollout(String deployment) {
        return ProblemException.notFound("no rollout of a deployment named '" + ApiParams.shorten(deployment) + "'");
    }
}
