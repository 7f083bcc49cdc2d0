package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.iosxe.RunningAppConfig.Entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What separates an app's running {@code app-hosting appid} block from the block the driver
 * would send: lines to add ({@code missing}) and lines to remove first ({@code removals}, already
 * in their {@code no} forms, with the sub-mode lines that reach them).
 *
 * <p>Lines are compared trimmed, {@code exit} ignored, as {@link RunningAppConfig#contains} does.
 * Only lines appfleet writes can be removed: vNICs, default gateways, run-opts and a profile
 * other than {@code custom}. Anything else in the block (a line the device adds itself, a profile
 * value the spec leaves to the device's default) is never a difference, so an unchanged app
 * plans nothing however the device prints it.
 */
record AppConfigDiff(List<String> missing, List<String> removals) {

    private static final Pattern RUN_OPTS = Pattern.compile("run-opts (\\d+)(?:\\s.*)?");
    private static final String DOCKER = "app-resource docker";
    private static final String PROFILE = "app-resource profile ";

    /** @param sectionOutput {@code show running-config | section app-hosting} */
    static AppConfigDiff of(AppSpec app, String sectionOutput) {
        List<String> commands = IosxeCommands.appConfig(app);
        List<Entry> want = desired(commands);
        List<Entry> have = RunningAppConfig.entries(sectionOutput, app.appId());
        List<String> missing = new ArrayList<>();
        if (!RunningAppConfig.block(sectionOutput, app.appId()).contains(commands.get(0))) {
            missing.add(commands.get(0));
        }
        for (Entry w : want) {
            Optional<Entry> h = find(have, w.line());
            if (h.isEmpty()) {
                missing.add(w.line());
                missing.addAll(w.children());
            } else {
                w.children().stream().filter(c -> !h.get().children().contains(c)).forEach(missing::add);
            }
        }
        return new AppConfigDiff(List.copyOf(missing), removals(want, have));
    }

    boolean none() {
        return missing.isEmpty() && removals.isEmpty();
    }

    /** The CONFIGURE lines: the header, the {@code no} forms first, then the full block. */
    static List<String> commands(AppSpec app, AppConfigDiff diff) {
        List<String> block = IosxeCommands.appConfig(app);
        List<String> out = new ArrayList<>();
        out.add(block.get(0));
        out.addAll(diff.removals());
        out.addAll(block.subList(1, block.size()));
        return out;
    }

    /**
     * The no forms. IOS removes a vNIC with its addressing, so a vNIC whose addressing changed is
     * removed whole and sent again; run-opts are removed by index, the only key the device has
     * for them ({@code run-opts <n> "<line>"}). No form wording follows the IOS convention
     * ({@code no} + the command's keywords); not from a published capture.
     */
    private static List<String> removals(List<Entry> want, List<Entry> have) {
        List<String> out = new ArrayList<>();
        for (Entry h : have) {
            String line = h.line();
            if (line.startsWith("app-vnic ")) {
                Optional<Entry> w = find(want, line);
                boolean addressingGone = w.isPresent() && h.children().stream()
                        .anyMatch(c -> c.startsWith("guest-ipaddress") && !w.get().children().contains(c));
                if (w.isEmpty() || addressingGone) {
                    out.add("no " + line);
                }
            } else if (line.startsWith("app-default-gateway ") && find(want, line).isEmpty()) {
                out.add("no " + line);
            } else if (line.startsWith(PROFILE) && !line.equals(PROFILE + "custom")
                    && want.stream().anyMatch(e -> e.line().startsWith(PROFILE))) {
                out.add("no " + line);
            }
        }
        Set<String> wantedIndexes = find(want, DOCKER).map(e -> e.children().stream().map(AppConfigDiff::runOptsIndex)
                .collect(Collectors.toSet())).orElse(Set.of());
        List<String> extraOpts = find(have, DOCKER).map(Entry::children).orElse(List.of()).stream()
                .map(AppConfigDiff::runOptsIndex).filter(i -> i != null && !wantedIndexes.contains(i)).toList();
        if (!extraOpts.isEmpty()) {
            out.add(DOCKER);
            extraOpts.forEach(i -> out.add("no run-opts " + i));
            out.add(IosxeCommands.EXIT);
        }
        return List.copyOf(out);
    }

    private static String runOptsIndex(String line) {
        Matcher m = RUN_OPTS.matcher(line);
        return m.matches() ? m.group(1) : null;
    }

    private static Optional<Entry> find(List<Entry> entries, String line) {
        return entries.stream().filter(e -> e.line().equals(line)).findFirst();
    }

    /** The block the driver would send, as entries (the header and every exit left out). */
    private static List<Entry> desired(List<String> commands) {
        List<Entry> out = new ArrayList<>();
        Entry open = null;
        for (String raw : commands.subList(1, commands.size())) {
            String line = raw.strip();
            if (line.equals(IosxeCommands.EXIT)) {
                open = null;
            } else if (open != null) {
                open.children().add(line);
            } else {
                Entry e = new Entry(line, new ArrayList<>());
                out.add(e);
                if (line.startsWith("app-vnic ") || line.startsWith("app-resource ")) {
                    open = e;
                }
            }
        }
        return out;
    }
}
