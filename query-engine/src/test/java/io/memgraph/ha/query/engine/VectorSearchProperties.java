package io.memgraph.ha.query.engine;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code db.index.vector.queryNodes} is an exact search: on random vectors (small integers, so ties
 * are common; some of the wrong length or zero) it returns exactly what a brute-force oracle ranks
 * best, score descending, ties to the lower node id.
 */
class VectorSearchProperties {
    @Provide
    Arbitrary<List<List<Integer>>> vectors() {
        Arbitrary<List<Integer>> vector = Arbitraries.integers().between(-2, 2).list().ofMinSize(2).ofMaxSize(3);
        return vector.list().ofMinSize(0).ofMaxSize(40);
    }

    @Property(tries = 60)
    void topKIsTheOraclesTopK(@ForAll("vectors") List<List<Integer>> vectors, @ForAll @IntRange(min = 1, max = 45) int k,
                              @ForAll boolean cosine, @ForAll("query") List<Integer> query) {
        Db db = new Db();
        db.run("CREATE VECTOR INDEX v FOR (n:N) ON (n.e) OPTIONS {indexConfig: {`vector.dimensions`: 3,"
                + " `vector.similarity_function`: '" + (cosine ? "cosine" : "euclidean") + "'}}");
        List<long[]> ids = new ArrayList<>();
        for (List<Integer> v : vectors) {
            long id = (Long) db.single("CREATE (n:N {e: $e}) RETURN id(n)", "e", v);
            ids.add(new long[] {id});
        }
        if (cosine && query.stream().allMatch(x -> x == 0)) {
            return; // not a valid query (refused, see VectorIndexTest)
        }
        List<Map<String, Object>> rows = db.run("CALL db.index.vector.queryNodes('v', $k, $q) YIELD node, score"
                + " RETURN id(node) AS id, score", "k", (long) k, "q", query);
        List<double[]> oracle = new ArrayList<>(); // {score, id}
        for (int i = 0; i < vectors.size(); i++) {
            List<Integer> v = vectors.get(i);
            if (v.size() != 3 || cosine && v.stream().allMatch(x -> x == 0)) {
                continue;
            }
            oracle.add(new double[] {score(cosine, v, query), ids.get(i)[0]});
        }
        oracle.sort(Comparator.<double[]>comparingDouble(x -> -x[0]).thenComparingDouble(x -> x[1]));
        List<List<Object>> expected = oracle.stream().limit(k).map(x -> List.<Object>of((long) x[1], x[0])).toList();
        assertThat(rows.stream().map(r -> List.of(r.get("id"), r.get("score"))).toList()).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<Integer>> query() {
        return Arbitraries.integers().between(-2, 2).list().ofSize(3);
    }

    private static double score(boolean cosine, List<Integer> a, List<Integer> b) {
        if (cosine) {
            double dot = 0;
            double aa = 0;
            double bb = 0;
            for (int i = 0; i < a.size(); i++) {
                dot += (double) a.get(i) * b.get(i);
                aa += (double) a.get(i) * a.get(i);
                bb += (double) b.get(i) * b.get(i);
            }
            return (1 + Math.max(-1.0, Math.min(1.0, dot / Math.sqrt(aa * bb)))) / 2;
        }
        double squared = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = a.get(i) - b.get(i);
            squared += d * d;
        }
        return 1 / (1 + squared);
    }
}
