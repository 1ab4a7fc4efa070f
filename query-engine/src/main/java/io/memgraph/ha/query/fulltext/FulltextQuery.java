package io.memgraph.ha.query.fulltext;

import java.util.List;

/**
 * A parsed full-text query ({@link FulltextQueryParser}): a boolean combination of leaves, each
 * matching the terms of one field (property) or, with no field, of every indexed one. Boosts
 * multiply a part's score.
 */
public sealed interface FulltextQuery {
    /** How a clause takes part in its boolean query, as Lucene's occurrences. */
    enum Occur { MUST, SHOULD, MUST_NOT }

    /** One clause of a boolean query. */
    record Clause(Occur occur, FulltextQuery query) {}

    /**
     * Matches when every MUST clause matches, no MUST_NOT clause does and, without MUST clauses,
     * at least one SHOULD clause does; scores the sum of its matching clauses.
     */
    record Bool(List<Clause> clauses, double boost) implements FulltextQuery {
        public Bool {
            clauses = List.copyOf(clauses);
        }
    }

    /** A query on the terms of one field, or of every indexed field when {@code field} is null. */
    sealed interface Leaf extends FulltextQuery {
        String field();

        double boost();
    }

    /** One term, exactly. */
    record Term(String field, String term, double boost) implements Leaf {}

    /** Terms at these relative positions (gaps where the analyzer dropped a stop word). */
    record Phrase(String field, List<Analyzer.Token> tokens, double boost) implements Leaf {
        public Phrase {
            tokens = List.copyOf(tokens);
        }
    }

    /** Terms within {@code maxEdits} edits (insert, delete, substitute, swap two neighbours) of {@code term}. */
    record Fuzzy(String field, String term, int maxEdits, double boost) implements Leaf {}

    /**
     * Terms matching a pattern: a wildcard ({@code *} any characters, {@code ?} one; a prefix is
     * {@code te*}) or a whole-term regular expression. Scored as a constant (the boost), as Lucene
     * scores wildcard queries.
     */
    record Pattern(String field, String pattern, boolean regex, double boost) implements Leaf {}

    /** Every entity of the index ({@code *:*}), scored as a constant. */
    record MatchAll(double boost) implements Leaf {
        @Override
        public String field() {
            return null;
        }
    }
}
