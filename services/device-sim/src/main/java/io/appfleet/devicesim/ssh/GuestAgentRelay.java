package io.appfleet.devicesim.ssh;

import io.appfleet.devicesim.SimulatedDevice;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.shell.ProcessShellFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host side of a KVM app's guest agent: an exec channel whose command is exactly
 * {@code socat - UNIX-CONNECT:<absolute path>} runs the real socat, so the adapter's QGA client talks
 * to a real qemu-ga the test started on that socket. Any other socat command line is refused with a
 * message and exit status 126; other exec commands stay the device CLI. Only IOS-XE devices host
 * agents here.
 */
final class GuestAgentRelay {

    /** The line the adapter sends; the path grammar is the drivers' SshExecTransport's. */
    private static final Pattern RELAY = Pattern.compile("socat - UNIX-CONNECT:(/[A-Za-z0-9._/-]{1,255})");
    static final int REFUSED = 126;

    private GuestAgentRelay() {
    }

    /** A command line meant for socat, right or wrong; everything else is CLI. */
    static boolean isRelayRequest(String command) {
        return command.strip().startsWith("socat");
    }

    static Command create(SimulatedDevice device, String command, ChannelSession channel) throws IOException {
        if (device == null) {
            return new Refused("no device on this address");
        }
        if (device.platform() != SimulatedDevice.Platform.IOSXE) {
            return new Refused("this simulated " + device.platform() + " device hosts no guest agents");
        }
        Matcher m = RELAY.matcher(command);
        if (!m.matches() || m.group(1).contains("..")) {
            return new Refused("refused: only 'socat - UNIX-CONNECT:<absolute path>' runs here (path of"
                    + " [A-Za-z0-9._/-] without '..')");
        }
        device.commandLog().add("exec", command);
        // Arguments as a list, never through a shell: the path cannot become a second command.
        return new ProcessShellFactory(command, List.of("socat", "-", "UNIX-CONNECT:" + m.group(1))).createShell(channel);
    }

    /** Writes why to stderr and exits with {@link #REFUSED}, as a shell does for a command it may not run. */
    private static final class Refused implements Command {
        private final String message;
        private OutputStream err;
        private ExitCallback exit;

        Refused(String message) {
            this.message = message;
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            err.flush();
            exit.onExit(REFUSED, message);
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
