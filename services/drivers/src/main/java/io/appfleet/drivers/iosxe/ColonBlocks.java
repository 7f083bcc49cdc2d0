package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.parse.OutputLines.Line;

import java.util.regex.Matcher;

/**
 * Reads the "Title:" / "  Key: value" blocks of resource and infra output, remembering which block
 * a value is in because "Quota" and "Available" repeat in every block.
 */
final class ColonBlocks {

    record Value(String block, String key, String value, Line line) {
        Quantity quantity() {
            return Quantity.parse(value, line);
        }
    }

    private String block;

    /** The value on this line, or null for a title or a line that is not "Key: value". */
    Value read(Line l) {
        Matcher kv = IosxeOutput.KEY_VALUE.matcher(l.text());
        if (!kv.matches()) {
            return null;
        }
        String value = kv.group(2).strip();
        if (IosxeOutput.indent(l) == 0 && value.isEmpty()) {
            block = kv.group(1);
            return null;
        }
        return new Value(IosxeOutput.indent(l) == 0 ? null : block, kv.group(1), value, l);
    }

    boolean isTitle(Line l) {
        Matcher kv = IosxeOutput.KEY_VALUE.matcher(l.text());
        return IosxeOutput.indent(l) == 0 && kv.matches() && kv.group(2).isBlank();
    }
}
