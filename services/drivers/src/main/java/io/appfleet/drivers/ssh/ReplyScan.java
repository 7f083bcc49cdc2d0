package io.appfleet.drivers.ssh;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One reply as it arrives, chunk by chunk, and what the reader needs to know of it after each
 * chunk: how many {@code --More--} pages were shown, whether it ends with a prompt or a question.
 * Each chunk is decoded and scanned once; a check for what ends the reply looks only at the last
 * line (a prompt or a question is always the last thing printed), so a reply of n bytes in k
 * chunks costs O(n + k × last line), not O(n × k) as rescanning the whole reply would. A
 * {@code --More--} or a prompt split across two chunks is found when its second part arrives.
 */
final class ReplyScan {

    private static final String MORE = "--More--";

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final StringBuilder text = new StringBuilder();
    /** The first bytes of a character whose last bytes have not arrived yet. */
    private byte[] partial = new byte[0];
    private char[] chars = new char[256];
    /** Where the search for the next --More-- starts: after the last one found, or where one may still be completing. */
    private int moreFrom;
    private int pages;

    /** Adds the bytes that arrived since the last call. */
    void append(byte[] chunk) {
        if (chunk.length == 0) {
            return;
        }
        ByteBuffer in;
        if (partial.length == 0) {
            in = ByteBuffer.wrap(chunk);
        } else {
            byte[] joined = new byte[partial.length + chunk.length];
            System.arraycopy(partial, 0, joined, 0, partial.length);
            System.arraycopy(chunk, 0, joined, partial.length, chunk.length);
            in = ByteBuffer.wrap(joined);
        }
        if (chars.length < in.remaining()) {
            chars = new char[Math.max(in.remaining(), chars.length * 2)];
        }
        CharBuffer out = CharBuffer.wrap(chars);
        // Malformed bytes become U+FFFD as String's decoding makes them; an incomplete character waits for its end.
        decoder.decode(in, out, false);
        text.append(chars, 0, out.position());
        partial = new byte[in.remaining()];
        in.get(partial);
        countPages();
    }

    private void countPages() {
        int at;
        while ((at = text.indexOf(MORE, moreFrom)) >= 0) {
            pages++;
            moreFrom = at + MORE.length();
        }
        // A --More-- whose first characters end this chunk is found when the rest arrives.
        moreFrom = Math.max(moreFrom, text.length() - (MORE.length() - 1));
    }

    /** {@code --More--} marks seen so far (non-overlapping, as a regex search would count them). */
    int pages() {
        return pages;
    }

    /**
     * False while the last bytes are the start of a character still to come: until they complete
     * it, the reply does not end with anything (a whole-buffer decoding would end it with U+FFFD).
     */
    boolean complete() {
        return partial.length == 0;
    }

    CharSequence text() {
        return text;
    }

    int length() {
        return text.length();
    }

    /** The first of {@code answers} whose question ends what came after {@code from}, or null. */
    PromptAnswer asked(List<PromptAnswer> answers, int from) {
        int start = Math.max(from, tailStart(text));
        for (PromptAnswer a : answers) {
            if (a.asked(text, start)) {
                return a;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /**
     * Where a one-line pattern that ends in {@code $} can start to match {@code s}: at the line
     * break before its last line, or 0. As in {@link java.util.regex.Pattern}, {@code $} also
     * matches before a final line terminator, so that one is stepped over first. A pattern that
     * starts with {@code (?:^|[\r\n])} and cannot match a line break gives the same answer on
     * the region from here as on the whole text.
     */
    static int tailStart(CharSequence s) {
        int end = s.length();
        if (end >= 2 && s.charAt(end - 2) == '\r' && s.charAt(end - 1) == '\n') {
            end -= 2;
        } else if (end >= 1 && isLineTerminator(s.charAt(end - 1))) {
            end -= 1;
        }
        for (int i = end - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                return i;
            }
        }
        return 0;
    }

    /** The characters after the last CR or LF. */
    static String lastLine(CharSequence s) {
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                return s.subSequence(i + 1, s.length()).toString();
            }
        }
        return s.toString();
    }

    private static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
