package io.appfleet.desired.gitops;

/** A poll that could not complete; the message is shown in the status and must never hold a credential. */
class GitSyncException extends Exception {

    GitSyncException(String message) {
        super(message);
    }

    GitSyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
