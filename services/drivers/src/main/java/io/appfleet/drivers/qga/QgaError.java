package io.appfleet.drivers.qga;

/** The agent's {@code {"error":{"class":…,"desc":…}}}: for example CommandNotFound, CommandDisabled, GenericError. */
public record QgaError(String errorClass, String desc) implements QgaReply {

    public static final String COMMAND_NOT_FOUND = "CommandNotFound";
    public static final String COMMAND_DISABLED = "CommandDisabled";
    public static final String GENERIC_ERROR = "GenericError";

    /** The agent does not offer the command at all (too old, other OS) or an operator disabled it. */
    public boolean meansUnsupported() {
        return COMMAND_NOT_FOUND.equals(errorClass) || COMMAND_DISABLED.equals(errorClass);
    }

    /**
     * The command exists but the agent's blocklist ({@code qemu-ga -b}) turned it off. qemu-ga 7.2 does not
     * use the CommandDisabled class for this: it answers CommandNotFound with "Command X has been disabled"
     * (checked against the real agent), so the description is the only signal in the reply itself.
     * guest-info's enabled flag says the same thing ahead of time.
     */
    public boolean meansDisabled() {
        return COMMAND_DISABLED.equals(errorClass)
                || (COMMAND_NOT_FOUND.equals(errorClass) && desc != null && desc.contains("has been disabled"));
    }
}
