package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class DurationConverterTest {

    @Test
    void readsTheShortFormsAndIso() {
        assertEquals(Duration.ofSeconds(90), DurationConverter.parse("90s"));
        assertEquals(Duration.ofMinutes(5), DurationConverter.parse("5m"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1500ms"));
        assertEquals(Duration.ofMinutes(2).plusSeconds(30), DurationConverter.parse("PT2M30S"));
        assertEquals(Duration.ofMinutes(3), DurationConverter.parse(" 3M "));
    }

    @Test
    void refusesWhatIsNotAPositiveDuration() {
        for (String bad : new String[] {"", "5", "-5s", "5 minutes", "0s", "PT0S", "PT-1S", "ptx", "1d"}) {
            CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                    () -> DurationConverter.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
