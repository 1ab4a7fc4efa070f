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
 * The planner's choice of scans must never change results: random small graphs and random simple
 * MATCH/WHERE queries give the same multiset of rows with label+property indexes as without.
 */
class PlannerChoiceProperties {

    record Node(long id, String label, Object x, Object s) {}

    record Case(List<Node> nodes, List<List<Long>> edges, int template, Object value, Object value2) {}

    private static final String[] TEMPLATES = {
        "MATCH (n:A) WHERE n.x = $v RETURN n.id",
        "MATCH (n:A {x: $v}) RETURN n.id, n.x",
        "MATCH (n:A) WHERE n.x > $v AND n.x <= $w RETURN n.id",
        "MATCH (n:A) WHERE $v <= n.x RETURN n.id",
        "MATCH (n:A) WHERE n.s STARTS WITH $v RETURN n.id",
        "MATCH (n:A {x: $v})-[:R]->(m:B) RETURN n.id, m.id",
        "MATCH (m:B)<-[:R]-(n:A) WHERE n.x < $v RETURN n.id, m.id",
        "MATCH (a:A)-[:R]->(b:B), (c:B) WHERE c.x = $v AND b.x = c.x RETURN a.id, b.id, c.id",
        "MATCH (n:B) WHERE n.x = $v OR n.s = $w RETURN n.id",
        "MATCH (n:A)-[:R*1..2]-(m) WHERE m.x >= $v RETURN n.id, m.id",
    };

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, 2).map(l -> (Object) l)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(1.0, 2.5, Double.NaN).map(d -> (Object) d)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of("a", "ab", "").map(s -> (Object) s)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Node> node = Combinators.combine(Arbitraries.of("A", "B", "AB"), values(), values())
                .as((l, x, s) -> new Node(0, l, x, s));
        Arbitrary<List<Node>> nodes = node.list().ofMinSize(3).ofMaxSize(14).map(ns -> {
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < ns.size(); i++) {
                Node n = ns.get(i);
                out.add(new Node(i, n.label(), n.x(), n.s()));
            }
            return out;
        });
        return nodes.flatMap(ns -> {
            Arbitrary<List<Long>> edge = Arbitraries.longs().between(0, ns.size() - 1).list().ofSize(2);
            return Combinators.combine(edge.list().ofMaxSize(20), Arbitraries.integers().between(0, TEMPLATES.length - 1),
                    values(), values()).as((es, t, v, w) -> new Case(ns, es, t, v, w));
        });
    }

    private static List<String> run(Case c, boolean indexed) {
        Db db = new Db();
        if (indexed) {
            db.run("CREATE INDEX ON :A(x)");
            db.run("CREATE INDEX ON :A(s)");
            db.run("CREATE INDEX ON :B(x)");
        }
        for (Node n : c.nodes()) {
            String labels = n.label().equals("AB") ? ":A:B" : ":" + n.label();
            Map<String, Object> props = new HashMap<>();
            props.put("id", n.id());
            props.put("x", n.x());
            props.put("s", n.s());
            db.run("CREATE (n" + labels + " {id: $p.id, x: $p.x, s: $p.s})", "p", props);
        }
        db.run("UNWIND $edges AS e MATCH (a {id: e[0]}), (b {id: e[1]}) CREATE (a)-[:R]->(b)", "edges", c.edges());
        if (indexed && c.template() <= 5) {
            // the index must really be chosen, or the property proves nothing
            assertThat(db.values("EXPLAIN " + TEMPLATES[c.template()]).toString()).contains("ScanByLabelProperty");
        }
        List<String> rows = new ArrayList<>();
        for (List<Object> r : db.values(TEMPLATES[c.template()], "v", c.value(), "w", c.value2())) {
            rows.add(r.toString());
        }
        rows.sort(null);
        return rows;
    }

    /**
     * The planned expansion operators and the pattern matcher (behind pattern comprehensions) are
     * two independent implementations of pattern matching: they must find the same paths.
     */
    @Property(tries = 60)
    void plannedExpansionAgreesWithPatternMatcher(@ForAll("cases") Case c,
                                                  @ForAll("patterns") String pattern) {
        Db db = new Db();
        for (Node n : c.nodes()) {
            db.run("CREATE (:A {id: $id})", "id", n.id());
        }
        db.run("UNWIND $edges AS e MATCH (a {id: e[0]}), (b {id: e[1]}) CREATE (a)-[:R]->(b)", "edges", c.edges());
        List<List<Object>> planned = db.values("MATCH p = (a)" + pattern + "(b) "
                + "RETURN a.id AS a, [n IN nodes(p) | n.id] AS path ORDER BY a, path");
        List<List<Object>> matcher = db.values("MATCH (a) UNWIND [p = (a)" + pattern + "(b) | [n IN nodes(p) | n.id]] "
                + "AS path RETURN a.id AS a, path ORDER BY a, path");
        assertThat(planned).isEqualTo(matcher);
    }

    @Provide
    Arbitrary<String> patterns() {
        return Combinators.combine(Arbitraries.of("-", "<-"), Arbitraries.of("", "*0..2", "*2", "*1..3", "*..2"),
                Arbitraries.of("-", "->")).as((l, len, r) -> l.equals("<-") && r.equals("->") ? "-[:R" + len + "]-"
                        : l + "[:R" + len + "]" + r);
    }

    @Property(tries = 150)
    void indexesDoNotChangeResults(@ForAll("cases") Case c) {
        List<String> indexed = run(c, true);
        assertThat(indexed).isEqualTo(run(c, false));
        net.jqwik.api.statistics.Statistics.label("rows").collect(indexed.isEmpty() ? "none" : "some");
    }
}
