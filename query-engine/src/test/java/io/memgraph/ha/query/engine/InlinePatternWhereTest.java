package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code WHERE} inside node and relationship patterns: Neo4j 5 allows it "only in a MATCH clause or
 * inside a pattern comprehension" (its error message), and not on a variable-length relationship.
 */
class InlinePatternWhereTest {
    private final Db db = new Db();

    @Test
    void inMatchOptionalMatchAndQuantifiedPatterns() {
        db.social();
        assertThat(db.values("MATCH (n:Person WHERE n.age > 30) RETURN n.name ORDER BY n.name"))
                .containsExactly(row("Carol"), row("Dave"));
        assertThat(db.values("MATCH ({name: 'Alice'})-[r:KNOWS WHERE r.since > 2015]->(b) RETURN b.name"))
                .containsExactly(row("Carol"));
        assertThat(db.values("MATCH (a {name: 'Alice'}) OPTIONAL MATCH (a)-[:KNOWS]->(b WHERE b.age > 100)"
                + " RETURN b")).containsExactly(row((Object) null));
        assertThat(db.values("MATCH ((a WHERE a.age < 35)-[:KNOWS]->(b)){2} RETURN count(*)")).containsExactly(row(1L));
        assertThat(db.values("MATCH (a:Person) WHERE EXISTS { (a)-[:KNOWS]->(b WHERE b.age > 35) } RETURN a.name"))
                .containsExactly(row("Carol"));
    }

    @Test
    void inPatternComprehensions() {
        db.social();
        assertThat(db.single("MATCH (a {name: 'Alice'}) RETURN [(a)-[:KNOWS]->(b WHERE b.age > 26) | b.name]"))
                .isEqualTo(List.of("Carol"));
        assertThat(db.single("MATCH (a {name: 'Alice'})"
                + " RETURN [(a)-[r:KNOWS WHERE r.since < 2015]->(b WHERE b.age < 30) WHERE b.name <> 'x' | b.name]"))
                .isEqualTo(List.of("Bob"));
        assertThat(db.single("RETURN size([(p:Person WHERE p.city = 'London')-[:KNOWS]->() | p])")).isEqualTo(3L);
    }

    @Test
    void refusedWhereNeo4jRefusesIt() {
        assertThatThrownBy(() -> db.run("CREATE (n:X WHERE n.a = 1)")).hasMessageStartingWith(
                "Node pattern predicates are not allowed in CREATE, but only in MATCH clause or inside a pattern"
                        + " comprehension");
        assertThatThrownBy(() -> db.run("MERGE (a:X)-[r:T WHERE r.a = 1]->(b:X)")).hasMessageStartingWith(
                "Relationship pattern predicates are not allowed in MERGE");
        assertThatThrownBy(() -> db.run("MATCH (a)-[r* WHERE r.a = 1]->(b) RETURN b")).hasMessageStartingWith(
                "Relationship pattern predicates are not supported for variable-length relationships.");
        assertThatThrownBy(() -> db.run("RETURN [(a)-[r* WHERE true]->(b) | b]")).hasMessageStartingWith(
                "Relationship pattern predicates are not supported for variable-length relationships.");
    }
}
