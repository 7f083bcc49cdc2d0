package io.appfleet.drivers.iosxe;

/**
 * The device's answer to {@code copy <url> <fs>:<file>}: the bytes copied, or why not;
 * {@code message} is the device's line that said so (the byte count line or the error).
 */
public record CopyReply(Outcome outcome, long bytesCopied, String message) {

    public enum Outcome {
        /** The whole file was written. */
        COPIED,
        /** The destination filesystem is full; no file was left behind. */
        NO_SPACE,
        /** The source could not be opened (HTTP 404 and the like). */
        SOURCE_NOT_FOUND,
        /** Any other failure. */
        ERROR
    }
}
