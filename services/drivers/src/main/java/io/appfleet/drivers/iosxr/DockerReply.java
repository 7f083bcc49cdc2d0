package io.appfleet.drivers.iosxr;

/**
 * What docker answered to one lifecycle command (pull, run, create, start, stop, rm -f), typed
 * so the driver can tell an effect already present (no such container on rm) from a failure.
 * {@code message} is docker's error line, null for OK.
 */
public record DockerReply(Outcome outcome, String message) {

    public enum Outcome {
        OK,
        /** "No such container: x": the container is not there. */
        NO_SUCH_CONTAINER,
        /** "Conflict. The container name "/x" is already in use": a container of that name exists. */
        NAME_IN_USE,
        /** "No such image", "image … not found", "pull access denied": the image is not there or not pullable. */
        NO_SUCH_IMAGE,
        /** Any other docker or shell error (daemon down, bad option, docker missing). */
        ERROR
    }
}
