package io.appfleet.drivers.iosxe;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code app-hosting appid X} block of {@code show running-config | section app-hosting}, so
 * the driver can tell whether an app's configuration is already what it would send: configuring
 * is then skipped, and a replay after a crash sends no configuration twice.
 */
final class RunningAppConfig {

    static final String SHOW = "show running-config | section app-hosting";

    private RunningAppConfig() {
    }

    /** The block's lines, trimmed, header included; empty when the app has no configuration. */
    static List<String> block(String sectionOutput, String appId) {
        List<String> block = new ArrayList<>();
        boolean inside = false;
        for (String raw : sectionOutput.split("\r?\n")) {
            boolean indented = raw.startsWith(" ");
            String line = raw.strip();
            if (!indented) {
                inside = line.equals("app-hosting appid " + appId);
            }
            if (inside && !line.isEmpty() && !line.equals("!")) {
                block.add(line);
            }
        }
        return block;
    }

    /**
     * The block as entries: each line one level under the header with the lines nested under it
     * (a vNIC's addressing, the run-opts of {@code app-resource docker}, the profile's values),
     * all trimmed. Empty when the app has no configuration.
     */
    static List<Entry> entries(String sectionOutput, String appId) {
        List<Entry> entries = new ArrayList<>();
        boolean inside = false;
        for (String raw : sectionOutput.split("\r?\n")) {
            String line = raw.strip();
            int indent = raw.length() - raw.stripLeading().length();
            if (indent == 0) {
                inside = line.equals("app-hosting appid " + appId);
                continue;
            }
            if (!inside || line.isEmpty() || line.equals("!")) {
                continue;
            }
            if (indent == 1 || entries.isEmpty()) {
                entries.add(new Entry(line, new ArrayList<>()));
            } else {
                entries.get(entries.size() - 1).children().add(line);
            }
        }
        return entries;
    }

    /** One line of an app block and the lines of its sub-mode. */
    record Entry(String line, List<String> children) {
    }

    /** Whether every line the driver would send is already in the running block. */
    static boolean contains(List<String> runningBlock, List<String> commands) {
        for (String command : commands) {
            String line = command.strip();
            if (!line.equals(IosxeCommands.EXIT) && !runningBlock.contains(line)) {
                return false;
            }
        }
        return !runningBlock.isEmpty();
    }
}
