package io.memgraph.ha.query.exec;

import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HNSW structure of a vector index behind queryNodes and queryRelationships: the indexer's lag,
 * rebuilds, lengths, and a relationship index over more edges than the exact scan takes.
 */
class HnswIndexTest {
    private Runnable restore = () -> { };

    @AfterEach
    void restoreKnobs() {
        restore.run();
    }

    @ParameterizedTest(name = "edges {0}")
    @ValueSource(booleans = {false, true})
    void aVectorCommittedAMomentAgoIsFoundBeforeTheIndexerInsertsIt(boolean edges) throws Exception {
        restore = VectorGraphs.knobs(1, 4, 1024);
        VectorGraphs db = new VectorGraphs(false, 4, edges);
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            db.create(vector(random, 4, 100));
        }
        HnswIndex index = db.index();
        assertThat(index.awaitIndexed(10_000)).isTrue();
        assertThat(index.graphSize(4)).isEqualTo(200);
        index.pause();
        List<Double> q = List.of(0.5, 0.5, 0.5, 0.5);
        long fresh = db.create(q);
        List<Object[]> rows = db.search(3, q);
        assertThat(index.graphSize(4)).as("not inserted yet").isEqualTo(200);
        assertThat(rows.get(0)).containsExactly(fresh, 1.0);
        index.resume();
        assertThat(index.awaitIndexed(10_000)).isTrue();
        assertThat(index.graphSize(4)).isEqualTo(201);
        assertThat(db.search(3, q).get(0)).containsExactly(fresh, 1.0);
    }

    @ParameterizedTest(name = "edges {0}")
    @ValueSource(booleans = {false, true})
    void aGraphMostlyOfTombstonesIsRebuiltAndStillAnswers(boolean edges) throws Exception {
        restore = VectorGraphs.knobs(1, 100, 10);
        VectorGraphs db = new VectorGraphs(true, 3, edges);
        Random random = new Random(2);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(db.create(vector(random, 3, 5)));
        }
        for (int round = 0; round < 2; round++) {
            Transaction tx = db.storage.begin();
            for (long id : ids) {
                db.set(tx, id, vector(random, 3, 5));
            }
            db.commit(tx);
        }
        HnswIndex index = db.index();
        long end = System.nanoTime() + 10_000_000_000L;
        while (index.graphSize(3) != 40 && System.nanoTime() < end) {
            assertThat(index.awaitIndexed(10_000)).isTrue();
            db.storage.collectGarbage();
            Thread.sleep(5);
        }
        assertThat(index.graphSize(3)).as("120 nodes, 80 of them tombstones, rebuilt to 40").isEqualTo(40);
        List<Double> q = List.of(1.0, -2.0, 0.5);
        List<Object[]> rows = db.search(5, q);
        List<double[]> oracle = new ArrayList<>();
        try (Transaction tx = db.storage.begin()) {
            for (long id : ids) {
                oracle.add(new double[] {db.score(db.vector(tx, id), q, 3), id});
            }
        }
        oracle.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
        for (int i = 0; i < 5; i++) {
            assertThat(rows.get(i)).containsExactly((long) oracle.get(i)[1], oracle.get(i)[0]);
        }
    }

    @Test
    void aSnapshotOlderThanTheStructureIsAnsweredByTheScan() throws Exception {
        restore = VectorGraphs.knobs(1, 4, 1024);
        io.memgraph.ha.storage.Storage storage = new io.memgraph.ha.storage.Storage();
        io.memgraph.ha.query.QueryEngine engine = new io.memgraph.ha.query.QueryEngine(storage);
        Transaction tx = storage.begin();
        long gone = tx.createVertex();
        tx.addLabel(gone, "N");
        tx.setVertexProperty(gone, "e", List.of(1.0, 1.0));
        Random random = new Random(6);
        for (int i = 0; i < 50; i++) {
            long id = tx.createVertex();
            tx.addLabel(id, "N");
            tx.setVertexProperty(id, "e", vector(random, 2, 50));
        }
        storage.commit(tx);
        tx.close();
        Transaction old = storage.begin(); // sees `gone`, which the structure will never hold
        tx = storage.begin();
        tx.deleteVertex(gone);
        storage.commit(tx);
        tx.close();
        VectorGraphs db = new VectorGraphs(storage, engine, false, 2, false); // the index and its graph, built now
        assertThat(db.index().awaitIndexed(10_000)).isTrue();
        assertThat(db.index().graphSize(2)).isEqualTo(50);
        assertThat(db.search(old, 1, List.of(1, 1)).get(0)).containsExactly(gone, 1.0);
        old.close();
    }

    @Test
    void anIndexOfAnyLengthKeepsAGraphPerLengthAndSearchesTheQuerysOwn() throws Exception {
        restore = VectorGraphs.knobs(1, 100, 1024);
        VectorGraphs db = new VectorGraphs(false, 0);
        long three = db.create(List.of(1.0, 1.0, 1.0));
        long four = db.create(List.of(1.0, 1.0, 1.0, 1.0));
        db.create(List.of(9.0, 9.0, 9.0));
        HnswIndex index = db.index();
        assertThat(index.awaitIndexed(10_000)).isTrue();
        assertThat(index.graphSize(3)).isEqualTo(2);
        assertThat(index.graphSize(4)).isEqualTo(1);
        assertThat(db.search(1, List.of(1, 1, 1)).get(0)).containsExactly(three, 1.0);
        assertThat(db.search(5, List.of(1, 1, 1, 1))).hasSize(1).first().satisfies(r -> assertThat(r[0]).isEqualTo(four));
    }

    @Test
    void aRelationshipIndexOverMoreEdgesThanTheScanTakesSearchesItsGraphInTheReadersSnapshot() throws Exception {
        int n = HnswIndex.exactBelow + 904; // 5,000 edges: the graph, not the scan, proposes the candidates
        VectorGraphs db = new VectorGraphs(true, 8, true);
        Random random = new Random(7);
        List<List<Double>> centres = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            centres.add(vector(random, 8, 100));
        }
        List<Long> ids = new ArrayList<>();
        Transaction load = db.storage.begin();
        for (int i = 0; i < n; i++) {
            ids.add(db.create(load, near(random, centres.get(i % centres.size()), 10)));
        }
        db.commit(load);
        HnswIndex index = db.index();
        assertThat(index.awaitIndexed(60_000)).isTrue();
        assertThat(index.graphSize(8)).isEqualTo(n);
        int found = 0;
        int queries = 40;
        for (int i = 0; i < queries; i++) {
            List<Double> q = near(random, centres.get(random.nextInt(centres.size())), 15);
            int before = index.graphSearches();
            List<Object[]> hits = db.search(10, q);
            assertThat(index.graphSearches()).as("through the graph").isEqualTo(before + 1);
            List<Object[]> truth = scan(db, 10, q);
            assertThat(index.graphSearches()).as("the scan").isEqualTo(before + 1);
            List<Object> truthIds = truth.stream().map(r -> r[0]).toList();
            try (Transaction tx = db.storage.begin()) {
                for (Object[] hit : hits) {
                    assertThat(db.score(db.vector(tx, (Long) hit[0]), q, 8)).isEqualTo(hit[1]);
                    found += truthIds.contains(hit[0]) ? 1 : 0;
                }
            }
        }
        assertThat(found / (10.0 * queries)).as("recall@10 against the scan").isGreaterThanOrEqualTo(0.95);

        // the reader's own edges, deletions and retypings, and an older snapshot, through the graph
        List<Double> q = centres.get(0);
        long best = (Long) db.search(1, q).get(0)[0];
        Transaction old = db.storage.begin();
        Transaction tx = db.storage.begin();
        long mine = db.create(tx, q);
        assertThat(db.search(tx, 1, q).get(0)).containsExactly(mine, 1.0);
        tx.deleteEdge(mine);
        tx.deleteEdge(best);
        io.memgraph.ha.storage.EdgeRef e = tx.edge(ids.get(50)); // retyped as a tool does it: a copy of another type
        long copy = tx.createEdge(e.from(), e.to(), "M");
        tx.setEdgeProperty(copy, "e", q);
        tx.deleteEdge(ids.get(50));
        List<Object> seen = db.search(tx, 10, q).stream().map(r -> r[0]).toList();
        assertThat(seen).doesNotContain(mine, best, ids.get(50), copy).hasSize(10);
        db.commit(tx);
        seen = db.search(10, q).stream().map(r -> r[0]).toList();
        assertThat(seen).doesNotContain(best, ids.get(50), copy).hasSize(10);
        assertThat(db.search(old, 1, q).get(0)[0]).as("the older snapshot still sees it").isEqualTo(best);
        old.close();
        assertThat(index.awaitIndexed(10_000)).isTrue();
        db.storage.collectGarbage();
        assertThat(db.search(1, q).get(0)[0]).isNotEqualTo(best);
    }

    /** The exact scan's best {@code k}, as the search gives them with the graph out of the way. */
    private static List<Object[]> scan(VectorGraphs db, long k, List<Double> q) {
        Runnable back = VectorGraphs.knobs(Integer.MAX_VALUE, HnswIndex.minCandidates, HnswIndex.rebuildAtLeast);
        try {
            return db.search(k, q);
        } finally {
            back.run();
        }
    }

    private static List<Double> near(Random random, List<Double> centre, int spread) {
        List<Double> v = new ArrayList<>();
        for (double x : centre) {
            v.add(x + random.nextInt(2 * spread + 1) - spread);
        }
        return v;
    }

    static List<Double> vector(Random random, int dimensions, int range) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < dimensions; i++) {
            v.add((double) (random.nextInt(2 * range + 1) - range));
        }
        v.set(0, v.get(0) == 0 ? 1.0 : v.get(0)); // never the zero vector, which cosine cannot score
        return v;
    }
}
