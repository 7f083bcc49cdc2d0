package io.appfleet.drivers.ssh;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incremental reply scan against the rescan of the whole reply it replaces: whatever the
 * chunks a reply arrives in, after each chunk the page count, the prompt at the end and the
 * question at the end are what a search over everything received so far finds.
 */
class ReplyScanTest {

    private static final Pattern MORE = Pattern.compile(" ?--More-- ?");
    private static final PromptAnswer DESTINATION = PromptAnswer.enter("Destination filename \\[[^\\]\r\n]*\\]\\?");
    private static final List<PromptAnswer> ANSWERS = List.of(DESTINATION, PromptAnswer.CONFIRM);

    private static final CliPrompt SW1 = CliPrompt.learn("\r\nsw1#").prompt();
    private static final CliPrompt XR = CliPrompt.learn("\r\nRP/0/RP0/CPU0:xr-1#").prompt();

    private static final List<String> REPLIES = List.of(
            "show clock\r\n*10:00:00.000 UTC Mon Nov 23 2026\r\nsw1#",
            "configure terminal\r\nEnter configuration commands, one per line.  End with CNTL/Z.\r\nsw1(config)#",
            "app-hosting appid probe\r\nsw1(config-app-hosting)# ",
            "show running-config | section app-hosting\r\napp-hosting appid probe\r\n app-vnic gateway0 virtualportgroup 0 guest-interface 0\r\nsw1#\r\n",
            "show long\r\nrow 1\r\nrow 2\r\n --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\brow 3\r\n --More-- "
                    + "\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\brow 4\r\nsw1#",
            "show twice\r\n--More----More-- --More--\r\nsw1#",
            "show host\r\nsw1# is not the end of this line\r\nother-host#\r\nsw1#",
            "show appmgr application-table\r\nName    Type   Config State  Status\r\nprobe   Docker Activated     Up 2 minutes\r\nRP/0/RP0/CPU0:xr-1#",
            "copy http://10.0.0.1/probe.tar usbflash0:probe.tar\r\nDestination filename [probe.tar]? \r\nAccessing http://10.0.0.1/probe.tar...\r\n"
                    + "%Warning:There is a file already existing with this name\r\nDo you want to over write? [confirm]\r\n!!!!!!\r\n"
                    + "65536 bytes copied in 0.120 secs (546133 bytes/sec)\r\nsw1#",
            "show confirm\r\nthe word [confirm] inside a line is not a question\r\nsw1#",
            "show unicode\r\ncaf\u00e9 \u2014 \u20ac \ud83d\ude00 na\u00efve\r\nsw1#",
            "bash\r\n[xr-vm_node0_RP0_CPU0:~]$ ",
            "show cr\rrow after a lone CR\r\r\nsw1#\r");

    @Test
    void findsWhatAWholeRescanFindsForEverySplitIntoTwoChunks() {
        for (String reply : REPLIES) {
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            for (int cut = 0; cut <= bytes.length; cut++) {
                check(reply, List.of(Arrays.copyOfRange(bytes, 0, cut), Arrays.copyOfRange(bytes, cut, bytes.length)));
            }
        }
    }

    @Test
    void findsWhatAWholeRescanFindsForEverySplitIntoThreeChunksWithAShortMiddleOne() {
        // A middle chunk up to 10 bytes long cuts any --More--, prompt or character into three.
        for (String reply : REPLIES) {
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            for (int a = 0; a <= bytes.length; a++) {
                for (int b = a; b <= Math.min(bytes.length, a + 10); b++) {
                    check(reply, List.of(Arrays.copyOfRange(bytes, 0, a), Arrays.copyOfRange(bytes, a, b),
                            Arrays.copyOfRange(bytes, b, bytes.length)));
                }
            }
        }
    }

    @Test
    void findsWhatAWholeRescanFindsByteByByte() {
        for (String reply : REPLIES) {
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            List<byte[]> chunks = new ArrayList<>();
            for (byte b : bytes) {
                chunks.add(new byte[] {b});
            }
            check(reply, chunks);
        }
    }

    @Test
    void aPromptSplitAcrossChunksEndsTheReplyOnlyWhenItsLastCharacterArrives() {
        ReplyScan scan = new ReplyScan();
        scan.append(bytes("show clock\r\n*10:00:00.000 UTC\r\nsw"));
        assertThat(SW1.endsWithPrompt(scan.text())).isFalse();
        scan.append(bytes("1"));
        assertThat(SW1.endsWithPrompt(scan.text())).isFalse();
        scan.append(bytes("#"));
        assertThat(SW1.endsWithPrompt(scan.text())).isTrue();
        assertThat(scan.toString()).isEqualTo("show clock\r\n*10:00:00.000 UTC\r\nsw1#");
    }

    @Test
    void aPromptTextInsideAnEarlierLineDoesNotEndTheReply() {
        ReplyScan scan = new ReplyScan();
        scan.append(bytes("show host\r\nsw1#"));
        assertThat(SW1.endsWithPrompt(scan.text())).isTrue();
        scan.append(bytes(" is not the end of this line\r\n"));
        assertThat(SW1.endsWithPrompt(scan.text())).isFalse();
        scan.append(bytes("other-host#"));
        assertThat(SW1.endsWithPrompt(scan.text())).isFalse();
        scan.append(bytes("\r\nRP/0/RP0/CPU0:sw"));
        assertThat(SW1.endsWithPrompt(scan.text())).isFalse();
        scan.append(bytes("1#"));
        assertThat(SW1.endsWithPrompt(scan.text())).isTrue();
    }

    @Test
    void aMoreMarkSplitAcrossChunksIsCountedOnceWhenItCompletes() {
        ReplyScan scan = new ReplyScan();
        scan.append(bytes("row 1\r\nrow 2\r\n --Mo"));
        assertThat(scan.pages()).isZero();
        scan.append(bytes("re-"));
        assertThat(scan.pages()).isZero();
        scan.append(bytes("- "));
        assertThat(scan.pages()).isEqualTo(1);
        scan.append(bytes("\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\brow 3\r\n --More-- "));
        assertThat(scan.pages()).isEqualTo(2);
        scan.append(bytes("row 4\r\nsw1#"));
        assertThat(scan.pages()).isEqualTo(2);
    }

    @Test
    void aQuestionSplitAcrossChunksIsAskedWhenItEndsTheOutput() {
        ReplyScan scan = new ReplyScan();
        scan.append(bytes("copy http://h/x.tar usbflash0:x.tar\r\nDestination filename [x.t"));
        assertThat(scan.asked(ANSWERS, 0)).isNull();
        scan.append(bytes("ar]? "));
        assertThat(scan.asked(ANSWERS, 0)).isSameAs(DESTINATION);
        int answered = scan.length();
        scan.append(bytes("\r\nAccessing http://h/x.tar...\r\nDo you want to over write? [conf"));
        assertThat(scan.asked(ANSWERS, answered)).isNull();
        scan.append(bytes("irm]"));
        assertThat(scan.asked(ANSWERS, answered)).isSameAs(PromptAnswer.CONFIRM);
    }

    @Test
    void aCharacterSplitAcrossChunksIsDecodedWhole() {
        byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
        ReplyScan scan = new ReplyScan();
        scan.append(bytes("price: "));
        scan.append(new byte[] {euro[0]});
        assertThat(scan.complete()).isFalse();
        scan.append(new byte[] {euro[1]});
        assertThat(scan.complete()).isFalse();
        scan.append(new byte[] {euro[2], '\r', '\n', 's', 'w', '1', '#'});
        assertThat(scan.complete()).isTrue();
        assertThat(scan.toString()).isEqualTo("price: \u20ac\r\nsw1#");
        assertThat(SW1.endsWithPrompt(scan.text())).isTrue();
    }

    @Test
    void malformedBytesBecomeReplacementCharactersAsInAWholeDecoding() {
        byte[] bad = {'a', (byte) 0xff, 'b', (byte) 0xc3, 'c', '\r', '\n', 's', 'w', '1', '#'};
        for (int cut = 0; cut <= bad.length; cut++) {
            ReplyScan scan = new ReplyScan();
            scan.append(Arrays.copyOfRange(bad, 0, cut));
            scan.append(Arrays.copyOfRange(bad, cut, bad.length));
            assertThat(scan.toString()).as("cut at %d", cut).isEqualTo(new String(bad, StandardCharsets.UTF_8));
            assertThat(scan.complete()).isTrue();
        }
    }

    @Test
    void theTailOfATextStartsAtTheLineBreakBeforeItsLastLine() {
        assertThat(ReplyScan.tailStart("")).isZero();
        assertThat(ReplyScan.tailStart("sw1#")).isZero();
        assertThat(ReplyScan.tailStart("a\r\nsw1#")).isEqualTo(2);
        // $ matches before a final line end, so the line before it is still the last one.
        assertThat(ReplyScan.tailStart("a\r\nsw1#\r\n")).isEqualTo(2);
        assertThat(ReplyScan.tailStart("a\nsw1#\n")).isEqualTo(1);
        assertThat(ReplyScan.tailStart("a\nsw1#\r")).isEqualTo(1);
        assertThat(ReplyScan.tailStart("a\n\n")).isEqualTo(1);
    }

    /** Feeds the chunks one by one and compares every decision with a search of the whole text so far. */
    private static void check(String reply, List<byte[]> chunks) {
        ReplyScan scan = new ReplyScan();
        byte[] so = new byte[0];
        for (byte[] chunk : chunks) {
            scan.append(chunk);
            byte[] joined = Arrays.copyOf(so, so.length + chunk.length);
            System.arraycopy(chunk, 0, joined, so.length, chunk.length);
            so = joined;
            String whole = new String(so, StandardCharsets.UTF_8);
            String at = "'" + reply + "' after " + so.length + " bytes";
            assertThat(scan.pages()).as("pages, %s", at).isEqualTo(count(MORE, whole));
            if (!scan.complete()) {
                // Only while a character is incomplete; the whole decoding then ends in U+FFFD and ends with nothing.
                assertThat(whole).as(at).endsWith("\ufffd");
                continue;
            }
            assertThat(scan.toString()).as(at).isEqualTo(whole);
            for (CliPrompt p : List.of(SW1, XR)) {
                assertThat(p.endsWithPrompt(scan.text())).as("prompt %s, %s", p.hostname(), at)
                        .isEqualTo(wholeRescanEndsWithPrompt(p.hostname(), whole));
            }
            assertThat(CliPrompt.learn(scan.text()) != null).as("any prompt, %s", at)
                    .isEqualTo(ANY.matcher(whole).find());
            assertThat(ShellPrompt.XR_BASH.endsWithPrompt(scan.text())).as("bash prompt, %s", at)
                    .isEqualTo(wholeRescanEndsWithBashPrompt(whole));
            for (int from : new int[] {0, Math.min(whole.length(), 12)}) {
                PromptAnswer expected = null;
                for (PromptAnswer a : ANSWERS) {
                    if (a.question().matcher(whole.substring(from)).find()) {
                        expected = a;
                        break;
                    }
                }
                assertThat(scan.asked(ANSWERS, from)).as("question after %d, %s", from, at).isEqualTo(expected);
            }
        }
    }

    // The searches over the whole reply that the scan replaced, as they were.
    private static final String XR_NODE = "(?:RP/\\d+/[A-Z0-9]+/CPU\\d+:)?";
    private static final String MODE = "(?:\\([-a-zA-Z0-9]+\\))?";
    private static final Pattern ANY = Pattern.compile(
            "(?:^|[\\r\\n])" + XR_NODE + "([A-Za-z0-9][-A-Za-z0-9_.]*)" + MODE + "([#>])[ \\t]*$");

    private static final java.util.Map<String, Pattern> OWN = new java.util.HashMap<>();

    private static boolean wholeRescanEndsWithPrompt(String hostname, String text) {
        return OWN.computeIfAbsent(hostname, h -> Pattern.compile("(?:^|[\\r\\n])" + XR_NODE + Pattern.quote(h) + MODE + "#[ \\t]*$"))
                .matcher(text).find();
    }

    private static boolean wholeRescanEndsWithBashPrompt(String text) {
        int start = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
        String last = text.substring(start);
        return ShellPrompt.XR_BASH.line().matcher(last).find() && last.strip().matches(".*\\][$#]");
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
