package io.appfleet.drivers.ssh;

import java.util.regex.Pattern;

/**
 * The prompt of a shell started from the device CLI, such as XR 6.x {@code bash}
 * ({@code [xr-vm_node0_RP0_CPU0:~]$}): the reader waits for it instead of the CLI prompt while
 * the shell has the terminal.
 *
 * @param line a whole prompt line, possibly followed by a typed command
 */
public record ShellPrompt(Pattern line) {

    /** XR bash: "[host:cwd]$" (root: '#'), as in the fixtures iosxr-6x-*. */
    public static final ShellPrompt XR_BASH = new ShellPrompt(Pattern.compile("^\\[[A-Za-z0-9_.-]+:[^\\]\\r\\n]*\\][$#]"));

    boolean endsWithPrompt(CharSequence text) {
        String last = ReplyScan.lastLine(text);
        // The prompt is the last thing printed: nothing typed after it yet (trailing blanks allowed).
        return line.matcher(last).find() && last.strip().matches(".*\\][$#]");
    }

    boolean isPromptLine(String text) {
        return line.matcher(text).find();
    }
}
