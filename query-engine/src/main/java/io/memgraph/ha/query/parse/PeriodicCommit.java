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
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code CALL apoc.periodic.commit(statement, params)}, rewritten when parsed into a call that runs
 * the statement again and again, each run a transaction of its own, replicated like any write
 * ({@link Clause.Repeat}):
 * <pre>
 * WITH 0 AS _count, 0 AS _total
 * CALL (_count, _total) { statement } IN TRANSACTIONS, repeated while the statement's count is
 *   at least 1, ON ERROR BREAK, REPORT STATUS AS s
 * RETURN s.updates AS updates, s.executions AS executions, ...
 * </pre>
 * APOC's rules: the statement must contain {@code LIMIT} (each run should do a bounded part of the
 * work); it returns one column, whose values, summed, are a run's count; the runs go on while the
 * count is above 0. {@code params} are its parameters ({@code $limit}), with APOC's
 * {@code $_count} (the count of the run before) and {@code $_total} (the counts so far). A failing
 * run is rolled back and counted, and ends the runs; the query succeeds. The statement and the
 * {@code params} map are written in the query or given as parameters (then the call is rewritten
 * when the query runs, with their values).
 *
 * <p>Memgraph's {@code CALL periodic.delete({batch_size: n, labels: [...], edge_types: [...]})}
 * (MAGE) is rewritten into two such calls with Memgraph's rules: first the relationships are
 * deleted, {@code batch_size} a run, then the nodes, each loop ending with the first run that
 * deletes fewer than {@code batch_size}; a failing run fails the query, the runs before staying
 * committed. Labels (a node needs all of them) narrow both: the relationships of such nodes, then
 * the nodes. Edge types (any of them) narrow the relationships, and alone delete no node. The
 * columns are {@code success}, {@code number_of_executed_batches} (runs of both loops),
 * {@code number_of_deleted_nodes} and {@code number_of_deleted_relationships} (those the second
 * loop's {@code DETACH DELETE} takes with the nodes not counted, as in Memgraph).
 */
final class PeriodicCommit {
    private PeriodicCommit() {
    }

    /** The columns of {@code apoc.periodic.commit}, in APOC's order. */
    static final List<String> COLUMNS = BatchProcedureColumns.names(BatchProcedureColumns.APOC_COMMIT);
    /** The columns of Memgraph's {@code periodic.delete}. */
    static final List<String> MAGE_COLUMNS = BatchProcedureColumns.names(BatchProcedureColumns.MAGE_DELETE);

    /** APOC's test for its safety net: the word {@code limit} between white space, in any case. */
    private static final Pattern LIMIT = Pattern.compile("\\slimit\\s", Pattern.CASE_INSENSITIVE);
    private static final String PREVIOUS = "  _count";
    private static final String TOTAL = "  _total";
    private static final String STATUS = "  periodic_status";
    private static final String RELATIONSHIPS = "  relationships_status";
    private static final String NODES = "  nodes_status";

    /** The variables the runs see, then APOC's columns from the status of the loop. */
    private static final String FRAME = "WITH 0 AS `" + PREVIOUS + "`, 0 AS `" + TOTAL + "` "
            + "RETURN `" + STATUS + "`.updates AS updates, `" + STATUS + "`.executions AS executions,"
            + " `" + STATUS + "`.runtime AS runtime, `" + STATUS + "`.batches AS batches,"
            + " `" + STATUS + "`.failedBatches AS failedBatches, `" + STATUS + "`.batchErrors AS batchErrors,"
            + " `" + STATUS + "`.failedCommits AS failedCommits, `" + STATUS + "`.commitErrors AS commitErrors,"
            + " false AS wasTerminated";

    /** Memgraph's columns from the status of both loops. */
    private static final String MAGE_TAIL = "RETURN true AS success, `" + RELATIONSHIPS + "`.batches + `" + NODES
            + "`.batches AS number_of_executed_batches, `" + NODES + "`.updates AS number_of_deleted_nodes, `"
            + RELATIONSHIPS + "`.updates AS number_of_deleted_relationships";
    /** The same when only relationships are deleted. */
    private static final String MAGE_EDGES_TAIL = "RETURN true AS success, `" + RELATIONSHIPS
            + "`.batches AS number_of_executed_batches, 0 AS number_of_deleted_nodes, `" + RELATIONSHIPS
            + "`.updates AS number_of_deleted_relationships";

    /** {@code CALL apoc.periodic.commit(...)} rewritten. */
    static RewrittenCalls.Rewritten apoc(Clause.CallProcedure cp) {
        Position at = cp.position();
        List<Expression> args = cp.arguments();
        if (args == null || args.isEmpty() || args.size() > 2) {
            throw RewrittenCalls.argument(cp, "takes the statement to run again and again and, optionally, a map"
                    + " of its parameters ({limit: 1000})");
        }
        String statement = RewrittenCalls.text(cp, args.get(0), "statement");
        if (!LIMIT.matcher(statement).find()) {
            throw RewrittenCalls.argument(cp, "needs a statement with LIMIT, so that each run does a part of the"
                    + " work (WITH n LIMIT $limit), as in APOC");
        }
        Map<String, Expression> given = args.size() < 2 ? Map.of()
                : RewrittenCalls.map(cp, args.get(1), "params", "{limit: 1000}");
        // the columns, with the runs' variables as 0 (the statement is analysed on its own)
        Map<String, Expression> probe = new LinkedHashMap<>();
        probe.put("_count", new Expression.Literal(0L, at));
        probe.put("_total", new Expression.Literal(0L, at));
        probe.putAll(given);
        List<String> columns = SemanticAnalyzer.analyze(RewrittenCalls.parse(cp, "statement", statement, probe))
                .columns();
        if (columns.size() != 1) {
            throw RewrittenCalls.argument(cp, "needs a statement that returns one column, its count (RETURN"
                    + " count(*)): the runs end when it is 0" + (columns.isEmpty() ? ""
                    : "; this one returns " + String.join(", ", columns)));
        }
        Map<String, Expression> params = new LinkedHashMap<>();
        params.put("_count", new Expression.Variable(PREVIOUS, at));
        params.put("_total", new Expression.Variable(TOTAL, at));
        params.putAll(given); // as APOC, which puts the params over its own
        Query body = RewrittenCalls.parse(cp, "statement", statement, params);

        List<Clause> frame = CypherParser.parseInner(FRAME, Map.of()).first().clauses();
        Clause.InTransactions runs = new Clause.InTransactions(false, null, null, Clause.OnError.BREAK, STATUS,
                new Clause.Repeat(new Expression.Literal(1L, at), PREVIOUS, TOTAL, cp.name()), at);
        return new RewrittenCalls.Rewritten(List.of(frame.get(0),
                new Clause.CallSubquery(body, List.of(PREVIOUS, TOTAL), false, false, runs, at), frame.get(1)),
                COLUMNS);
    }

    /** Memgraph's {@code CALL periodic.delete(...)} rewritten. */
    static RewrittenCalls.Rewritten mage(Clause.CallProcedure cp) {
        Position at = cp.position();
        List<Expression> args = cp.arguments();
        String example = "{batch_size: 1000, labels: ['Old'], edge_types: ['OLD']}";
        if (args == null || args.size() != 1) {
            throw RewrittenCalls.argument(cp, "takes a map of settings (" + example + ")");
        }
        Map<String, Expression> config = RewrittenCalls.map(cp, args.get(0), "settings", example);
        Expression batch = RewrittenCalls.batchSize(cp, config, "how many relationships or nodes each transaction"
                + " deletes");
        List<String> labels = names(cp, config, "labels", "Old");
        List<String> types = names(cp, config, "edge_types", "OLD");
        String nodes = labels.stream().map(PeriodicCommit::quoted).collect(Collectors.joining(""));
        String edges = types.isEmpty() ? ""
                : ":" + types.stream().map(n -> quoted(n).substring(1)).collect(Collectors.joining("|"));
        // each relationship once: a pattern from a labelled node meets one twice when it is a loop
        String relationships = labels.isEmpty()
                ? "MATCH ()-[r" + edges + "]->() WITH r LIMIT $batch DELETE r RETURN count(r) AS `  deleted`"
                : "MATCH (n" + nodes + ")-[r" + edges + "]-() WITH DISTINCT r LIMIT $batch DELETE r"
                + " RETURN count(r) AS `  deleted`";
        List<Clause> out = new ArrayList<>();
        out.add(loop(cp, "relationship statement", relationships, batch, RELATIONSHIPS));
        boolean deleteNodes = !labels.isEmpty() || types.isEmpty();
        if (deleteNodes) {
            out.add(loop(cp, "node statement", "MATCH (n" + nodes + ") WITH n LIMIT $batch DETACH DELETE n"
                    + " RETURN count(n) AS `  deleted nodes`", batch, NODES));
        }
        out.add(CypherParser.parseInner(deleteNodes ? MAGE_TAIL : MAGE_EDGES_TAIL, Map.of()).first().clauses()
                .get(0));
        return new RewrittenCalls.Rewritten(out, MAGE_COLUMNS);
    }

    /** {@code CALL () { statement }}, run while it deletes {@code batch}, the status in {@code status}. */
    private static Clause loop(Clause.CallProcedure cp, String which, String statement, Expression batch,
                               String status) {
        Position at = cp.position();
        Query body = RewrittenCalls.parse(cp, which, statement, Map.of("batch", batch));
        return new Clause.CallSubquery(body, List.of(), false, false, new Clause.InTransactions(false, null, null,
                Clause.OnError.FAIL, status, new Clause.Repeat(batch, null, null, cp.name()), at), at);
    }

    /**
     * Memgraph's {@code labels} or {@code edge_types}: a list of names or one name, none when
     * left out; names written in the query or given as parameters (bound to their values).
     */
    private static List<String> names(Clause.CallProcedure cp, Map<String, Expression> config, String key,
                                      String example) {
        Expression e = config.get(key);
        if (e == null || e instanceof Expression.Literal l && l.value() == null) {
            return List.of();
        }
        List<Expression> elements = e instanceof Expression.ListLiteral list ? list.elements() : List.of(e);
        List<String> names = new ArrayList<>();
        for (Expression x : elements) {
            if (!(x instanceof Expression.Literal l && l.value() instanceof String name && !name.isEmpty())) {
                throw RewrittenCalls.argument(cp, "takes " + key + " as a list of names, written in the query or"
                        + " given as a parameter ({" + key + ": ['" + example + "']}), not " + RewrittenCalls.shown(x));
            }
            names.add(name);
        }
        return names;
    }

    /** {@code :`name`}, a backtick in the name doubled. */
    private static String quoted(String name) {
        return ":`" + name.replace("`", "``") + "`";
    }
}
