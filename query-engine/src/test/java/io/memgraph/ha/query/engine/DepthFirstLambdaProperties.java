package io.memgraph.ha.query.engine;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filter lambda on a plain {@code *} finds the paths that the same pattern without it finds and
 * Neo4j's {@code WHERE all(...)} over the relationships and the nodes after them keeps: on random
 * small graphs (properties sometimes null), bounds, directions and conditions.
 */
class DepthFirstLambdaProperties {

    record Graph(List<Object> xs, List<List<Long>> edges, List<Object> ws) {}

    /**
     * Conditions on the step: {@code %1$s} the relationship, {@code %2$s} the node reached,
     * {@code %3$s} the length of the path so far (the step included).
     */
    private static final String[] CONDITIONS = {
        "%1$s.w > %2$s.x",
        "%1$s.w %% 2 = 0 OR %2$s.x = 1",
        "%2$s.x IS NULL OR %1$s.w < 2",
        "%1$s.w <> 1",
        "%3$s <= 2 OR %2$s.x >= 1",
        "%3$s < 3 AND (%1$s.w IS NULL OR %1$s.w >= %3$s - 1)",
    };

    @Provide
    Arbitrary<Graph> graphs() {
        Arbitrary<Object> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(0, 3).map(l -> (Object) l)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
        return Arbitraries.integers().between(2, 7).flatMap(n -> {
            Arbitrary<List<Long>> edge = Arbitraries.longs().between(0, n - 1).list().ofSize(2);
            return Combinators.combine(value.list().ofSize(n), edge.list().ofMaxSize(8), value.list().ofSize(8))
                    .as(Graph::new);
        });
    }

    @Provide
    Arbitrary<String> lengths() {
        return Arbitraries.of("*", "*0..2", "*2", "*1..3", "*..4", "*3..4");
    }

    @Provide
    Arbitrary<String[]> directions() {
        return Arbitraries.of(new String[] {"-", "->"}, new String[] {"<-", "-"}, new String[] {"-", "-"});
    }

    @Property(tries = 100)
    void lambdaEqualsWhereAll(@ForAll("graphs") Graph g, @ForAll("lengths") String length,
                              @ForAll("directions") String[] arrows,
                              @ForAll("conditionIndexes") int condition) {
        Db db = load(g);
        String cond = CONDITIONS[condition];
        // the walk starts at `a`, bound first, so the lambda's `n` is the node after its relationship
        String head = "MATCH (a:N) WITH a MATCH p = (a)" + arrows[0] + "[rs:R" + length;
        String tail = "]" + arrows[1] + "(b) ";
        String ret = "RETURN a.id AS a, [x IN nodes(p) | x.id] AS nodes, [x IN rs | x.w] AS ws ORDER BY a, nodes, ws";
        List<List<Object>> lambda = db.values(head + " (r, n, q | " + String.format(cond, "r", "n", "length(q)")
                + ")" + tail + ret);
        List<List<Object>> whereAll = db.values(head + tail + "WHERE all(i IN range(0, size(rs) - 1) WHERE "
                + String.format(cond, "rs[i]", "nodes(p)[i + 1]", "(i + 1)") + ") " + ret);
        assertThat(lambda).isEqualTo(whereAll);
        net.jqwik.api.statistics.Statistics.label("rows").collect(lambda.isEmpty() ? "none" : "some");
    }

    @Provide
    Arbitrary<Integer> conditionIndexes() {
        return Arbitraries.integers().between(0, CONDITIONS.length - 1);
    }

    private static Db load(Graph g) {
        Db db = new Db();
        for (int i = 0; i < g.xs().size(); i++) {
            Map<String, Object> p = new HashMap<>();
            p.put("id", (long) i);
            p.put("x", g.xs().get(i));
            db.run("CREATE (:N {id: $p.id, x: $p.x})", "p", p);
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int i = 0; i < g.edges().size(); i++) {
            Map<String, Object> e = new HashMap<>();
            e.put("from", g.edges().get(i).get(0));
            e.put("to", g.edges().get(i).get(1));
            e.put("w", g.ws().get(i));
            edges.add(e);
        }
        db.run("UNWIND $edges AS e MATCH (a {id: e.from}), (b {id: e.to}) CREATE (a)-[:R {w: e.w}]->(b)",
                "edges", edges);
        return db;
    }
}
