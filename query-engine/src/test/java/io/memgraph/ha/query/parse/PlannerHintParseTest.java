package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Hint;
import io.memgraph.ha.query.ast.Query;
import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.error.CypherSyntaxException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Neo4j's planner hints after a MATCH pattern and Memgraph's before a query, as parsed. */
class PlannerHintParseTest {

    private static List<Hint> hints(String query) {
        Query q = (Query) CypherParser.parse(query);
        return ((Clause.Match) q.first().clauses().get(0)).hints();
    }

    private static Hint.Index index(String variable, String label, List<String> properties, Hint.IndexKind kind,
                                    boolean seek) {
        return new Hint.Index(variable, label, properties, kind, seek, null);
    }

    /** The hints without their positions, which the expected values cannot know. */
    private static List<Hint> unplaced(List<Hint> hints) {
        return hints.stream().map(h -> {
            if (h instanceof Hint.Index i) {
                return (Hint) index(i.variable(), i.labelOrType(), i.properties(), i.kind(), i.seek());
            }
            if (h instanceof Hint.Scan s) {
                return new Hint.Scan(s.variable(), s.labelOrType(), null);
            }
            if (h instanceof Hint.Join j) {
                return new Hint.Join(j.variables(), null);
            }
            Hint.PreferIndex p = (Hint.PreferIndex) h;
            return new Hint.PreferIndex(p.label(), p.properties(), null);
        }).toList();
    }

    private static CypherSyntaxException error(String query) {
        CypherSyntaxException e = catchThrowableOfType(CypherSyntaxException.class, () -> CypherParser.parse(query));
        assertThat(e).as("expected a syntax error for: %s", query).isNotNull();
        return e;
    }

    @Test
    void neo4jIndexHintsInEveryForm() {
        assertThat(unplaced(hints("MATCH (n:Person) USING INDEX n:Person(name) WHERE n.name = 'x' RETURN n")))
                .containsExactly(index("n", "Person", List.of("name"), Hint.IndexKind.ANY, false));
        assertThat(unplaced(hints("MATCH (n:P) USING INDEX SEEK n:P(a, b) WHERE n.a = 1 AND n.b = 2 RETURN n")))
                .containsExactly(index("n", "P", List.of("a", "b"), Hint.IndexKind.ANY, true));
        assertThat(unplaced(hints("MATCH (n:P) using range index seek n:P(a) RETURN n")))
                .containsExactly(index("n", "P", List.of("a"), Hint.IndexKind.RANGE, true));
        assertThat(unplaced(hints("MATCH (n:P) USING TEXT INDEX n:P(a) USING POINT INDEX n:P(b) RETURN n")))
                .containsExactly(index("n", "P", List.of("a"), Hint.IndexKind.TEXT, false),
                        index("n", "P", List.of("b"), Hint.IndexKind.POINT, false));
        // a variable named seek, and a relationship's index
        assertThat(unplaced(hints("MATCH (seek:P)-[r:T]->() USING INDEX seek:P(a) USING INDEX r:T(w) RETURN 1")))
                .containsExactly(index("seek", "P", List.of("a"), Hint.IndexKind.ANY, false),
                        index("r", "T", List.of("w"), Hint.IndexKind.ANY, false));
    }

    @Test
    void scanAndJoinHintsAndOptionalMatch() {
        assertThat(unplaced(hints("MATCH (a:A)-->(b:B) USING SCAN a:A USING JOIN ON b, a WHERE a.x = 1 RETURN a")))
                .containsExactly(new Hint.Scan("a", "A", null), new Hint.Join(List.of("b", "a"), null));
        Query q = (Query) CypherParser.parse("MATCH (a) OPTIONAL MATCH (a)-[r:T]->(b) USING SCAN r:T RETURN b");
        Clause.Match optional = (Clause.Match) q.first().clauses().get(1);
        assertThat(optional.optional()).isTrue();
        assertThat(unplaced(optional.hints())).containsExactly(new Hint.Scan("r", "T", null));
        assertThat(hints("MATCH (n) RETURN n")).isEmpty();
        assertThat(hints("MATCH (n:P) USING INDEX n:P(a) RETURN n").get(0).position().column()).isEqualTo(13);
    }

    @Test
    void memgraphHintsBeforeTheQuery() {
        Query q = (Query) CypherParser.parse("USING INDEX :Person(name), :Company, :P(a, b) MATCH (n:Person) RETURN n"
                + " UNION MATCH (n:Company) RETURN n");
        assertThat(unplaced(List.copyOf(q.indexHints()))).containsExactly(
                new Hint.PreferIndex("Person", List.of("name"), null), new Hint.PreferIndex("Company", List.of(), null),
                new Hint.PreferIndex("P", List.of("a", "b"), null));
        assertThat(q.unions()).hasSize(1);
        Statement explain = CypherParser.parse("EXPLAIN USING INDEX :L MATCH (n:L) RETURN n");
        assertThat(((Statement.Explain) explain).query().indexHints()).hasSize(1);
        Statement profile = CypherParser.parse("PROFILE using index :L(p) MATCH (n:L) RETURN n");
        assertThat(((Statement.Profile) profile).query().indexHints()).hasSize(1);
        assertThat(((Query) CypherParser.parse("MATCH (n) RETURN n")).indexHints()).isEmpty();
    }

    @Test
    void malformedHintsAreOneLineErrorsWithThePosition() {
        CypherSyntaxException e = error("MATCH (n:P) USING INDX n:P(a) RETURN n");
        assertThat(e.shortMessage()).isEqualTo(
                "Invalid input 'INDX': expected 'INDEX', 'RANGE INDEX', 'TEXT INDEX', 'POINT INDEX', 'SCAN' or 'JOIN'");
        assertThat(e.column()).isEqualTo(19);
        assertThat(e.shortMessage()).doesNotContain("\n");
        assertThat(error("MATCH (n:P) USING INDEX n:P RETURN n").shortMessage())
                .isEqualTo("Invalid input 'RETURN': expected '(' and the indexed properties");
        assertThat(error("MATCH (n:P) USING INDEX n:P() RETURN n").shortMessage())
                .isEqualTo("Invalid input ')': expected a property key");
        assertThat(error("MATCH (n:P) USING INDEX n(a) RETURN n").shortMessage())
                .isEqualTo("Invalid input '(': expected ':'");
        assertThat(error("MATCH (n:P) USING RANGE SCAN n:P RETURN n").shortMessage())
                .isEqualTo("Invalid input 'SCAN': expected 'INDEX'");
        assertThat(error("MATCH (n:P) USING SCAN n RETURN n").shortMessage())
                .isEqualTo("Invalid input 'RETURN': expected ':'");
        assertThat(error("MATCH (a)-->(b) USING JOIN a RETURN a").shortMessage())
                .isEqualTo("Invalid input 'a': expected 'ON'");
        assertThat(error("MATCH (a)-->(b) USING JOIN ON , b RETURN a").shortMessage())
                .isEqualTo("Invalid input ',': expected a variable");
        // the hints come before WHERE
        assertThat(error("MATCH (n:P) WHERE n.a = 1 USING SCAN n:P RETURN n").shortMessage())
                .startsWith("Invalid input 'USING'");
        assertThat(error("USING INDEX :L, MATCH (n:L) RETURN n").shortMessage())
                .isEqualTo("Invalid input 'MATCH': expected ':'");
        CypherSyntaxException m = error("USING INDEX :L(p MATCH (n:L) RETURN n");
        assertThat(m.shortMessage()).isEqualTo("Invalid input 'MATCH': expected ')'");
        assertThat(m.column()).isEqualTo(18);
    }
}
