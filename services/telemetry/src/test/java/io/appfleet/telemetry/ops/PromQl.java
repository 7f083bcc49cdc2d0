package io.appfleet.telemetry.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the metric names a PromQL expression reads, as written in rule files and Grafana targets. A
 * tokenizer, not a parser (promtool parses): it skips strings, label matchers, range and subquery
 * brackets, numbers and durations, Grafana variables, function and aggregation names, keywords and the
 * label lists of by/without/on/ignoring/group_left/group_right. What is left is a metric name.
 */
final class PromQl {

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    /** Followed by a parenthesised list of label names (optional after group_left/group_right). */
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Set<String> KEYWORDS = Set.of("offset", "bool", "and", "or", "unless", "atan2");
    /** Number literals that look like identifiers (PromQL accepts any case). */
    private static final Set<String> NUMBER_WORDS = Set.of("inf", "nan");

    /** A label matcher as written after a metric name, e.g. {@code class="system-cpp-police-sys-data"}. */
    record LabelMatcher(String metric, String label, String op, String value) {
    }

    private final String s;
    private int i;
    private final Set<String> names = new TreeSet<>();
    private final List<LabelMatcher> matchers = new ArrayList<>();

    private PromQl(String expr) {
        this.s = expr;
    }

    /** The metric names the expression reads, sorted. */
    static Set<String> metricNames(String expr) {
        PromQl t = new PromQl(expr);
        t.scan();
        return t.names;
    }

    /** The label matchers the expression writes, each with the metric it follows (null after none). */
    static List<LabelMatcher> labelMatchers(String expr) {
        PromQl t = new PromQl(expr);
        t.scan();
        return t.matchers;
    }

    /**
     * The metric names a Grafana Prometheus variable query reads: {@code label_values(expr, label)} reads
     * those of expr (its last argument is a label), {@code label_values(label)}, {@code label_names()} and
     * {@code metrics(regex)} read none, {@code query_result(expr)} and plain PromQL those of the expression.
     */
    static Set<String> variableQueryMetricNames(String query) {
        String q = query.strip();
        String fn = q.contains("(") ? q.substring(0, q.indexOf('(')).strip() : "";
        String args = q.contains("(") && q.endsWith(")") ? q.substring(q.indexOf('(') + 1, q.length() - 1) : "";
        return switch (fn) {
            case "label_values" -> {
                int comma = lastTopLevelComma(args);
                yield comma < 0 ? Set.of() : metricNames(args.substring(0, comma));
            }
            case "label_names" -> metricNames(args);
            case "metrics" -> Set.of();
            case "query_result" -> metricNames(args);
            default -> metricNames(q);
        };
    }

    private static int lastTopLevelComma(String args) {
        int depth = 0;
        int last = -1;
        char quote = 0;
        for (int k = 0; k < args.length(); k++) {
            char c = args.charAt(k);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    k++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                last = k;
            }
        }
        return last;
    }

    private void scan() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                skipComment();
            } else if (c == '"' || c == '\'' || c == '`') {
                string();
            } else if (c == '{') {
                matchers(null);
            } else if (c == '[') {
                skipBalanced('[', ']');
            } else if (c == '$') {
                grafanaVariable();
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
                        || s.charAt(i) == '_')) {
                    i++;
                }
            } else if (identifierStart(c)) {
                String w = identifier();
                if (word(w)) {
                    skipSpace();
                    if (i < s.length() && s.charAt(i) == '{') {
                        matchers(w);
                    }
                }
            } else {
                i++;
            }
        }
    }

    /** Classifies a word; true when it is a metric name. */
    private boolean word(String w) {
        String lower = w.toLowerCase(Locale.ROOT);
        if (NUMBER_WORDS.contains(lower)) {
            return false;
        }
        if (LABEL_LIST_KEYWORDS.contains(w)) {
            skipSpace();
            if (i < s.length() && s.charAt(i) == '(') {
                skipBalanced('(', ')');
            }
            return false;
        }
        if (KEYWORDS.contains(w)) {
            return false;
        }
        int after = i;
        skipSpace();
        boolean call = i < s.length() && s.charAt(i) == '(';
        boolean aggregationWithModifier = AGGREGATIONS.contains(w) && (lookingAtWord("by") || lookingAtWord("without"));
        i = after;
        if (call || aggregationWithModifier) {
            return false; // a function or an aggregation operator
        }
        names.add(w);
        return true;
    }

    /** Label matchers: recorded; {__name__="x"} also names a metric. */
    private void matchers(String metric) {
        i++; // {
        while (i < s.length() && s.charAt(i) != '}') {
            char c = s.charAt(i);
            if (identifierStart(c)) {
                String label = identifier();
                skipSpace();
                int opStart = i;
                while (i < s.length() && "=!~".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                String op = s.substring(opStart, i);
                skipSpace();
                if (i < s.length() && "\"'`".indexOf(s.charAt(i)) >= 0) {
                    String value = string();
                    if (label.equals("__name__") && op.equals("=")) {
                        names.add(value);
                    }
                    matchers.add(new LabelMatcher(metric, label, op, value));
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                string();
            } else if (c == '$') {
                grafanaVariable();
            } else {
                i++;
            }
        }
        i++; // }
    }

    /** $name, ${name}, ${name:format}. */
    private void grafanaVariable() {
        i++;
        if (i < s.length() && s.charAt(i) == '{') {
            while (i < s.length() && s.charAt(i) != '}') {
                i++;
            }
            i++;
        } else {
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
        }
    }

    /** Reads a quoted string at i and returns its content (escapes resolved only as far as needed here). */
    private String string() {
        char quote = s.charAt(i++);
        StringBuilder b = new StringBuilder();
        while (i < s.length() && s.charAt(i) != quote) {
            char c = s.charAt(i++);
            if (c == '\\' && quote != '`' && i < s.length()) {
                c = s.charAt(i++);
            }
            b.append(c);
        }
        i++; // closing quote
        return b.toString();
    }

    private void skipBalanced(char open, char close) {
        int depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                string();
                continue;
            }
            i++;
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return;
            }
        }
    }

    private void skipComment() {
        while (i < s.length() && s.charAt(i) != '\n') {
            i++;
        }
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private boolean lookingAtWord(String w) {
        return s.startsWith(w, i) && (i + w.length() == s.length() || !identifierPart(s.charAt(i + w.length())));
    }

    private String identifier() {
        int start = i;
        while (i < s.length() && identifierPart(s.charAt(i))) {
            i++;
        }
        return s.substring(start, i);
    }

    private static boolean identifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private static boolean identifierPart(char c) {
        return identifierStart(c) || (c >= '0' && c <= '9');
    }
}
