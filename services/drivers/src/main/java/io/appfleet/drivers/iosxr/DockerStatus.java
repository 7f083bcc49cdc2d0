package io.appfleet.drivers.iosxr;

import java.util.List;

/**
 * Docker's human status text ("Up 2 hours", "Exited (0) 3 days ago", appmgr's "Running")
 * turned into the one fact a controller needs: is the container running. XR appmgr copies
 * this text from docker, so the same rule serves appmgr tables and plain `docker ps`.
 */
final class DockerStatus {

    /** Beginnings of every status docker (and appmgr) prints; anything else is not a status. */
    private static final List<String> KNOWN = List.of(
            "Up", "Running", "Exited", "Created", "Restarting", "Removal In Progress", "Dead", "Paused",
            "Stopped", "Error");

    private DockerStatus() {
    }

    static boolean isKnown(String status) {
        for (String k : KNOWN) {
            if (status.equals(k) || status.startsWith(k + " ")) {
                return true;
            }
        }
        return false;
    }

    /** "Up …" and "Running" run; a paused container ("Up 5 minutes (Paused)") does not. */
    static boolean isRunning(String status) {
        boolean up = status.equals("Running") || status.startsWith("Up ");
        return up && !status.endsWith("(Paused)");
    }
}
