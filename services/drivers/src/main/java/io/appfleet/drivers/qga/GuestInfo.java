package io.appfleet.drivers.qga;

import java.util.List;
import java.util.Optional;

/** guest-info: the agent version and the commands it knows, each with its enabled flag. */
public record GuestInfo(String version, List<SupportedCommand> supportedCommands) implements QgaReply {

    /** One entry of supported_commands. successResponse is null on agents before 1.7. */
    public record SupportedCommand(String name, Boolean enabled, Boolean successResponse) {
    }

    public Optional<SupportedCommand> command(String name) {
        return supportedCommands.stream().filter(c -> name.equals(c.name())).findFirst();
    }

    /** Listed and enabled: worth calling (older agents lack newer commands; operators disable some). */
    public boolean isEnabled(String name) {
        return command(name).map(c -> Boolean.TRUE.equals(c.enabled())).orElse(false);
    }
}
