package io.memgraph.ha.query;

import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.MemgraphCommand;
import io.memgraph.ha.query.ast.Query;
import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.csv.CsvFiles;
import io.memgraph.ha.query.dump.DatabaseDump;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.ExpressionEvaluator;
import io.memgraph.ha.query.exec.ExecContext;
import io.memgraph.ha.query.exec.Operator;
import io.memgraph.ha.query.exec.Procedures;
import io.memgraph.ha.query.exec.QueryExecution;
import io.memgraph.ha.query.exec.RowsExecution;
import io.memgraph.ha.query.exec.SearchIndexes;
import io.memgraph.ha.query.exec.StatusException;
import io.memgraph.ha.query.exec.TransactionGraph;
import io.memgraph.ha.query.notice.Notification;
import io.memgraph.ha.query.notice.Notifications;
import io.memgraph.ha.query.parse.CypherParser;
import io.memgraph.ha.query.plan.QueryPlan;
import io.memgraph.ha.query.plan.Planner;
import io.memgraph.ha.query.semantic.AnalyzedStatement;
import io.memgraph.ha.query.semantic.SemanticAnalyzer;
import io.memgraph.ha.query.show.Databases;
import io.memgraph.ha.query.show.Servers;
import io.memgraph.ha.query.show.ShowExecution;
import io.memgraph.ha.query.show.ShowTables;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import io.memgraph.ha.storage.auth.PasswordKdf;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The query engine's entry point: parses (cached), analyses, plans (cached) and starts a Cypher
 * statement in a storage transaction the caller owns. Thread-safe: one engine serves all
 * sessions; each {@link Execution} belongs to its session's thread.
 *
 * <p>The plan cache is keyed by the query text; parameters never enter a plan (operators hold
 * expressions, evaluated per execution), and a plan is rebuilt when the indexes it was planned
 * with have changed. The one exception: a batch procedure that takes its queries or settings from
 * parameters ({@code CALL apoc.periodic.iterate($outer, $inner, {...})}) is rewritten with their
 * values when the query runs ({@link CypherParser.Binding}), and that plan is cached under the
 * text and the values the rewrite read ({@link BoundKey}).
 */
public final class QueryEngine {
    private static final int CACHE_LIMIT = 2048;

    private final Storage storage;
    private final String serverId;
    private final Procedures procedures;
    private final PasswordKdf passwordKdf;
    private final CsvFiles csvFiles;
    private final Databases.Hosts databaseHosts;
    /** Prepared statements by query text, or by {@link BoundKey}. */
    private final Map<Object, Prepared> cache = new ConcurrentHashMap<>();

    /** The key of a statement rewritten with the values of its parameters: its text and what the rewrite read. */
    private record BoundKey(String query, Object binding) {}

    /** A prepared statement: analysis, and for queries the plan with the schema it assumed. */
    /** Whether a single query of {@code q} has a {@code CALL { } IN TRANSACTIONS} (only allowed at the top). */
    private static boolean inTransactions(Query q) {
        for (Query.SingleQuery single : q.parts()) {
            for (Clause c : single.clauses()) {
                if (c instanceof Clause.CallSubquery cs && cs.inTransactions() != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private record Prepared(AnalyzedStatement analyzed, QueryPlan plan, List<SchemaItem> schema) {}

    /** An engine over {@code storage} (used for SHOW STORAGE INFO). */
    public QueryEngine(Storage storage) {
        this(storage, "1");
    }

    /** An engine over {@code storage} on the server with {@code serverId} (shown by SHOW STORAGE INFO). */
    public QueryEngine(Storage storage, String serverId) {
        this(storage, serverId, Procedures.builtIn(Procedures.PRODUCT, "dev", serverId));
    }

    /** An engine whose {@code CALL} runs the procedures of {@code procedures}. */
    public QueryEngine(Storage storage, String serverId, Procedures procedures) {
        this(storage, serverId, procedures, new PasswordKdf());
    }

    /**
     * An engine whose {@code CREATE USER} and {@code ALTER USER} derive credentials with
     * {@code passwordKdf} (tests use a cheaper iteration count than the default).
     */
    public QueryEngine(Storage storage, String serverId, Procedures procedures, PasswordKdf passwordKdf) {
        this(storage, serverId, procedures, passwordKdf, CsvFiles.NONE);
    }

    /** An engine whose {@code LOAD CSV} reads the files {@code csvFiles} allows, and no others. */
    public QueryEngine(Storage storage, String serverId, Procedures procedures, CsvFiles csvFiles) {
        this(storage, serverId, procedures, new PasswordKdf(), csvFiles);
    }

    /** An engine of a server on its own ({@code SHOW DATABASES} lists this server alone). */
    public QueryEngine(Storage storage, String serverId, Procedures procedures, PasswordKdf passwordKdf,
                       CsvFiles csvFiles) {
        this(storage, serverId, procedures, passwordKdf, csvFiles, Databases.standalone(serverId));
    }

    /** The full form of the constructors above: {@code SHOW DATABASES} lists the servers {@code databaseHosts} gives. */
    public QueryEngine(Storage storage, String serverId, Procedures procedures, PasswordKdf passwordKdf,
                       CsvFiles csvFiles, Databases.Hosts databaseHosts) {
        this.databaseHosts = databaseHosts;
        this.storage = storage;
        this.serverId = serverId;
        this.procedures = procedures;
        this.passwordKdf = passwordKdf;
        this.csvFiles = csvFiles;
        storage.deriveIndexes(new SearchIndexes());
    }

    /** The procedures {@code CALL} can run; more may be registered. */
    public Procedures procedures() {
        return procedures;
    }

    /**
     * Parses (cached), analyses, plans and starts executing {@code query} inside {@code tx}. Rows
     * stream lazily through {@link Execution#pull}.
     *
     * @throws CypherException for syntax, semantic and parameter errors (and errors of eager
     *                         statements such as PROFILE or schema commands)
     */
    public Execution execute(Transaction tx, String query, Map<String, Object> parameters, QueryControl control)
            throws CypherException {
        return execute(tx, query, parameters, control, null);
    }

    /**
     * As {@link #execute(Transaction, String, Map, QueryControl)}, in an auto-commit transaction
     * whose owner gives {@code batches} ({@code null}: an explicit transaction) for
     * {@code CALL { ... } IN TRANSACTIONS}. Such a query commits each batch through it and goes on
     * in the transaction it returned last: that one is what the caller commits (or rolls back) at
     * the end, and what the execution's rows are read in.
     */
    public Execution execute(Transaction tx, String query, Map<String, Object> parameters, QueryControl control,
                             TransactionBatches batches) throws CypherException {
        Map<String, Object> params = parameters == null ? Map.of() : parameters;
        Prepared prepared = prepare(query, tx, params);
        if (batches == null && prepared.analyzed().statement() instanceof Query q && inTransactions(q)) {
            throw new StatusException(CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                    "Neo.DatabaseError.Transaction.TransactionStartFailed", "A query with 'CALL { ... } IN"
                    + " TRANSACTIONS' can only be executed in an implicit transaction, but tried to execute in an"
                    + " explicit transaction.");
        }
        if (!(prepared.analyzed().statement() instanceof Statement.Explain)) {
            checkParameters(prepared.analyzed(), params); // a plan never needs parameter values
            params = implicitArguments(prepared.analyzed().statement(), params);
        }
        Map<String, Object> normalized = normalized(params);
        TransactionGraph graph = new TransactionGraph(tx, control,
                prepared.plan() == null ? io.memgraph.ha.query.exec.PatternScopes.NONE : prepared.plan().scopes());
        Clock clock = Clock.fixed(Instant.now(), ZoneId.systemDefault());
        ExpressionEvaluator evaluator = new ExpressionEvaluator(normalized, graph, clock);
        Statement st = prepared.analyzed().statement();
        control.check();
        if (st instanceof Query) {
            return new QueryExecution(prepared.plan(),
                    new ExecContext(tx, graph, evaluator, control, false).inTransactions(batches)
                            .withCsvFiles(csvFiles).withInnerQueries(this::inner),
                    notifications(prepared.plan(), tx));
        }
        if (st instanceof Statement.DumpDatabase) {
            // streams like a query: one statement per pull, in this transaction's snapshot
            return new QueryExecution(DatabaseDump.plan(prepared.analyzed().columns().get(0)),
                    new ExecContext(tx, graph, evaluator, control, false));
        }
        if (st instanceof MemgraphCommand command) {
            return MemgraphCommands.run(command, procedures, graph);
        }
        if (st instanceof Statement.Explain) {
            List<Object[]> rows = new ArrayList<>();
            PlanPrinter.explain(prepared.plan(), line -> rows.add(new Object[] {line}));
            return new RowsExecution(List.of("QUERY PLAN"), rows, QueryType.READ_ONLY, Map.of(), graph,
                    notifications(prepared.plan(), tx));
        }
        if (st instanceof Statement.Profile) {
            ExecContext ctx = new ExecContext(tx, graph, evaluator, control, true).withCsvFiles(csvFiles)
                    .withInnerQueries(this::inner);
            long t0 = System.nanoTime();
            QueryExecution ex = new QueryExecution(prepared.plan(), ctx);
            ex.drain();
            long total = System.nanoTime() - t0;
            List<Object[]> rows = PlanPrinter.profile(prepared.plan(), ctx, total);
            return new RowsExecution(prepared.analyzed().columns(), rows, prepared.plan().type(),
                    new LinkedHashMap<>(ex.stats()), graph, notifications(prepared.plan(), tx));
        }
        if (st instanceof Statement.ShowTransactions || st instanceof Statement.TerminateTransactions) {
            // The transactions are the sessions': whoever runs queries answers these (TransactionCommand).
            throw new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Neo.ClientError.Statement.SemanticError",
                    "SHOW TRANSACTIONS and TERMINATE TRANSACTIONS are answered by the server that runs the sessions;"
                            + " send them as the whole query text, with no comment before them");
        }
        if (st instanceof Statement.Listing listing) {
            return ShowExecution.start(listing, table(listing, tx, normalized, control.user()),
                    prepared.analyzed().columns(), tx, normalized, control, procedures);
        }
        if (UserStatements.handles(st)) {
            return UserStatements.run(st, tx, normalized, passwordKdf, control.user(), prepared.analyzed().columns(),
                    graph);
        }
        return SchemaStatements.run(st, query, tx, storage, serverId, prepared.analyzed().columns(),
                new ExecContext(tx, graph, evaluator, control, false));
    }

    /**
     * What an execution of {@code plan} reports: the plan's notifications (shared, cached with it)
     * and those of the names the database has never had (a name-table lookup per name the plan's
     * MATCH clauses use); the shared empty list when there are none.
     */
    private static List<Notification> notifications(QueryPlan plan, Transaction tx) {
        return Notifications.concat(plan.notifications(), plan.names().check(tx));
    }

    /**
     * The full table of a SHOW command the engine answers, every column of its
     * {@link io.memgraph.ha.query.show.ShowColumns}.
     *
     * @param user the session's user, {@code ""} when logins are not checked (SHOW CURRENT USER)
     */
    private List<Object[]> table(Statement.Listing listing, Transaction tx, Map<String, Object> parameters,
                                 String user) {
        if (listing instanceof Statement.ShowDatabases databases) {
            return Databases.table(databases, parameters, databaseHosts.hosts());
        } else if (listing instanceof Statement.ShowServers) {
            return Servers.table(databaseHosts.hosts());
        } else if (listing instanceof Statement.ShowUsers users) {
            // as in Neo4j, no current user while logins are not checked
            return ShowTables.users(!users.current() ? tx.users()
                    : !user.isEmpty() && tx.userExists(user) ? List.of(user) : List.of());
        } else if (listing instanceof Statement.ShowSettings settings) {
            return ShowTables.settings(procedures.settings(),
                    TransactionCommand.resolve(settings.names(), parameters, "setting names"));
        } else if (listing instanceof Statement.ShowAliases aliases) {
            Databases.named(aliases.name(), aliases.parameter(), parameters, "the alias name"); // a string
        }
        return ShowTables.of(listing, tx.schemaDefinitions(), procedures);
    }

    /**
     * The result of a {@code SHOW TRANSACTIONS} or {@code TERMINATE TRANSACTIONS} that the caller
     * carried out (the transactions are its sessions'): {@code table} has one row per transaction
     * (or id), with every column of {@link io.memgraph.ha.query.show.ShowColumns#TRANSACTIONS} (or
     * {@code TERMINATE}) in order, in the engine's value model; the command's YIELD, WHERE and
     * RETURN shape it as for every SHOW command.
     *
     * @param tx a transaction the command's WHERE or RETURN may read; the caller closes it after the result
     * @param parameters the query's parameters (those its tail uses were checked by {@link TransactionCommand#of})
     */
    public Execution answer(TransactionCommand command, List<Object[]> table, Transaction tx,
                            Map<String, Object> parameters, QueryControl control) {
        return ShowExecution.start(command.statement(), table, command.columns(), tx,
                normalized(parameters), control, procedures);
    }

    /** The parameters in the engine's value model. */
    private static Map<String, Object> normalized(Map<String, Object> parameters) {
        Map<String, Object> normalized = new HashMap<>();
        parameters.forEach((k, v) -> normalized.put(k, CypherValues.normalize(v)));
        return normalized;
    }

    /**
     * Whether {@code query} creates, alters or drops a user (such statements run only as auto-commit
     * transactions). False for a query that does not parse: running it reports the syntax error.
     * The analysis of other statements is cached for the {@link #execute} that follows, so a query
     * in an explicit transaction is parsed once.
     */
    public boolean changesUsers(String query) {
        Prepared p = analyzed(query);
        return p != null && Statement.changesUsers(p.analyzed().statement());
    }

    /**
     * The cached analysis of {@code query}, or a new one, cached unless the statement changes users
     * (a query is planned by the {@link #execute} that follows: its plan is null); null when it does not parse.
     */
    private Prepared analyzed(String query) {
        Prepared p = cache.get(query);
        if (p == null) {
            try {
                p = new Prepared(analysis(CypherParser.parse(query)), null, null);
            } catch (CypherException e) {
                return null;
            }
            if (!Statement.changesUsers(p.analyzed().statement())) {
                remember(query, p);
            }
        }
        return p;
    }

    /**
     * Whether {@code query} tells about the server and not the graph: {@code SHOW DATABASES} in its
     * forms, {@code SHOW SERVERS}, {@code SHOW ALIASES}, {@code SHOW SETTINGS}, Memgraph's
     * {@code SHOW CONFIG}, {@code SHOW CURRENT USER}, or a query that calls procedures of mode DBMS
     * ({@code dbms.components()}, {@code dbms.clientConfig()}, {@code dbms.queryJmx()}, ...) and
     * reads nothing of the graph:
     * {@code CALL} of one with or without YIELD, or among {@code UNWIND}, {@code WITH} and
     * {@code RETURN} clauses without subqueries or patterns (cypher-shell's {@code :sysinfo} asks
     * {@code UNWIND $metrics AS metric CALL dbms.queryJmx(metric.name) ...}). Its answer needs no
     * leader and no snapshot of the graph, so a server may run it anywhere, in a transaction of its
     * own. False for a query that does not parse (running it reports the syntax error); the
     * analysis is cached for the {@link #execute} that follows.
     */
    public boolean aboutServer(String query) {
        Prepared p = analyzed(query);
        if (p == null) {
            return false;
        }
        Statement st = p.analyzed().statement();
        if (st instanceof Statement.ShowDatabases || st instanceof Statement.ShowServers
                || st instanceof Statement.ShowAliases || st instanceof Statement.ShowSettings
                || st instanceof MemgraphCommand.ShowConfig
                || st instanceof Statement.ShowUsers users && users.current()) {
            return true;
        }
        if (!(st instanceof Query q) || q.parts().size() != 1) {
            return false;
        }
        boolean calls = false;
        for (Clause c : q.first().clauses()) {
            if (c instanceof Clause.CallProcedure call) {
                List<Expression> expressions = new ArrayList<>(call.arguments() == null ? List.of() : call.arguments());
                expressions.add(call.where());
                if (!procedures.find(call.name()).map(pr -> pr.mode() == Procedures.Mode.DBMS).orElse(false)
                        || !Planner.graphFree(expressions)) {
                    return false;
                }
                calls = true;
            } else if (!(c instanceof Clause.Unwind || c instanceof Clause.With || c instanceof Clause.Return)
                    || !Planner.graphFree(Planner.expressionsOf(c))) {
                return false;
            }
        }
        return calls;
    }


    /**
     * What {@code query} runs as, planned for the schema of {@code tx}; a call that waits for
     * {@code parameters} rewritten with their values ({@link CypherParser.Binding}).
     */
    private Prepared prepare(String query, Transaction tx, Map<String, Object> parameters) {
        Prepared p = cache.get(query);
        if (p == null) {
            p = new Prepared(analysis(CypherParser.parse(query)), null, null);
        }
        if (CypherParser.waitsForParameters(p.analyzed().statement())) {
            remember(query, p); // its analysis; each rewrite is planned and cached under its own key
            CypherParser.Binding binding = CypherParser.binding(p.analyzed().statement(), normalized(parameters));
            BoundKey key = new BoundKey(query, binding.key());
            Prepared bound = cache.get(key);
            if (bound == null) {
                bound = new Prepared(SemanticAnalyzer.analyze(binding.rewritten()), null, null);
            }
            return planned(key, bound, tx);
        }
        return planned(query, p, tx);
    }

    /**
     * The analysis of a parsed statement. One whose batch call waits for parameters is analysed
     * when rewritten with them ({@link #prepare}): until then it stands for itself, with no
     * parameters and no columns (the call's YIELD and WHERE are the rewrite's to check).
     */
    private static AnalyzedStatement analysis(Statement st) {
        return CypherParser.waitsForParameters(st) ? new AnalyzedStatement(st, Set.of(), List.of())
                : SemanticAnalyzer.analyze(st);
    }

    /**
     * {@code p} with a plan for the schema of {@code tx} (the one it has when that schema has not
     * changed), cached under {@code key}.
     */
    private Prepared planned(Object key, Prepared p, Transaction tx) {
        Query q = queryOf(p.analyzed().statement());
        if (q != null) {
            List<SchemaItem> schema = tx.schema();
            if (p.plan() == null || !schema.equals(p.schema())) {
                List<String> columns = p.analyzed().statement() instanceof Query ? p.analyzed().columns()
                        : SemanticAnalyzer.analyze(q).columns();
                columns = standaloneCallColumns(q, columns);
                p = new Prepared(p.analyzed(), Planner.plan(q, columns, tx, procedures)
                        .withNotifications(p.analyzed().notifications()), schema);
                remember(key, p);
            }
        } else if (!Statement.changesUsers(p.analyzed().statement())) {
            remember(key, p); // not user changes: their text holds a password, kept nowhere
        }
        return p;
    }

    /** A transaction command at the start of a statement, with cypher-shell's colon or without. */
    private static final java.util.regex.Pattern TRANSACTION_COMMAND = java.util.regex.Pattern.compile(
            "(?is)\\s*:?(begin|commit|rollback)\\b.*");

    /**
     * {@link io.memgraph.ha.query.exec.InnerQueries}: the plan of a statement that {@code caller}
     * (apoc.cypher.run and its kin) runs inside its query, parsed and planned through the caches.
     * Only a query can run so: transaction commands, schema and administration commands, EXPLAIN
     * and PROFILE, and what commits in batches are refused, naming what is not allowed.
     */
    private QueryPlan inner(String caller, String statement, Map<String, Object> parameters, boolean asVariables,
                            Transaction tx) {
        if (TRANSACTION_COMMAND.matcher(statement).matches()) {
            throw refused(caller, "a transaction command (BEGIN, COMMIT, ROLLBACK): it runs inside its caller's"
                    + " transaction, which commits or rolls back as a whole");
        }
        Prepared cached = cache.get(statement);
        Statement st = cached != null ? cached.analyzed().statement() : CypherParser.parse(statement);
        if (st instanceof Statement.CreateIndex || st instanceof Statement.CreateVectorIndex
                || st instanceof Statement.CreateFulltextIndex
                || st instanceof Statement.DropIndex || st instanceof Statement.CreateConstraint || st instanceof Statement.DropConstraint) {
            throw refused(caller, "a schema command (CREATE or DROP of an index or a constraint)");
        }
        if (st instanceof Statement.Explain || st instanceof Statement.Profile) {
            throw refused(caller, "EXPLAIN or PROFILE");
        }
        if (!(st instanceof Query q)) {
            throw refused(caller, "an administration command (SHOW ..., user management, DUMP DATABASE,"
                    + " Memgraph's commands)");
        }
        if (inTransactions(q) || CypherParser.waitsForParameters(q)) {
            throw refused(caller, "a statement that commits in batches (CALL { } IN TRANSACTIONS, USING PERIODIC"
                    + " COMMIT, apoc.periodic.iterate, apoc.periodic.commit, periodic.iterate, periodic.delete):"
                    + " it runs inside its caller's transaction");
        }
        String text = statement;
        if (asVariables && !parameters.isEmpty()) {
            StringBuilder with = new StringBuilder("WITH ");
            for (String name : parameters.keySet()) {
                String quoted = "`" + name.replace("`", "``") + "`";
                with.append(with.length() == 5 ? "" : ", ").append('$').append(quoted).append(" AS ").append(quoted);
            }
            text = with.append(' ').append(statement).toString();
        }
        Prepared p = prepare(text, tx, Map.of());
        requireParameters(p.analyzed().parameters(), parameters, " (the params of " + caller + ")");
        return p.plan();
    }

    private static StatusException refused(String caller, String what) {
        return io.memgraph.ha.query.exec.InnerQueries.failed(caller, "it runs queries only, and this statement is "
                + what);
    }

    /** Caches what was prepared for {@code query} (a text or a {@link BoundKey}), within {@link #CACHE_LIMIT}. */
    private void remember(Object query, Prepared p) {
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear(); // crude but bounded; a workload rarely has this many distinct texts
        }
        cache.put(query, p);
    }

    /** The CALL clause of a query that is nothing but that clause (a standalone procedure call), or null. */
    private static Clause.CallProcedure standaloneCall(Statement st) {
        return st instanceof Query q && q.parts().size() == 1 && q.first().clauses().size() == 1
                && q.first().clauses().get(0) instanceof Clause.CallProcedure cp ? cp : null;
    }

    /**
     * A standalone {@code CALL name} without parentheses takes its arguments from parameters of their
     * names: those of its required inputs must be given; an optional input's default stands in for
     * a parameter not given. Returns the parameters to run with.
     */
    private Map<String, Object> implicitArguments(Statement st, Map<String, Object> params) {
        Clause.CallProcedure cp = standaloneCall(st);
        if (cp == null || cp.arguments() != null) {
            return params;
        }
        List<Procedures.Field> inputs = procedures.require(cp.name()).inputs();
        requireParameters(inputs.stream().filter(f -> !f.optional()).map(Procedures.Field::name).toList(),
                params, " (the arguments of " + cp.name() + ", called without parentheses)");
        Map<String, Object> completed = params;
        for (Procedures.Field f : inputs) {
            if (f.optional() && !params.containsKey(f.name())) {
                completed = completed == params ? new HashMap<>(params) : completed;
                completed.put(f.name(), f.defaultValue());
            }
        }
        return completed;
    }

    /** A query of one CALL without YIELD returns every output of the procedure. */
    private List<String> standaloneCallColumns(Query q, List<String> columns) {
        Clause.CallProcedure cp = standaloneCall(q);
        if (cp == null) {
            return columns;
        }
        if (cp.yields().isEmpty()) { // no YIELD, or YIELD *
            return procedures.require(cp.name()).outputs().stream().map(Procedures.Field::name).toList();
        }
        return cp.yields().stream().map(Clause.YieldItem::alias).toList();
    }

    private static Query queryOf(Statement st) {
        if (st instanceof Query q) {
            return q;
        }
        if (st instanceof Statement.Explain e) {
            return e.query();
        }
        if (st instanceof Statement.Profile p) {
            return p.query();
        }
        return null;
    }

    private static void checkParameters(AnalyzedStatement analyzed, Map<String, Object> params) {
        requireParameters(analyzed.parameters(), params, "");
    }

    /** ParameterMissing naming every one of {@code names} that {@code params} lacks, then {@code context}. */
    static void requireParameters(Collection<String> names, Map<String, Object> params, String context) {
        Set<String> missing = new LinkedHashSet<>();
        for (String p : names) {
            if (!params.containsKey(p)) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw new CypherException(CypherErrorKind.PARAMETER_MISSING,
                    "Expected parameter(s): " + String.join(", ", missing) + context);
        }
    }

    /** Number of cached statements (for tests and monitoring). */
    public int cachedStatements() {
        return cache.size();
    }

    /** The operator tree printer behind EXPLAIN and PROFILE. */
    static final class PlanPrinter {
        private PlanPrinter() {
        }

        static void explain(QueryPlan plan, java.util.function.Consumer<String> out) {
            for (int i = 0; i < plan.parts().size(); i++) {
                if (i > 0) {
                    out.accept(plan.distinct() ? " * Union" : " * UnionAll");
                }
                print(plan.parts().get(i).root(), "", out, null);
            }
        }

        private static void print(Operator op, String indent, java.util.function.Consumer<String> out,
                                  java.util.function.Consumer<Operator> visit) {
            out.accept(indent + " * " + op.describe());
            if (visit != null) {
                visit.accept(op);
            }
            List<Operator> children = op.children();
            for (int i = 1; i < children.size(); i++) {
                out.accept(indent + " |\\");
                print(children.get(i), indent + " | ", out, visit);
            }
            if (!children.isEmpty()) {
                print(children.get(0), indent, out, visit);
            }
        }

        static List<Object[]> profile(QueryPlan plan, ExecContext ctx, long totalNanos) {
            List<Object[]> rows = new ArrayList<>();
            for (QueryPlan.Part part : plan.parts()) {
                List<String> lines = new ArrayList<>();
                List<Operator> ops = new ArrayList<>();
                print(part.root(), "", lines::add, ops::add);
                int k = 0;
                for (String line : lines) {
                    if (line.endsWith("|\\")) {
                        continue;
                    }
                    Operator op = ops.get(k++);
                    ExecContext.ProfileStats s = ctx.stats(op);
                    long hits = s == null ? 0 : s.hits();
                    long self = s == null ? 0 : s.nanos();
                    for (Operator c : op.children()) {
                        ExecContext.ProfileStats cs = ctx.stats(c);
                        if (cs != null) {
                            self -= cs.nanos();
                        }
                    }
                    self = Math.max(0, self);
                    double rel = totalNanos <= 0 ? 0 : 100.0 * self / totalNanos;
                    rows.add(new Object[] {line, hits, String.format(Locale.ROOT, "%.6f %%", rel),
                            String.format(Locale.ROOT, "%.6f ms", self / 1e6)});
                }
            }
            return rows;
        }
    }
}
