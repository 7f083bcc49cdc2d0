package io.appfleet.devicesim.iosxr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The few Go {@code text/template} actions docker's {@code --format} is used with: a field path
 * ({@code .Names}, {@code .State.Running}), a method with one string argument ({@code .Label
 * "k"}) and {@code index .Config.Labels "k"}. Text between actions is copied. Enough for what
 * operators and the driver type; anything else fails as docker does, with a template error.
 */
final class GoTemplate {

    /** A template docker refuses; the message is docker's first line for it. */
    static final class TemplateError extends Exception {
        TemplateError(String message) {
            super(message);
        }
    }

    /**
     * One action's value: {@code call} is the action's words ({@code [".Label", "k"]},
     * {@code ["index", ".Config.Labels", "k"]}); null when the object has no such field.
     */
    interface Resolver extends Function<List<String>, String> {
    }

    private GoTemplate() {
    }

    /**
     * @param type the Go type docker names in its error ("*formatter.containerContext")
     */
    static String render(String template, Resolver resolver, String type) throws TemplateError {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                throw new TemplateError("Template parsing error: template: :1: unclosed action");
            }
            String action = template.substring(open + 2, close).strip();
            List<String> words = words(action);
            String value = words.isEmpty() ? null : resolver.apply(words);
            if (value == null) {
                String field = words.isEmpty() ? "" : words.get(0).equals("index") && words.size() > 1 ? words.get(1) : words.get(0);
                throw new TemplateError("Template parsing error: template: :1:" + (open + 2) + ": executing \"\" at <"
                        + field + ">: can't evaluate field " + field.substring(field.lastIndexOf('.') + 1) + " in type " + type);
            }
            out.append(value);
            i = close + 2;
        }
        return out.toString();
    }

    /** An action's words: bare words and double-quoted strings (quotes removed, \" and \\ unescaped). */
    private static List<String> words(String action) throws TemplateError {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < action.length()) {
            char c = action.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder w = new StringBuilder();
                i++;
                while (i < action.length() && action.charAt(i) != '"') {
                    if (action.charAt(i) == '\\' && i + 1 < action.length()) {
                        i++;
                    }
                    w.append(action.charAt(i++));
                }
                if (i >= action.length()) {
                    throw new TemplateError("Template parsing error: template: :1: unterminated quoted string");
                }
                i++;
                words.add(w.toString());
            } else {
                int start = i;
                while (i < action.length() && !Character.isWhitespace(action.charAt(i))) {
                    i++;
                }
                words.add(action.substring(start, i));
            }
        }
        return words;
    }
}
