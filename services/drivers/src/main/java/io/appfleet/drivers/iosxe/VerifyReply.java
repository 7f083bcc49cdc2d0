package io.appfleet.drivers.iosxe;

/**
 * The device's answer to {@code verify /sha256 <fs>:<file>}: the digest it computed (lowercase
 * hex), or that the file is not there, or another error; {@code message} is the line that said so.
 */
public record VerifyReply(Outcome outcome, String path, String sha256, String message) {

    public enum Outcome {
        /** The file is there and {@code sha256} is its digest. */
        DIGEST,
        /** No such file. */
        MISSING,
        /** Any other refusal (bad filesystem, I/O error, the CLI not knowing the command). */
        ERROR
    }
}
