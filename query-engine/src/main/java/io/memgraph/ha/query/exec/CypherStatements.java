package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.plan.QueryPlan;
import io.memgraph.ha.query.value.ValueSizes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a statement given as text inside the query that calls {@code apoc.cypher.run} and its kin
 * ({@link CypherProcedures}, {@code apoc.cypher.runFirstColumn*}): planned through the engine's
 * caches ({@link InnerQueries}), run in the caller's transaction (it sees what the transaction
 * wrote, and what it writes commits or rolls back with it), under the caller's time limit, memory
 * limit and cancellation, with the parameters it is given and no others. Its writes count in the
 * caller's summary. A read-only caller refuses a statement that writes before it runs; statements
 * run inside statements at most {@link #MAX_DEPTH} deep.
 */
final class CypherStatements {
    private CypherStatements() {
    }

    /** How deep statements may run inside statements (apoc.cypher.run calling apoc.cypher.run ...). */
    static final int MAX_DEPTH = 32;

    /** What a statement gave: its columns, its rows (column to value) and its non-zero write counters. */
    record Outcome(List<String> columns, List<Map<String, Object>> rows, Map<String, Long> counters) {}

    /**
     * Runs {@code statement} with {@code parameters} inside {@code ctx}'s execution.
     *
     * @param caller      the procedure or function, named in errors
     * @param readOnly    refuse a statement that writes (before anything runs)
     * @param asVariables bind each parameter to a variable of its name too, as APOC does
     * @param limit       the most rows wanted (-1: all); a statement that writes runs to its end anyway
     */
    static Outcome run(ExecContext ctx, String caller, Object statement, Object parameters, boolean readOnly,
                       boolean asVariables, long limit) {
        String text = statement(caller, statement);
        Map<String, Object> params = parameters(caller, parameters);
        if (ctx.depth() >= MAX_DEPTH) {
            throw InnerQueries.failed(caller, "statements run inside statements (" + caller + " and its kin) more than "
                    + MAX_DEPTH + " deep; is the statement calling itself without end?");
        }
        QueryPlan plan = ctx.innerQueries().plan(caller, text, params, asVariables, ctx.tx());
        if (readOnly && plan.writes()) {
            throw InnerQueries.failed(caller, "Write operations are not allowed here: " + caller + " runs read-only statements,"
                    + " and this one writes. Use apoc.cypher.doIt (or apoc.do.when, apoc.do.case,"
                    + " apoc.cypher.runMany) to run a statement that writes");
        }
        ExecContext inner = ctx.nested(plan.scopes(), params);
        QueryExecution execution = new QueryExecution(plan, inner);
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            execution.pull(limit, row -> {
                inner.memory().reserve(ValueSizes.ofRow(row)); // held until the caller has them
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < row.length; i++) {
                    m.put(plan.columns().get(i), row[i]);
                }
                rows.add(m);
            });
        } catch (StackOverflowError e) {
            throw InnerQueries.failed(caller, "the statement is nested too deeply to run");
        } finally {
            execution.close();
            inner.memory().releaseAll();
        }
        Map<String, Long> counters = new LinkedHashMap<>(inner.counters());
        counters.forEach(ctx::count);
        return new Outcome(plan.columns(), rows, counters);
    }

    private static String statement(String caller, Object statement) {
        if (statement instanceof String s) {
            return s;
        }
        throw mismatch(caller, "the statement", "a STRING", statement);
    }

    /** The parameters a MAP argument gives; null gives none. */
    static Map<String, Object> parameters(String caller, Object parameters) {
        if (parameters == null) {
            return Map.of();
        }
        if (!(parameters instanceof Map<?, ?> map)) {
            throw mismatch(caller, "params", "a MAP", parameters);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put((String) k, v));
        return out;
    }

    /** An argument of the wrong type: {@code Neo.ClientError.Statement.TypeError}. */
    static CypherException mismatch(String caller, String argument, String expected, Object got) {
        return new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + caller + " expects " + expected
                + " for " + argument + " but got " + ApocArguments.described(got));
    }
}
