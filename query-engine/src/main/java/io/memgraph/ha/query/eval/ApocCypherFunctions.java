package io.memgraph.ha.query.eval;

import java.util.List;

import static io.memgraph.ha.query.eval.Functions.reg;

/**
 * APOC's {@code apoc.cypher.runFirstColumnSingle(statement, params)} (the first column of the
 * statement's first row, null when it has none) and {@code apoc.cypher.runFirstColumnMany} (the
 * first column of every row, as a list). The statement runs read-only inside the query that
 * evaluates them, in its transaction, through {@link GraphAccessor#firstColumn}.
 */
final class ApocCypherFunctions {
    private ApocCypherFunctions() {
    }

    static void register() {
        reg("apoc.cypher.runFirstColumnSingle", 2, 2, (a, g, c) -> {
            List<Object> values = g.firstColumn("apoc.cypher.runFirstColumnSingle", a.get(0), a.get(1), false);
            return values.isEmpty() ? null : values.get(0);
        });
        reg("apoc.cypher.runFirstColumnMany", 2, 2,
                (a, g, c) -> g.firstColumn("apoc.cypher.runFirstColumnMany", a.get(0), a.get(1), true));
    }
}
