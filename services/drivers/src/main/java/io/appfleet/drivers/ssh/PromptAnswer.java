package io.appfleet.drivers.ssh;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A question a command may ask before it finishes (IOS {@code copy}: "Destination filename
 * [x.tar]?", "Do you want to over write? [confirm]") and the line that answers it. The question
 * only counts when it is the last thing the device printed (trailing blanks aside), so the same
 * words inside ordinary output are not answered. A question is one line: the reader looks for it
 * on the last line only.
 */
public record PromptAnswer(Pattern question, String reply) {

    /** IOS's yes/no confirmation: Enter accepts. */
    public static final PromptAnswer CONFIRM = enter("\\[confirm\\]");

    public PromptAnswer {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(reply, "reply");
        for (int i = 0; i < reply.length(); i++) {
            if (Character.isISOControl(reply.charAt(i))) {
                throw new IllegalArgumentException("a prompt answer must be one line without control characters");
            }
        }
    }

    /** Answers the question matched by {@code regex} (at the end of the output) with Enter. */
    public static PromptAnswer enter(String regex) {
        return new PromptAnswer(Pattern.compile("(?:" + regex + ")[ \\t]*$"), "");
    }

    /** Whether {@code text} from {@code from} on ends with this question. */
    boolean asked(CharSequence text, int from) {
        return question.matcher(text).region(from, text.length()).find();
    }
}
