package io.appfleet.drivers.infix;

import io.appfleet.drivers.parse.OutputLines;
import io.appfleet.drivers.parse.OutputLines.Line;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Infix CLI output lines. The klish prompt is "user@host:/path>" (or "…/config/>" in configure
 * mode), which the shared IOS-style prompt rule does not match, so captured sessions would
 * otherwise feed the echoed command to the parsers as data.
 */
final class InfixCli {

    private static final Pattern PROMPT = Pattern.compile("^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:\\S*[>#]( .*)?$");

    private InfixCli() {
    }

    static List<Line> content(String output) {
        List<Line> out = new ArrayList<>();
        for (Line l : OutputLines.of(output).content()) {
            if (!PROMPT.matcher(l.text()).matches()) {
                out.add(l);
            }
        }
        return out;
    }
}
