package io.appfleet.drivers;

/**
 * The commands (or requests) and replies of one step, in order: the device output of its
 * {@link StepResult}, so an operator sees what was said. The device's password is masked.
 */
public final class StepTranscript {

    private final StringBuilder sb = new StringBuilder();

    public void add(String command, String reply) {
        sb.append("# ").append(command).append('\n');
        if (reply != null && !reply.isEmpty()) {
            sb.append(reply).append('\n');
        }
    }

    /** The transcript with every occurrence of {@code secret} replaced by {@code ****}. */
    public String text(String secret) {
        String text = sb.toString().stripTrailing();
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "****");
    }
}
