package io.memgraph.ha.query.fulltext;

import io.memgraph.ha.query.eval.CheckedText;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

/** How often a leaf of a full-text query occurs in the terms of one field. */
final class TermMatching {
    private TermMatching() {
    }

    /**
     * Which terms a fuzzy, wildcard or regular-expression leaf matches; null for a term or a phrase.
     * A regular expression reads the term through {@link CheckedText}, which calls {@code progress}.
     */
    static Predicate<String> matcher(FulltextQuery.Leaf leaf, Runnable progress) {
        if (leaf instanceof FulltextQuery.Fuzzy f) {
            return term -> withinEdits(f.term(), term, f.maxEdits());
        }
        if (leaf instanceof FulltextQuery.Pattern p && p.regex()) {
            try {
                java.util.regex.Pattern regex = java.util.regex.Pattern.compile(p.pattern());
                return term -> regex.matcher(CheckedText.of(term, progress)).matches();
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("Invalid regular expression '" + p.pattern() + "': "
                        + e.getDescription() + " at index " + e.getIndex(), e);
            }
        }
        if (leaf instanceof FulltextQuery.Pattern p) {
            return term -> wildcard(p.pattern(), term);
        }
        return null;
    }

    /**
     * The frequency of {@code leaf} in a field with these terms ({@code counts}: each distinct term's
     * count): a term's count, a phrase's occurrences, or the count of the terms {@code matcher} takes.
     */
    static double frequency(FulltextQuery.Leaf leaf, Predicate<String> matcher, List<Analyzer.Token> tokens,
                            Map<String, Integer> counts) {
        if (leaf instanceof FulltextQuery.Term t) {
            return counts.getOrDefault(t.term(), 0);
        }
        if (leaf instanceof FulltextQuery.Phrase p) {
            return phraseOccurrences(p.tokens(), tokens, counts);
        }
        if (leaf instanceof FulltextQuery.MatchAll) {
            return 1;
        }
        long n = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (matcher.test(e.getKey())) {
                n += e.getValue();
            }
        }
        return n;
    }

    private static int phraseOccurrences(List<Analyzer.Token> phrase, List<Analyzer.Token> tokens,
                                         Map<String, Integer> counts) {
        for (Analyzer.Token t : phrase) {
            if (!counts.containsKey(t.term())) {
                return 0;
            }
        }
        Map<Integer, String> at = new java.util.HashMap<>();
        for (Analyzer.Token t : tokens) {
            at.put(t.position(), t.term());
        }
        int n = 0;
        for (Analyzer.Token start : tokens) {
            boolean all = true;
            for (Analyzer.Token t : phrase) {
                if (!t.term().equals(at.get(start.position() + t.position()))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                n++;
            }
        }
        return n;
    }

    /** Whether {@code term} matches a wildcard pattern: {@code *} any characters (none too), {@code ?} exactly one. */
    static boolean wildcard(String pattern, String term) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < term.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == term.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /**
     * Whether two terms are within {@code max} edits: inserting, deleting or substituting a
     * character, or swapping two neighbours, each one edit (Lucene's default fuzzy distance).
     */
    static boolean withinEdits(String a, String b, int max) {
        if (Math.abs(a.length() - b.length()) > max) {
            return false;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > max) {
                return false;
            }
        }
        return d[a.length()][b.length()] <= max;
    }
}
