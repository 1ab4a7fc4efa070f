package io.memgraph.ha.query.plan;

import io.memgraph.ha.query.QueryLimits;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Hint;
import io.memgraph.ha.query.ast.LabelExpression;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.ast.Projection;
import io.memgraph.ha.query.ast.Query;
import io.memgraph.ha.query.csv.CsvFormat;
import io.memgraph.ha.query.csv.CsvPosition;
import io.memgraph.ha.query.eval.Aggregations;
import io.memgraph.ha.query.exec.ApplyInTransactions;
import io.memgraph.ha.query.exec.Expands;
import io.memgraph.ha.query.exec.Flow;
import io.memgraph.ha.query.exec.IndexSeeks;
import io.memgraph.ha.query.exec.LoadCsv;
import io.memgraph.ha.query.exec.Operator;
import io.memgraph.ha.query.exec.PathConditions;
import io.memgraph.ha.query.exec.PathPatternMatch;
import io.memgraph.ha.query.exec.PatternScopes;
import io.memgraph.ha.query.exec.ProcedureCall;
import io.memgraph.ha.query.exec.Procedures;
import io.memgraph.ha.query.exec.RepeatInTransactions;
import io.memgraph.ha.query.exec.Scans;
import io.memgraph.ha.query.exec.SubqueryMatcher;
import io.memgraph.ha.query.exec.SubqueryPlan;
import io.memgraph.ha.query.exec.Symbols;
import io.memgraph.ha.query.exec.Updates;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns an analysed query into operator trees.
 *
 * <p>MATCH: the planner starts from the most selective node (node id lookup, then label+property
 * index equality, then index range or prefix, then label scan, then all nodes; ties broken by the
 * storage's approximate counts), expands from bound nodes until the pattern is covered, and puts
 * each WHERE conjunct (and inline property map entry, and label) right after the operator that
 * binds its last variable. An index scan keeps its predicate as a filter too, so the index only
 * narrows and never decides a result. Writes are separated from earlier and later reads by an
 * eager barrier, as Cypher's clause-by-clause semantics demand.
 *
 * <p>Hints change where a MATCH starts, never its rows. Neo4j's ({@code USING INDEX}, {@code USING
 * SCAN} after the pattern) start the hinted variable with that index seek or label scan before
 * anything expands into it, as soon as the seek's values can be computed; Memgraph's ({@code USING
 * INDEX :L(p)} before the query) make a node with the label start with that index when the planner
 * picks a start. A hint the planner cannot fulfil (no such index, a predicate no seek serves, a
 * variable already bound, a join) leaves the plan as without it.
 */
public final class Planner {
    /**
     * The expressions of a LOAD CSV (its source), UNWIND, WITH or RETURN clause, null where a part
     * is not written; none for another clause.
     */
    public static List<Expression> expressionsOf(Clause c) {
        List<Expression> expressions = new ArrayList<>();
        Projection projection = null;
        if (c instanceof Clause.LoadCsv l) {
            expressions.add(l.source());
        } else if (c instanceof Clause.Unwind u) {
            expressions.add(u.expression());
        } else if (c instanceof Clause.With w) {
            projection = w.projection();
            expressions.add(w.where());
        } else if (c instanceof Clause.Return r) {
            projection = r.projection();
        }
        if (projection != null) {
            projection.items().forEach(i -> expressions.add(i.expression()));
            projection.orderBy().forEach(o -> expressions.add(o.expression()));
            expressions.add(projection.skip());
            expressions.add(projection.limit());
        }
        return expressions;
    }

    /**
     * Whether no expression of {@code expressions} (nulls allowed) reads the graph through a pattern
     * or a subquery: without them an expression only computes on the values it is given.
     */
    public static boolean graphFree(List<Expression> expressions) {
        return expressions.stream().noneMatch(e -> e != null && io.memgraph.ha.query.ast.Expressions.anyMatch(e,
                x -> x instanceof Expression.PatternPredicate || x instanceof Expression.PatternComprehension
                        || x instanceof Expression.ExistsSubquery || x instanceof Expression.Subquery));
    }

    private final Transaction tx;
    private final Procedures procedures;
    private final PatternScopes scopes = new PatternScopes();
    /** Memgraph's index hints of the query being planned, in the order written. */
    private List<Hint.PreferIndex> preferred = List.of();
    private boolean writes;
    private boolean reads;
    private boolean returns;
    /** The single query being planned is one CALL clause alone (a standalone procedure call). */
    private boolean standaloneCall;
    private int anonymous;
    /** What planning found to tell: hints it cannot fulfil, cartesian products. */
    private final List<io.memgraph.ha.query.notice.Notification> notifications = new ArrayList<>();
    /** The names MATCH clauses use, for the per-execution unknown-name check. */
    private final io.memgraph.ha.query.notice.NameChecks.Builder names =
            new io.memgraph.ha.query.notice.NameChecks.Builder();

    private Planner(Transaction tx, Procedures procedures) {
        this.tx = tx;
        this.procedures = procedures;
    }

    /**
     * Plans {@code query}, reading index existence and approximate counts through {@code tx}, with
     * the procedures {@code CALL} may name.
     */
    public static QueryPlan plan(Query query, List<String> columns, Transaction tx, Procedures procedures) {
        Planner p = new Planner(tx, procedures);
        p.preferred = query.indexHints();
        List<QueryPlan.Part> parts = new ArrayList<>();
        for (Query.SingleQuery sq : query.parts()) {
            parts.add(p.single(sq, columns));
        }
        boolean distinct = !query.unions().isEmpty() && !query.unions().get(0).all();
        QueryType type = p.writes ? (p.reads || p.returns ? QueryType.READ_WRITE : QueryType.WRITE)
                : QueryType.READ_ONLY;
        for (QueryPlan.Part part : parts) {
            checkDepth(part.root());
        }
        return new QueryPlan(parts, distinct, columns, type, p.writes, p.scopes, p.notifications, p.names.build());
    }

    /**
     * Refuses an operator tree deeper than {@link QueryLimits#MAX_PLAN_DEPTH}: rows are pulled
     * through it recursively, and EXPLAIN and PROFILE walk it so too. Measured with an explicit stack.
     */
    private static void checkDepth(Operator root) {
        ArrayDeque<Operator> ops = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        ops.push(root);
        depths.push(1);
        while (!ops.isEmpty()) {
            Operator op = ops.pop();
            int depth = depths.pop();
            if (depth > QueryLimits.MAX_PLAN_DEPTH) {
                throw QueryLimits.planTooDeep();
            }
            for (Operator child : op.children()) {
                ops.push(child);
                depths.push(depth + 1);
            }
        }
    }

    /**
     * Plans {@code query} (one single query) to run over a table computed before it, a SHOW
     * command's: it starts from one row per element of {@code rows}, with each of {@code bound}
     * bound to the row's value at the same position in {@code fields}.
     *
     * @param source what EXPLAIN would call the rows (the command)
     */
    public static QueryPlan planOver(Query query, List<String> columns, String source, List<Object[]> rows,
                                     List<String> bound, int[] fields, Transaction tx, Procedures procedures) {
        Planner p = new Planner(tx, procedures);
        Symbols symbols = new Symbols();
        int[] slots = bound.stream().mapToInt(symbols::slot).toArray();
        QueryPlan.Part part = p.single(query.first(), columns, symbols, new LinkedHashSet<>(bound),
                new Scans.Rows(source, rows, fields, slots));
        checkDepth(part.root());
        // WITH and RETURN never write, and expressions cannot: the plan only reads
        return new QueryPlan(List.of(part), false, columns, QueryType.READ_ONLY, false, p.scopes);
    }

    private QueryPlan.Part single(Query.SingleQuery sq, List<String> columns) {
        return single(sq, columns, new Symbols(), new LinkedHashSet<>(), new Scans.Once(false));
    }

    private QueryPlan.Part single(Query.SingleQuery sq, List<String> columns, Symbols symbols,
                                  LinkedHashSet<String> scope, Operator start) {
        Part part = new Part(symbols, scope, start);
        standaloneCall = sq.clauses().size() == 1 && sq.clauses().get(0) instanceof Clause.CallProcedure;
        for (Clause c : sq.clauses()) {
            part.clause(c);
        }
        // Columns come from semantic analysis; slots are found by name so both always agree.
        int[] out = new int[part.returnColumns == null ? 0 : columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = symbols.slot(columns.get(i));
        }
        return new QueryPlan.Part(part.op, symbols, out);
    }

    /** Records the bound variables of every pattern expression inside {@code e}. */
    private void register(Expression e, Set<String> bound) {
        if (e == null) {
            return;
        }
        if (e instanceof Expression.PatternPredicate pp) {
            scopes.register(pp.element(), bound);
            return;
        }
        if (e instanceof Expression.PatternComprehension pc) {
            scopes.register(pc.element(), bound);
            Set<String> inner = new HashSet<>(bound);
            inner.addAll(ExpressionRewriter.freeVariables(pc));
            if (pc.pathVariable() != null) {
                inner.add(pc.pathVariable());
            }
            register(pc.where(), inner);
            register(pc.projection(), inner);
            return;
        }
        if (e instanceof Expression.ExistsSubquery es) {
            if (SubqueryMatcher.handles(es.query())) {
                scopes.register(es, bound);
            } else {
                scopes.register(es, expressionSubquery(es.query(), bound));
            }
            return;
        }
        if (e instanceof Expression.Subquery sq) {
            scopes.register(sq, expressionSubquery(sq.query(), bound));
            return;
        }
        if (e instanceof Expression.ListComprehension lc) {
            register(lc.list(), bound);
            Set<String> inner = with(bound, lc.variable());
            register(lc.where(), inner);
            register(lc.projection(), inner);
            return;
        }
        if (e instanceof Expression.Quantifier q) {
            register(q.list(), bound);
            register(q.where(), with(bound, q.variable()));
            return;
        }
        if (e instanceof Expression.Reduce r) {
            register(r.init(), bound);
            register(r.list(), bound);
            register(r.expression(), with(with(bound, r.variable()), r.accumulator()));
            return;
        }
        for (Expression c : io.memgraph.ha.query.ast.Expressions.children(e)) {
            register(c, bound);
        }
    }

    /**
     * The body of a subquery expression, planned to run per outer row with {@code bound} visible in
     * all of it.
     */
    private SubqueryPlan expressionSubquery(Query q, Set<String> bound) {
        Body body = body(q, single -> bound);
        List<String> imports = new ArrayList<>(bound);
        int[] importSlots = imports.stream().mapToInt(body.symbols::slot).toArray();
        return new SubqueryPlan(body.root, body.symbols, imports, importSlots,
                body.columns.stream().mapToInt(body.symbols::slot).toArray());
    }

    /** A planned subquery body: its root, frame layout, columns, and whether it read or wrote. */
    private record Body(Operator root, Symbols symbols, List<String> columns, boolean read, boolean wrote) {}

    /**
     * Plans a subquery body from an argument row: each UNION part from the same row, seeing the
     * variables {@code imported} gives for it, in one frame layout (so the columns are the same
     * slots), UNION ALL parts concatenated and a UNION made distinct. The imported variables stay
     * visible after a WITH that does not name them (in CALL bodies and expression subqueries alike).
     */
    private Body body(Query q, java.util.function.Function<Query.SingleQuery, Set<String>> imported) {
        Symbols symbols = new Symbols();
        List<Operator> roots = new ArrayList<>();
        List<String> columns = List.of();
        boolean read = false;
        boolean wrote = false;
        for (Query.SingleQuery single : q.parts()) {
            Part sub = new Part(symbols, new LinkedHashSet<>(imported.apply(single)), new Scans.Once(true));
            sub.carried = Set.copyOf(imported.apply(single));
            for (Clause c : single.clauses()) {
                sub.clause(c);
            }
            roots.add(sub.op);
            columns = sub.returnColumns == null ? List.of() : sub.returnColumns;
            read |= sub.readSinceEager;
            wrote |= sub.wroteSinceEager;
        }
        Operator root = roots.size() == 1 ? roots.get(0) : new Flow.UnionAll(roots);
        if (!q.unions().isEmpty() && !q.unions().get(0).all()) {
            root = new Flow.Distinct(root, columns.stream().mapToInt(symbols::slot).toArray());
        }
        return new Body(root, symbols, columns, read, wrote);
    }

    private static Set<String> with(Set<String> s, String v) {
        Set<String> out = new HashSet<>(s);
        out.add(v);
        return out;
    }

    private String anonymousName() {
        return ExpressionRewriter.MARKER + "anon" + (anonymous++);
    }

    /** The state of planning one single query (or a FOREACH body, or a subquery). */
    private final class Part {
        final Symbols symbols;
        final LinkedHashSet<String> scope;
        /** A CALL body's imported variables: in scope after every WITH (their slots are never rewritten). */
        Set<String> carried = Set.of();
        /** Those of {@link #carried} in scope only so (the last WITH did not pass them on): not in {@code *}. */
        Set<String> hidden = Set.of();
        Operator op;
        boolean readSinceEager;
        boolean wroteSinceEager;
        int readsSinceEager;
        boolean singleNodeRead;
        /**
         * Every clause so far only computes values (LOAD CSV, UNWIND, WITH, none reading the graph):
         * nothing below holds a cursor over the transaction, so CALL IN TRANSACTIONS may pull its
         * input batch by batch instead of all at once.
         */
        boolean graphFree = true;
        List<String> returnColumns;

        Part(Symbols symbols, LinkedHashSet<String> scope, Operator op) {
            this.symbols = symbols;
            this.scope = scope;
            this.op = op;
        }

        int slot(String name) {
            return symbols.slot(name);
        }

        void beforeRead() {
            if (wroteSinceEager) {
                op = new Flow.Eager(op);
                wroteSinceEager = false;
                readsSinceEager = 0;
            }
            readSinceEager = true;
            readsSinceEager++;
            singleNodeRead = false;
        }

        void beforeWrite() {
            beforeWrite(false);
        }

        /**
         * @param rowLocal the write changes only entities of the current row (SET, REMOVE): then
         *                 reading one node per row (a single node pattern) cannot observe it
         */
        void beforeWrite(boolean rowLocal) {
            writes = true;
            if (rowLocal && readsSinceEager == 1 && singleNodeRead) {
                wroteSinceEager = true;
                return;
            }
            if (readSinceEager && !wroteSinceEager) {
                op = new Flow.Eager(op);
                readSinceEager = false;
                readsSinceEager = 0;
            }
            wroteSinceEager = true;
        }

        void clause(Clause c) {
            if (c instanceof Clause.Match m) {
                reads = true;
                beforeRead();
                match(m);
                singleNodeRead = !m.optional() && m.pattern().parts().size() == 1
                        && m.pattern().parts().get(0).element().steps().isEmpty()
                        && m.pattern().parts().get(0).element().start().where() == null
                        && m.pattern().parts().get(0).pathVariable() == null
                        && (m.where() == null || !io.memgraph.ha.query.ast.Expressions.anyMatch(m.where(),
                            x -> x instanceof Expression.PatternPredicate || x instanceof Expression.PatternComprehension
                                    || x instanceof Expression.ExistsSubquery));
            } else if (c instanceof Clause.Unwind u) {
                register(u.expression(), scope);
                op = new Flow.Unwind(op, u.expression(), slot(u.variable()));
                scope.add(u.variable());
            } else if (c instanceof Clause.LoadCsv l) {
                register(l.source(), scope);
                op = new LoadCsv(op, l.source(), format(l), slot(l.variable()), slot(CsvPosition.VARIABLE));
                scope.add(l.variable());
            } else if (c instanceof Clause.With w) {
                projection(w.projection(), false, w.where());
            } else if (c instanceof Clause.Return r) {
                returns = true;
                returnColumns = projection(r.projection(), true);
            } else if (c instanceof Clause.Create cr) {
                beforeWrite();
                op = new Updates.Create(op, createParts(cr.pattern().parts()));
            } else if (c instanceof Clause.Merge m) {
                reads = true;
                beforeRead();
                beforeWrite();
                merge(m);
            } else if (c instanceof Clause.Set s) {
                beforeWrite(true);
                op = new Updates.SetProperties(op, setSpecs(s.items()));
            } else if (c instanceof Clause.Remove r) {
                beforeWrite(true);
                List<Updates.RemoveSpec> specs = new ArrayList<>();
                for (Clause.RemoveItem item : r.items()) {
                    if (item instanceof Clause.RemoveLabels rl) {
                        rl.dynamicLabels().forEach(d -> register(d.expression(), scope));
                    } else if (item instanceof Clause.RemoveDynamicProperty rd) {
                        register(rd.target(), scope);
                    }
                    specs.add(new Updates.RemoveSpec(item, item instanceof Clause.RemoveLabels rl
                            ? slot(rl.variable()) : -1));
                }
                op = new Updates.Remove(op, specs);
            } else if (c instanceof Clause.Delete d) {
                beforeWrite();
                d.expressions().forEach(e -> register(e, scope));
                op = new Updates.Delete(op, d.expressions(), d.detach());
            } else if (c instanceof Clause.Foreach f) {
                beforeWrite();
                register(f.list(), scope);
                LinkedHashSet<String> inner = new LinkedHashSet<>(scope);
                inner.add(f.variable());
                Part body = new Part(symbols, inner, new Scans.Once(true));
                for (Clause b : f.body()) {
                    body.clause(b);
                }
                op = new Flow.Foreach(op, f.list(), slot(f.variable()), body.op);
            } else if (c instanceof Clause.CallSubquery cs) {
                callSubquery(cs);
            } else if (c instanceof Clause.Finish) {
                returnColumns = null; // no result: the rows are pulled for their effects only
            } else {
                callProcedure((Clause.CallProcedure) c);
            }
            graphFree &= computesOnly(c); // after: a CALL IN TRANSACTIONS asks about the clauses before it
        }

        /**
         * CALL of a procedure. Without parentheses the arguments are the parameters named as the
         * procedure's inputs; without YIELD (a query of this clause alone) every output is a column.
         */
        void callProcedure(Clause.CallProcedure cp) {
            Procedures.Procedure proc = procedures.require(cp.name());
            if (cp.arguments() == null && !standaloneCall && proc.requiredInputs() > 0) {
                throw new io.memgraph.ha.query.error.CypherException(
                        io.memgraph.ha.query.error.CypherErrorKind.INVALID_ARGUMENT_PASSING_MODE,
                        "Procedure call inside a query does not support passing arguments implicitly (pass them"
                                + " explicitly in parentheses after the procedure name for " + cp.name() + ")",
                        cp.position());
            }
            if (cp.yieldAll() && !standaloneCall) {
                throw new io.memgraph.ha.query.error.CypherException(
                        io.memgraph.ha.query.error.CypherErrorKind.UNEXPECTED_SYNTAX,
                        "YIELD * is only allowed in a standalone procedure call", cp.position());
            }
            // without parentheses inside a query: no arguments (only optional inputs may be left out)
            List<Expression> args = cp.arguments() != null || !standaloneCall ? new ArrayList<>(cp.arguments() == null
                    ? List.of() : cp.arguments()) : proc.inputs().stream().map(in -> (Expression) new Expression.Parameter(in.name(), cp.position()))
                            .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
            if (args.size() < proc.requiredInputs() || args.size() > proc.inputs().size()) {
                int required = proc.requiredInputs();
                throw new io.memgraph.ha.query.error.CypherException(
                        io.memgraph.ha.query.error.CypherErrorKind.INVALID_NUMBER_OF_ARGUMENTS,
                        "Procedure call does not provide the required number of arguments: got " + args.size()
                                + " argument(s), expected " + (required == proc.inputs().size() ? "" : required
                                + " to ") + proc.inputs().size() + " for " + proc.signature(),
                        cp.position());
            }
            for (int i = args.size(); i < proc.inputs().size(); i++) { // the optional inputs left out
                args.add(new Expression.Literal(proc.inputs().get(i).defaultValue(), cp.position()));
            }
            for (int i = 0; i < args.size(); i++) {
                checkArgumentType(proc, i, args.get(i));
            }
            args.forEach(a -> register(a, scope));
            reads = true;
            beforeRead();
            if (proc.mode() == Procedures.Mode.WRITE) {
                beforeWrite(); // as MERGE: a barrier from the reads before, and the query is a write
            }
            List<Clause.YieldItem> yields = cp.yields();
            if (yields.isEmpty() && !standaloneCall && !proc.outputs().isEmpty()) {
                throw new io.memgraph.ha.query.error.CypherException(
                        io.memgraph.ha.query.error.CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                        "Procedure call inside a query does not support naming results implicitly (name them with"
                                + " YIELD: " + proc.signature() + ")", cp.position());
            }
            if (yields.isEmpty() && standaloneCall) {
                yields = proc.outputs().stream()
                        .map(o -> new Clause.YieldItem(o.name(), o.name(), cp.position())).toList();
            }
            if (standaloneCall) { // CALL p() YIELD a, b [WHERE ...] alone returns what it yields, as in Neo4j
                returns = true;
                returnColumns = yields.stream().map(Clause.YieldItem::alias).toList();
            }
            int[] fields = new int[yields.size()];
            int[] slots = new int[yields.size()];
            for (int i = 0; i < yields.size(); i++) {
                Clause.YieldItem y = yields.get(i);
                fields[i] = proc.output(y.field());
                if (fields[i] < 0) {
                    throw new io.memgraph.ha.query.error.CypherException(
                            io.memgraph.ha.query.error.CypherErrorKind.UNDEFINED_VARIABLE,
                            "Unknown procedure output: `" + y.field() + "` (" + proc.signature() + ")", y.position());
                }
                slots[i] = slot(y.alias());
                scope.add(y.alias());
            }
            register(cp.where(), scope);
            op = new ProcedureCall(op, proc, args, fields, slots, cp.where());
        }

        /** A literal argument of a type the procedure's input cannot take is refused before it runs. */
        private void checkArgumentType(Procedures.Procedure proc, int i, Expression arg) {
            if (!(arg instanceof Expression.Literal lit)) {
                return;
            }
            Procedures.Field in = proc.inputs().get(i);
            String type = in.type().endsWith("?") ? in.type().substring(0, in.type().length() - 1) : in.type();
            Object v = lit.value();
            boolean ok = switch (type.toUpperCase(java.util.Locale.ROOT)) {
                case "STRING" -> v == null || v instanceof String;
                case "INTEGER" -> v == null || v instanceof Long;
                case "FLOAT", "NUMBER" -> v == null || v instanceof Number; // an INTEGER is taken as a FLOAT
                case "BOOLEAN" -> v == null || v instanceof Boolean;
                default -> true;
            };
            if (!ok) {
                throw new io.memgraph.ha.query.error.CypherException(
                        io.memgraph.ha.query.error.CypherErrorKind.INVALID_ARGUMENT_TYPE,
                        "Type mismatch: argument " + (i + 1) + " (" + in.name() + ") of " + proc.name()
                                + " expects " + in.type() + " but got " + v, arg.position());
            }
        }

        // ------------------------------------------------------------ MATCH

        private record Step(String left, String rel, String right, Pattern.RelationshipPattern pattern) {}

        void match(Clause.Match m) {
            Set<String> bound = new HashSet<>(scope);
            MatchNotices.hints(m, tx, notifications);
            MatchNotices.cartesianProduct(m, bound, notifications);
            MatchNotices.names(m, names);
            Operator input = m.optional() ? new Scans.Once(true) : op;
            List<Expression> conjuncts = new ArrayList<>(
                    ExpressionRewriter.conjuncts(ExpressionRewriter.patternSizes(m.where())));
            Map<String, List<String>> labels = new LinkedHashMap<>();
            List<Step> steps = new ArrayList<>();
            List<Step> shortestSteps = new ArrayList<>();
            List<Boolean> shortestAll = new ArrayList<>();
            List<String> shortestPaths = new ArrayList<>();
            List<Expression> shortestRelWheres = new ArrayList<>();
            List<Step> traversalSteps = new ArrayList<>();
            List<List<String>> partNames = new ArrayList<>();
            Set<String> userNames = new LinkedHashSet<>();
            List<Pattern.Part> walked = new ArrayList<>();
            List<String> walkedStarts = new ArrayList<>();
            for (Pattern.Part part : m.pattern().parts()) {
                if (walkedPart(part)) {
                    // Only its first node is bound like the others' nodes; PathPatternMatch walks the rest.
                    String start = nodeName(part.element().start(), labels, conjuncts, userNames);
                    walked.add(part);
                    walkedStarts.add(start);
                    partNames.add(List.of(start));
                    continue;
                }
                boolean shortest = part.kind() != Pattern.PathKind.PLAIN;
                if (shortest && part.element().steps().size() != 1) {
                    throw new io.memgraph.ha.query.exec.StatusException(
                            io.memgraph.ha.query.error.CypherErrorKind.INVALID_ARGUMENT_VALUE,
                            "Neo.ClientError.Statement.SyntaxError",
                            "shortestPath(...) requires a pattern with exactly one relationship (" + part.position() + ")");
                }
                List<String> names = new ArrayList<>();
                String prev = nodeName(part.element().start(), labels, conjuncts, userNames);
                names.add(prev);
                for (Pattern.Step s : part.element().steps()) {
                    Pattern.RelationshipPattern r = s.relationship();
                    String rel = relationshipName(r, scope::contains, conjuncts, userNames);
                    // shortestPath applies the map to each relationship as it searches
                    if (r.length() == null && !shortest && r.properties() instanceof Expression.MapLiteral ml) {
                        for (Expression.MapEntry e : ml.entries()) {
                            conjuncts.add(eq(rel, e.key(), e.value()));
                        }
                    }
                    if (r.typeExpression() != null && r.traversal() == null) {
                        conjuncts.add(typeFilter(rel, r, shortest));
                    }
                    if (r.where() != null && !shortest) {
                        conjuncts.add(r.where());
                    }
                    String next = nodeName(s.node(), labels, conjuncts, userNames);
                    (shortest ? shortestSteps : r.traversal() != null ? traversalSteps : steps)
                            .add(new Step(prev, rel, next, r));
                    if (shortest) {
                        shortestAll.add(part.kind() == Pattern.PathKind.ALL_SHORTEST);
                        shortestPaths.add(part.pathVariable());
                        shortestRelWheres.add(r.where()); // [r WHERE ...] on its single relationship
                    }
                    names.add(rel);
                    names.add(next);
                    prev = next;
                }
                partNames.add(names);
            }
            for (Map.Entry<String, List<String>> e : labels.entrySet()) {
                conjuncts.add(new Expression.HasLabels(var(e.getKey()), e.getValue(), Position.NONE));
            }
            // Labels written in WHERE (`WHERE n:Person`) serve the scan choice as well.
            Map<String, List<String>> scanLabels = new HashMap<>();
            for (Expression c : conjuncts) {
                if (c instanceof Expression.HasLabels h && h.subject() instanceof Expression.Variable v) {
                    List<String> ls = scanLabels.computeIfAbsent(v.name(), x -> new ArrayList<>());
                    for (String l : h.labels()) {
                        if (!ls.contains(l)) {
                            ls.add(l);
                        }
                    }
                }
            }
            Set<String> nodes = new LinkedHashSet<>();
            for (List<String> names : partNames) {
                for (int i = 0; i < names.size(); i += 2) {
                    nodes.add(names.get(i));
                }
            }
            // A node only a traversal touches is bound by it, not scanned (unless no end of it is bound).
            nodes.removeAll(traversalOnlyNodes(partNames, traversalSteps));
            Operator cur = pushFilters(input, conjuncts, bound);
            List<Step> pending = new ArrayList<>(steps);
            List<Integer> relSlots = new ArrayList<>();
            List<Integer> relListSlots = new ArrayList<>();
            while (true) {
                HintedStart hinted = hintedStart(m.hints(), nodes, pending, conjuncts, bound);
                Step next = null;
                for (Step s : pending) {
                    if (hinted == null && (bound.contains(s.left()) || bound.contains(s.right()))) {
                        next = s;
                        break;
                    }
                }
                if (hinted != null && hinted.seek() != null) {
                    pending.remove(hinted.seek().step());
                    cur = edgeSeekScan(cur, hinted.seek(), bound, relSlots, relListSlots);
                } else if (hinted != null) {
                    cur = start(cur, hinted.node(), hinted.candidate(), conjuncts, bound);
                } else if (next != null) {
                    pending.remove(next);
                    cur = expand(cur, next, bound, relSlots, relListSlots);
                } else {
                    String start = null;
                    Candidate best = null;
                    boolean bestPreferred = false;
                    for (String n : nodes) {
                        if (!bound.contains(n)) {
                            List<String> nodeLabels = scanLabels.getOrDefault(n, List.of());
                            Candidate c = preferredStart(n, nodeLabels, conjuncts, bound);
                            boolean isPreferred = c != null;
                            if (c == null) {
                                c = candidate(n, nodeLabels, conjuncts, bound);
                            }
                            // a node Memgraph's hints name starts before any other
                            if (best == null || isPreferred && !bestPreferred
                                    || isPreferred == bestPreferred && c.better(best)) {
                                best = c;
                                start = n;
                                bestPreferred = isPreferred;
                            }
                        }
                    }
                    if (start == null) {
                        break;
                    }
                    EdgeIdSeek idSeek = best.rank() >= 1 && !bestPreferred ? edgeIdSeek(pending, conjuncts, bound)
                            : null;
                    if (idSeek != null) {
                        pending.remove(idSeek.step());
                        cur = pushFilters(edgeIdSeekScan(cur, idSeek, bound, relSlots, relListSlots), conjuncts,
                                bound);
                        continue;
                    }
                    EdgeSeek seek = best.rank() >= 1 && !bestPreferred ? edgeSeek(pending, conjuncts, bound, null)
                            : null;
                    if (seek != null && (best.rank() > 1 || seek.estimate() < best.estimate())) {
                        pending.remove(seek.step());
                        cur = pushFilters(edgeSeekScan(cur, seek, bound, relSlots, relListSlots), conjuncts, bound);
                        continue;
                    }
                    cur = start(cur, start, best, conjuncts, bound);
                }
                cur = pushFilters(cur, conjuncts, bound);
            }
            for (int i = 0; i < shortestSteps.size(); i++) {
                Step st = shortestSteps.get(i);
                Pattern.RelationshipPattern r = st.pattern();
                long min = r.length() == null || r.length().min() == null ? 1 : r.length().min();
                long max = r.length() == null ? 1 : r.length().max() == null ? Long.MAX_VALUE : r.length().max();
                String text = "(" + display(st.left()) + ")-[" + display(st.rel()) + "]-(" + display(st.right()) + ")";
                PathConditions where = pathConditions(st, shortestPaths.get(i), shortestRelWheres.get(i), conjuncts,
                        bound);
                cur = new io.memgraph.ha.query.exec.ShortestPath(cur, slot(st.left()), slot(st.right()), slot(st.rel()),
                        r.direction(), r.types(), min, max, r.properties(), shortestAll.get(i), where, text);
                bound.add(st.rel());
                cur = pushFilters(cur, conjuncts, bound);
            }
            cur = traversals(cur, traversalSteps, bound, conjuncts, scanLabels, userNames);
            for (int w = 0; w < walked.size(); w++) {
                cur = walk(cur, walked.get(w), walkedStarts.get(w), bound, conjuncts, userNames, relSlots,
                        relListSlots);
                cur = pushFilters(cur, conjuncts, bound);
            }
            List<Step> allSteps = new ArrayList<>(steps);
            allSteps.addAll(shortestSteps);
            allSteps.addAll(traversalSteps);
            int k = 0;
            for (Pattern.Part part : m.pattern().parts()) {
                List<String> names = partNames.get(k++);
                if (part.pathVariable() != null && !walkedPart(part)) {
                    List<Expands.PathPiece> pieces = new ArrayList<>();
                    for (int i = 0; i < names.size(); i++) {
                        pieces.add(new Expands.PathPiece(slot(names.get(i)), i % 2 == 1, false));
                    }
                    // Mark variable-length pieces.
                    for (int i = 1; i < names.size(); i += 2) {
                        String relName = names.get(i);
                        for (Step s : allSteps) {
                            if (s.rel().equals(relName) && (s.pattern().length() != null || shortestSteps.contains(s))) {
                                pieces.set(i, new Expands.PathPiece(slot(relName), true, true));
                            }
                        }
                    }
                    cur = new Expands.ConstructPath(cur, slot(part.pathVariable()), pieces, part.pathVariable());
                    bound.add(part.pathVariable());
                    userNames.add(part.pathVariable());
                    cur = pushFilters(cur, conjuncts, bound);
                }
            }
            if (!conjuncts.isEmpty()) {
                Expression all = io.memgraph.ha.query.ast.Expressions.and(conjuncts, Position.NONE);
                register(all, bound);
                cur = new Flow.Filter(cur, all, describeVars(all));
                conjuncts.clear();
            }
            if (m.optional()) {
                Set<String> fresh = new LinkedHashSet<>(bound);
                fresh.removeAll(scope);
                int[] nullSlots = fresh.stream().mapToInt(this::slot).toArray();
                op = new Flow.Optional(op, cur, nullSlots);
            } else {
                op = cur;
            }
            scope.addAll(userNames);
        }

        /**
         * What the WHERE asks of a shortestPath's paths ({@link ShortestPathWhere}), taken out of
         * {@code conjuncts}, with the inline {@code WHERE} of its single relationship; null when nothing.
         */
        private PathConditions pathConditions(Step st, String path, Expression relWhere, List<Expression> conjuncts,
                                              Set<String> bound) {
            ShortestPathWhere.Claimed c = ShortestPathWhere.claim(conjuncts, path, st.rel(), bound);
            List<Expression.Quantifier> rels = new ArrayList<>(c.relationships());
            if (relWhere != null) {
                String each = st.pattern().variable() != null ? st.pattern().variable() : anonymousName();
                rels.add(new Expression.Quantifier(Expression.QuantifierKind.ALL, each,
                        var(PathConditions.ELEMENT), relWhere, relWhere.position()));
            }
            if (rels.isEmpty() && c.isEmpty()) {
                return null;
            }
            Set<String> inner = with(bound, PathConditions.ELEMENT);
            rels.forEach(q -> register(q, inner));
            c.nodes().forEach(q -> register(q, inner));
            Expression whole = c.paths().isEmpty() ? null
                    : io.memgraph.ha.query.ast.Expressions.and(c.paths(), Position.NONE);
            if (whole != null) {
                Set<String> onPath = with(bound, st.rel());
                if (path != null) {
                    onPath.add(path);
                }
                register(whole, onPath);
            }
            return new PathConditions(rels, c.nodes(), whole, slot(st.rel()), path == null ? -1 : slot(path));
        }

        // ------------------------------------------------------------ Memgraph's traversals

        /** The nodes of the parts that no relationship other than a traversal ({@code *BFS}...) touches. */
        private static Set<String> traversalOnlyNodes(List<List<String>> partNames, List<Step> traversalSteps) {
            if (traversalSteps.isEmpty()) {
                return Set.of();
            }
            Set<String> traversalRels = new HashSet<>();
            for (Step t : traversalSteps) {
                traversalRels.add(t.rel());
            }
            Set<String> touched = new HashSet<>();
            Set<String> anchored = new HashSet<>();
            for (List<String> names : partNames) {
                for (int i = 0; i < names.size(); i += 2) {
                    for (int k : new int[] {i - 1, i + 1}) {
                        if (k > 0 && k < names.size()) {
                            (traversalRels.contains(names.get(k)) ? touched : anchored).add(names.get(i));
                        }
                    }
                    if (names.size() == 1) {
                        anchored.add(names.get(i));
                    }
                }
            }
            touched.removeAll(anchored);
            return touched;
        }

        /**
         * Plans the traversals of a MATCH once the other relationships are expanded: each walks from
         * an end that is bound (its left one when both are, or when neither is, which is then
         * scanned); KSHORTEST waits until both ends are.
         */
        private Operator traversals(Operator cur, List<Step> traversalSteps, Set<String> bound,
                                    List<Expression> conjuncts, Map<String, List<String>> scanLabels,
                                    Set<String> userNames) {
            List<Step> pending = new ArrayList<>(traversalSteps);
            while (!pending.isEmpty()) {
                Step next = null;
                Step unanchored = null;
                for (Step t : pending) {
                    boolean left = bound.contains(t.left());
                    boolean right = bound.contains(t.right());
                    boolean kShortest = t.pattern().traversal().kind() == Pattern.TraversalKind.KSHORTEST;
                    if (kShortest ? left && right : left || right) {
                        next = t;
                        break;
                    }
                    if (!kShortest && !left && !right && unanchored == null) {
                        unanchored = t;
                    }
                }
                if (next == null && unanchored == null) {
                    throw new io.memgraph.ha.query.error.CypherException(
                            io.memgraph.ha.query.error.CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                            "KSHORTEST expansion requires matched nodes. Try capturing the pair of nodes using a WITH "
                                    + "clause.", pending.get(0).pattern().position());
                }
                if (next == null) {
                    String start = unanchored.left();
                    Candidate c = candidate(start, scanLabels.getOrDefault(start, List.of()), conjuncts, bound);
                    cur = c.scan(cur, slot(start), display(start));
                    bound.add(start);
                    if (c.label() != null) {
                        dropScannedLabel(conjuncts, start, c.label());
                    }
                    cur = pushFilters(cur, conjuncts, bound);
                    continue;
                }
                pending.remove(next);
                cur = pushFilters(traversal(cur, next, bound, userNames), conjuncts, bound);
            }
            return cur;
        }

        /** One traversal, from its left end when that is bound, else from its right end. */
        private Operator traversal(Operator cur, Step t, Set<String> bound, Set<String> userNames) {
            Pattern.RelationshipPattern r = t.pattern();
            Pattern.Traversal tr = r.traversal();
            boolean reversed = !bound.contains(t.left());
            String from = reversed ? t.right() : t.left();
            String to = reversed ? t.left() : t.right();
            for (Expression e : new Expression[] {tr.min(), tr.max(), tr.limit(), r.properties()}) {
                requireBoundFor(tr, e, bound, List.of());
            }
            for (Pattern.Lambda l : new Pattern.Lambda[] {tr.weight(), tr.filter()}) {
                if (l != null) {
                    requireBoundFor(tr, l.body(), bound, l.variables());
                    registerLambda(l, bound);
                }
            }
            String text = "(" + display(t.left()) + ")-[" + display(t.rel()) + " " + tr.text() + "]-("
                    + display(t.right()) + ")";
            int weightSlot = tr.totalWeight() == null ? -1 : slot(tr.totalWeight());
            Operator op = new io.memgraph.ha.query.exec.TraversalExpand(cur, tr, slot(from), slot(to),
                    bound.contains(to), slot(t.rel()), weightSlot, reversed,
                    reversed ? flip(r.direction()) : r.direction(), r.types(), r.typeExpression(), r.properties(), text);
            bound.add(t.rel());
            bound.add(to);
            if (tr.totalWeight() != null) {
                bound.add(tr.totalWeight());
                userNames.add(tr.totalWeight());
            }
            return op;
        }

        /** A filter lambda on a plain {@code *} reads what is bound when the walk starts, as a traversal's. */
        private void requireBoundForFilter(Pattern.Lambda l, Set<String> bound) {
            requireBoundFor("A filter lambda", "expansion", l.position(), l.body(), bound, l.variables());
            registerLambda(l, bound);
        }

        private void registerLambda(Pattern.Lambda l, Set<String> bound) {
            Set<String> inner = new HashSet<>(bound);
            inner.addAll(l.variables());
            register(l.body(), inner);
        }

        /** A traversal's bounds and lambdas read what is bound when it starts: not the far end, say. */
        private static void requireBoundFor(Pattern.Traversal tr, Expression e, Set<String> bound,
                                            List<String> lambdaVariables) {
            requireBoundFor("*" + tr.kind(), "traversal", tr.position(), e, bound, lambdaVariables);
        }

        private static void requireBoundFor(String subject, String walk, Position at, Expression e, Set<String> bound,
                                            List<String> lambdaVariables) {
            if (e == null) {
                return;
            }
            for (String v : ExpressionRewriter.freeVariables(e)) {
                if (!bound.contains(v) && !lambdaVariables.contains(v) && !v.equals(ExpressionRewriter.OPAQUE)) {
                    throw new io.memgraph.ha.query.error.CypherException(
                            io.memgraph.ha.query.error.CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                            subject + " cannot read `" + v + "`: it is not bound when the " + walk + " starts "
                                    + "(bind it in an earlier clause)", at);
                }
            }
        }

        /**
         * The name a relationship is expanded to: anonymous, its variable, or, when that is bound
         * already, a fresh name and a conjunct that requires them equal.
         */
        private String relationshipName(Pattern.RelationshipPattern r, java.util.function.Predicate<String> isBound,
                                        List<Expression> conjuncts, Set<String> userNames) {
            String rel = r.variable();
            if (rel == null) {
                return anonymousName();
            }
            if (isBound.test(rel)) {
                String fresh = anonymousName();
                conjuncts.add(new Expression.Binary(Expression.BinaryOperator.EQ, var(fresh), var(rel), r.position()));
                return fresh;
            }
            userNames.add(rel);
            return rel;
        }

        /** The scan already guarantees {@code label}: drop it from the node's label filter. */
        private void dropScannedLabel(List<Expression> conjuncts, String node, String label) {
            for (int i = 0; i < conjuncts.size(); i++) {
                if (conjuncts.get(i) instanceof Expression.HasLabels h && h.subject() instanceof Expression.Variable v
                        && v.name().equals(node) && h.labels().contains(label)) {
                    List<String> rest = new ArrayList<>(h.labels());
                    rest.remove(label);
                    if (rest.isEmpty()) {
                        conjuncts.remove(i);
                    } else {
                        conjuncts.set(i, new Expression.HasLabels(h.subject(), rest, h.position()));
                    }
                    return;
                }
            }
        }

        /**
         * The filter of a relationship type expression other than a disjunction of names
         * ({@code [r:!T]}): on the relationship, or on each relationship of a variable-length one.
         * The expansion then walks every type and the filter drops what does not match, which gives
         * the same paths as skipping those edges while expanding, except for shortestPath.
         */
        private Expression typeFilter(String rel, Pattern.RelationshipPattern r, boolean shortest) {
            if (shortest) {
                throw new io.memgraph.ha.query.exec.StatusException(
                        io.memgraph.ha.query.error.CypherErrorKind.INVALID_ARGUMENT_VALUE,
                        "Neo.ClientError.Statement.SemanticError",
                        "Not yet implemented: shortestPath(...) with the relationship type expression :"
                                + r.typeExpression().text() + "; use a list of types such as [:A|B] ("
                                + r.position() + ")");
            }
            if (r.length() == null) {
                return new Expression.HasLabels(var(rel), List.of(), r.typeExpression(), r.position());
            }
            String each = anonymousName();
            return new Expression.Quantifier(Expression.QuantifierKind.ALL, each, var(rel),
                    new Expression.HasLabels(var(each), List.of(), r.typeExpression(), r.position()), r.position());
        }

        private String nodeName(Pattern.NodePattern n, Map<String, List<String>> labels, List<Expression> conjuncts,
                                Set<String> userNames) {
            String name = n.variable();
            if (name == null) {
                name = anonymousName();
            } else if (!scope.contains(name)) {
                userNames.add(name);
            }
            if (n.labelExpression() != null) {
                conjuncts.add(new Expression.HasLabels(var(name), List.of(), n.labelExpression(), n.position()));
            }
            if (!n.labels().isEmpty()) {
                List<String> ls = labels.computeIfAbsent(name, x -> new ArrayList<>());
                for (String l : n.labels()) {
                    if (!ls.contains(l)) {
                        ls.add(l);
                    }
                }
            }
            if (n.properties() instanceof Expression.MapLiteral ml) {
                for (Expression.MapEntry e : ml.entries()) {
                    conjuncts.add(eq(name, e.key(), e.value()));
                }
            }
            if (n.where() != null) {
                conjuncts.add(n.where());
            }
            return name;
        }

        // ------------------------------------------------------------ graph pattern matching

        /** A part that {@link PathPatternMatch} walks: quantified, with a selector or a path predicate. */
        private static boolean walkedPart(Pattern.Part part) {
            if (part.selector() != null || part.where() != null) {
                return true;
            }
            for (Pattern.Step s : part.element().steps()) {
                if (s.quantified() != null) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Plans a walked part from its first node (bound by now): its steps become the segments of a
         * {@link PathPatternMatch}, each with its predicates (labels, properties, types, inline WHERE)
         * as one condition. A node bound before (in an earlier clause or part) is matched into.
         */
        private Operator walk(Operator cur, Pattern.Part part, String start, Set<String> bound,
                              List<Expression> conjuncts, Set<String> userNames, List<Integer> relSlots,
                              List<Integer> relListSlots) {
            Pattern.Element el = part.element();
            List<PathPatternMatch.Segment> segments = new ArrayList<>();
            Set<String> inPart = new HashSet<>(bound);
            List<Expression> conditions = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (Pattern.Step s : el.steps()) {
                if (s.quantified() != null) {
                    Pattern.Quantified q = s.quantified();
                    List<Expression> inner = new ArrayList<>();
                    Pattern.NodePattern firstNode = q.element().start();
                    String first = innerName(firstNode, userNames);
                    inner.addAll(nodeConditions(first, firstNode));
                    List<PathPatternMatch.HopSpec> hops = new ArrayList<>();
                    for (Pattern.Step is : q.element().steps()) {
                        Pattern.RelationshipPattern r = is.relationship();
                        String rel = r.variable() != null ? r.variable() : anonymousName();
                        if (r.variable() != null) {
                            userNames.add(rel);
                        }
                        inner.addAll(relConditions(rel, r));
                        String node = innerName(is.node(), userNames);
                        inner.addAll(nodeConditions(node, is.node()));
                        hops.add(new PathPatternMatch.HopSpec(r.direction(), r.types(), slot(rel), r.variable() != null,
                                new PathPatternMatch.NodeSpec(slot(node), false, is.node().variable() != null)));
                        inPart.add(rel);
                        inPart.add(node);
                    }
                    inPart.add(first);
                    if (q.where() != null) {
                        inner.add(q.where());
                    }
                    String after = outerName(s.node(), bound, inPart, userNames);
                    Expression afterCondition = and(nodeConditions(after, s.node()));
                    conditions.add(afterCondition);
                    Expression condition = and(inner);
                    conditions.add(condition);
                    segments.add(new PathPatternMatch.Repeat(hops,
                            new PathPatternMatch.NodeSpec(slot(first), false, firstNode.variable() != null), condition,
                            q.min(), q.max() == null ? Long.MAX_VALUE : q.max(),
                            outerSpec(after, s.node(), bound, inPart), afterCondition,
                            local(afterCondition, bound, after)));
                    inPart.add(after);
                    text.append(q.text());
                    continue;
                }
                Pattern.RelationshipPattern r = s.relationship();
                String rel = relationshipName(r, inPart::contains, conjuncts, userNames);
                if (r.length() != null) {
                    // -[r*1..3]-> under a selector: the quantified relationship (()-[r]->()){1,3}
                    Expression condition = and(relConditions(rel, r));
                    String node = outerName(s.node(), bound, inPart, userNames);
                    Expression afterCondition = and(nodeConditions(node, s.node()));
                    conditions.add(condition);
                    conditions.add(afterCondition);
                    PathPatternMatch.NodeSpec between = new PathPatternMatch.NodeSpec(slot(anonymousName()), false,
                            false);
                    segments.add(new PathPatternMatch.Repeat(List.of(new PathPatternMatch.HopSpec(r.direction(),
                            r.types(), slot(rel), r.variable() != null, between)), between, condition,
                            r.length().min() == null ? 1 : r.length().min(),
                            r.length().max() == null ? Long.MAX_VALUE : r.length().max(),
                            outerSpec(node, s.node(), bound, inPart), afterCondition,
                            local(afterCondition, bound, node)));
                    inPart.add(rel);
                    inPart.add(node);
                    text.append(arrow(r, rel, node));
                    continue;
                }
                List<Expression> cond = new ArrayList<>(relConditions(rel, r));
                String node = outerName(s.node(), bound, inPart, userNames);
                cond.addAll(nodeConditions(node, s.node()));
                Expression condition = and(cond);
                conditions.add(condition);
                segments.add(new PathPatternMatch.Single(new PathPatternMatch.HopSpec(r.direction(), r.types(),
                        slot(rel), true, outerSpec(node, s.node(), bound, inPart)), condition,
                        local(condition, bound, rel, node)));
                inPart.add(rel);
                inPart.add(node);
                text.append(arrow(r, rel, node));
            }
            if (segments.isEmpty()) {
                // a lone node under a selector: the scan bound it, a path of it is that node
                if (part.where() != null) {
                    conjuncts.add(part.where());
                }
                if (part.pathVariable() == null) {
                    return cur;
                }
                userNames.add(part.pathVariable());
                bound.add(part.pathVariable());
                return new Expands.ConstructPath(cur, slot(part.pathVariable()),
                        List.of(new Expands.PathPiece(slot(start), false, false)), part.pathVariable());
            }
            String rels = anonymousName();
            inPart.add(rels);
            if (part.pathVariable() != null) {
                inPart.add(part.pathVariable());
                userNames.add(part.pathVariable());
            }
            for (Expression c : conditions) {
                register(c, inPart);
            }
            register(part.where(), inPart);
            PathPatternMatch.Selection selection = part.selector() == null ? null
                    : new PathPatternMatch.Selection(part.selector().count(), part.selector().groups());
            Operator out = new PathPatternMatch(cur, slot(start), segments, selection, part.where(), slot(rels),
                    part.pathVariable() == null ? -1 : slot(part.pathVariable()),
                    relSlots.stream().mapToInt(Integer::intValue).toArray(),
                    relListSlots.stream().mapToInt(Integer::intValue).toArray(),
                    (part.selector() == null ? "" : part.selector().text() + " ") + "(" + display(start) + ")"
                            + text);
            relListSlots.add(slot(rels));
            bound.addAll(inPart);
            return out;
        }

        /**
         * Whether {@code condition} reads only {@code own} and variables bound before the part, so
         * that checking it needs only its own step's variables bound (not the whole match so far).
         */
        private static boolean local(Expression condition, Set<String> before, String... own) {
            if (condition == null) {
                return true;
            }
            Set<String> free = new HashSet<>(ExpressionRewriter.freeVariables(condition));
            free.removeAll(before);
            free.removeAll(List.of(own));
            return free.isEmpty();
        }

        /** A node outside quantified path patterns: into it when it is bound, or seen earlier in the part. */
        private PathPatternMatch.NodeSpec outerSpec(String node, Pattern.NodePattern n, Set<String> bound,
                                                    Set<String> inPart) {
            return new PathPatternMatch.NodeSpec(slot(node), bound.contains(node) || inPart.contains(node),
                    n.variable() != null);
        }

        private String innerName(Pattern.NodePattern n, Set<String> userNames) {
            if (n.variable() == null) {
                return anonymousName();
            }
            userNames.add(n.variable());
            return n.variable();
        }

        private String outerName(Pattern.NodePattern n, Set<String> bound, Set<String> inPart, Set<String> userNames) {
            if (n.variable() == null) {
                return anonymousName();
            }
            if (!bound.contains(n.variable()) && !inPart.contains(n.variable()) && !scope.contains(n.variable())) {
                userNames.add(n.variable());
            }
            return n.variable();
        }

        /** What a node pattern requires of the node bound to {@code name}. */
        private List<Expression> nodeConditions(String name, Pattern.NodePattern n) {
            List<Expression> out = new ArrayList<>();
            if (!n.labels().isEmpty()) {
                out.add(new Expression.HasLabels(var(name), n.labels(), n.position()));
            }
            return entityConditions(name, n.labelExpression(), n.properties(), n.where(), n.position(), out);
        }

        /** What a relationship pattern requires beyond its direction and list of types. */
        private List<Expression> relConditions(String name, Pattern.RelationshipPattern r) {
            return entityConditions(name, r.typeExpression(), r.properties(), r.where(), r.position(),
                    new ArrayList<>());
        }

        /** Adds to {@code out} the checks of a label or type expression, a property map and an inline WHERE. */
        private List<Expression> entityConditions(String name, io.memgraph.ha.query.ast.LabelExpression expression,
                                                  Expression properties, Expression where, Position p,
                                                  List<Expression> out) {
            if (expression != null) {
                out.add(new Expression.HasLabels(var(name), List.of(), expression, p));
            }
            if (properties instanceof Expression.MapLiteral ml) {
                for (Expression.MapEntry e : ml.entries()) {
                    out.add(eq(name, e.key(), e.value()));
                }
            }
            if (where != null) {
                out.add(where);
            }
            return out;
        }

        private static Expression and(List<Expression> conditions) {
            return conditions.isEmpty() ? null : io.memgraph.ha.query.ast.Expressions.and(conditions, Position.NONE);
        }

        private static String arrow(Pattern.RelationshipPattern r, String rel, String node) {
            return (r.direction() == Pattern.Direction.INCOMING ? "<-[" : "-[") + display(rel)
                    + (r.types().isEmpty() ? "" : ":" + String.join("|", r.types())) + "]"
                    + (r.direction() == Pattern.Direction.OUTGOING ? "->(" : "-(") + display(node) + ")";
        }

        private Operator expand(Operator cur, Step s, Set<String> bound, List<Integer> relSlots,
                                List<Integer> relListSlots) {
            boolean fromLeft = bound.contains(s.left());
            String from = fromLeft ? s.left() : s.right();
            String to = fromLeft ? s.right() : s.left();
            Pattern.RelationshipPattern r = s.pattern();
            Pattern.Direction dir = fromLeft ? r.direction() : flip(r.direction());
            boolean toBound = bound.contains(to);
            String arrowL = dir == Pattern.Direction.INCOMING ? "<-" : "-";
            String arrowR = dir == Pattern.Direction.OUTGOING ? "->" : "-";
            String text = "(" + display(from) + ")" + arrowL + "[" + display(s.rel())
                    + (r.types().isEmpty() ? "" : ":" + String.join("|", r.types()))
                    + (r.length() == null ? "" : "*") + "]" + arrowR + "(" + display(to) + ")";
            Expands.Hop hop = new Expands.Hop(slot(from), slot(s.rel()), slot(to), toBound, dir, r.types(),
                    relSlots.stream().mapToInt(Integer::intValue).toArray(),
                    relListSlots.stream().mapToInt(Integer::intValue).toArray(), text);
            Operator out;
            if (r.length() == null) {
                out = new Expands.Expand(cur, hop);
                relSlots.add(slot(s.rel()));
            } else {
                long min = r.length().min() == null ? 1 : r.length().min();
                long max = r.length().max() == null ? Long.MAX_VALUE : r.length().max();
                if (r.filter() != null) {
                    requireBoundForFilter(r.filter(), bound);
                }
                out = new Expands.VarLengthExpand(cur, hop, min, max, r.properties(), !fromLeft, r.filter());
                relListSlots.add(slot(s.rel()));
            }
            bound.add(s.rel());
            bound.add(to);
            return out;
        }

        /**
         * Places every conjunct whose variables are all bound on top of {@code cur}, in their
         * order, as one filter (a WHERE of many conjuncts must not make the plan as deep).
         */
        private Operator pushFilters(Operator cur, List<Expression> conjuncts, Set<String> bound) {
            List<Expression> placed = new ArrayList<>();
            var it = conjuncts.iterator();
            while (it.hasNext()) {
                Expression c = it.next();
                if (bound.containsAll(ExpressionRewriter.freeVariables(c))) {
                    register(c, bound);
                    placed.add(c);
                    it.remove();
                }
            }
            return placed.isEmpty() ? cur
                    : new Flow.Filter(cur, placed, describeVars(placed.toArray(new Expression[0])));
        }

        // ------------------------------------------------------------ scan choice

        private Candidate candidate(String node, List<String> nodeLabels, List<Expression> conjuncts,
                                    Set<String> bound) {
            Candidate best = new Candidate(4, tx.approximateVertexCount(), null, null, null, null, null, false,
                    false, null);
            IdLookup byId = idLookup(node, conjuncts, bound);
            if (byId != null) {
                return byId.list() ? new Candidate(0, 1, null, null, null, null, null, false, false, null, null, null,
                        byId.id()) : new Candidate(0, 1, null, null, byId.id(), null, null, false, false, null);
            }
            for (String label : nodeLabels) {
                long count = tx.approximateLabelCount(label);
                Candidate c = new Candidate(3, count, label, null, null, null, null, false, false, null);
                if (c.better(best)) {
                    best = c;
                }
                for (Expression conj : conjuncts) {
                    Candidate ic = indexCandidate(node, label, conj, bound, conjuncts);
                    if (ic != null && ic.better(best)) {
                        best = ic;
                    }
                }
                for (SchemaItem item : tx.schema()) {
                    if (item instanceof SchemaItem.CompositeIndex ci && ci.label().equals(label)) {
                        Candidate cc = compositeCandidate(node, ci, conjuncts, bound);
                        if (cc != null && cc.better(best)) {
                            best = cc;
                        }
                    }
                }
            }
            return best;
        }

        /** The seek of a composite index when the conjuncts give each of its properties a value now, else null. */
        private Candidate compositeCandidate(String node, SchemaItem.CompositeIndex ci, List<Expression> conjuncts,
                                            Set<String> bound) {
            List<Expression> values = equalities(node, ci.properties(), conjuncts, bound);
            // Equality on several properties narrows more than on one of them.
            return values == null ? null : new Candidate(1, Math.max(0, tx.approximateIndexCount(ci))
                    / ci.properties().size(), ci.label(), null, null, null, null, false, false, null,
                    ci.properties(), values);
        }

        /** Binds {@code node} by the candidate's scan; the label it scans needs no filter. */
        private Operator start(Operator cur, String node, Candidate c, List<Expression> conjuncts, Set<String> bound) {
            Operator scan = c.scan(cur, slot(node), display(node));
            bound.add(node);
            if (c.label() != null) {
                dropScannedLabel(conjuncts, node, c.label());
            }
            return scan;
        }

        // ------------------------------------------------------------ hints

        /** A start a hint asks for: the scan of a node, or the seek of a relationship ({@code seek} set). */
        private record HintedStart(String node, Candidate candidate, EdgeSeek seek) {}

        /**
         * The first of a MATCH's Neo4j hints, in the order written, whose variable is not bound yet
         * and whose label scan or index seek can bind it now; null when none. Never fulfilled: an
         * index that does not exist or of a kind this storage has not (TEXT, POINT), a predicate no
         * seek serves (this planner has no index scan), a relationship type scan, a join.
         */
        private HintedStart hintedStart(List<Hint> hints, Set<String> nodes, List<Step> pending,
                                        List<Expression> conjuncts, Set<String> bound) {
            for (Hint h : hints) {
                if (h instanceof Hint.Scan s && nodes.contains(s.variable()) && !bound.contains(s.variable())) {
                    return new HintedStart(s.variable(), labelCandidate(s.labelOrType()), null);
                }
                if (h instanceof Hint.Index i && !bound.contains(i.variable())
                        && (i.kind() == Hint.IndexKind.ANY || i.kind() == Hint.IndexKind.RANGE)) {
                    if (nodes.contains(i.variable())) {
                        Candidate c = indexedStart(i.variable(), i.labelOrType(), i.properties(), conjuncts, bound);
                        if (c != null) {
                            return new HintedStart(i.variable(), c, null);
                        }
                    } else {
                        EdgeSeek seek = edgeSeek(pending, conjuncts, bound, i);
                        if (seek != null) {
                            return new HintedStart(null, null, seek);
                        }
                    }
                }
            }
            return null;
        }

        /**
         * The start Memgraph's hints ask for: the first hint (in the order written) on one of the
         * node's labels whose index exists and, for a property index, can seek now; null when none.
         */
        private Candidate preferredStart(String node, List<String> nodeLabels, List<Expression> conjuncts,
                                         Set<String> bound) {
            for (Hint.PreferIndex h : preferred) {
                if (!nodeLabels.contains(h.label())) {
                    continue;
                }
                if (h.properties().isEmpty()) {
                    if (tx.hasLabelIndex(h.label())) {
                        return labelCandidate(h.label());
                    }
                } else {
                    Candidate c = indexedStart(node, h.label(), h.properties(), conjuncts, bound);
                    if (c != null) {
                        return c;
                    }
                }
            }
            return null;
        }

        private Candidate labelCandidate(String label) {
            return new Candidate(3, tx.approximateLabelCount(label), label, null, null, null, null, false, false, null);
        }

        /**
         * The best seek of the index on exactly {@code label(properties)} (a label+property index, or
         * a composite one with the properties in that order) that the conjuncts give values now; null
         * when there is no such index or no such seek.
         */
        private Candidate indexedStart(String node, String label, List<String> properties,
                                       List<Expression> conjuncts, Set<String> bound) {
            if (properties.size() == 1) {
                Candidate best = null;
                for (Expression conj : conjuncts) {
                    Candidate c = indexCandidate(node, label, conj, bound, conjuncts);
                    if (c != null && c.key().equals(properties.get(0)) && (best == null || c.better(best))) {
                        best = c;
                    }
                }
                return best;
            }
            for (SchemaItem item : tx.schema()) {
                if (item instanceof SchemaItem.CompositeIndex ci && ci.label().equals(label)
                        && ci.properties().equals(properties)) {
                    return compositeCandidate(node, ci, conjuncts, bound);
                }
            }
            return null;
        }

        /** For each key, the value of a conjunct {@code variable.key = value} computable now; null if one is missing. */
        private List<Expression> equalities(String variable, List<String> keys, List<Expression> conjuncts,
                                            Set<String> bound) {
            List<Expression> values = new ArrayList<>();
            for (String key : keys) {
                Expression found = null;
                for (Expression c : conjuncts) {
                    if (c instanceof Expression.Binary b && b.operator() == Expression.BinaryOperator.EQ) {
                        PropertyOperand po = propertyOperand(variable, b, bound);
                        if (po != null && po.key().equals(key)) {
                            found = po.value();
                            break;
                        }
                    }
                }
                if (found == null) {
                    return null;
                }
                values.add(found);
            }
            return values;
        }

        /** A relationship index seek that can start the pattern: a step with neither end bound. */
        private record EdgeSeek(Step step, SchemaItem.EdgePropertyIndex index, List<Expression> values,
                                long estimate) {}

        /** The cheapest such seek, or with {@code hint} the seek of its relationship with exactly its index. */
        private EdgeSeek edgeSeek(List<Step> pending, List<Expression> conjuncts, Set<String> bound,
                                  Hint.Index hint) {
            EdgeSeek best = null;
            for (Step s : pending) {
                Pattern.RelationshipPattern r = s.pattern();
                if (r.length() != null || r.types().size() != 1 || bound.contains(s.left())
                        || bound.contains(s.right()) || bound.contains(s.rel())
                        || hint != null && !s.rel().equals(hint.variable())) {
                    continue;
                }
                for (SchemaItem item : tx.schema()) {
                    if (item instanceof SchemaItem.EdgePropertyIndex ei && ei.label().equals(r.types().get(0))
                            && (hint == null || ei.label().equals(hint.labelOrType())
                                && ei.properties().equals(hint.properties()))) {
                        List<Expression> values = equalities(s.rel(), ei.properties(), conjuncts, bound);
                        // As for nodes: equality on several properties narrows more than on one.
                        long estimate = Math.max(0, tx.approximateIndexCount(ei)) / ei.properties().size();
                        if (values != null && (best == null || estimate < best.estimate())) {
                            best = new EdgeSeek(s, ei, values, estimate);
                        }
                    }
                }
            }
            return best;
        }

        /**
         * A lookup by id of a node or relationship: {@code id(v) = x} or {@code elementId(v) = x}
         * (one value), {@code id(v) IN list} or {@code elementId(v) IN list} (Spring Data Neo4j loads
         * entities so), with the value computable before {@code v} is bound.
         */
        private record IdLookup(Expression id, boolean list) {}

        /** The first conjunct that looks {@code variable} up by id, or null. */
        private IdLookup idLookup(String variable, List<Expression> conjuncts, Set<String> bound) {
            for (Expression c : conjuncts) {
                if (!(c instanceof Expression.Binary b)) {
                    continue;
                }
                if (b.operator() == Expression.BinaryOperator.EQ) {
                    Expression other = idArgumentOther(variable, b);
                    if (other != null && bound.containsAll(ExpressionRewriter.freeVariables(other))) {
                        return new IdLookup(other, false);
                    }
                } else if (b.operator() == Expression.BinaryOperator.IN && isIdOf(b.left(), variable)
                        && computable(b.right(), variable, bound)) {
                    return new IdLookup(b.right(), true);
                }
            }
            return null;
        }

        /** A relationship id seek that can start the pattern: a single-hop step with neither end bound. */
        private record EdgeIdSeek(Step step, IdLookup lookup) {}

        private EdgeIdSeek edgeIdSeek(List<Step> pending, List<Expression> conjuncts, Set<String> bound) {
            for (Step s : pending) {
                if (s.pattern().length() != null || bound.contains(s.left()) || bound.contains(s.right())
                        || bound.contains(s.rel())) {
                    continue;
                }
                IdLookup byId = idLookup(s.rel(), conjuncts, bound);
                if (byId != null) {
                    return new EdgeIdSeek(s, byId);
                }
            }
            return null;
        }

        private Operator edgeIdSeekScan(Operator cur, EdgeIdSeek seek, Set<String> bound, List<Integer> relSlots,
                                        List<Integer> relListSlots) {
            Step s = seek.step();
            List<String> types = s.pattern().types();
            Operator out = new IndexSeeks.ScanRelationshipsById(cur, slot(s.left()), slot(s.rel()), slot(s.right()),
                    s.pattern().direction(), types, seek.lookup().id(), seek.lookup().list(), slots(relSlots),
                    slots(relListSlots),
                    seekText(s, types.isEmpty() ? "" : ":" + String.join("|", types)));
            boundBySeek(s, bound, relSlots);
            return out;
        }

        private Operator edgeSeekScan(Operator cur, EdgeSeek seek, Set<String> bound, List<Integer> relSlots,
                                      List<Integer> relListSlots) {
            Step s = seek.step();
            Operator out = new IndexSeeks.ScanRelationshipsByProperties(cur, slot(s.left()), slot(s.rel()),
                    slot(s.right()), s.pattern().direction(), seek.index().label(), seek.index().properties(),
                    seek.values(), slots(relSlots), slots(relListSlots), seekText(s, ":" + seek.index().label()
                            + " {" + String.join(", ", seek.index().properties()) + "}"));
            boundBySeek(s, bound, relSlots);
            return out;
        }

        /** {@code (left)-[rel<detail>]->(right)} in the step's direction, as a seek names its step. */
        private static String seekText(Step s, String detail) {
            Pattern.Direction dir = s.pattern().direction();
            return "(" + display(s.left()) + ")" + (dir == Pattern.Direction.INCOMING ? "<-" : "-") + "["
                    + display(s.rel()) + detail + "]" + (dir == Pattern.Direction.OUTGOING ? "->" : "-") + "("
                    + display(s.right()) + ")";
        }

        /** A seek bound the step's relationship and both its ends. */
        private void boundBySeek(Step s, Set<String> bound, List<Integer> relSlots) {
            relSlots.add(slot(s.rel()));
            bound.add(s.left());
            bound.add(s.rel());
            bound.add(s.right());
        }

        private static int[] slots(List<Integer> slots) {
            return slots.stream().mapToInt(Integer::intValue).toArray();
        }

        private Candidate indexCandidate(String node, String label, Expression c, Set<String> bound,
                                         List<Expression> conjuncts) {
            if (!(c instanceof Expression.Binary b)) {
                return null;
            }
            PropertyOperand po = propertyOperand(node, b, bound);
            if (po == null || !tx.hasLabelPropertyIndex(label, po.key())) {
                return null;
            }
            long count = Math.max(0, tx.approximatePropertyIndexCount(label, po.key()));
            Expression.BinaryOperator operator = po.flipped() ? flipComparison(b.operator()) : b.operator();
            switch (operator) {
                case EQ:
                    return new Candidate(1, count, label, po.key(), po.value(), null, null, false, false, null);
                case STARTS_WITH:
                    return po.flipped() ? null
                            : new Candidate(2, count, label, po.key(), null, null, null, false, false, po.value());
                case GT:
                case GE:
                case LT:
                case LE: {
                    // Combine with the opposite bound on the same property when there is one.
                    Expression lower = null;
                    Expression upper = null;
                    boolean lowerInc = false;
                    boolean upperInc = false;
                    for (Expression other : conjuncts) {
                        if (!(other instanceof Expression.Binary ob)) {
                            continue;
                        }
                        PropertyOperand o = propertyOperand(node, ob, bound);
                        if (o == null || !o.key().equals(po.key())) {
                            continue;
                        }
                        Expression.BinaryOperator op2 = o.flipped() ? flipComparison(ob.operator()) : ob.operator();
                        if ((op2 == Expression.BinaryOperator.GT || op2 == Expression.BinaryOperator.GE)
                                && lower == null) {
                            lower = o.value();
                            lowerInc = op2 == Expression.BinaryOperator.GE;
                        } else if ((op2 == Expression.BinaryOperator.LT || op2 == Expression.BinaryOperator.LE)
                                && upper == null) {
                            upper = o.value();
                            upperInc = op2 == Expression.BinaryOperator.LE;
                        }
                    }
                    return new Candidate(2, count / (lower != null && upper != null ? 4 : 2), label, po.key(),
                            null, lower, upper, lowerInc, upperInc, null);
                }
                default:
                    return null;
            }
        }

        private record PropertyOperand(String key, Expression value, boolean flipped) {}

        /** {@code node.key OP value} (or {@code value OP node.key}, flipped) with value computable now. */
        private PropertyOperand propertyOperand(String node, Expression.Binary b, Set<String> bound) {
            if (isPropertyOf(b.left(), node) && computable(b.right(), node, bound)) {
                return new PropertyOperand(((Expression.Property) b.left()).key(), b.right(), false);
            }
            if (isPropertyOf(b.right(), node) && computable(b.left(), node, bound)) {
                return new PropertyOperand(((Expression.Property) b.right()).key(), b.left(), true);
            }
            return null;
        }

        private Expression idArgumentOther(String node, Expression.Binary b) {
            if (isIdOf(b.left(), node) && !ExpressionRewriter.freeVariables(b.right()).contains(node)) {
                return b.right();
            }
            if (isIdOf(b.right(), node) && !ExpressionRewriter.freeVariables(b.left()).contains(node)) {
                return b.left();
            }
            return null;
        }

        /** {@code id(node)} or {@code elementId(node)}: our element ids are the decimal ids. */
        private static boolean isIdOf(Expression e, String node) {
            return e instanceof Expression.FunctionCall f && f.arguments().size() == 1
                    && (f.lowerName().equals("id") || f.lowerName().equals("elementid"))
                    && f.arguments().get(0) instanceof Expression.Variable v && v.name().equals(node);
        }

        private static boolean isPropertyOf(Expression e, String node) {
            return e instanceof Expression.Property p && p.subject() instanceof Expression.Variable v
                    && v.name().equals(node);
        }

        private static boolean computable(Expression e, String node, Set<String> bound) {
            Set<String> fv = ExpressionRewriter.freeVariables(e);
            return !fv.contains(node) && bound.containsAll(fv);
        }

        // ------------------------------------------------------------ projections

        /** Plans WITH/RETURN; returns the column names and makes them the new scope. */
        List<String> projection(Projection p, boolean isReturn) {
            return projection(p, isReturn, null);
        }

        /**
         * Plans a projection and a WITH's {@code where}. Like ORDER BY, the WHERE sees the projected
         * names and the variables from before the projection (still in the frame); expressions equal
         * to projected ones read the projected value.
         */
        List<String> projection(Projection p, boolean isReturn, Expression where) {
            List<Projection.Item> items = new ArrayList<>();
            if (p.star()) {
                List<String> vars = new ArrayList<>(scope);
                vars.removeAll(hidden); // imported, dropped by a WITH: visible, not in *
                if (isReturn) {
                    vars.sort(null);
                }
                for (String v : vars) {
                    if (p.items().stream().noneMatch(i -> i.name().equals(v))) {
                        items.add(new Projection.Item(var(v), null, v, Position.NONE));
                    }
                }
            }
            for (Projection.Item item : p.items()) {
                items.add(new Projection.Item(ExpressionRewriter.patternSizes(item.expression()), item.alias(),
                        item.text(), item.position()));
            }
            List<String> names = new ArrayList<>();
            for (Projection.Item item : items) {
                names.add(item.name());
                register(item.expression(), scope);
            }
            boolean aggregating = items.stream().anyMatch(i -> containsAggregate(i.expression()));
            Map<Expression, Expression> itemSubst = new HashMap<>();
            if (aggregating) {
                List<Expression> keys = new ArrayList<>();
                List<Integer> keySlots = new ArrayList<>();
                Map<Expression, Expression> subst = new LinkedHashMap<>();
                List<Flow.AggregateSpec> aggs = new ArrayList<>();
                for (Projection.Item item : items) {
                    if (!containsAggregate(item.expression())) {
                        keys.add(item.expression());
                        keySlots.add(slot(item.name()));
                        subst.put(item.expression(), var(item.name()));
                    }
                }
                for (Projection.Item item : items) {
                    if (containsAggregate(item.expression())) {
                        collectAggregates(item.expression(), subst, aggs);
                    }
                }
                op = new Flow.Aggregate(op, keys, keySlots.stream().mapToInt(Integer::intValue).toArray(), aggs,
                        String.join(", ", names));
                List<Expression> finals = new ArrayList<>();
                List<Integer> finalSlots = new ArrayList<>();
                for (Projection.Item item : items) {
                    if (containsAggregate(item.expression())) {
                        finals.add(ExpressionRewriter.replace(item.expression(), subst));
                        finalSlots.add(slot(item.name()));
                    }
                }
                op = new Flow.Projection(op, finals, finalSlots.stream().mapToInt(Integer::intValue).toArray(),
                        String.join(", ", names));
            } else {
                List<Expression> exprs = new ArrayList<>();
                int[] slots = new int[items.size()];
                for (int i = 0; i < items.size(); i++) {
                    exprs.add(items.get(i).expression());
                    slots[i] = slot(items.get(i).name());
                }
                op = new Flow.Projection(op, exprs, slots, String.join(", ", names));
            }
            for (Projection.Item item : items) {
                if (!(item.expression() instanceof Expression.Variable v && v.name().equals(item.name()))) {
                    itemSubst.put(item.expression(), var(item.name()));
                }
            }
            if (p.distinct()) {
                op = new Flow.Distinct(op, names.stream().mapToInt(this::slot).toArray());
            }
            if (!p.orderBy().isEmpty()) {
                List<Expression> keys = new ArrayList<>();
                boolean[] asc = new boolean[p.orderBy().size()];
                int i = 0;
                for (Projection.SortItem s : p.orderBy()) {
                    keys.add(ExpressionRewriter.replace(ExpressionRewriter.patternSizes(s.expression()), itemSubst));
                    Set<String> visible = new HashSet<>(scope);
                    visible.addAll(names);
                    register(keys.get(keys.size() - 1), visible);
                    asc[i++] = s.ascending();
                }
                op = new Flow.OrderBy(op, keys, asc, describeVars(keys.toArray(new Expression[0])));
            }
            if (wroteSinceEager && (p.skip() != null || p.limit() != null)) {
                // SKIP and LIMIT cut the result, never the writes before them: every row is
                // written before the first one is passed on, and LIMIT drains its input.
                op = new Flow.Eager(op);
                wroteSinceEager = false;
                readSinceEager = false;
                readsSinceEager = 0;
            }
            boolean drain = writes;
            if (p.skip() != null) {
                op = new Flow.Skip(op, p.skip());
            }
            if (p.limit() != null) {
                op = new Flow.Limit(op, p.limit(), drain);
            }
            if (where != null) {
                Expression w = ExpressionRewriter.replace(ExpressionRewriter.patternSizes(where), itemSubst);
                Set<String> visible = new HashSet<>(scope);
                visible.addAll(names);
                register(w, visible);
                op = new Flow.Filter(op, w, describeVars(w));
            }
            scope.clear();
            scope.addAll(names);
            if (!isReturn) {
                hidden = new HashSet<>(carried);
                hidden.removeAll(names);
                scope.addAll(hidden);
            }
            return names;
        }

        private void collectAggregates(Expression e, Map<Expression, Expression> subst, List<Flow.AggregateSpec> aggs) {
            if (subst.containsKey(e)) {
                return;
            }
            if (Aggregations.isAggregate(e)) {
                String name = ExpressionRewriter.MARKER + "agg" + aggs.size() + "#" + anonymous++;
                if (e instanceof Expression.CountStar) {
                    aggs.add(new Flow.AggregateSpec(slot(name), null, false, List.of()));
                } else {
                    Expression.FunctionCall f = (Expression.FunctionCall) e;
                    aggs.add(new Flow.AggregateSpec(slot(name), f.lowerName(), f.distinct(), f.arguments()));
                }
                subst.put(e, var(name));
                return;
            }
            for (Expression c : io.memgraph.ha.query.ast.Expressions.children(e)) {
                collectAggregates(c, subst, aggs);
            }
        }

        // ------------------------------------------------------------ writes

        List<Updates.PartSpec> createParts(List<Pattern.Part> parts) {
            Set<String> known = new HashSet<>(scope);
            List<Updates.PartSpec> out = new ArrayList<>();
            for (Pattern.Part part : parts) {
                out.add(createPart(part, known));
            }
            return out;
        }

        private Updates.PartSpec createPart(Pattern.Part part, Set<String> known) {
            List<Updates.NodeSpec> nodes = new ArrayList<>();
            List<Updates.RelSpec> rels = new ArrayList<>();
            nodes.add(nodeSpec(part.element().start(), known));
            int k = 0;
            for (Pattern.Step s : part.element().steps()) {
                nodes.add(nodeSpec(s.node(), known));
                Pattern.RelationshipPattern r = s.relationship();
                String name = r.variable() == null ? anonymousName() : r.variable();
                if (r.variable() != null) {
                    scope.add(name);
                    known.add(name);
                }
                boolean incoming = r.direction() == Pattern.Direction.INCOMING;
                // the semantic analysis let through one plain type or one $(...)
                LabelExpression.Dynamic dynamicType = (LabelExpression.Dynamic) r.typeExpression();
                if (dynamicType != null) {
                    register(dynamicType.expression(), scope);
                }
                rels.add(new Updates.RelSpec(slot(name), incoming ? k + 1 : k, incoming ? k : k + 1,
                        dynamicType == null ? r.types().get(0) : null, dynamicType, r.properties()));
                k++;
            }
            int pathSlot = -1;
            if (part.pathVariable() != null) {
                pathSlot = slot(part.pathVariable());
                scope.add(part.pathVariable());
            }
            return new Updates.PartSpec(nodes, rels, pathSlot);
        }

        private Updates.NodeSpec nodeSpec(Pattern.NodePattern n, Set<String> known) {
            String name = n.variable() == null ? anonymousName() : n.variable();
            boolean create = !known.contains(name);
            if (n.variable() != null) {
                known.add(name);
                scope.add(name);
            }
            List<LabelExpression.Dynamic> dynamic = n.labelExpression() == null ? List.of()
                    : LabelExpression.conjunctionOfDynamics(n.labelExpression());
            for (LabelExpression.Dynamic d : dynamic) {
                register(d.expression(), scope);
            }
            return new Updates.NodeSpec(slot(name), create, n.labels(), dynamic, n.properties());
        }

        void merge(Clause.Merge m) {
            Set<String> before = new HashSet<>(scope);
            Pattern.Element el = m.part().element();
            List<String> fresh = new ArrayList<>();
            addFresh(el.start().variable(), before, fresh);
            for (Pattern.Step s : el.steps()) {
                addFresh(s.relationship().variable(), before, fresh);
                addFresh(s.node().variable(), before, fresh);
            }
            Updates.PartSpec create = createPart(m.part(), new HashSet<>(before));
            List<Updates.SetSpec> onMatch = new ArrayList<>();
            List<Updates.SetSpec> onCreate = new ArrayList<>();
            for (Clause.MergeAction a : m.actions()) {
                (a.onCreate() ? onCreate : onMatch).addAll(setSpecs(a.items()));
            }
            op = new Updates.Merge(op, el, before, fresh, fresh.stream().mapToInt(this::slot).toArray(),
                    m.part().pathVariable(), m.part().pathVariable() == null ? -1 : slot(m.part().pathVariable()),
                    create, onMatch, onCreate);
            scope.addAll(fresh);
        }

        private void addFresh(String name, Set<String> before, List<String> fresh) {
            if (name != null && !before.contains(name) && !fresh.contains(name)) {
                fresh.add(name);
            }
        }

        List<Updates.SetSpec> setSpecs(List<Clause.SetItem> items) {
            List<Updates.SetSpec> out = new ArrayList<>();
            for (Clause.SetItem item : items) {
                if (item instanceof Clause.SetProperty sp) {
                    register(sp.value(), scope);
                } else if (item instanceof Clause.SetDynamicProperty sd) {
                    register(sd.target(), scope);
                    register(sd.value(), scope);
                } else if (item instanceof Clause.SetVariable sv) {
                    register(sv.value(), scope);
                } else if (item instanceof Clause.SetLabels sl) {
                    sl.dynamicLabels().forEach(d -> register(d.expression(), scope));
                }
                int s = -1;
                if (item instanceof Clause.SetVariable sv) {
                    s = slot(sv.variable());
                } else if (item instanceof Clause.SetLabels sl) {
                    s = slot(sl.variable());
                }
                out.add(new Updates.SetSpec(item, s));
            }
            return out;
        }

        // ------------------------------------------------------------ CALL { }

        void callSubquery(Clause.CallSubquery cs) {
            Query q = cs.query();
            Set<String> imported = new LinkedHashSet<>();
            if (cs.scopeAll()) {
                imported.addAll(scope);
            } else if (cs.scope() != null) {
                imported.addAll(cs.scope());
            } else {
                for (Query.SingleQuery single : q.parts()) {
                    imported.addAll(importedByWith(single));
                }
            }
            Body sub = body(q, cs.scoped() ? single -> imported : this::importedByWith);
            readSinceEager |= sub.read();
            wroteSinceEager |= sub.wrote();
            int[] importFrom = imported.stream().mapToInt(this::slot).toArray();
            int[] importTo = imported.stream().mapToInt(sub.symbols()::slot).toArray();
            if (symbols.find(CsvPosition.VARIABLE) >= 0) { // linenumber() and file() inside the body
                importFrom = java.util.Arrays.copyOf(importFrom, importFrom.length + 1);
                importFrom[importFrom.length - 1] = symbols.find(CsvPosition.VARIABLE);
                importTo = java.util.Arrays.copyOf(importTo, importTo.length + 1);
                importTo[importTo.length - 1] = sub.symbols().slot(CsvPosition.VARIABLE);
            }
            List<String> cols = sub.columns();
            int[] returnFrom = cols.stream().mapToInt(sub.symbols()::slot).toArray();
            int[] returnTo = cols.stream().mapToInt(this::slot).toArray();
            Flow.Apply apply = new Flow.Apply(op, sub.root(), sub.symbols(), importFrom, importTo, returnFrom,
                    returnTo, cs.optional());
            Clause.InTransactions inTx = cs.inTransactions();
            if (inTx == null) {
                op = apply;
            } else if (inTx.repeat() != null) {
                Clause.Repeat r = inTx.repeat();
                int statusSlot = inTx.reportStatus() == null ? -1 : slot(inTx.reportStatus());
                op = new RepeatInTransactions(apply, r.atLeast(), inTx.onError(), statusSlot,
                        r.previous() == null ? -1 : slot(r.previous()), r.total() == null ? -1 : slot(r.total()),
                        r.procedure());
            } else {
                int statusSlot = inTx.reportStatus() == null ? -1 : slot(inTx.reportStatus());
                op = new ApplyInTransactions(apply, inTx.batchSize(), inTx.concurrency(), graphFree, inTx.onError(),
                        statusSlot);
            }
            scope.addAll(cols);
            if (inTx != null && inTx.reportStatus() != null) {
                scope.add(inTx.reportStatus());
            }
        }

        /** A LOAD CSV, UNWIND or WITH whose expressions do not read the graph. */
        private static boolean computesOnly(Clause c) {
            return (c instanceof Clause.LoadCsv || c instanceof Clause.Unwind || c instanceof Clause.With)
                    && graphFree(expressionsOf(c));
        }

        private static CsvFormat format(Clause.LoadCsv l) {
            return new CsvFormat(l.memgraph() ? CsvFormat.Dialect.MEMGRAPH : CsvFormat.Dialect.NEO4J, l.headers(),
                    l.delimiter(), l.quote(), l.nullIf(), l.ignoreBad());
        }

        /** The outer variables a leading importing WITH of {@code single} names. */
        private Set<String> importedByWith(Query.SingleQuery single) {
            Set<String> imported = new LinkedHashSet<>();
            List<Clause> clauses = single.clauses();
            if (!clauses.isEmpty() && clauses.get(0) instanceof Clause.With w && !w.standalone()) {
                if (w.projection().star()) {
                    imported.addAll(scope);
                }
                for (Projection.Item item : w.projection().items()) {
                    for (String v : ExpressionRewriter.freeVariables(item.expression())) {
                        if (scope.contains(v)) {
                            imported.add(v);
                        }
                    }
                }
            }
            return imported;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A way to start a pattern, ranked: id seek, index equality, index range/prefix, label, all. */
    private record Candidate(int rank, long estimate, String label, String key, Expression equal,
                             Expression lower, Expression upper, boolean lowerInclusive, boolean upperInclusive,
                             Expression prefix, List<String> keys, List<Expression> values, Expression idList) {
        /** A candidate on at most one property. */
        Candidate(int rank, long estimate, String label, String key, Expression equal, Expression lower,
                  Expression upper, boolean lowerInclusive, boolean upperInclusive, Expression prefix) {
            this(rank, estimate, label, key, equal, lower, upper, lowerInclusive, upperInclusive, prefix, null, null);
        }

        /** A candidate on several properties at once (a composite index). */
        Candidate(int rank, long estimate, String label, String key, Expression equal, Expression lower,
                  Expression upper, boolean lowerInclusive, boolean upperInclusive, Expression prefix,
                  List<String> keys, List<Expression> values) {
            this(rank, estimate, label, key, equal, lower, upper, lowerInclusive, upperInclusive, prefix, keys, values,
                    null);
        }

        boolean better(Candidate o) {
            return rank != o.rank ? rank < o.rank : estimate < o.estimate;
        }

        Operator scan(Operator input, int slot, String variable) {
            switch (rank) {
                case 0:
                    return idList != null ? new Scans.ScanById(input, slot, variable, idList, true)
                            : new Scans.ScanById(input, slot, variable, equal);
                case 1:
                    if (keys != null) {
                        return new IndexSeeks.ScanByLabelProperties(input, slot, variable, label, keys, values);
                    }
                    return new Scans.ScanByLabelPropertyEquality(input, slot, variable, label, key, equal);
                case 2:
                    if (prefix != null) {
                        return new Scans.ScanByLabelPropertyPrefix(input, slot, variable, label, key, prefix);
                    }
                    return new Scans.ScanByLabelPropertyRange(input, slot, variable, label, key, lower,
                            lowerInclusive, upper, upperInclusive);
                case 3:
                    return new Scans.ScanByLabel(input, slot, variable, label);
                default:
                    return new Scans.ScanAll(input, slot, variable);
            }
        }
    }

    private static Expression.Variable var(String name) {
        return new Expression.Variable(name, Position.NONE);
    }

    private static Expression eq(String variable, String key, Expression value) {
        return new Expression.Binary(Expression.BinaryOperator.EQ,
                new Expression.Property(var(variable), key, Position.NONE), value, Position.NONE);
    }

    private static Pattern.Direction flip(Pattern.Direction d) {
        return switch (d) {
            case OUTGOING -> Pattern.Direction.INCOMING;
            case INCOMING -> Pattern.Direction.OUTGOING;
            case BOTH -> Pattern.Direction.BOTH;
        };
    }

    private static Expression.BinaryOperator flipComparison(Expression.BinaryOperator op) {
        return switch (op) {
            case LT -> Expression.BinaryOperator.GT;
            case LE -> Expression.BinaryOperator.GE;
            case GT -> Expression.BinaryOperator.LT;
            case GE -> Expression.BinaryOperator.LE;
            default -> op;
        };
    }

    private static boolean containsAggregate(Expression e) {
        return io.memgraph.ha.query.ast.Expressions.anyMatch(e, Aggregations::isAggregate);
    }

    /** How EXPLAIN shows a variable: anonymous ones as {@code anon}. */
    private static String display(String name) {
        return name.startsWith(ExpressionRewriter.MARKER) ? "anon" + name.replaceAll("\\D", "") : name;
    }

    private static String describeVars(Expression... es) {
        Set<String> vars = new TreeSet<>();
        for (Expression e : es) {
            for (String v : ExpressionRewriter.freeVariables(e)) {
                vars.add(display(v));
            }
        }
        return vars.isEmpty() ? "" : "{" + String.join(", ", vars) + "}";
    }
}
