package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Memgraph's {@code periodic.delete} (MAGE): the relationships first, {@code batch_size} a
 * transaction, then the nodes, each loop ending with the first batch that deletes fewer; labels
 * and edge types narrow what goes. The first tests are MAGE's own e2e cases
 * ({@code e2e/periodic_delete_test}), with their inputs and expected rows.
 */
class MemgraphPeriodicDeleteTest {
    private final Db db = new Db();

    private static Map<String, Object> deleted(long nodes, long relationships, long batches) {
        return Map.of("number_of_deleted_nodes", nodes, "number_of_deleted_relationships", relationships,
                "number_of_executed_batches", batches, "success", true);
    }

    private List<Map<String, Object>> run(String config) {
        return db.run("CALL periodic.delete(" + config + ") YIELD * RETURN *");
    }

    // ---------------------------------------------------------------- MAGE's e2e cases

    @Test
    void mageDeletesEverything() {
        db.run("FOREACH (i in range(1, 10) | CREATE ()-[:TYPE]->())");
        assertThat(run("{batch_size: 10}")).containsExactly(deleted(20, 10, 5));
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(0L);
        assertThat(db.batchCommits).isEqualTo(5);
    }

    @Test
    void mageDeletesJustEdges() {
        db.run("FOREACH (i in range(1, 10) | CREATE ()-[:TYPE]->())");
        assertThat(run("{batch_size: 10, edge_types:[\"TYPE\"]}")).containsExactly(deleted(0, 10, 2));
        assertThat(db.values("MATCH (n) OPTIONAL MATCH (n)-[r]-() RETURN count(n), count(r)"))
                .containsExactly(row(20L, 0L));
    }

    @Test
    void mageDeletesJustNodes() {
        db.run("FOREACH (i in range(1, 10) | CREATE ())");
        assertThat(run("{batch_size: 10}")).containsExactly(deleted(10, 0, 3));
    }

    @Test
    void mageDeletesOnASpecificLabel() {
        db.run("FOREACH (i in range(1, 15) | CREATE (:Node))");
        db.run("FOREACH (i in range(1, 10) | CREATE (:Node2))");
        assertThat(run("{labels:\"Node\", batch_size: 10}")).containsExactly(deleted(15, 0, 3));
        assertThat(db.values("MATCH (n) RETURN labels(n), count(*)")).containsExactly(row(List.of("Node2"), 10L));
    }

    /** A refused call of MAGE's e2e cases: on their ten nodes, the error, and nothing deleted. */
    private void refused(String config, String message) {
        db.run("FOREACH (i in range(1, 10) | CREATE ())");
        assertThatThrownBy(() -> run(config)).isInstanceOf(CypherException.class)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Statement.ArgumentError"))
                .hasMessage(message);
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(10L);
    }

    @Test
    void mageRefusesABatchSizeThatIsNotAnInteger() {
        refused("{batch_size: \"a\"}", "periodic.delete needs a positive integer as batch_size, not 'a'");
    }

    @Test
    void mageRefusesANegativeBatchSize() {
        refused("{batch_size: -1}", "periodic.delete needs a positive integer as batch_size, not -1");
    }

    @Test
    void mageRefusesAMissingBatchSize() {
        refused("{}", "periodic.delete needs batch_size in its settings: how many relationships or nodes each"
                + " transaction deletes ({batch_size: 1000})");
    }

    @Test
    void mageRefusesLabelsThatAreNotStrings() {
        refused("{batch_size: 10, labels: [1]}", "periodic.delete takes labels as a list of names, written in the"
                + " query or given as a parameter ({labels: ['Old']}), not 1");
    }

    @Test
    void mageRefusesEdgeTypesThatAreNotStrings() {
        refused("{batch_size: 10, edge_types: [1]}", "periodic.delete takes edge_types as a list of names, written in"
                + " the query or given as a parameter ({edge_types: ['OLD']}), not 1");
    }

    // ---------------------------------------------------------------- narrowing

    @Test
    void labelsNarrowTheNodesAndTheRelationshipsToThoseOfSuchNodes() {
        db.run("CREATE (a:A:B)-[:X]->(:Other), (:A:B)-[:Y]->(:A:B), (:A)-[:X]->(:Other), (b:A:B)-[:X]->(b)");
        // a node needs every label; its relationships of any type go, each counted once (the loop too)
        assertThat(run("{batch_size: 100, labels: ['A', 'B']}")).containsExactly(deleted(4, 3, 2));
        assertThat(db.values("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN labels(n), type(r) ORDER BY labels(n)"))
                .containsExactly(row(List.of("A"), "X"), row(List.of("Other"), null), row(List.of("Other"), null));
    }

    @Test
    void labelsAndEdgeTypesTogetherDeleteTheNodesWithTheirOtherRelationshipsUncounted() {
        db.run("CREATE (:A)-[:X]->(:Other), (:A)-[:Y]->(:Other), (:Other)-[:X]->(:Other)");
        // the X of an :A node go first; then the :A nodes, their Y with them (as in Memgraph, not counted)
        assertThat(run("{batch_size: 100, labels: ['A'], edge_types: ['X']}")).containsExactly(deleted(2, 1, 2));
        assertThat(db.lastStats).containsEntry("relationships-deleted", 2L);
        assertThat(db.values("MATCH ()-[r]->() RETURN type(r)")).containsExactly(row("X"));
    }

    @Test
    void edgeTypesAloneDeleteAnyOfThoseRelationshipsAndNoNode() {
        db.run("CREATE (:A)-[:X]->(:B), (:B)-[:Y]->(:B), (:C)-[:Z]->(:C)");
        assertThat(run("{batch_size: 1, edge_types: ['X', 'Y']}")).containsExactly(deleted(0, 2, 3));
        assertThat(db.values("MATCH ()-[r]->() RETURN type(r)")).containsExactly(row("Z"));
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(6L);
    }

    @Test
    void namesAreQuotedAndAnUnknownOneDeletesNothing() {
        db.run("CREATE (:`odd``label` {x: 1})-[:`odd type`]->(), (:Kept)");
        assertThat(run("{batch_size: 5, labels: ['odd`label'], edge_types: ['odd type']}"))
                .containsExactly(deleted(1, 1, 2));
        assertThat(run("{batch_size: 5, labels: ['Missing']}")).containsExactly(deleted(0, 0, 2));
        assertThat(db.values("MATCH (n) RETURN labels(n)")).containsExactly(row(List.of()), row(List.of("Kept")));
    }

    // ---------------------------------------------------------------- batches, parameters, errors

    @Test
    void eachBatchIsATransactionOfItsOwn() {
        db.run("UNWIND range(1, 25) AS i CREATE (:N)-[:R]->(:M)");
        assertThat(db.values("CALL periodic.delete({batch_size: $size}) YIELD number_of_executed_batches AS b,"
                + " number_of_deleted_nodes AS n, number_of_deleted_relationships AS r RETURN b, n, r", "size", 10L))
                .containsExactly(row(9L, 50L, 25L)); // 10, 10, 5 relationships; 10, 10, 10, 10, 10, 0 nodes
        assertThat(db.batchCommits).isEqualTo(9);
        assertThat(db.lastStats).containsEntry("nodes-deleted", 50L).containsEntry("relationships-deleted", 25L);
    }

    @Test
    void aFailedBatchFailsTheQueryAndTheBatchesBeforeItStayCommitted() {
        db.run("UNWIND range(1, 25) AS i CREATE (:N)");
        db.refuseBatchCommit = 3; // the relationships' batch (none), one of the nodes', then a refusal
        assertThatThrownBy(() -> run("{batch_size: 5}")).isInstanceOf(CypherException.class)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.TransientError.Transaction.Outdated"));
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(20L);
    }

    @Test
    void aBatchSizeParameterIsCheckedWhenTheBatchesStart() {
        db.run("CREATE ()");
        assertThatThrownBy(() -> db.run("CALL periodic.delete({batch_size: $size}) YIELD success RETURN success",
                "size", 0L)).hasMessageContaining("Must be a positive integer");
        assertThatThrownBy(() -> db.run("CALL periodic.delete({batch_size: $size}) YIELD success RETURN success",
                "size", "a")).hasMessageContaining("Must be a non-negative integer");
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(1L);
    }

    @Test
    void otherCallsAreRefusedClearly() {
        assertThatThrownBy(() -> db.run("CALL periodic.delete({batch_size: 1}, 2)"))
                .hasMessage("periodic.delete takes a map of settings ({batch_size: 1000, labels: ['Old'], edge_types:"
                        + " ['OLD']})");
        assertThatThrownBy(() -> db.run("CALL periodic.delete($config)", "config", "all"))
                .hasMessageStartingWith("periodic.delete takes its settings as a map, written in the query or given"
                        + " as a parameter").hasMessageEndingWith("not 'all'");
        assertThatThrownBy(() -> db.run("CALL periodic.delete({batch_size: 1, labels: $labels})", "labels",
                List.of(1L))).hasMessageEndingWith("not 1");
        assertThatThrownBy(() -> db.run("CALL periodic.delete({batch_size: 1}) YIELD deleted"))
                .hasMessage("Unknown procedure output: `deleted` (periodic.delete yields success,"
                        + " number_of_executed_batches, number_of_deleted_nodes, number_of_deleted_relationships)");
    }

    @Test
    void refusedInAnExplicitTransaction() {
        db.run("CREATE ()");
        assertThat(db.failureInExplicitTransaction("CALL periodic.delete({batch_size: 10})")).hasMessage("A query"
                + " with 'CALL { ... } IN TRANSACTIONS' can only be executed in an implicit transaction, but tried to"
                + " execute in an explicit transaction.");
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(1L);
    }
}
