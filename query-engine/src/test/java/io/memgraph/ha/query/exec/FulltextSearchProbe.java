package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.fulltext.Analyzer;
import io.memgraph.ha.query.fulltext.FulltextQueryParser;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;

/** A full-text search run directly, from the inverted index or as a scan, for benchmarks outside this package. */
public final class FulltextSearchProbe {
    private FulltextSearchProbe() {
    }

    /** The number of matches of {@code query}; {@code postings} false: every entity of the index is a candidate. */
    public static int matches(Transaction tx, SchemaItem.FulltextIndex index, String query, boolean postings) {
        try {
            return FulltextSearch.search(FulltextIndexedSearchProperties.context(tx), index,
                    FulltextQueryParser.parse(query, Analyzer.named(index.analyzer()), null), postings).size();
        } catch (FulltextQueryParser.ParseException e) {
            throw new IllegalArgumentException(query, e);
        }
    }

    /** Whether the transaction's searches of {@code index} use its inverted index. */
    public static boolean indexed(Transaction tx, SchemaItem.FulltextIndex index) {
        return FulltextSearch.inverted(tx, index) != null;
    }
}
