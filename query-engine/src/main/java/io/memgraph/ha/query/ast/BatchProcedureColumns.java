package io.memgraph.ha.query.ast;

import java.util.List;

/**
 * The output columns (name and type) of the procedures that commit in batches, written once: the
 * parser rewrites a call of one into clauses that return these columns ({@code parse.PeriodicIterate},
 * {@code parse.PeriodicCommit}), and {@code SHOW PROCEDURES} lists them ({@code exec.BatchProcedures}).
 * Here because both packages depend on the syntax tree and neither may depend on the other ({@code
 * parse} reaches {@code exec} through the semantic analysis).
 */
public final class BatchProcedureColumns {
    private BatchProcedureColumns() {
    }

    /** One output column: its name and its type as {@code SHOW PROCEDURES} writes it. */
    public record Column(String name, String type) {
    }

    private static final String INTEGER = "INTEGER";
    private static final String MAP = "MAP";
    private static final String BOOLEAN = "BOOLEAN";

    /** {@code apoc.periodic.iterate}, in APOC's order. */
    public static final List<Column> APOC_ITERATE = List.of(new Column("batches", INTEGER),
            new Column("total", INTEGER), new Column("timeTaken", INTEGER), new Column("committedOperations", INTEGER),
            new Column("failedOperations", INTEGER), new Column("failedBatches", INTEGER),
            new Column("retries", INTEGER), new Column("errorMessages", MAP), new Column("batch", MAP),
            new Column("operations", MAP), new Column("wasTerminated", BOOLEAN), new Column("failedParams", MAP),
            new Column("updateStatistics", MAP));

    /** {@code apoc.periodic.commit}, in APOC's order. */
    public static final List<Column> APOC_COMMIT = List.of(new Column("updates", INTEGER),
            new Column("executions", INTEGER), new Column("runtime", INTEGER), new Column("batches", INTEGER),
            new Column("failedBatches", INTEGER), new Column("batchErrors", MAP), new Column("failedCommits", INTEGER),
            new Column("commitErrors", MAP), new Column("wasTerminated", BOOLEAN));

    /** Memgraph's {@code periodic.iterate}. */
    public static final List<Column> MAGE_ITERATE = List.of(new Column("success", BOOLEAN),
            new Column("number_of_executed_batches", INTEGER));

    /** Memgraph's {@code periodic.delete}. */
    public static final List<Column> MAGE_DELETE = List.of(new Column("success", BOOLEAN),
            new Column("number_of_executed_batches", INTEGER), new Column("number_of_deleted_nodes", INTEGER),
            new Column("number_of_deleted_relationships", INTEGER));

    /** The names of {@code columns}, in their order. */
    public static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }
}
