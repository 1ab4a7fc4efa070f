package io.memgraph.ha.query.fulltext;

import io.memgraph.ha.query.fulltext.FulltextQuery.Clause;
import io.memgraph.ha.query.fulltext.FulltextQuery.Occur;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of Lucene's classic query syntax that users of full-text indexes write: terms, phrases
 * in double quotes, {@code field:term}, {@code field:"phrase"} and {@code field:(...)}; {@code AND},
 * {@code OR}, {@code NOT}, {@code &&}, {@code ||}, {@code !}, {@code +term}, {@code -term} and
 * parentheses, the default operator OR; wildcards {@code te?t}, {@code te*t} and prefixes
 * {@code te*}; fuzzy {@code term~} (2 edits) and {@code term~1}; boosts {@code term^2}; {@code *:*};
 * a backslash escapes the next character. Terms and phrases are analysed with the query's
 * analyzer; wildcard and fuzzy terms are only lowercased (when it lowercases). Ranges, regular
 * expressions and proximity phrases are refused by name. Errors name the column (from 1).
 */
public final class FulltextQueryParser {
    private static final String SPECIAL = "+-!():^[]\"{}~*?\\/ \t\n\r";

    private final String text;
    private final Analyzer analyzer;
    private final String fieldPrefix;
    private int i;

    private FulltextQueryParser(String text, Analyzer analyzer, String fieldPrefix) {
        this.text = text;
        this.analyzer = analyzer;
        this.fieldPrefix = fieldPrefix;
    }

    /** A malformed or unsupported query, its message naming the column. */
    public static final class ParseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code text}; a field written with {@code fieldPrefix} in front (Memgraph's
     * {@code data.}) names the property after it. A query of stop words only is an empty boolean
     * query, which matches nothing.
     */
    public static FulltextQuery parse(String text, Analyzer analyzer, String fieldPrefix) {
        FulltextQueryParser p = new FulltextQueryParser(text, analyzer, fieldPrefix);
        p.skipSpace();
        if (p.i == text.length()) {
            throw p.error("the query is empty", 0);
        }
        FulltextQuery q = p.query(null, false);
        if (p.i < text.length()) {
            throw p.error("unexpected ')'", p.i);
        }
        return q;
    }

    private FulltextQuery.Bool query(String field, boolean nested) {
        List<Clause> clauses = new ArrayList<>();
        boolean first = true;
        while (true) {
            skipSpace();
            if (i == text.length() || nested && text.charAt(i) == ')') {
                return new FulltextQuery.Bool(clauses, 1.0);
            }
            int at = i;
            String conj = operator("AND", "&&") ? "AND" : operator("OR", "||") ? "OR" : null;
            if (conj != null && first) {
                throw error("a query cannot start with " + conj, at);
            }
            skipSpace();
            Occur occur = Occur.SHOULD;
            boolean required = false;
            boolean prohibited = false;
            if (accept('+')) {
                required = true;
            } else if (accept('-') || accept('!') || operator("NOT", null)) {
                prohibited = true;
            }
            skipSpace();
            if (i == text.length() || text.charAt(i) == ')') {
                throw error("expected a term, a phrase or '(' after " + text.substring(at, i).trim(), i);
            }
            FulltextQuery q = clause(field);
            if ("AND".equals(conj) && !clauses.isEmpty() && clauses.get(clauses.size() - 1).occur() != Occur.MUST_NOT) {
                clauses.set(clauses.size() - 1, new Clause(Occur.MUST, clauses.get(clauses.size() - 1).query()));
            }
            if (prohibited) {
                occur = Occur.MUST_NOT;
            } else if (required || "AND".equals(conj)) {
                occur = Occur.MUST;
            }
            if (q != null) {
                clauses.add(new Clause(occur, q));
            }
            first = false;
        }
    }

    /** {@code [field:] (term | "phrase" | (query)) [^boost]}; null when the analyzer leaves no term. */
    private FulltextQuery clause(String field) {
        int start = i;
        if (startsTerm()) {
            String word = term(new boolean[1]);
            if (accept(':')) {
                field = fieldName(word, start);
            } else {
                i = start;
            }
        }
        if (i == text.length()) {
            throw error("expected a term after '" + field + ":'", i);
        }
        char c = text.charAt(i);
        if (c == '(') {
            i++;
            FulltextQuery.Bool inner = query(field, true);
            if (!accept(')')) {
                throw error("missing ')' for the '(' at column " + (start + 1), i);
            }
            double boost = boost();
            return boost == 1.0 ? inner : new FulltextQuery.Bool(inner.clauses(), boost);
        }
        if (c == '"') {
            return phrase(field);
        }
        if (c == '[' || c == '{') {
            throw error("range queries ([a TO b], {a TO b}) are not supported", i);
        }
        if (c == '/') {
            throw error("regular expression queries (/.../) are not supported", i);
        }
        if (!startsTerm()) {
            throw error("unexpected '" + c + "'", i);
        }
        return termClause(field);
    }

    private FulltextQuery phrase(String field) {
        int open = i++;
        StringBuilder sb = new StringBuilder();
        while (i < text.length() && text.charAt(i) != '"') {
            if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                i++;
            }
            sb.append(text.charAt(i++));
        }
        if (!accept('"')) {
            throw error("missing closing '\"' for the phrase at column " + (open + 1), i);
        }
        if (i < text.length() && text.charAt(i) == '~') {
            throw error("proximity searches (\"a b\"~3) are not supported", i);
        }
        double boost = boost();
        List<Analyzer.Token> tokens = analyzer.tokens(sb.toString());
        if (tokens.isEmpty()) {
            return null;
        }
        if (tokens.size() == 1) {
            return new FulltextQuery.Term(field, tokens.get(0).term(), boost);
        }
        int first = tokens.get(0).position();
        List<Analyzer.Token> relative = new ArrayList<>();
        for (Analyzer.Token t : tokens) {
            relative.add(new Analyzer.Token(t.term(), t.position() - first));
        }
        return new FulltextQuery.Phrase(field, relative, boost);
    }

    private FulltextQuery termClause(String field) {
        int start = i;
        boolean[] wildcard = new boolean[1];
        String raw = term(wildcard);
        if (i < text.length() && text.charAt(i) == '~') {
            i++;
            int edits = fuzzyEdits(raw);
            return new FulltextQuery.Fuzzy(field, analyzer.normalize(raw), edits, boost());
        }
        double boost = boost();
        if (wildcard[0]) {
            if (raw.equals("*") && "*".equals(field)) {
                return new FulltextQuery.MatchAll(boost);
            }
            return new FulltextQuery.Pattern(field, analyzer.normalize(raw), false, boost);
        }
        if (raw.isEmpty()) {
            throw error("expected a term", start);
        }
        List<Analyzer.Token> tokens = analyzer.tokens(raw);
        if (tokens.isEmpty()) {
            return null;
        }
        if (tokens.size() == 1) {
            return new FulltextQuery.Term(field, tokens.get(0).term(), boost);
        }
        // a term the analyzer splits ("nils-erik") is any of its parts, as with the default operator
        List<Clause> parts = new ArrayList<>();
        for (Analyzer.Token t : tokens) {
            parts.add(new Clause(Occur.SHOULD, new FulltextQuery.Term(field, t.term(), 1.0)));
        }
        return new FulltextQuery.Bool(parts, boost);
    }

    /** The maximum edits after {@code ~}: 2 when none is given, an integer 0 to 2, or Lucene's old similarity below 1. */
    private int fuzzyEdits(String term) {
        int start = i;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
            i++;
        }
        if (start == i) {
            return 2;
        }
        double v;
        try {
            v = Double.parseDouble(text.substring(start, i));
        } catch (NumberFormatException e) {
            throw error("expected a number of edits after '~', not '" + text.substring(start, i) + "'", start);
        }
        if (v >= 1 || v == 0) {
            if (v != Math.floor(v) || v > 2) {
                throw error("a fuzzy term allows 0 to 2 edits, not " + text.substring(start, i), start);
            }
            return (int) v;
        }
        // a similarity in [0, 1): the edits it allows on a term of this length
        return (int) Math.min(2, Math.floor((1 - v) * term.codePointCount(0, term.length())));
    }

    private double boost() {
        if (!accept('^')) {
            return 1.0;
        }
        int start = i;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
            i++;
        }
        try {
            return Double.parseDouble(text.substring(start, i));
        } catch (NumberFormatException e) {
            throw error("expected a number after '^'", start);
        }
    }

    /** The characters of a term, escapes resolved; {@code wildcard[0]} says whether an unescaped * or ? is in it. */
    private String term(boolean[] wildcard) {
        StringBuilder sb = new StringBuilder();
        boolean firstChar = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 == text.length()) {
                    throw error("a '\\' at the end of the query escapes nothing", i);
                }
                sb.append(text.charAt(i + 1));
                i += 2;
            } else if (c == '*' || c == '?') {
                wildcard[0] = true;
                sb.append(c);
                i++;
            } else if ((c == '-' || c == '+') && !firstChar || SPECIAL.indexOf(c) < 0) {
                sb.append(c);
                i++;
            } else {
                break;
            }
            firstChar = false;
        }
        return sb.toString();
    }

    private boolean startsTerm() {
        if (i == text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return c == '\\' || c == '*' || c == '?' || SPECIAL.indexOf(c) < 0;
    }

    private String fieldName(String word, int at) {
        if (word.isEmpty()) {
            throw error("expected a field name before ':'", at);
        }
        return fieldPrefix != null && word.startsWith(fieldPrefix) ? word.substring(fieldPrefix.length()) : word;
    }

    /** Accepts the operator word (alone, not the start of a longer term) or symbol. */
    private boolean operator(String word, String symbol) {
        if (symbol != null && text.startsWith(symbol, i)) {
            i += symbol.length();
            return true;
        }
        int end = i + word.length();
        if (text.startsWith(word, i) && (end == text.length() || Character.isWhitespace(text.charAt(end))
                || text.charAt(end) == '(' || text.charAt(end) == '"')) {
            i = end;
            return true;
        }
        return false;
    }

    private boolean accept(char c) {
        if (i < text.length() && text.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
    }

    private ParseException error(String problem, int at) {
        return new ParseException("Cannot parse '" + text + "': " + problem + " at column " + (at + 1));
    }
}
