package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.query.fulltext.Analyzer;
import io.memgraph.ha.query.fulltext.Bm25Ranking;
import io.memgraph.ha.query.fulltext.FulltextQueryParser;
import io.memgraph.ha.query.fulltext.InvertedIndex;
import io.memgraph.ha.query.fulltext.PostingQuery;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The inverted index over a graph's life: built on existing data, dropped and recreated, older readers, edges. */
class FulltextInvertedIndexTest {
    private static final SchemaItem.FulltextIndex DOCS = new SchemaItem.FulltextIndex(List.of("Doc"), false,
            List.of("text"), Analyzer.STANDARD_NO_STOP_WORDS.analyzerName(), false);

    private final Storage storage = new Storage();

    FulltextInvertedIndexTest() {
        new QueryEngine(storage); // registers the search structures
    }

    @Test
    void anIndexCreatedOnExistingDataFindsIt() {
        long a = doc("red apple");
        long b = doc("green apple");
        doc("red cherry");
        schema(DOCS, true);
        try (Transaction tx = storage.begin()) {
            assertThat(FulltextSearch.inverted(tx, DOCS)).isNotNull();
            assertThat(ids(tx, DOCS, "apple")).containsExactlyInAnyOrder(a, b);
            assertThat(ids(tx, DOCS, "+red +apple")).containsExactly(a);
        }
    }

    @Test
    void aDroppedAndRecreatedIndexWorks() {
        long a = doc("Red Apple");
        schema(DOCS, true);
        schema(DOCS, false);
        try (Transaction tx = storage.begin()) {
            assertThat(tx.derivedIndex(DOCS)).isNull();
        }
        long b = doc("red apple");
        SchemaItem.FulltextIndex keyword = new SchemaItem.FulltextIndex(List.of("Doc"), false, List.of("text"),
                Analyzer.KEYWORD.analyzerName(), false);
        schema(keyword, true);
        doc("Red Apple pie");
        try (Transaction tx = storage.begin()) {
            assertThat(FulltextSearch.inverted(tx, keyword)).isNotNull();
            assertThat(ids(tx, keyword, "\"Red Apple\"")).containsExactly(a); // the keyword analyzer: whole values
            assertThat(ids(tx, keyword, "red*")).containsExactly(b);
        }
        schema(keyword, false);
        schema(DOCS, true);
        try (Transaction tx = storage.begin()) {
            assertThat(ids(tx, DOCS, "apple")).hasSize(3);
        }
    }

    @Test
    void aReaderOlderThanTheIndexScansAndSeesItsOwnSnapshot() {
        long a = doc("old words");
        Transaction older = storage.begin();
        set(a, "new words");
        schema(DOCS, true);
        try (Transaction newer = storage.begin()) {
            assertThat(ids(newer, DOCS, "old")).isEmpty();
            assertThat(ids(newer, DOCS, "new")).containsExactly(a);
        }
        assertThat(FulltextSearch.inverted(older, DOCS)).as("the build never held the old text").isNull();
        assertThat(ids(older, DOCS, "old")).containsExactly(a);
        older.close();
    }

    @Test
    void anOpenReaderKeepsFindingTheTextItSeesUntilItCloses() {
        schema(DOCS, true);
        long a = doc("old words");
        Transaction reader = storage.begin();
        set(a, "new words");
        storage.collectGarbage();
        assertThat(FulltextSearch.inverted(reader, DOCS)).isNotNull();
        assertThat(ids(reader, DOCS, "old")).containsExactly(a);
        assertThat(ids(reader, DOCS, "new")).isEmpty();
        reader.close();
        storage.collectGarbage();
        InvertedIndex index;
        try (Transaction tx = storage.begin()) {
            index = FulltextSearch.inverted(tx, DOCS);
            assertThat(ids(tx, DOCS, "old")).isEmpty();
            assertThat(ids(tx, DOCS, "new")).containsExactly(a);
        }
        // the old text's postings and statistics went with the horizon
        PostingQuery postings = new PostingQuery(index, () -> { }, bytes -> { });
        assertThat(postings.documentsWith("text", "old")).isZero();
        assertThat(postings.documentsWith("text", "words")).isOne();
        assertThat(postings.documents("text")).isOne();
    }

    @Test
    void aTermATextHasAgainSurvivesTheRemovalOfTheTextBeforeWithoutIt() {
        schema(DOCS, true);
        long a = doc("red apple");
        Transaction reader = storage.begin();
        set(a, "green apple"); // red only in the old text: queued for removal
        set(a, "red pear"); // red again
        reader.close();
        storage.collectGarbage(); // the horizon passes both changes
        try (Transaction tx = storage.begin()) {
            assertThat(FulltextSearch.inverted(tx, DOCS)).isNotNull();
            assertThat(ids(tx, DOCS, "red")).containsExactly(a);
            assertThat(ids(tx, DOCS, "apple OR green")).isEmpty();
        }
    }

    @Test
    void aRelationshipIndexFindsItsTypeOnly() {
        SchemaItem.FulltextIndex rels = new SchemaItem.FulltextIndex(List.of("R"), true, List.of("text"),
                Analyzer.STANDARD_NO_STOP_WORDS.analyzerName(), false);
        schema(rels, true);
        long r;
        try (Transaction tx = storage.begin()) {
            long x = tx.createVertex();
            long y = tx.createVertex();
            r = tx.createEdge(x, y, "R");
            tx.setEdgeProperty(r, "text", "blue sky");
            tx.setEdgeProperty(tx.createEdge(x, y, "S"), "text", "blue sea");
            storage.commit(tx);
        }
        try (Transaction tx = storage.begin()) {
            assertThat(FulltextSearch.inverted(tx, rels)).isNotNull();
            assertThat(ids(tx, rels, "blue")).containsExactly(r);
            tx.deleteEdge(r);
            assertThat(ids(tx, rels, "blue")).as("its own delete").isEmpty();
        }
    }

    private long doc(String text) {
        try (Transaction tx = storage.begin()) {
            long id = tx.createVertex();
            tx.addLabel(id, "Doc");
            tx.setVertexProperty(id, "text", text);
            assertThat(storage.commit(tx).reason()).isNull();
            return id;
        }
    }

    private void set(long id, String text) {
        try (Transaction tx = storage.begin()) {
            tx.setVertexProperty(id, "text", text);
            assertThat(storage.commit(tx).reason()).isNull();
        }
    }

    private void schema(SchemaItem item, boolean create) {
        try (Transaction tx = storage.begin()) {
            if (create) {
                tx.createSchema(item, "t", false);
            } else {
                tx.dropSchema(item);
            }
            assertThat(storage.commit(tx).reason()).isNull();
        }
    }

    private static List<Long> ids(Transaction tx, SchemaItem.FulltextIndex index, String query) {
        try {
            return FulltextSearch.search(FulltextIndexedSearchProperties.context(tx), index,
                    FulltextQueryParser.parse(query, Analyzer.named(index.analyzer()), null)).stream()
                    .map(Bm25Ranking.Hit::id).toList();
        } catch (FulltextQueryParser.ParseException e) {
            throw new AssertionError(query, e);
        }
    }
}
