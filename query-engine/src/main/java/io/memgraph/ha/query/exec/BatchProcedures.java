package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.BatchProcedureColumns;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;

import java.util.List;
import java.util.Map;

/**
 * The procedures that commit in batches, APOC's {@code apoc.periodic.iterate} and
 * {@code apoc.periodic.commit} and Memgraph's {@code periodic.iterate} and {@code periodic.delete},
 * as {@code SHOW PROCEDURES} lists them. A call of one is rewritten when parsed, as the first
 * clause of its query, into batches of {@code CALL { } IN TRANSACTIONS} (the parser's
 * {@code RewrittenCalls}), so these entries run only for a call the parser left alone, inside a
 * subquery: there they say where such a call must be, where an unknown name would have suggested
 * that the procedure does not exist here. Their output columns are the rewrite's, from one list
 * ({@link BatchProcedureColumns}).
 */
final class BatchProcedures {
    private BatchProcedures() {
    }

    private static final String MAP = "MAP";

    static void register(Procedures p) {
        p.register(entry("apoc.periodic.iterate", List.of(new Field("cypherIterate", "STRING"),
                new Field("cypherAction", "STRING"), new Field("config", MAP, Map.of())),
                BatchProcedureColumns.APOC_ITERATE,
                "Runs the action query for every row of the iterate query, in batches of batchSize rows, each"
                        + " batch a transaction of its own."));
        p.register(entry("apoc.periodic.commit", List.of(new Field("statement", "STRING"),
                new Field("params", MAP, Map.of())),
                BatchProcedureColumns.APOC_COMMIT,
                "Runs the statement again and again, each run a transaction of its own, until a run returns 0."));
        p.register(entry("periodic.iterate", List.of(new Field("input_query", "STRING"),
                new Field("running_query", "STRING"), new Field("config", MAP)),
                BatchProcedureColumns.MAGE_ITERATE,
                "Runs the running query for every row of the input query, in batches of batch_size rows, each"
                        + " batch a transaction of its own."));
        p.register(entry("periodic.delete", List.of(new Field("config", MAP)),
                BatchProcedureColumns.MAGE_DELETE,
                "Deletes relationships, then nodes (of the labels and edge types given, else all), batch_size"
                        + " at a time, each batch a transaction of its own."));
    }

    /** The entry of a procedure whose output columns the parser's rewrite shares ({@link BatchProcedureColumns}). */
    private static Procedure entry(String name, List<Field> inputs, List<BatchProcedureColumns.Column> outputs,
                                   String description) {
        List<Field> fields = outputs.stream().map(c -> new Field(c.name(), c.type())).toList();
        return new Procedure(name, inputs, fields, Mode.WRITE, description, (ctx, args) -> {
            throw new CypherException(CypherErrorKind.INVALID_CLAUSE_COMPOSITION, name
                    + " commits in batches, so it must be the first clause of its query, outside any subquery"
                    + " or UNION, in an auto-commit transaction");
        });
    }
}
