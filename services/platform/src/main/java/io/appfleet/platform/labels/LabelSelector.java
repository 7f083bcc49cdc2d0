package io.appfleet.platform.labels;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes label selector: requirements that must all hold. Parsed from the string form
 * ({@code role=access,site in (ams,fra),!legacy}) or built from {@code matchLabels} and
 * {@code matchExpressions}; the same semantics as kubectl, so {@code key!=v} and {@code notin}
 * also match objects that lack the key.
 */
public record LabelSelector(List<Requirement> requirements) {

    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    public record Requirement(String key, Operator operator, Set<String> values) {

        public Requirement {
            values = values == null ? Set.of() : Set.copyOf(new LinkedHashSet<>(values));
        }

        public boolean matches(Map<String, String> labels) {
            String actual = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> actual != null && values.contains(actual);
                case NOT_EQUALS, NOT_IN -> actual == null || !values.contains(actual);
                case EXISTS -> actual != null;
                case DOES_NOT_EXIST -> actual == null;
            };
        }
    }

    public LabelSelector {
        requirements = List.copyOf(requirements);
    }

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** Builds a selector from the structured form used in manifests. */
    public static LabelSelector of(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
        List<Requirement> all = new ArrayList<>();
        if (matchLabels != null) {
            matchLabels.forEach((k, v) -> {
                check(k, LabelGrammar.keyError(k));
                check(k, LabelGrammar.valueError(v));
                all.add(new Requirement(k, Operator.EQUALS, Set.of(v)));
            });
        }
        if (matchExpressions != null) {
            for (Requirement r : matchExpressions) {
                check(r.key(), LabelGrammar.keyError(r.key()));
                boolean needsValues = r.operator() == Operator.IN || r.operator() == Operator.NOT_IN;
                if (needsValues && r.values().isEmpty()) {
                    throw new InvalidSelectorException("operator " + r.operator() + " on '" + r.key()
                            + "' needs at least one value");
                }
                if (!needsValues && (r.operator() == Operator.EXISTS || r.operator() == Operator.DOES_NOT_EXIST)
                        && !r.values().isEmpty()) {
                    throw new InvalidSelectorException("operator " + r.operator() + " on '" + r.key()
                            + "' takes no values");
                }
                r.values().forEach(v -> check(r.key(), LabelGrammar.valueError(v)));
                all.add(r);
            }
        }
        return new LabelSelector(all);
    }

    /**
     * Parses the string form. Grammar (as kubectl): requirements separated by commas; each is
     * {@code key}, {@code !key}, {@code key=v}, {@code key==v}, {@code key!=v},
     * {@code key in (v1,v2)} or {@code key notin (v1,v2)}.
     *
     * @throws InvalidSelectorException naming the position and what was expected
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        return new Parser(text).parse();
    }

    /** The selector that can never be satisfied is an input error worth knowing about, so callers may ask. */
    public boolean isContradictory() {
        for (Requirement a : requirements) {
            for (Requirement b : requirements) {
                if (!a.key().equals(b.key())) {
                    continue;
                }
                boolean aPositive = a.operator() == Operator.EQUALS || a.operator() == Operator.IN;
                boolean bPositive = b.operator() == Operator.EQUALS || b.operator() == Operator.IN;
                if (aPositive && b.operator() == Operator.DOES_NOT_EXIST) {
                    return true;
                }
                if (aPositive && bPositive && a.values().stream().noneMatch(b.values()::contains)) {
                    return true;
                }
                if (aPositive && (b.operator() == Operator.NOT_EQUALS || b.operator() == Operator.NOT_IN)
                        && b.values().containsAll(a.values())) {
                    return true;
                }
            }
        }
        return false;
    }

    public static class InvalidSelectorException extends IllegalArgumentException {
        public InvalidSelectorException(String message) {
            super(message);
        }
    }

    private static void check(String key, String error) {
        if (error != null) {
            throw new InvalidSelectorException(error);
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        LabelSelector parse() {
            List<Requirement> out = new ArrayList<>();
            while (true) {
                skipSpaces();
                out.add(requirement());
                skipSpaces();
                if (pos == s.length()) {
                    return new LabelSelector(out);
                }
                expect(',');
            }
        }

        private Requirement requirement() {
            if (peek() == '!') {
                pos++;
                skipSpaces();
                String key = key();
                return new Requirement(key, Operator.DOES_NOT_EXIST, Set.of());
            }
            String key = key();
            skipSpaces();
            if (pos == s.length() || peek() == ',') {
                return new Requirement(key, Operator.EXISTS, Set.of());
            }
            if (s.startsWith("!=", pos)) {
                pos += 2;
                return new Requirement(key, Operator.NOT_EQUALS, Set.of(value()));
            }
            if (s.startsWith("==", pos)) {
                pos += 2;
                return new Requirement(key, Operator.EQUALS, Set.of(value()));
            }
            if (peek() == '=') {
                pos++;
                return new Requirement(key, Operator.EQUALS, Set.of(value()));
            }
            if (word("notin")) {
                return new Requirement(key, Operator.NOT_IN, valueSet());
            }
            if (word("in")) {
                return new Requirement(key, Operator.IN, valueSet());
            }
            throw error("expected one of '=', '==', '!=', 'in', 'notin', ',' after key '" + key + "'");
        }

        private boolean word(String w) {
            if (s.startsWith(w, pos)) {
                int end = pos + w.length();
                if (end < s.length() && (s.charAt(end) == ' ' || s.charAt(end) == '(')) {
                    pos = end;
                    return true;
                }
            }
            return false;
        }

        private Set<String> valueSet() {
            skipSpaces();
            expect('(');
            skipSpaces();
            if (peek() == ')') {
                throw error("'in' and 'notin' need at least one value");
            }
            Set<String> values = new LinkedHashSet<>();
            while (true) {
                skipSpaces();
                values.add(token(true));
                skipSpaces();
                if (peek() == ')') {
                    pos++;
                    return values;
                }
                expect(',');
            }
        }

        private String key() {
            String key = token(false);
            String err = LabelGrammar.keyError(key);
            if (err != null) {
                throw error(err);
            }
            return key;
        }

        private String value() {
            skipSpaces();
            return token(true);
        }

        private String token(boolean value) {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || (!value && c == '/')) {
                    pos++;
                } else {
                    break;
                }
            }
            String t = s.substring(start, pos);
            if (value) {
                String err = LabelGrammar.valueError(t);
                if (err != null) {
                    throw error(err);
                }
            } else if (t.isEmpty()) {
                throw error("expected a label key");
            }
            return t;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        private InvalidSelectorException error(String message) {
            return new InvalidSelectorException("selector '" + LabelGrammar.printable(s) + "' at position " + pos
                    + ": " + message);
        }
    }
}
