package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.parse.OutputLines;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;

/**
 * `netns_identify $$` (XR bash) or `ip netns identify`: the names of the network namespace the
 * shell runs in, one per line. On XR 6.x that is "tpnns" and "global-vrf", where tpnns is only a
 * symlink; {@code namespace} is the real name, the one to mount into containers.
 */
public record NetnsIdentify(List<String> names, String namespace) {

    private static final String SYMLINK = "tpnns";

    public static NetnsIdentify parse(String output) {
        List<Line> lines = OutputLines.of(output).all();
        // In a captured session only the lines right after the identify command are its answer.
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            String typed = XrOutput.bashCommand(lines.get(i).text());
            if (typed != null && (typed.startsWith("netns_identify") || typed.startsWith("ip netns identify"))) {
                from = i + 1;
                break;
            }
        }
        List<String> names = new ArrayList<>();
        for (Line l : lines.subList(from, lines.size())) {
            if (XrOutput.isBashPrompt(l.text())) {
                break;
            }
            if (l.isBlank()) {
                continue;
            }
            if (!l.text().matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new ParseException("not a network namespace name", l.number(), l.text());
            }
            names.add(l.text());
        }
        if (names.isEmpty()) {
            throw new ParseException("no network namespace named (default namespace, or no output)");
        }
        String real = names.stream().filter(n -> !n.equals(SYMLINK)).findFirst().orElse(names.get(0));
        return new NetnsIdentify(List.copyOf(names), real);
    }
}
