package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code show app-hosting infra}: top fields, the AppGigabitEthernet mapping table, then a "CPU:" block. */
public final class AppHostingInfraParser {

    static final String COMMAND = "show app-hosting infra";
    private static final String MAPPING_TITLE = "Application Interface Mapping";
    private static final Pattern MAPPING_HEADER = Pattern.compile("^AppGigabitEthernet Port #\\s+Interface Name.*");
    // The port type has single spaces inside ("KR Port - Internal"); columns are two or more apart.
    private static final Pattern MAPPING_ROW = Pattern.compile("^\\s*(\\d+)\\s+(\\S+)\\s+(\\S.*?)\\s{2,}(\\S+)$");

    private AppHostingInfraParser() {
    }

    public static AppHostingInfra parse(String output) {
        List<Line> lines = IosxeOutput.content(output, COMMAND);
        Matcher first = IosxeOutput.KEY_VALUE.matcher(lines.get(0).text());
        if (!first.matches() || !first.group(1).equals("IOX version")) {
            throw new ParseException("expected 'IOX version: …'", lines.get(0).number(), lines.get(0).text());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        List<AppHostingInfra.AppGigPort> ports = new ArrayList<>();
        CpuQuotaReader cpu = new CpuQuotaReader();
        ColonBlocks blocks = new ColonBlocks();
        boolean inMapping = false;
        for (Line l : lines) {
            String text = l.text().strip();
            if (text.equals(MAPPING_TITLE) || MAPPING_HEADER.matcher(text).matches()) {
                inMapping = true;
                continue;
            }
            Matcher m = MAPPING_ROW.matcher(l.text());
            if (inMapping && m.matches()) {
                ports.add(new AppHostingInfra.AppGigPort(IosxeOutput.parseLong(m.group(1), l), m.group(2), m.group(3), m.group(4)));
                continue;
            }
            inMapping = false;
            if (blocks.isTitle(l)) {
                blocks.read(l);
                continue;
            }
            ColonBlocks.Value v = blocks.read(l);
            if (v == null) {
                throw new ParseException("unexpected line in infra output", l.number(), l.text());
            }
            if ("CPU".equals(v.block())) {
                cpu.accept(v);
            } else if (v.block() == null) {
                fields.put(v.key(), v.value());
            } else {
                fields.put(v.block() + "/" + v.key(), v.value());
            }
        }
        String version = fields.remove("IOX version");
        String signature = fields.remove("App signature verification");
        String caf = fields.remove("CAF Health");
        String workDir = fields.remove("Internal working directory");
        return new AppHostingInfra(version, signature, caf, workDir, List.copyOf(ports), cpu.build(),
                Collections.unmodifiableMap(fields));
    }
}
