package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.exec.CypherStatements.Outcome;
import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;
import io.memgraph.ha.query.parse.CypherParser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The procedures that run Cypher given as text ({@link CypherStatements}): APOC's
 * {@code apoc.cypher.run}, {@code doIt}, {@code runWrite}, {@code runMany},
 * {@code runManyReadOnly}, {@code apoc.when}, {@code apoc.do.when}, {@code apoc.case} and
 * {@code apoc.do.case}, and Memgraph MAGE's {@code do.when} and {@code do.case}, under their
 * names, arguments and columns. Those of mode READ refuse a statement that writes; those of mode
 * WRITE make their query a write, so that it runs on the leader and its changes are replicated
 * with the transaction's write set, as any write's. Each row of the statement is a row of the
 * procedure: {@code value}, a map of its columns. As APOC does, the conditional ones and
 * {@code apoc.cypher.run}/{@code doIt} bind each parameter to a variable of its name too
 * ({@code {n: node}} gives {@code $n} and {@code n}); {@code runMany} gives parameters only.
 */
final class CypherProcedures {
    private CypherProcedures() {
    }

    private static final String MAP = "MAP";
    private static final List<Field> VALUE = List.of(new Field("value", MAP));
    /** The shell commands of a cypher-shell script that {@code runMany} leaves out, as APOC does. */
    private static final Pattern SHELL_COMMAND = Pattern.compile("^:?\\b(begin|commit|rollback)\\b",
            Pattern.CASE_INSENSITIVE);
    /** The counters whose figures {@code runMany} gives, in APOC's order, each under APOC's name ({@link #apocName}). */
    private static final List<String> STATISTICS = List.of("nodes-created", "nodes-deleted", "labels-added",
            "labels-removed", "relationships-created", "relationships-deleted", "properties-set", "constraints-added",
            "constraints-removed", "indexes-added", "indexes-removed");

    /** APOC's procedures. */
    static void register(Procedures p) {
        for (String name : List.of("apoc.cypher.run", "apoc.cypher.doIt", "apoc.cypher.runWrite")) {
            boolean read = name.equals("apoc.cypher.run");
            p.register(new Procedure(name, List.of(new Field("statement", "STRING"), new Field("params", MAP)), VALUE,
                    read ? Mode.READ : Mode.WRITE, read ? "Runs the read-only statement with the given parameters;"
                    + " a row per row of it." : "Runs the statement, which may write, with the given parameters; a"
                    + " row per row of it.", (ctx, a) -> values(ctx, name, a.get(0), a.get(1), read)));
        }
        for (String name : List.of("apoc.cypher.runMany", "apoc.cypher.runManyReadOnly")) {
            boolean read = name.endsWith("ReadOnly");
            p.register(new Procedure(name, List.of(new Field("statement", "STRING"), new Field("params", MAP),
                    new Field("config", MAP, Map.of())), List.of(new Field("row", "INTEGER"), new Field("result", MAP)),
                    read ? Mode.READ : Mode.WRITE, "Runs each of the statements that semicolons separate, one after"
                    + " the other in this transaction: a row per row of each (numbered from 0), then (unless"
                    + " statistics: false) row -1 with its statistics.", (ctx, a) -> many(ctx, name, a, read)));
        }
        registerWhen(p, "apoc.when", "ifQuery", "elseQuery", Mode.READ);
        registerWhen(p, "apoc.do.when", "ifQuery", "elseQuery", Mode.WRITE);
        registerCase(p, "apoc.case", "elseQuery", Mode.READ);
        registerCase(p, "apoc.do.case", "elseQuery", Mode.WRITE);
    }

    /** Memgraph MAGE's {@code do} module. */
    static void registerMage(Procedures p) {
        registerWhen(p, "do.when", "if_query", "else_query", Mode.WRITE);
        registerCase(p, "do.case", "else_query", Mode.WRITE);
    }

    private static void registerWhen(Procedures p, String name, String ifQuery, String elseQuery, Mode mode) {
        p.register(new Procedure(name, List.of(new Field("condition", "BOOLEAN"), new Field(ifQuery, "STRING"),
                new Field(elseQuery, "STRING", ""), new Field("params", MAP, Map.of())), VALUE, mode,
                "Runs " + ifQuery + " when the condition is true, else " + elseQuery + " (null counts as false)"
                        + (mode == Mode.READ ? "; both read-only." : "; either may write."), (ctx, a) -> {
                    Object query = condition(name, "condition", a.get(0)) ? a.get(1) : a.get(2);
                    return branch(ctx, name, query, a.get(3), mode == Mode.READ);
                }));
    }

    private static void registerCase(Procedures p, String name, String elseQuery, Mode mode) {
        p.register(new Procedure(name, List.of(new Field("conditionals", "LIST<ANY>"),
                new Field(elseQuery, "STRING", ""), new Field("params", MAP, Map.of())), VALUE, mode,
                "Runs the query that follows the first true condition of the list [condition, query, ...], else "
                        + elseQuery + (mode == Mode.READ ? "; all read-only." : "; any may write."), (ctx, a) -> {
                    if (!(a.get(0) instanceof List<?> conditionals) || conditionals.size() % 2 != 0) {
                        throw InnerQueries.failed(name, "the conditionals must be a list of an even number of"
                                + " entries: condition, query, condition, query, ...");
                    }
                    Object query = a.get(1);
                    for (int i = 0; i < conditionals.size(); i += 2) {
                        if (condition(name, "the condition at index " + i, conditionals.get(i))) {
                            query = conditionals.get(i + 1);
                            break;
                        }
                    }
                    return branch(ctx, name, query, a.get(2), mode == Mode.READ);
                }));
    }

    /** A condition: true or false, null counting as false. */
    private static boolean condition(String caller, String which, Object v) {
        if (v == null || v instanceof Boolean) {
            return Boolean.TRUE.equals(v);
        }
        throw CypherStatements.mismatch(caller, which, "a BOOLEAN", v);
    }

    /** The rows of the branch taken; an empty (or null) query gives one row, an empty map, as APOC's. */
    private static List<Object[]> branch(ExecContext ctx, String caller, Object query, Object params,
                                         boolean readOnly) {
        if (query == null || query instanceof String s && s.isBlank()) {
            List<Object[]> rows = new ArrayList<>(1);
            rows.add(new Object[] {Map.of()});
            return rows;
        }
        return values(ctx, caller, query, params, readOnly);
    }

    private static List<Object[]> values(ExecContext ctx, String caller, Object statement, Object params,
                                         boolean readOnly) {
        Outcome outcome = CypherStatements.run(ctx, caller, statement, params, readOnly, true, -1);
        List<Object[]> rows = new ArrayList<>(outcome.rows().size());
        for (Map<String, Object> row : outcome.rows()) {
            rows.add(new Object[] {row});
        }
        return rows;
    }

    private static List<Object[]> many(ExecContext ctx, String caller, List<Object> a, boolean readOnly) {
        if (!(a.get(0) instanceof String text)) {
            throw CypherStatements.mismatch(caller, "the statements", "a STRING", a.get(0));
        }
        Map<String, Object> config = CypherStatements.parameters(caller, a.get(2));
        boolean statistics = !Boolean.FALSE.equals(config.get("statistics"));
        List<Object[]> rows = new ArrayList<>();
        for (String statement : CypherParser.splitStatements(text)) {
            statement = withoutShellCommands(statement);
            if (statement.isEmpty()) {
                continue;
            }
            long began = System.currentTimeMillis();
            Outcome outcome = CypherStatements.run(ctx, caller, statement, a.get(1), readOnly, false, -1);
            long row = 0;
            for (Map<String, Object> r : outcome.rows()) {
                rows.add(new Object[] {row++, r});
            }
            if (statistics) {
                Map<String, Object> stats = new LinkedHashMap<>();
                stats.put("rows", row);
                stats.put("time", System.currentTimeMillis() - began);
                for (String counter : STATISTICS) {
                    stats.put(apocName(counter), outcome.counters().getOrDefault(counter, 0L));
                }
                rows.add(new Object[] {-1L, stats});
            }
        }
        return rows;
    }

    /** The statement without the {@code :begin}, {@code :commit} and {@code :rollback} of a script before it. */
    private static String withoutShellCommands(String statement) {
        String s = statement.strip();
        for (Matcher m = SHELL_COMMAND.matcher(s); m.find(); m = SHELL_COMMAND.matcher(s)) {
            s = s.substring(m.end()).strip();
        }
        return s;
    }

    /** A counter's name as APOC's statistics have it: {@code nodes-created} is {@code nodesCreated}. */
    private static String apocName(String counter) {
        int dash = counter.indexOf('-');
        return counter.substring(0, dash) + Character.toUpperCase(counter.charAt(dash + 1))
                + counter.substring(dash + 2);
    }
}
