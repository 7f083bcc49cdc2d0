package io.appfleet.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real browser on a local page whose script changes it: the DOM after the script, a screenshot, a live session. */
class HeadlessChromiumIT {

    private static final String PAGE = """
            <!DOCTYPE html><html><head><title>t</title></head><body style="background:#fff">
            <p id="x">before</p><p id="n">0</p>
            <script>
              setTimeout(function () { document.getElementById('x').textContent = 'after'; }, 500);
              var n = 0; setInterval(function () { document.getElementById('n').textContent = String(++n); }, 100);
            </script></body></html>
            """;

    @Test
    void theDomAfterTheScriptsRanAScreenshotAndALiveSession(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.html");
        Files.writeString(page, PAGE);

        String dom = HeadlessChromium.dumpDom(page.toUri(), Duration.ofSeconds(2));
        assertTrue(dom.contains("<p id=\"x\">after</p>"), dom);

        Path png = dir.resolve("shots/page.png");
        HeadlessChromium.screenshot(page.toUri(), png, 800, 600, Duration.ofSeconds(1));
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 100 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', "a PNG");

        try (HeadlessChromium.Session s = HeadlessChromium.open(page.toUri(), 1024, 700)) {
            assertEquals("after", s.await("document.getElementById('x').textContent", "after"::equals,
                    Duration.ofSeconds(10)));
            assertEquals(1024, s.evaluate("window.innerWidth").asInt());
            s.await("document.getElementById('n').textContent", n -> Integer.parseInt(n) >= 5, Duration.ofSeconds(10));
            Path shot = dir.resolve("live.png");
            s.screenshot(shot, true);
            assertTrue(Files.size(shot) > 100);
            assertTrue(s.dom().contains("id=\"n\""));
        }
    }

    @Test
    void aMissingBinaryNamesTheDebianPackage() {
        String old = System.getProperty("appfleet.chromium");
        System.setProperty("appfleet.chromium", "/nonexistent/chromium");
        try {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    HeadlessChromium::require);
            assertTrue(e.getMessage().contains("install the Debian package 'chromium'"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("appfleet.chromium");
            } else {
                System.setProperty("appfleet.chromium", old);
            }
        }
    }
}
