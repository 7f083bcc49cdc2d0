package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

    @Test
    void onATerminalTheLineIsRewrittenInPlaceAndCutToTheWidth() {
        StringWriter s = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(s), true, 24, Duration.ofSeconds(5));
        p.update("1/3 converged");
        p.update("2/3 converged and a long tail");
        p.breakLine();
        p.breakLine();
        p.finish("3/3 converged");
        assertEquals("\rappfleet: 1/3 converged\u001b[K\rappfleet: 2/3 converged\u001b[K" + System.lineSeparator()
                + "\rappfleet: 3/3 converged\u001b[K\n", s.toString());
    }

    @Test
    void elsewhereItPrintsPlainLinesAtMostEveryInterval() {
        StringWriter s = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(s), false, 0, Duration.ofHours(1));
        p.update("1/3");
        p.update("2/3");
        p.breakLine();
        p.finish("3/3");
        String nl = System.lineSeparator();
        assertEquals("appfleet: 1/3" + nl + "appfleet: 3/3" + nl, s.toString());
    }
}
