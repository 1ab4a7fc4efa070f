package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.ast.BatchProcedureColumns;
import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.ast.Query;
import io.memgraph.ha.query.semantic.SemanticAnalyzer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code CALL apoc.periodic.iterate(iterateQuery, actionQuery, config)}, rewritten when parsed into
 * the batches Cypher itself has:
 * <pre>
 * CALL () { iterateQuery }
 * CALL (c1, c2) { CALL (c1, c2) { actionQuery } FINISH } IN TRANSACTIONS OF batchSize ROWS
 *   ON ERROR CONTINUE REPORT STATUS AS status
 * WITH count(*) ..., the counts of committed and failed rows and batches ...
 * RETURN batches, total, ...
 * </pre>
 * So each batch is a transaction of its own, replicated like any write; a failed batch is rolled
 * back and counted, and the next one runs, as in APOC. The action sees the iterated columns as
 * variables (APOC's default batch mode) and as parameters ({@code $c1}, its single mode); the
 * {@code params} setting gives the parameters of both queries. The two queries are strings
 * written in the query, rewritten when it is parsed, or parameters, rewritten when it runs with
 * their values ({@code RewrittenCalls.boundArguments}); the call must be the first clause of its
 * query. {@code parallel} and {@code concurrency} are accepted and the batches run
 * one after another; {@code retries} above 0 is refused (failed batches are not retried).
 * {@code timeTaken} and {@code updateStatistics} are null: the query's summary has its time and
 * its counters.
 *
 * <p>Memgraph's {@code CALL periodic.iterate(inputQuery, runningQuery, {batch_size: n})} (MAGE)
 * is rewritten the same way, with Memgraph's rules: {@code batch_size} is required, a failing
 * batch fails the query (the batches before it stay committed), and the columns are
 * {@code success} and {@code number_of_executed_batches}.
 */
final class PeriodicIterate {
    private PeriodicIterate() {
    }

    /** The procedure's columns, in APOC's order. */
    static final List<String> COLUMNS = BatchProcedureColumns.names(BatchProcedureColumns.APOC_ITERATE);
    /** The columns of Memgraph's {@code periodic.iterate}. */
    static final List<String> MAGE_COLUMNS = BatchProcedureColumns.names(BatchProcedureColumns.MAGE_ITERATE);

    /** Whose procedure a call names. */
    private enum Flavour { APOC, MAGE }

    private static final String STATUS = "  apoc_periodic_status";
    private static final long DEFAULT_BATCH_SIZE = 10_000;

    /** What the counts become: APOC's columns from the status of every iterated row. */
    private static final String TAIL = "UNWIND [] AS `" + STATUS + "` "
            + "WITH count(*) AS `  total`, count(DISTINCT `" + STATUS + "`.transactionId) AS `  batches`,"
            + " sum(CASE WHEN `" + STATUS + "`.committed THEN 1 ELSE 0 END) AS `  committed`,"
            + " collect(DISTINCT CASE WHEN NOT `" + STATUS + "`.committed THEN [`" + STATUS + "`.transactionId,"
            + " coalesce(`" + STATUS + "`.errorMessage, 'unknown error')] END) AS `  failures` "
            + "WITH `  total`, `  batches`, `  committed`, size(`  failures`) AS `  failedBatches`,"
            + " reduce(m = {}, f IN `  failures` | apoc.map.setKey(m, f[1], coalesce(m[f[1]], 0) + 1)) AS `  errors` "
            + "RETURN `  batches` AS batches, `  total` AS total, null AS timeTaken,"
            + " `  committed` AS committedOperations, `  total` - `  committed` AS failedOperations,"
            + " `  failedBatches` AS failedBatches, 0 AS retries, `  errors` AS errorMessages,"
            + " {total: `  batches`, committed: `  batches` - `  failedBatches`, failed: `  failedBatches`,"
            + " errors: `  errors`} AS batch,"
            + " {total: `  total`, committed: `  committed`, failed: `  total` - `  committed`,"
            + " errors: `  errors`} AS operations,"
            + " false AS wasTerminated, {} AS failedParams, null AS updateStatistics";

    /** Memgraph's columns: every batch committed (a failed one failed the query), and how many ran. */
    private static final String MAGE_TAIL = "UNWIND [] AS `" + STATUS + "` WITH count(*) AS `  total` "
            + "RETURN true AS success, (`  total` + $batchSize - 1) / $batchSize AS number_of_executed_batches";

    /** {@code CALL apoc.periodic.iterate(...)} rewritten. */
    static RewrittenCalls.Rewritten apoc(Clause.CallProcedure cp) {
        return rewrite(cp, Flavour.APOC);
    }

    /** Memgraph's {@code CALL periodic.iterate(...)} rewritten. */
    static RewrittenCalls.Rewritten mage(Clause.CallProcedure cp) {
        return rewrite(cp, Flavour.MAGE);
    }

    private static RewrittenCalls.Rewritten rewrite(Clause.CallProcedure cp, Flavour flavour) {
        Position at = cp.position();
        List<Expression> args = cp.arguments();
        if (flavour == Flavour.MAGE && (args == null || args.size() != 3)) {
            throw RewrittenCalls.argument(cp, "takes the query that gives the rows, the query to run for each batch"
                    + " of them and a map of settings ({batch_size: 1000})");
        }
        if (args == null || args.size() < 2 || args.size() > 3) {
            throw RewrittenCalls.argument(cp, "takes the query that gives the rows, the query to run for each row"
                    + " and, optionally, a map of settings");
        }
        String iterate = RewrittenCalls.text(cp, args.get(0), "first query");
        String action = RewrittenCalls.text(cp, args.get(1), "second query");
        Map<String, Expression> config = args.size() < 3 ? Map.of()
                : RewrittenCalls.map(cp, args.get(2), "settings", flavour == Flavour.APOC ? "{batchSize: 1000}"
                : "{batch_size: 1000}");
        Map<String, Expression> params = new LinkedHashMap<>();
        Expression given = flavour == Flavour.APOC ? config.get("params") : null;
        if (given instanceof Expression.MapLiteral m) {
            m.entries().forEach(e -> params.put(e.key(), e.value()));
        } else if (given != null && !(given instanceof Expression.Literal l && l.value() == null)) {
            throw RewrittenCalls.argument(cp, "takes its params setting as a map, written in the query or given as a"
                    + " parameter, not " + RewrittenCalls.shown(given));
        }
        Expression retries = flavour == Flavour.APOC ? config.get("retries") : null;
        if (retries != null && !(retries instanceof Expression.Literal l && (l.value() == null || l.value()
                .equals(0L)))) {
            throw RewrittenCalls.argument(cp, "does not retry failed batches here: leave retries out (failed"
                    + " batches are counted in failedBatches and errorMessages)");
        }
        Expression batchSize = flavour == Flavour.APOC
                ? config.getOrDefault("batchSize", config.get("batch_size"))
                : RewrittenCalls.batchSize(cp, config, "how many rows each transaction runs");
        if (batchSize == null) {
            batchSize = new Expression.Literal(DEFAULT_BATCH_SIZE, at);
        }

        Query rows = RewrittenCalls.parse(cp, "first query", iterate, params);
        List<String> columns = SemanticAnalyzer.analyze(rows).columns();
        if (columns.isEmpty()) {
            throw RewrittenCalls.argument(cp, "needs a first query that returns the rows to iterate over");
        }
        Map<String, Expression> actionParams = new LinkedHashMap<>(params);
        for (String c : columns) {
            actionParams.put(c, new Expression.Variable(c, at));
        }
        Query perRow = RewrittenCalls.parse(cp, "second query", action, actionParams);

        List<Clause> out = new ArrayList<>();
        out.add(new Clause.CallSubquery(rows, List.of(), false, false, null, at));
        Query body = new Query(new Query.SingleQuery(List.of(
                new Clause.CallSubquery(perRow, columns, false, false, null, at), new Clause.Finish(at)), at),
                List.of());
        Clause.InTransactions batches = flavour == Flavour.APOC
                ? new Clause.InTransactions(false, null, batchSize, Clause.OnError.CONTINUE, STATUS, at)
                : new Clause.InTransactions(false, null, batchSize, Clause.OnError.FAIL, null, at);
        out.add(new Clause.CallSubquery(body, columns, false, false, batches, at));
        List<Clause> tail = flavour == Flavour.APOC ? Tail.CLAUSES
                : CypherParser.parseInner(MAGE_TAIL, Map.of("batchSize", batchSize)).first().clauses();
        out.addAll(tail.subList(1, tail.size()));
        return new RewrittenCalls.Rewritten(out, flavour == Flavour.APOC ? COLUMNS : MAGE_COLUMNS);
    }

    /** {@link #TAIL} parsed once, when the first call is rewritten. */
    private static final class Tail {
        static final List<Clause> CLAUSES = ((Query) CypherParser.parse(TAIL)).first().clauses();
    }
}
