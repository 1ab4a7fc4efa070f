package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clause-level openCypher rules that the TCK checks: writes are not cut by SKIP/LIMIT, a WITH's
 * WHERE sees the variables from before the WITH, and where errors are raised.
 */
class ClauseSemanticsTest {
    Db db;

    @BeforeEach
    void graph() {
        db = new Db();
        db.run("UNWIND [1, 2, 3] AS i CREATE (:L {i: i})-[:R {i: i}]->(:M {i: i})");
    }

    /** A variable written in backticks is the same variable, passed on by a WITH and named so as a column. */
    @Test
    void aBacktickedVariablePassesThroughWithAndNamesItsColumn() {
        assertThat(db.run("WITH 1 AS `a b` WITH `a b` RETURN `a b`")).containsExactly(java.util.Map.of("a b", 1L));
        assertThat(db.run("MATCH (`the node`:L {i: 1}) WITH `the node` WHERE `the node`.i = 1 RETURN `the node`.i"))
                .containsExactly(java.util.Map.of("`the node`.i", 1L));
        assertThat(db.run("UNWIND [2] AS `x``y` RETURN `x``y`")).containsExactly(java.util.Map.of("x`y", 2L));
    }

    @Test
    void limitZeroAfterCreateStillCreatesEveryRow() {
        assertThat(db.values("UNWIND [1, 2, 3] AS i CREATE (n:New {i: i}) RETURN n LIMIT 0")).isEmpty();
        assertThat(db.single("MATCH (n:New) RETURN count(n)")).isEqualTo(3L);
        assertThat(db.values("MATCH (a:L), (b:M) CREATE (a)-[r:X]->(b) RETURN r LIMIT 0")).isEmpty();
        assertThat(db.single("MATCH ()-[r:X]->() RETURN count(r)")).isEqualTo(9L);
    }

    @Test
    void skipAndLimitAfterSetAndRemoveCutOnlyTheResult() {
        assertThat(db.values("MATCH (n:L) SET n.x = 1 RETURN n.i ORDER BY n.i SKIP 1 LIMIT 1"))
                .containsExactly(row(2L));
        assertThat(db.single("MATCH (n:L) WHERE n.x = 1 RETURN count(n)")).isEqualTo(3L);
        assertThat(db.values("MATCH (n:L) REMOVE n:L RETURN n LIMIT 0")).isEmpty();
        assertThat(db.single("MATCH (n:L) RETURN count(n)")).isEqualTo(0L);
        assertThat(db.values("MATCH ()-[r:R]->() SET r.y = 2 RETURN r LIMIT 1")).hasSize(1);
        assertThat(db.single("MATCH ()-[r:R {y: 2}]->() RETURN count(r)")).isEqualTo(3L);
    }

    @Test
    void limitZeroAfterDeleteStillDeletes() {
        assertThat(db.values("MATCH (n:M) DETACH DELETE n RETURN 1 AS one LIMIT 0")).isEmpty();
        assertThat(db.single("MATCH (n:M) RETURN count(n)")).isEqualTo(0L);
    }

    @Test
    void whereAfterWithSeesVariablesFromBeforeTheWith() {
        assertThat(db.values("MATCH (a:L) WITH a.i AS i WHERE a.i >= 2 RETURN i ORDER BY i"))
                .containsExactly(row(2L), row(3L));
        assertThat(db.values("MATCH (a:L) WITH a.i AS i WHERE i = 1 OR a.i = 3 RETURN i ORDER BY i"))
                .containsExactly(row(1L), row(3L));
        assertThat(db.values("MATCH (a:L) WITH DISTINCT a.i % 2 AS odd WHERE a.i % 2 = 1 RETURN odd"))
                .containsExactly(row(1L));
        db.run("CREATE (:Lonely)");
        assertThat(db.values("MATCH (o) WHERE o:Lonely OR o:M OPTIONAL MATCH (o)-[r]->() "
                + "WITH o WHERE r IS NULL RETURN count(o)")).containsExactly(row(4L));
    }

    @Test
    void withStarWithoutVariablesPassesTheRowsOn() {
        db.run("MATCH (:L) CREATE (:Made) WITH * CREATE (:Made2)");
        assertThat(db.single("MATCH (n:Made2) RETURN count(n)")).isEqualTo(3L);
    }

    @Test
    void deleteTakesEntitiesFromMapProperties() {
        db.run("MATCH (:L)-[r:R]->() WITH {key: r} AS rels DELETE rels.key");
        assertThat(db.single("MATCH ()-[r:R]->() RETURN count(r)")).isEqualTo(0L);
        db.run("MATCH (u:M) WITH {key: u} AS nodes DELETE nodes.key");
        assertThat(db.single("MATCH (n:M) RETURN count(n)")).isEqualTo(0L);
    }

    @Test
    void deletingAConnectedNodeIsAConstraintError() {
        assertThatThrownBy(() -> db.run("MATCH (n:L) DELETE n"))
                .isInstanceOfSatisfying(CypherException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CypherErrorKind.DELETE_CONNECTED_NODE);
                    assertThat(e.kind().tckDetail()).isEqualTo("DeleteConnectedNode");
                    assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Schema.ConstraintValidationFailed");
                });
    }

    @Test
    void readingPropertiesOrLabelsOfADeletedEntityFails() {
        for (String q : List.of("MATCH (n:M) DETACH DELETE n RETURN n.i", "MATCH (n:M) DETACH DELETE n RETURN labels(n)",
                "MATCH ()-[r:R]->() DELETE r RETURN r.i")) {
            assertThatThrownBy(() -> db.run(q)).as(q).isInstanceOfSatisfying(CypherException.class, e -> {
                assertThat(e.kind()).isEqualTo(CypherErrorKind.DELETED_ENTITY_ACCESS);
                assertThat(e.kind().category().tckType()).isEqualTo("EntityNotFound");
            });
        }
        assertThat(db.single("MATCH (n:M) RETURN count(n)")).as("failed queries changed nothing").isEqualTo(3L);
    }

    @Test
    void aDeletedEntityCanStillBeReturned() {
        Transaction tx = db.storage.begin();
        try (Execution ex = db.engine.execute(tx, "MATCH (n:M) DETACH DELETE n RETURN n", Map.of(),
                QueryControl.unlimited())) {
            List<Object> nodes = new java.util.ArrayList<>();
            ex.pull(-1, r -> nodes.add(r[0]));
            assertThat(nodes).hasSize(3);
            // The client-facing accessor reads what is gone as empty rather than failing.
            assertThat(ex.accessor().labels((io.memgraph.ha.query.value.NodeValue) nodes.get(0))).isEmpty();
            assertThat(ex.accessor().properties(nodes.get(0))).isEmpty();
        } finally {
            tx.close();
        }
    }

    @Test
    void mergeWithANullPropertyFailsAtRunTime() {
        Transaction tx = db.storage.begin();
        try (Execution ex = db.engine.execute(tx, "MERGE ({num: null})", Map.of(), QueryControl.unlimited())) {
            // Compiles: the error belongs to the run, as in the openCypher TCK.
            assertThatThrownBy(() -> ex.pull(-1, r -> { }))
                    .isInstanceOfSatisfying(CypherException.class,
                            e -> assertThat(e.kind()).isEqualTo(CypherErrorKind.MERGE_READ_OWN_WRITES));
        } finally {
            tx.close();
        }
    }

    @Test
    void boundNodeGetsNoNewLabelsInTheSamePattern() {
        assertThatThrownBy(() -> db.run("CREATE (n:Foo)-[:T1]->(), (n:Bar)-[:T2]->()"))
                .isInstanceOfSatisfying(CypherException.class,
                        e -> assertThat(e.kind()).isEqualTo(CypherErrorKind.VARIABLE_ALREADY_BOUND));
        assertThat(db.single("MATCH (n:Foo) RETURN count(n)")).isEqualTo(0L);
    }

    @Test
    void variableLengthListKeepsPatternOrderWhenExpandedFromTheRight() {
        db.run("CREATE (:Start)-[:REL {num: 1}]->()-[:REL {num: 2}]->(:End)");
        // Only the right end has a label, so the planner starts there and expands backwards.
        assertThat(db.values("MATCH (a)-[r:REL*2..2]->(b:End) RETURN [x IN r | x.num]"))
                .containsExactly(row(List.of(1L, 2L)));
        assertThat(db.values("MATCH p = (a)-[:REL*2..2]->(b:End) "
                + "RETURN [x IN relationships(p) | x.num], labels(nodes(p)[0])"))
                .containsExactly(row(List.of(1L, 2L), List.of("Start")));
    }

    @Test
    void aRepeatedRelationshipTypeMatchesOnce() {
        assertThat(db.single("MATCH (a:L)-[:R|:R]->(b) RETURN count(*)")).isEqualTo(3L);
    }

    @Test
    void relationshipListFromWithIsMatchedAsVariableLength() {
        db.run("CREATE (:S)-[:P {k: 1}]->()-[:P {k: 2}]->(:E)");
        List<List<Object>> rows = db.values("MATCH (:S)-[r1:P]->()-[r2:P]->(:E) WITH [r1, r2] AS rs LIMIT 1 "
                + "MATCH (a)-[rs*]->(b) RETURN labels(a), labels(b)");
        assertThat(rows).containsExactly(row(List.of("S"), List.of("E")));
    }
}
