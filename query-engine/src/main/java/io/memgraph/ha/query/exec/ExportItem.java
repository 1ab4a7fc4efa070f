package io.memgraph.ha.query.exec;

import io.memgraph.ha.storage.EdgeRef;

import java.util.Map;

/** One thing an export writes: a node, a relationship, a row of a query, or a Cypher statement. */
sealed interface ExportItem {

    /** A node, by id. */
    record Node(long id) implements ExportItem {}

    /** A relationship, as the transaction has it. */
    record Relationship(EdgeRef edge) implements ExportItem {}

    /** A row of a {@code .query} procedure's statement: column to value, in the statement's order. */
    record Row(Map<String, Object> columns) implements ExportItem {}

    /** A statement of a Cypher export (from {@link io.memgraph.ha.query.dump.DatabaseDump}). */
    record Statement(String text) implements ExportItem {}
}
