package io.memgraph.ha.query.exec;

import io.memgraph.ha.storage.Transaction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PrimitiveIterator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Searches through the HNSW structure (the exact-scan threshold lowered to 2), of a node index or of
 * a relationship index, under random interleavings of creates, vector updates, deletes, label
 * removals and additions (for relationships: retypings and vectors removed), committed by
 * transactions that began at different snapshots, with readers kept open at old snapshots, their
 * own uncommitted writes, garbage collections (tombstones, rebuilds) and the indexer paused and
 * resumed: every hit is visible to the reader with exactly the score of the vector it sees, hits
 * are sorted, and while the graph is no larger than the search's candidate count (100) the hits
 * are exactly the brute-force top k. With the candidate count lowered to 2 the graph is navigated
 * and only the first two hold.
 */
class HnswSearchProperties {
    private static final int CREATE = 0;
    private static final int SET = 1;
    private static final int DELETE = 2;
    private static final int REMOVE_LABEL = 3;
    private static final int ADD_LABEL = 4;
    private static final int OPEN_READER = 5;
    private static final int SEARCH = 6;
    private static final int READER_WRITES = 7;
    private static final int READER_COMMITS = 8;
    private static final int COLLECT_GARBAGE = 9;
    private static final int PAUSE_OR_RESUME = 10;

    /** One step; {@code slot} and {@code reader} pick among what exists, modulo its count. */
    record Step(int kind, int slot, List<Integer> vector, int k, int reader) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> kind = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(CREATE)), net.jqwik.api.Tuple.of(4, Arbitraries.just(SET)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(DELETE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(REMOVE_LABEL)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(ADD_LABEL)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(OPEN_READER)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(SEARCH)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(READER_WRITES)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(READER_COMMITS)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(COLLECT_GARBAGE)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(PAUSE_OR_RESUME)));
        Arbitrary<List<Integer>> vector = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, Arbitraries.integers().between(-2, 2).list().ofSize(3)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-2, 2).list().ofSize(2)));
        Arbitrary<Step> step = Combinators.combine(kind, Arbitraries.integers().between(0, 1000), vector,
                Arbitraries.integers().between(1, 8), Arbitraries.integers().between(0, 100)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(80);
    }

    @Provide
    Arbitrary<List<List<Integer>>> base() {
        return Arbitraries.integers().between(-2, 2).list().ofSize(3).list().ofMinSize(0).ofMaxSize(20);
    }

    @Property(tries = 150)
    void everyHitIsVisibleWithItsExactScoreAndSmallGraphsGiveTheExactTopK(@ForAll("base") List<List<Integer>> base,
                                                                           @ForAll("steps") List<Step> steps,
                                                                           @ForAll boolean cosine,
                                                                           @ForAll boolean navigate,
                                                                           @ForAll boolean edges) throws Exception {
        Runnable restore = VectorGraphs.knobs(2, navigate ? 2 : 100, 4);
        VectorGraphs db = new VectorGraphs(cosine, 3, edges);
        HnswIndex index = null;
        List<Long> slots = new ArrayList<>();
        for (List<Integer> v : base) { // in the graph before the steps, so that most searches go through it
            slots.add(db.create(v));
        }
        if (!slots.isEmpty()) {
            index = db.index();
            assertThat(index.awaitIndexed(10_000)).isTrue();
        }
        List<Transaction> readers = new ArrayList<>();
        boolean paused = false;
        try {
            for (Step s : steps) {
                if (index == null && !slots.isEmpty()) {
                    index = db.index();
                }
                switch (s.kind()) {
                    case CREATE -> slots.add(db.create(s.vector()));
                    case SET, DELETE, REMOVE_LABEL, ADD_LABEL -> {
                        if (!slots.isEmpty()) {
                            Transaction tx = db.storage.begin();
                            write(db, tx, s.kind(), slots.get(s.slot() % slots.size()), s.vector());
                            db.storage.commit(tx);
                            tx.close();
                        }
                    }
                    case OPEN_READER -> readers.add(db.storage.begin());
                    case SEARCH -> {
                        if (readers.isEmpty()) {
                            try (Transaction tx = db.storage.begin()) {
                                check(db, tx, s, navigate);
                            }
                        } else {
                            check(db, readers.get(s.reader() % readers.size()), s, navigate);
                        }
                    }
                    case READER_WRITES -> {
                        if (!readers.isEmpty()) {
                            Transaction tx = readers.get(s.reader() % readers.size());
                            if (slots.isEmpty() || s.slot() % 3 == 0) {
                                slots.add(db.create(tx, s.vector()));
                            } else { // now and then the reader's own label removal (retyping), seen at once
                                write(db, tx, s.k() % 4 == 0 ? REMOVE_LABEL : SET, slots.get(s.slot() % slots.size()),
                                        s.vector());
                            }
                        }
                    }
                    case READER_COMMITS -> {
                        if (!readers.isEmpty()) {
                            Transaction tx = readers.remove(s.reader() % readers.size());
                            db.storage.commit(tx); // refused on a write conflict: fine
                            tx.close();
                        }
                    }
                    case COLLECT_GARBAGE -> db.storage.collectGarbage();
                    case PAUSE_OR_RESUME -> {
                        if (index != null) {
                            paused = !paused;
                            if (paused) {
                                index.pause();
                            } else {
                                index.resume();
                            }
                        }
                    }
                    default -> throw new IllegalStateException("step " + s);
                }
            }
            for (Transaction tx : readers) {
                tx.close();
            }
            try (Transaction tx = db.storage.begin()) {
                check(db, tx, new Step(SEARCH, 0, List.of(1, 0, -1), 5, 0), navigate);
            }
        } finally {
            if (index != null) {
                index.close();
            }
            restore.run();
        }
    }

    private static void write(VectorGraphs db, Transaction tx, int kind, long id, List<Integer> vector) {
        if (db.edges) {
            io.memgraph.ha.storage.EdgeRef e = tx.edge(id);
            if (e == null) {
                return;
            }
            switch (kind) {
                case SET -> tx.setEdgeProperty(id, "e", vector);
                case DELETE -> tx.deleteEdge(id);
                case REMOVE_LABEL -> { // a retyping, as tools make one: a copy of another type, the edge deleted
                    tx.setEdgeProperty(tx.createEdge(e.from(), e.to(), e.type().equals("N") ? "M" : "N"), "e",
                            tx.edgeProperty(id, "e"));
                    tx.deleteEdge(id);
                }
                case ADD_LABEL -> tx.setEdgeProperty(id, "e", null);
                default -> throw new IllegalStateException("kind " + kind);
            }
            return;
        }
        if (!tx.vertexExists(id)) {
            return;
        }
        switch (kind) {
            case SET -> tx.setVertexProperty(id, "e", vector);
            case DELETE -> tx.detachDeleteVertex(id);
            case REMOVE_LABEL -> tx.removeLabel(id, "N");
            case ADD_LABEL -> tx.addLabel(id, "N");
            default -> throw new IllegalStateException("kind " + kind);
        }
    }

    private static void check(VectorGraphs db, Transaction tx, Step s, boolean navigate) {
        List<Integer> q = s.vector().size() == 3 ? s.vector() : List.of(s.vector().get(0), s.vector().get(1), 1);
        if (db.cosine && q.stream().allMatch(x -> x == 0)) {
            return; // no valid query for cosine
        }
        List<Object[]> rows = db.search(tx, s.k(), q);
        HnswIndex index = (HnswIndex) tx.derivedIndex(VectorGraphs.item(tx));
        Statistics.label("searched").collect(index != null && index.graphSize(3) >= 2 && s.k() < index.graphSize(3)
                ? "through the graph (or scan: a snapshot before the first vector)" : "by a scan");
        assertThat(rows.size()).isLessThanOrEqualTo(s.k());
        for (int i = 0; i < rows.size(); i++) {
            long id = (Long) rows.get(i)[0];
            double score = (Double) rows.get(i)[1];
            assertThat(db.covered(tx, id)).as("hit %d visible with its label or type", id).isTrue();
            assertThat(db.score(db.vector(tx, id), q, 3)).as("score of %d", id).isEqualTo(score);
            if (i > 0) {
                double before = (Double) rows.get(i - 1)[1];
                assertThat(before > score || before == score && (Long) rows.get(i - 1)[0] < id)
                        .as("sorted at %d", i).isTrue();
            }
        }
        List<Object[]> oracle = new ArrayList<>();
        for (PrimitiveIterator.OfLong it = db.edges ? tx.edgeIds() : tx.verticesWithLabel("N"); it.hasNext(); ) {
            long id = it.nextLong();
            if (!db.covered(tx, id)) {
                continue;
            }
            Double score = db.score(db.vector(tx, id), q, 3);
            if (score != null) {
                oracle.add(new Object[] {id, score});
            }
        }
        oracle.sort(Comparator.<Object[]>comparingDouble(r -> -(Double) r[1]).thenComparingLong(r -> (Long) r[0]));
        if (!navigate) {
            assertThat(rows).containsExactlyElementsOf(oracle.subList(0, Math.min(s.k(), oracle.size())));
        }
    }
}
