package io.memgraph.ha.query.fulltext;

import java.util.ArrayList;
import java.util.List;

/**
 * Which property values a full-text index holds text of, and their terms: a STRING, or a non-empty
 * list of STRINGs (positions leave a gap between two values, so a phrase does not match across
 * them); other values are not indexed, as in Neo4j. The scan and the inverted index both read
 * values through here, so they agree on what a document is.
 */
public final class IndexedText {
    /** Positions between the values of a list. */
    private static final int VALUE_GAP = 1;

    private IndexedText() {
    }

    /** The terms of {@code value} in order; empty when it holds no text. */
    public static List<Analyzer.Token> tokens(Analyzer analyzer, Object value) {
        List<Analyzer.Token> tokens = new ArrayList<>();
        if (value instanceof String s) {
            analyzer.tokens(s, 0, tokens);
        } else if (value instanceof List<?> list && !list.isEmpty()
                && list.stream().allMatch(String.class::isInstance)) {
            int position = 0;
            for (Object v : list) {
                position = analyzer.tokens((String) v, position, tokens) + VALUE_GAP;
            }
        }
        return tokens;
    }
}
