package io.memgraph.ha.query.semantic;

import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Expressions;
import io.memgraph.ha.query.ast.LabelExpression;
import io.memgraph.ha.query.ast.MemgraphCommand;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.ast.Projection;
import io.memgraph.ha.query.ast.Query;
import io.memgraph.ha.query.ast.ShowTail;
import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.eval.Aggregations;
import io.memgraph.ha.query.eval.Functions;
import io.memgraph.ha.query.show.ShowColumns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed statement before planning: variable scoping across WITH, RETURN, UNION and
 * subqueries, variable kinds (node vs relationship), pattern rules for CREATE and MERGE,
 * aggregation rules, SKIP/LIMIT arguments, known functions and their arity. Collects the
 * parameter names and the result columns.
 *
 * <p>Use {@link #analyze(Statement)}; errors are {@link CypherSemanticException}s.
 */
public final class SemanticAnalyzer {

    /** What the analyser knows about a variable's values. */
    enum Kind {
        NODE("Node"), RELATIONSHIP("Relationship"), RELATIONSHIP_LIST("List<Relationship>"), PATH("Path"),
        /** A group variable: declared in a quantified path pattern, a list outside it. */
        NODE_GROUP("List<Node>"), RELATIONSHIP_GROUP("List<Relationship>"),
        VALUE("a value that is not a node or relationship"), ANY("Any");

        final String display;

        Kind(String display) {
            this.display = display;
        }
    }

    private final Set<String> parameters = new LinkedHashSet<>();
    /**
     * The variables the CALL body being analysed imported: visible in the whole body, after a WITH
     * that does not name them too, as in Neo4j 5.
     */
    private Map<String, Kind> carried = Map.of();
    /**
     * Those of {@link #carried} in scope only so, in the query part being analysed: the last WITH
     * did not pass them on. They are visible, but not in {@code *} (RETURN * in such a body does not
     * return them, as in Neo4j).
     */
    private Set<String> hidden = Set.of();

    /** Memgraph's columns of {@code SHOW VECTOR INDEX INFO} and {@code vector_search.show_index_info()}. */
    public static final List<String> VECTOR_INDEX_INFO = List.of("capacity", "dimension", "index_name", "label",
            "property", "metric", "size", "scalar_kind", "index_type");

    /** Deprecated forms the statement uses, by offset (an expression may be visited twice). */
    private final Map<Integer, io.memgraph.ha.query.notice.Notification> deprecations = new java.util.TreeMap<>();

    private SemanticAnalyzer() {
    }

    /** An index statement's {@code $name} and OPTIONS: parameters it needs, and no variables. */
    private void indexNameAndOptions(String nameParameter, Expression options) {
        if (nameParameter != null) {
            parameters.add(nameParameter);
        }
        if (options != null) {
            if (mentionsVariables(options)) {
                throw error(CypherErrorKind.NON_CONSTANT_EXPRESSION, "It is not allowed to refer to variables in"
                        + " the options of an index", options.position());
            }
            expression(options, Map.of(), Ctx.PLAIN);
        }
    }

    /**
     * Analyses {@code statement}.
     *
     * @throws CypherSemanticException for the first error found
     */
    public static AnalyzedStatement analyze(Statement statement) {
        SemanticAnalyzer a = new SemanticAnalyzer();
        List<String> columns = a.statement(statement);
        if (statement instanceof Query q) {
            LiteralTypeCheck.check(q);
        }
        return new AnalyzedStatement(statement, a.parameters, columns, List.copyOf(a.deprecations.values()));
    }

    private static CypherSemanticException error(CypherErrorKind kind, String message, Position p) {
        return new CypherSemanticException(kind, message, p);
    }

    private List<String> statement(Statement s) {
        if (s instanceof Query q) {
            checkInTransactions(q);
            return query(q, new LinkedHashMap<>(), true);
        }
        if (s instanceof Statement.Explain e) {
            query(e.query(), new LinkedHashMap<>(), true);
            return List.of("QUERY PLAN");
        }
        if (s instanceof Statement.Profile p) {
            query(p.query(), new LinkedHashMap<>(), true);
            return List.of("OPERATOR", "ACTUAL HITS", "RELATIVE TIME", "ABSOLUTE TIME");
        }
        if (s instanceof Statement.ShowIndexInfo) {
            // the original HA Memgraph's one column, then today's Memgraph's (GQLAlchemy reads those by name)
            return List.of("created index", "index type", "label", "property", "count");
        }
        if (s instanceof Statement.ShowVectorIndexInfo) {
            return VECTOR_INDEX_INFO;
        }
        if (s instanceof Statement.CreateVectorIndex v) {
            indexNameAndOptions(v.nameParameter(), v.options());
            return List.of();
        }
        if (s instanceof Statement.CreateFulltextIndex f) {
            indexNameAndOptions(f.nameParameter(), f.options());
            return List.of();
        }
        if (s instanceof Statement.ShowConstraintInfo) {
            return List.of("constraint type", "label", "properties", "data_type");
        }
        if (s instanceof MemgraphCommand c) {
            return c.columns();
        }
        if (s instanceof Statement.ShowStorageInfo) {
            return List.of("server id", "storage info", "value");
        }
        if (s instanceof Statement.DumpDatabase) {
            return List.of("QUERY");
        }
        Statement.Password password = s instanceof Statement.CreateUser c ? c.password()
                : s instanceof Statement.AlterUser a ? a.password() : null;
        if (password != null && password.parameter() != null) {
            parameters.add(password.parameter());
        }
        if (s instanceof Statement.AlterCurrentUser a) {
            for (Statement.Password p : List.of(a.oldPassword(), a.newPassword())) {
                if (p.parameter() != null) {
                    parameters.add(p.parameter());
                }
            }
        }
        if (s instanceof Statement.ShowRaftInfo) {
            return List.of("info", "value");
        }
        if (s instanceof Statement.Listing listing) {
            Statement.TransactionIds ids = s instanceof Statement.ShowTransactions show ? show.ids()
                    : s instanceof Statement.TerminateTransactions terminate ? terminate.ids() : null;
            if (ids != null && ids.parameter() != null) {
                parameters.add(ids.parameter());
            }
            if (s instanceof Statement.ShowDatabases databases && databases.parameter() != null) {
                parameters.add(databases.parameter());
            }
            if (s instanceof Statement.ShowAliases aliases && aliases.parameter() != null) {
                parameters.add(aliases.parameter());
            }
            if (s instanceof Statement.ShowSettings settings && settings.names().parameter() != null) {
                parameters.add(settings.names().parameter());
            }
            return listing(listing);
        }
        return List.of(); // schema commands have no result columns
    }

    /**
     * The columns of a SHOW command: its default ones, or what its tail returns. The tail is checked
     * as the query it means ({@link ShowTail#query}) with the columns it can see bound, so a column
     * the command does not have is an undefined variable, as in Neo4j.
     */
    private List<String> listing(Statement.Listing s) {
        ShowColumns columns = ShowColumns.of(s);
        ShowTail tail = s.tail();
        if (tail == null) {
            return columns.defaults();
        }
        Map<String, Kind> visible = new LinkedHashMap<>();
        for (String column : tail.visible(columns.all(), columns.defaults())) {
            visible.put(column, Kind.VALUE);
        }
        Query q = tail.query(columns.all(), columns.defaults());
        LiteralTypeCheck.check(q);
        return query(q, visible, true);
    }

    // ---------------------------------------------------------------- queries

    /**
     * @param outer     variables visible from outside (for subqueries); copied, never changed
     * @param needsEnd  whether the query must end with RETURN or an update (false in EXISTS)
     * @return the result columns
     */
    private List<String> query(Query q, Map<String, Kind> outer, boolean needsEnd) {
        List<String> columns = singleQuery(q.first(), outer, needsEnd);
        Boolean all = null;
        for (Query.UnionPart u : q.unions()) {
            if (all != null && all != u.all()) {
                throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                        "Invalid combination of UNION and UNION ALL", u.position());
            }
            all = u.all();
            List<String> other = singleQuery(u.query(), outer, needsEnd);
            if (!other.equals(columns)) {
                throw error(CypherErrorKind.DIFFERENT_COLUMNS_IN_UNION,
                        "All sub queries in an UNION must have the same return column names: " + columns
                                + " vs " + other, u.position());
            }
        }
        return columns;
    }

    /**
     * {@code CALL { } IN TRANSACTIONS} only in a query without UNION, not after a write of the
     * outer query, and not inside another subquery (it commits what the query wrote so far).
     */
    private static void checkInTransactions(Query q) {
        for (Query.SingleQuery single : q.parts()) {
            boolean wrote = false;
            for (Clause c : single.clauses()) {
                if (c instanceof Clause.CallSubquery cs) {
                    if (cs.inTransactions() != null && !q.unions().isEmpty()) {
                        throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                                "CALL { ... } IN TRANSACTIONS in a UNION is not supported", cs.position());
                    }
                    if (cs.inTransactions() != null && wrote) {
                        throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION, "CALL { ... } IN TRANSACTIONS"
                                + " after a write clause is not supported", cs.position());
                    }
                    refuseNestedInTransactions(cs.query());
                }
                wrote |= isUpdating(c) || c instanceof Clause.CallSubquery cs && cs.inTransactions() == null
                        && writes(cs.query());
            }
        }
    }

    private static boolean writes(Query body) {
        for (Query.SingleQuery single : body.parts()) {
            for (Clause c : single.clauses()) {
                if (isUpdating(c) || c instanceof Clause.CallSubquery cs && writes(cs.query())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void refuseNestedInTransactions(Query body) {
        for (Query.SingleQuery single : body.parts()) {
            for (Clause c : single.clauses()) {
                if (c instanceof Clause.CallSubquery cs) {
                    if (cs.inTransactions() != null) {
                        throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION, "Nested CALL { ... } IN"
                                + " TRANSACTIONS is not supported", cs.position());
                    }
                    refuseNestedInTransactions(cs.query());
                }
            }
        }
    }

    private static boolean isUpdating(Clause c) {
        return c instanceof Clause.Create || c instanceof Clause.Merge || c instanceof Clause.Set
                || c instanceof Clause.Remove || c instanceof Clause.Delete || c instanceof Clause.Foreach;
    }

    private List<String> singleQuery(Query.SingleQuery sq, Map<String, Kind> outer, boolean needsEnd) {
        Set<String> outerHidden = hidden;
        hidden = Set.of();
        try {
            return singleQueryParts(sq, outer, needsEnd);
        } finally {
            hidden = outerHidden;
        }
    }

    private List<String> singleQueryParts(Query.SingleQuery sq, Map<String, Kind> outer, boolean needsEnd) {
        Map<String, Kind> scope = new LinkedHashMap<>(outer);
        List<Clause> clauses = sq.clauses();
        List<String> columns = List.of();
        for (int k = 0; k < clauses.size(); k++) {
            Clause c = clauses.get(k);
            boolean last = k == clauses.size() - 1;
            if ((c instanceof Clause.Return || c instanceof Clause.Finish) && !last) {
                throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION, clauseName(c)
                        + " can only be used at the end of the query", clauses.get(k + 1).position());
            }
            if (c instanceof Clause.CallProcedure cp && cp.yieldAll() && clauses.size() > 1) {
                throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "YIELD * is only allowed in a standalone procedure"
                        + " call", c.position());
            }
            if (c instanceof Clause.Return r) {
                columns = projectionColumns(r.projection(), starScope(scope));
                projection(r.projection(), scope, false, r.position());
            } else if (c instanceof Clause.Finish) {
                columns = List.of(); // the query has no result; what came before it still runs
            } else {
                scope = clause(c, scope);
            }
            if (last && clauses.size() > 1 && c instanceof Clause.CallProcedure cp
                    && (cp.yieldAll() || !cp.yields().isEmpty())) {
                throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION, "Query cannot conclude with CALL together"
                        + " with YIELD", c.position());
            }
            if (last && needsEnd && !(c instanceof Clause.Return) && !(c instanceof Clause.Finish) && !isUpdating(c)
                    && !(c instanceof Clause.CallSubquery) && !(c instanceof Clause.CallProcedure)) {
                throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION, "Query cannot conclude with "
                        + clauseName(c) + " (must be a RETURN clause, FINISH, an update clause, a unit subquery call,"
                        + " or a procedure call with no YIELD)", c.position());
            }
        }
        return columns;
    }

    private static String clauseName(Clause c) {
        if (c instanceof Clause.Match m) {
            return m.optional() ? "OPTIONAL MATCH" : "MATCH";
        }
        if (c instanceof Clause.With w) {
            return w.keyword();
        }
        if (c instanceof Clause.Unwind) {
            return "UNWIND";
        }
        if (c instanceof Clause.LoadCsv) {
            return "LOAD CSV";
        }
        return c.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    private Map<String, Kind> clause(Clause c, Map<String, Kind> scope) {
        if (c instanceof Clause.Match m) {
            declarePattern(m.pattern(), scope, Mode.MATCH);
            if (m.where() != null) {
                expression(m.where(), scope, Ctx.PLAIN);
                requirePredicate(m.where(), scope);
            }
            HintCheck.check(m, scope.keySet());
            return scope;
        }
        if (c instanceof Clause.Unwind u) {
            expression(u.expression(), scope, Ctx.PLAIN);
            declareFresh(scope, u.variable(), Kind.ANY, u.position());
            return scope;
        }
        if (c instanceof Clause.LoadCsv l) {
            expression(l.source(), scope, Ctx.PLAIN);
            declareFresh(scope, l.variable(), Kind.ANY, l.position());
            return scope;
        }
        if (c instanceof Clause.With w) {
            Map<String, Kind> next = projection(w.projection(), scope, true, w.position(), w.where());
            if (!carried.isEmpty()) {
                refuseShadowing(w, carried);
                Set<String> dropped = new HashSet<>(carried.keySet());
                dropped.removeAll(next.keySet());
                dropped.forEach(v -> next.put(v, carried.get(v)));
                hidden = dropped;
            }
            return next;
        }
        if (c instanceof Clause.Create cr) {
            declarePattern(cr.pattern(), scope, Mode.CREATE);
            return scope;
        }
        if (c instanceof Clause.Merge m) {
            declarePattern(new Pattern(List.of(m.part())), scope, Mode.MERGE);
            for (Clause.MergeAction a : m.actions()) {
                setItems(a.items(), scope);
            }
            return scope;
        }
        if (c instanceof Clause.Set s) {
            setItems(s.items(), scope);
            return scope;
        }
        if (c instanceof Clause.Remove r) {
            for (Clause.RemoveItem item : r.items()) {
                if (item instanceof Clause.RemoveLabels rl) {
                    requireBound(scope, rl.variable(), rl.position());
                    dynamicLabels(rl.dynamicLabels(), scope);
                } else if (item instanceof Clause.RemoveDynamicProperty rd) {
                    expression(rd.target(), scope, Ctx.PLAIN);
                } else {
                    expression(((Clause.RemoveProperty) item).target(), scope, Ctx.PLAIN);
                }
            }
            return scope;
        }
        if (c instanceof Clause.Delete d) {
            for (Expression e : d.expressions()) {
                expression(e, scope, Ctx.PLAIN);
                checkDeletable(e, scope);
            }
            return scope;
        }
        if (c instanceof Clause.Foreach f) {
            expression(f.list(), scope, Ctx.PLAIN);
            Map<String, Kind> inner = new LinkedHashMap<>(scope);
            inner.put(f.variable(), Kind.ANY);
            for (Clause b : f.body()) {
                if (!isUpdating(b)) {
                    throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                            "Invalid use of " + clauseName(b) + " inside FOREACH", b.position());
                }
                inner = clause(b, inner);
            }
            return scope;
        }
        if (c instanceof Clause.CallSubquery cs) {
            if (cs.inTransactions() != null && cs.inTransactions().batchSize() != null) {
                expression(cs.inTransactions().batchSize(), scope, Ctx.PLAIN);
            }
            if (cs.inTransactions() != null && cs.inTransactions().concurrency() != null) {
                expression(cs.inTransactions().concurrency(), scope, Ctx.PLAIN);
            }
            if (cs.inTransactions() != null && cs.inTransactions().repeat() != null) {
                expression(cs.inTransactions().repeat().atLeast(), scope, Ctx.PLAIN);
            }
            Map<String, Kind> inner = callScope(cs, scope);
            for (String col : subquery(cs.query(), inner, true, carriedInto(cs, inner))) {
                declareFresh(scope, col, Kind.ANY, cs.position());
            }
            if (cs.inTransactions() != null && cs.inTransactions().reportStatus() != null) {
                declareFresh(scope, cs.inTransactions().reportStatus(), Kind.VALUE, cs.inTransactions().position());
            }
            return scope;
        }
        if (c instanceof Clause.CallProcedure cp) {
            if (cp.arguments() != null) {
                for (Expression e : cp.arguments()) {
                    expression(e, scope, Ctx.PLAIN);
                }
            }
            for (Clause.YieldItem y : cp.yields()) {
                declareFresh(scope, y.alias(), Kind.ANY, y.position());
            }
            if (cp.where() != null) {
                expression(cp.where(), scope, Ctx.PLAIN);
            }
            return scope;
        }
        throw new IllegalStateException("unknown clause " + c);
    }

    /**
     * The outer variables a CALL body sees: those of its scope clause ({@code (x, y)}, {@code (*)},
     * {@code ()}), or without one all of them when a part starts with an importing WITH (which
     * then says what is imported), else none. In a scoped CALL a leading WITH is an ordinary WITH
     * over the imported variables ({@code CALL (*) { WITH * MATCH ... }}, as the Neo4j GraphQL
     * Library writes it); an outer variable it names that the scope clause did not import is
     * undefined there.
     */
    private static Map<String, Kind> callScope(Clause.CallSubquery cs, Map<String, Kind> scope) {
        if (!cs.scoped()) {
            boolean imports = !cs.query().first().clauses().isEmpty()
                    && cs.query().first().clauses().get(0) instanceof Clause.With w && !w.standalone();
            return imports ? scope : new LinkedHashMap<>();
        }
        Map<String, Kind> inner = new LinkedHashMap<>();
        if (cs.scopeAll()) {
            inner.putAll(scope);
        } else {
            for (String v : cs.scope()) {
                requireBound(scope, v, cs.position());
                inner.put(v, scope.get(v));
            }
        }
        return inner;
    }

    /** A subquery's WITH may pass an outer variable on under its name, not give the name to another value. */
    private static void refuseShadowing(Clause.With w, Map<String, Kind> outer) {
        for (Projection.Item item : w.projection().items()) {
            String alias = item.alias();
            if (alias != null && outer.containsKey(alias)
                    && !(item.expression() instanceof Expression.Variable v && v.name().equals(alias))) {
                throw error(CypherErrorKind.VARIABLE_ALREADY_BOUND, "The variable `" + alias + "` is shadowing a"
                        + " variable with the same name from the outer scope and needs to be renamed",
                        item.expression().position());
            }
        }
    }

    /**
     * The outer variables a CALL body imports, which stay visible in all of it: those of its scope
     * clause, or those its parts' leading importing WITH name.
     */
    private static Map<String, Kind> carriedInto(Clause.CallSubquery cs, Map<String, Kind> inner) {
        if (cs.scoped()) {
            return inner;
        }
        Map<String, Kind> imported = new LinkedHashMap<>();
        for (Query.SingleQuery part : cs.query().parts()) {
            if (!part.clauses().isEmpty() && part.clauses().get(0) instanceof Clause.With w && !w.standalone()) {
                Iterable<String> names = w.projection().star() ? inner.keySet() : w.projection().items().stream()
                        .filter(i -> i.expression() instanceof Expression.Variable)
                        .map(i -> ((Expression.Variable) i.expression()).name()).toList();
                for (String name : names) {
                    if (inner.containsKey(name)) {
                        imported.put(name, inner.get(name));
                    }
                }
            }
        }
        return imported;
    }

    /**
     * Analyses a subquery body seeing {@code inner}, with {@code imported} (outer variables) visible
     * in all of it, also after a WITH that does not pass them on; returns its columns.
     */
    private List<String> subquery(Query q, Map<String, Kind> inner, boolean needsEnd, Map<String, Kind> imported) {
        Map<String, Kind> outerCarried = carried;
        carried = imported;
        try {
            return query(q, inner, needsEnd);
        } finally {
            carried = outerCarried;
        }
    }

    /**
     * The body of {@code EXISTS}, {@code COUNT} or {@code COLLECT}: no updates, outer variables
     * visible in all of it (after a WITH that does not name them too, as in Neo4j 5), none of them
     * redefined by a WITH; COLLECT must end in a RETURN of one column.
     */
    private void expressionSubquery(Query q, String what, boolean collect, Map<String, Kind> scope, Position p) {
        for (Query.SingleQuery part : q.parts()) {
            for (Clause c : part.clauses()) {
                if (isUpdating(c) || c instanceof Clause.CallSubquery cs && cs.inTransactions() != null) {
                    throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                            "An " + what + " subquery cannot contain an update clause", c.position());
                }
                if (c instanceof Clause.Finish) {
                    throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION, "FINISH is not allowed in " + what
                            + " { ... }: the subquery's rows are its value", c.position());
                }
            }
            if (collect && (part.clauses().isEmpty()
                    || !(part.clauses().get(part.clauses().size() - 1) instanceof Clause.Return))) {
                throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                        "A COLLECT subquery must end with a single return column", p);
            }
        }
        List<String> columns = subquery(q, scope, false, new LinkedHashMap<>(scope));
        if (collect && columns.size() != 1) {
            throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                    "A COLLECT subquery must end with a single return column (it returns " + columns.size() + ")", p);
        }
    }

    private void setItems(List<Clause.SetItem> items, Map<String, Kind> scope) {
        for (Clause.SetItem item : items) {
            if (item instanceof Clause.SetProperty sp) {
                expression(sp.target(), scope, Ctx.PLAIN);
                expression(sp.value(), scope, Ctx.PLAIN);
            } else if (item instanceof Clause.SetVariable sv) {
                requireBound(scope, sv.variable(), sv.position());
                expression(sv.value(), scope, Ctx.PLAIN);
            } else if (item instanceof Clause.SetDynamicProperty sd) {
                expression(sd.target(), scope, Ctx.PLAIN);
                expression(sd.value(), scope, Ctx.PLAIN);
            } else {
                Clause.SetLabels sl = (Clause.SetLabels) item;
                requireBound(scope, sl.variable(), sl.position());
                dynamicLabels(sl.dynamicLabels(), scope);
            }
        }
    }

    /** The dynamic labels of SET or REMOVE: their expressions in scope, constants checked now. */
    private void dynamicLabels(List<LabelExpression.Dynamic> dynamic, Map<String, Kind> scope) {
        for (LabelExpression.Dynamic d : dynamic) {
            expression(d.expression(), scope, Ctx.PLAIN);
            DynamicLabelCheck.constant(d, null);
        }
    }

    /**
     * The dynamic parts of a pattern's label or type expression: checked once the whole pattern is
     * declared (they may name its other variables, as inline WHERE does); constants checked now.
     */
    private static void dynamicParts(LabelExpression e, String singleTypeClause, List<Expression> out) {
        if (e == null || !e.dynamic()) {
            return;
        }
        e.dynamicExpressions(out);
        if (e instanceof LabelExpression.Dynamic d) {
            DynamicLabelCheck.constant(d, singleTypeClause);
        } else if (e instanceof LabelExpression.And a) {
            for (LabelExpression o : a.operands()) {
                dynamicParts(o, null, new ArrayList<>());
            }
        } else if (e instanceof LabelExpression.Or o) {
            for (LabelExpression x : o.operands()) {
                dynamicParts(x, null, new ArrayList<>());
            }
        } else if (e instanceof LabelExpression.Not n) {
            dynamicParts(n.operand(), null, new ArrayList<>());
        }
    }

    private void checkDeletable(Expression e, Map<String, Kind> scope) {
        if (e instanceof Expression.HasLabels) {
            throw error(CypherErrorKind.INVALID_DELETE,
                    "DELETE doesn't support removing labels from a node. Try REMOVE.", e.position());
        }
        String got = null;
        if (e instanceof Expression.Literal l && l.value() != null) {
            got = io.memgraph.ha.query.value.CypherValues.typeName(l.value());
        } else if (e instanceof Expression.MapLiteral) {
            got = "Map";
        } else if (e instanceof Expression.Binary || e instanceof Expression.BinaryChain) {
            Expression.BinaryOperator op = e instanceof Expression.Binary b ? b.operator()
                    : ((Expression.BinaryChain) e).lastOperator();
            got = switch (op) {
                case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO, POWER -> "a number";
                case CONCAT -> "a String or a List";
                default -> "Boolean";
            };
        } else if (e instanceof Expression.Unary || e instanceof Expression.IsNull || e instanceof Expression.IsType
                || e instanceof Expression.IsNormalized) {
            got = "a value";
        } else if (e instanceof Expression.Property pr && pr.subject() instanceof Expression.Variable sv
                && (scope.get(sv.name()) == Kind.NODE || scope.get(sv.name()) == Kind.RELATIONSHIP)) {
            // A property of a map may well hold a node; a property of an entity never does.
            got = "a property value";
        } else if (e instanceof Expression.Variable v && scope.get(v.name()) == Kind.VALUE) {
            got = "a value";
        }
        if (got != null) {
            throw error(CypherErrorKind.INVALID_ARGUMENT_TYPE,
                    "Type mismatch: expected Node, Path or Relationship but was " + got, e.position());
        }
    }

    private static void requireBound(Map<String, Kind> scope, String name, Position p) {
        if (!scope.containsKey(name)) {
            throw error(CypherErrorKind.UNDEFINED_VARIABLE, "Variable `" + name + "` not defined", p);
        }
    }

    private static void declareFresh(Map<String, Kind> scope, String name, Kind kind, Position p) {
        if (scope.containsKey(name)) {
            throw error(CypherErrorKind.VARIABLE_ALREADY_BOUND,
                    "Variable `" + name + "` already declared", p);
        }
        scope.put(name, kind);
    }

    // ---------------------------------------------------------------- patterns

    private enum Mode { MATCH, CREATE, MERGE }

    private void declarePattern(Pattern pattern, Map<String, Kind> scope, Mode mode) {
        Set<String> before = new HashSet<>(scope.keySet());
        Map<String, Kind> outer = new LinkedHashMap<>(scope);
        Set<String> relsHere = new HashSet<>();
        List<Expression> predicates = new ArrayList<>();
        List<Expression> dynamics = new ArrayList<>();
        checkGraphPatternMatching(pattern, mode);
        for (Pattern.Part part : pattern.parts()) {
            if (part.pathVariable() != null && scope.containsKey(part.pathVariable())) {
                throw error(CypherErrorKind.VARIABLE_ALREADY_BOUND,
                        "Variable `" + part.pathVariable() + "` already declared", part.position());
            }
            Pattern.Element el = part.element();
            if (mode != Mode.MATCH && el.steps().isEmpty() && el.start().variable() != null
                    && before.contains(el.start().variable())) {
                throw error(CypherErrorKind.VARIABLE_ALREADY_BOUND, "Variable `" + el.start().variable()
                        + "` already declared", el.start().position());
            }
            node(el.start(), scope, before, mode);
            addIfPresent(predicates, el.start().where());
            dynamicParts(el.start().labelExpression(), null, dynamics);
            for (Pattern.Step step : el.steps()) {
                if (step.quantified() != null) {
                    quantified(step.quantified(), pattern, scope, outer, relsHere);
                } else {
                    relationship(step.relationship(), scope, relsHere, mode);
                    addIfPresent(predicates, step.relationship().where());
                    dynamicParts(step.relationship().typeExpression(), mode == Mode.MATCH ? null : mode.name(),
                            dynamics);
                }
                node(step.node(), scope, before, mode);
                addIfPresent(predicates, step.node().where());
                dynamicParts(step.node().labelExpression(), null, dynamics);
            }
            if (part.pathVariable() != null) {
                if (scope.containsKey(part.pathVariable())) {
                    throw error(CypherErrorKind.VARIABLE_ALREADY_BOUND, "Variable `" + part.pathVariable()
                            + "` already declared", part.position());
                }
                scope.put(part.pathVariable(), Kind.PATH);
            }
        }
        // Inline predicates and the predicate of a parenthesised path see the whole pattern's variables.
        for (Pattern.Part part : pattern.parts()) {
            addIfPresent(predicates, part.where());
        }
        for (Expression where : predicates) {
            expression(where, scope, Ctx.PLAIN);
            requirePredicate(where, scope);
        }
        for (Expression e : dynamics) {
            expression(e, scope, Ctx.PLAIN);
        }
    }

    private static void addIfPresent(List<Expression> list, Expression e) {
        if (e != null) {
            list.add(e);
        }
    }

    /**
     * The rules of Neo4j 5's graph pattern matching that concern the pattern as a whole: quantified
     * path patterns, selectors and inline predicates only in MATCH; a selective selector only on a
     * pattern alone in its clause; no variable-length relationship beside a quantified path pattern.
     */
    private static void checkGraphPatternMatching(Pattern pattern, Mode mode) {
        Pattern.RelationshipPattern varLength = null;
        boolean quantified = false;
        for (Pattern.Part part : pattern.parts()) {
            if (part.selector() != null) {
                if (mode != Mode.MATCH) {
                    throw error(CypherErrorKind.INVALID_PATH_PATTERN, "Path selectors such as `"
                            + part.selector().text() + "` are not allowed in " + mode + ", but only in MATCH clause",
                            part.selector().position());
                }
                if (pattern.parts().size() > 1) {
                    throw error(CypherErrorKind.INVALID_PATH_PATTERN, "Multiple path patterns cannot be used in the "
                            + "same clause in combination with a selective path selector.", part.position());
                }
            }
            List<Pattern.NodePattern> nodes = new ArrayList<>();
            nodes.add(part.element().start());
            for (Pattern.Step step : part.element().steps()) {
                nodes.add(step.node());
                if (step.quantified() != null) {
                    quantified = true;
                    if (mode != Mode.MATCH) {
                        throw error(CypherErrorKind.INVALID_PATH_PATTERN, "Quantified path patterns are not allowed in "
                                + mode + ", but only in MATCH clause.", step.quantified().position());
                    }
                    continue;
                }
                Pattern.RelationshipPattern r = step.relationship();
                if (r.length() != null && varLength == null) {
                    varLength = r;
                }
                if (r.where() != null) {
                    if (mode != Mode.MATCH) {
                        throw error(CypherErrorKind.INVALID_PATH_PATTERN, "Relationship pattern predicates are not "
                                + "allowed in " + mode + ", but only in MATCH clause or inside a pattern comprehension",
                                r.where().position());
                    }
                    if (r.length() != null) {
                        throw error(CypherErrorKind.INVALID_PATH_PATTERN, "Relationship pattern predicates are not "
                                + "supported for variable-length relationships.", r.where().position());
                    }
                }
            }
            for (Pattern.NodePattern n : nodes) {
                if (n.where() != null && mode != Mode.MATCH) {
                    throw error(CypherErrorKind.INVALID_PATH_PATTERN, "Node pattern predicates are not allowed in "
                            + mode + ", but only in MATCH clause or inside a pattern comprehension",
                            n.where().position());
                }
            }
            Pattern.RelationshipPattern traversal = part.element().traversal();
            if (traversal != null && (part.kind() != Pattern.PathKind.PLAIN || part.selector() != null
                    || part.where() != null)) {
                throw error(CypherErrorKind.INVALID_PATH_PATTERN, "*" + traversal.traversal().kind() + " cannot be "
                        + "combined with shortestPath(), allShortestPaths() or a path selector", traversal.position());
            }
            Pattern.RelationshipPattern filtered = part.element().filtered();
            if (filtered != null && (part.kind() != Pattern.PathKind.PLAIN || part.selector() != null
                    || part.where() != null || quantified)) {
                throw error(CypherErrorKind.INVALID_PATH_PATTERN, "A filter lambda cannot be combined with "
                        + "shortestPath(), allShortestPaths(), a path selector or a quantified path pattern",
                        filtered.filter().position());
            }
            if (part.kind() != Pattern.PathKind.PLAIN && quantified) {
                throw error(CypherErrorKind.INVALID_PATH_PATTERN, (part.kind() == Pattern.PathKind.SHORTEST
                        ? "shortestPath" : "allShortestPaths") + "(...) contains quantified pattern. "
                        + "This is currently not supported.", part.position());
            }
        }
        if (quantified && varLength != null) {
            throw error(CypherErrorKind.INVALID_PATH_PATTERN, "Mixing variable-length relationships ('-[*]-') with "
                    + "quantified relationships ('()-->*()') or quantified path patterns ('(()-->())*') is not allowed.",
                    varLength.position());
        }
    }

    /**
     * A quantified path pattern: its variables are singletons inside (in its predicates) and group
     * variables (lists) after it. Inside, only variables bound before the clause may be read.
     */
    private void quantified(Pattern.Quantified q, Pattern pattern, Map<String, Kind> scope, Map<String, Kind> outer,
                            Set<String> relsHere) {
        Map<String, Kind> inner = new LinkedHashMap<>(outer);
        Map<String, Kind> groups = new LinkedHashMap<>();
        List<Expression> predicates = new ArrayList<>();
        Pattern.Element el = q.element();
        List<Pattern.NodePattern> nodes = new ArrayList<>();
        nodes.add(el.start());
        for (Pattern.Step step : el.steps()) {
            Pattern.RelationshipPattern r = step.relationship();
            if (r.variable() != null) {
                declareGroup(r.variable(), Kind.RELATIONSHIP, Kind.RELATIONSHIP_GROUP, scope, inner, groups,
                        r.position());
                relsHere.add(r.variable());
            }
            if (r.properties() instanceof Expression.Parameter) {
                properties(r.properties(), outer, Mode.MATCH); // refused: no parameter maps in MATCH
            }
            addIfPresent(predicates, r.properties());
            addIfPresent(predicates, r.where());
            nodes.add(step.node());
        }
        for (Pattern.NodePattern n : nodes) {
            if (n.variable() != null) {
                declareGroup(n.variable(), Kind.NODE, Kind.NODE_GROUP, scope, inner, groups, n.position());
            }
            if (n.properties() instanceof Expression.Parameter) {
                properties(n.properties(), outer, Mode.MATCH); // refused: no parameter maps in MATCH
            }
            addIfPresent(predicates, n.properties());
            addIfPresent(predicates, n.where());
        }
        addIfPresent(predicates, q.where());
        Set<String> sameClause = declaredIn(pattern);
        sameClause.removeAll(groups.keySet());
        for (Expression e : predicates) {
            Expressions.anyMatch(e, x -> {
                if (x instanceof Expression.Variable v && sameClause.contains(v.name()) && !outer.containsKey(v.name())) {
                    throw error(CypherErrorKind.INVALID_PATH_PATTERN, "From within a quantified path pattern, one may "
                            + "only reference variables, that are already bound in a previous `MATCH` clause.\n"
                            + "In this case, " + v.name() + " is defined in the same `MATCH` clause as " + q.text()
                            + ".", v.position());
                }
                return false;
            });
            expression(e, inner, Ctx.PLAIN);
        }
        if (q.where() != null) {
            requirePredicate(q.where(), inner);
        }
        scope.putAll(groups);
    }

    private static void declareGroup(String name, Kind singleton, Kind group, Map<String, Kind> scope,
                                     Map<String, Kind> inner, Map<String, Kind> groups, Position p) {
        if (scope.containsKey(name) || groups.containsKey(name)) {
            throw error(CypherErrorKind.INVALID_PATH_PATTERN, groups.containsKey(name)
                    ? "Not yet supported: the variable `" + name + "` twice in one quantified path pattern"
                    : "The variable `" + name + "` is declared both in a quantified path pattern and elsewhere; a "
                    + "variable of a quantified path pattern is a group variable, declared once", p);
        }
        inner.put(name, singleton);
        groups.put(name, group);
    }

    /** Every variable a pattern declares (nodes, relationships, paths, inside quantified path patterns too). */
    private static Set<String> declaredIn(Pattern pattern) {
        Set<String> out = new HashSet<>();
        for (Pattern.Part part : pattern.parts()) {
            if (part.pathVariable() != null) {
                out.add(part.pathVariable());
            }
            declaredIn(part.element(), out);
        }
        return out;
    }

    private static void declaredIn(Pattern.Element el, Set<String> out) {
        if (el.start().variable() != null) {
            out.add(el.start().variable());
        }
        for (Pattern.Step step : el.steps()) {
            if (step.quantified() != null) {
                declaredIn(step.quantified().element(), out);
            } else if (step.relationship().variable() != null) {
                out.add(step.relationship().variable());
            }
            if (step.node().variable() != null) {
                out.add(step.node().variable());
            }
        }
    }

    private void node(Pattern.NodePattern n, Map<String, Kind> scope, Set<String> before, Mode mode) {
        if (mode != Mode.MATCH && n.labelExpression() != null
                && !DynamicLabelCheck.creatableLabels(n.labelExpression())) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "The label expression :" + n.labelExpression().text()
                    + " can only be matched; " + (mode == Mode.CREATE ? "CREATE" : "MERGE")
                    + " takes labels joined by ':' or '&', such as (n:A:B) or (n:A:$($label))", n.position());
        }
        if (n.variable() != null) {
            Kind k = scope.get(n.variable());
            if (k == null) {
                scope.put(n.variable(), Kind.NODE);
            } else {
                if (k != Kind.NODE && k != Kind.ANY) {
                    throw error(CypherErrorKind.VARIABLE_TYPE_CONFLICT, "Type mismatch: " + n.variable()
                            + " defined with conflicting type " + k.display + " (expected Node)", n.position());
                }
                // Bound before the clause or earlier in the same pattern: either way the node
                // exists and CREATE/MERGE cannot give it labels or properties.
                if (mode != Mode.MATCH && (!n.labels().isEmpty() || n.labelExpression() != null
                        || n.properties() != null)) {
                    throw error(CypherErrorKind.VARIABLE_ALREADY_BOUND, "Can't create node `" + n.variable()
                            + "` with labels or properties here. The variable is already declared in this context",
                            n.position());
                }
            }
        }
        properties(n.properties(), scope, mode);
    }

    private void relationship(Pattern.RelationshipPattern r, Map<String, Kind> scope, Set<String> relsHere,
                              Mode mode) {
        if (mode != Mode.MATCH && r.variable() != null && scope.containsKey(r.variable())) {
            // Reported before the shape checks: a bound variable is the reason the shape is wrong.
            throw error(CypherErrorKind.VARIABLE_ALREADY_BOUND, "Can't create relationship `"
                    + r.variable() + "`: the variable is already declared in this context", r.position());
        }
        if (mode != Mode.MATCH) {
            String clause = mode == Mode.CREATE ? "CREATE" : "MERGE";
            if (r.typeExpression() != null && !DynamicLabelCheck.creatableType(r.typeExpression())) {
                throw error(CypherErrorKind.NO_SINGLE_RELATIONSHIP_TYPE, "The relationship type expression :"
                        + r.typeExpression().text() + " can only be matched; " + clause
                        + " takes exactly one relationship type, such as [:KNOWS] or [:$($type)]", r.position());
            }
            if (r.typeExpression() == null && r.types().size() != 1) {
                throw error(CypherErrorKind.NO_SINGLE_RELATIONSHIP_TYPE, "Exactly one relationship type must be "
                        + "specified for " + clause + ". Did you forget to prefix your relationship type with a ':'?",
                        r.position());
            }
            if (mode == Mode.CREATE && r.direction() == Pattern.Direction.BOTH) {
                throw error(CypherErrorKind.REQUIRES_DIRECTED_RELATIONSHIP,
                        "Only directed relationships are supported in CREATE", r.position());
            }
            if (r.length() != null) {
                throw error(CypherErrorKind.CREATING_VAR_LENGTH,
                        "Variable length relationships cannot be used in " + clause, r.position());
            }
        }
        if (r.traversal() != null) {
            traversal(r.traversal(), scope);
        }
        if (r.filter() != null) {
            lambda(r.filter(), scope, true);
        }
        if (r.variable() != null) {
            Kind k = scope.get(r.variable());
            if (k == null) {
                scope.put(r.variable(), r.length() == null ? Kind.RELATIONSHIP : Kind.RELATIONSHIP_LIST);
                relsHere.add(r.variable());
            } else {
                if (mode != Mode.MATCH) {
                    throw error(CypherErrorKind.VARIABLE_ALREADY_BOUND, "Can't create relationship `"
                            + r.variable() + "`: the variable is already declared in this context", r.position());
                }
                // A list value bound earlier may be matched as a variable-length relationship.
                boolean listForVarLength = r.length() != null && k == Kind.VALUE;
                if (k != Kind.RELATIONSHIP && k != Kind.RELATIONSHIP_LIST && k != Kind.ANY && !listForVarLength) {
                    throw error(CypherErrorKind.VARIABLE_TYPE_CONFLICT, "Type mismatch: " + r.variable()
                            + " defined with conflicting type " + k.display + " (expected Relationship)",
                            r.position());
                }
                if (relsHere.contains(r.variable())) {
                    throw error(CypherErrorKind.RELATIONSHIP_UNIQUENESS_VIOLATION, "Cannot use the same relationship"
                            + " variable '" + r.variable() + "' for multiple relationships", r.position());
                }
            }
        }
        properties(r.properties(), scope, mode);
    }

    /**
     * A traversal's bounds and lambdas read the variables declared before it; a lambda's own
     * variables are visible in its body only (shadowing outer ones). Its total weight variable is new.
     */
    private void traversal(Pattern.Traversal t, Map<String, Kind> scope) {
        for (Expression bound : new Expression[] {t.min(), t.max(), t.limit()}) {
            if (bound != null) {
                expression(bound, scope, Ctx.PLAIN);
            }
        }
        if (t.weight() != null) {
            lambda(t.weight(), scope, false);
        }
        if (t.filter() != null) {
            lambda(t.filter(), scope, true);
        }
        if (t.totalWeight() != null) {
            declareFresh(scope, t.totalWeight(), Kind.VALUE, t.position());
        }
    }

    private void lambda(Pattern.Lambda l, Map<String, Kind> scope, boolean predicate) {
        Map<String, Kind> inner = new LinkedHashMap<>(scope);
        List<Kind> kinds = List.of(Kind.RELATIONSHIP, Kind.NODE, Kind.PATH, Kind.VALUE);
        Set<String> declared = new HashSet<>();
        List<String> names = l.variables();
        for (int k = 0; k < names.size(); k++) {
            if (!declared.add(names.get(k))) {
                throw error(CypherErrorKind.VARIABLE_ALREADY_BOUND, "Variable `" + names.get(k)
                        + "` already declared", l.position());
            }
            inner.put(names.get(k), kinds.get(k));
        }
        expression(l.body(), inner, Ctx.PLAIN);
        if (predicate) {
            requirePredicate(l.body(), inner);
        }
    }

    /** Memgraph's traversals are read in MATCH only, not in pattern predicates and comprehensions. */
    private static void refuseTraversal(Pattern.Element el, String where) {
        Pattern.RelationshipPattern r = el.traversal();
        if (r != null) {
            throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION, "*" + r.traversal().kind() + " can only be used in "
                    + "a MATCH pattern, not in " + where, r.position());
        }
        Pattern.RelationshipPattern f = el.filtered();
        if (f != null) {
            throw error(CypherErrorKind.INVALID_CLAUSE_COMPOSITION, "A filter lambda can only be used in a MATCH "
                    + "pattern, not in " + where, f.filter().position());
        }
    }

    private void properties(Expression props, Map<String, Kind> scope, Mode mode) {
        if (props == null) {
            return;
        }
        // A null property value in MERGE is a run-time error (Updates.Merge), even for a literal.
        if (props instanceof Expression.Parameter p && mode != Mode.CREATE) {
            throw error(CypherErrorKind.INVALID_PARAMETER_USE, "Parameter maps cannot be used in "
                    + mode + " patterns (use a literal map instead, e.g. {id: $" + p.name() + ".id})", p.position());
        }
        expression(props, scope, Ctx.PLAIN);
    }

    // ---------------------------------------------------------------- projections

    /** Column names of a RETURN, in order ({@code *} expands to the visible variables sorted). */
    /** The variables {@code *} stands for: the scope without the {@link #hidden} ones. */
    private Map<String, Kind> starScope(Map<String, Kind> scope) {
        if (hidden.isEmpty()) {
            return scope;
        }
        Map<String, Kind> visible = new LinkedHashMap<>(scope);
        visible.keySet().removeAll(hidden);
        return visible;
    }

    private static List<String> projectionColumns(Projection p, Map<String, Kind> scope) {
        List<String> cols = new ArrayList<>();
        if (p.star()) {
            List<String> vars = new ArrayList<>(scope.keySet());
            vars.sort(null);
            cols.addAll(vars);
        }
        for (Projection.Item item : p.items()) {
            cols.add(item.name());
        }
        return cols;
    }

    private Map<String, Kind> projection(Projection p, Map<String, Kind> scope, boolean isWith, Position at) {
        return projection(p, scope, isWith, at, null);
    }

    /**
     * Checks a WITH or RETURN and gives the scope after it. ORDER BY and a WITH's WHERE follow the
     * same rules: they see the projected names and, unless the projection aggregates or is
     * DISTINCT, also the variables from before it (openCypher: "WHERE sees a variable bound before
     * but not after WITH").
     */
    private Map<String, Kind> projection(Projection p, Map<String, Kind> scope, boolean isWith, Position at,
                                         Expression where) {
        String clause = isWith ? "WITH" : "RETURN";
        // WITH * with nothing in scope passes on nothing, which is fine; RETURN * would return nothing.
        if (p.star() && starScope(scope).isEmpty() && !isWith) {
            throw error(CypherErrorKind.NO_VARIABLES_IN_SCOPE,
                    clause + " * is not allowed when there are no variables in scope", at);
        }
        boolean aggregating = false;
        CypherSemanticException missingAlias = null;
        Set<String> names = new HashSet<>(p.star() ? starScope(scope).keySet() : Set.of());
        Map<String, Kind> next = new LinkedHashMap<>(p.star() ? starScope(scope) : Map.of());
        for (Projection.Item item : p.items()) {
            if (item.expression() instanceof Expression.PatternPredicate pp) {
                throw patternAsValue(pp);
            }
            expression(item.expression(), scope, Ctx.PROJECTION);
            if (isWith && item.alias() == null && !(item.expression() instanceof Expression.Variable)
                    && missingAlias == null) {
                // Reported after the aggregation checks: an ambiguous aggregation is the more
                // fundamental problem of such a projection.
                missingAlias = error(CypherErrorKind.NO_EXPRESSION_ALIAS,
                        "Expression in WITH must be aliased (use AS)", item.position());
            }
            if (!names.add(item.name()) && !(p.star() && item.expression() instanceof Expression.Variable v
                    && v.name().equals(item.name()))) {
                throw error(CypherErrorKind.COLUMN_NAME_CONFLICT, "Multiple result columns with the same name `"
                        + item.name() + "` are not supported", item.position());
            }
            aggregating |= containsAggregate(item.expression());
            next.put(item.name(), kindOf(item.expression(), scope));
        }
        List<Expression> groupingKeys = new ArrayList<>();
        if (aggregating) {
            for (Projection.Item item : p.items()) {
                if (!containsAggregate(item.expression())) {
                    groupingKeys.add(item.expression());
                }
            }
            for (Projection.Item item : p.items()) {
                if (containsAggregate(item.expression())) {
                    checkGroupedExpression(item.expression(), groupingKeys, Set.of());
                }
            }
        }
        List<Expression> after = new ArrayList<>();
        for (Projection.SortItem s : p.orderBy()) {
            after.add(s.expression());
        }
        if (where != null) {
            after.add(where);
        }
        if (!after.isEmpty()) {
            if (aggregating || p.distinct()) {
                // Only what was projected is left after grouping or DISTINCT: projected aliases,
                // or expressions equal to projected ones (positions do not take part in equality).
                Set<Expression> covered = new HashSet<>();
                for (Projection.Item item : p.items()) {
                    covered.add(item.expression());
                }
                Ctx ctx = new Ctx(false, false, covered, clause, true, aggregating);
                List<Expression> keys = new ArrayList<>(covered);
                for (Expression e : after) {
                    // A variable the projection dropped is undefined, whatever else is wrong.
                    requireProjected(e, next, covered, clause);
                    if (aggregating && containsAggregate(e)) {
                        checkGroupedExpression(e, keys, next.keySet());
                    }
                    expression(e, next, ctx);
                }
            } else {
                Map<String, Kind> both = new LinkedHashMap<>(scope);
                both.putAll(next);
                Ctx ctx = new Ctx(false, false, Set.of(), clause, false, false);
                for (Expression e : after) {
                    expression(e, both, ctx);
                }
                if (where != null) {
                    requirePredicate(where, both);
                }
            }
        }
        if (missingAlias != null) {
            throw missingAlias;
        }
        countArgument(p.skip(), "SKIP");
        countArgument(p.limit(), "LIMIT");
        return next;
    }

    /**
     * A pattern is a predicate (WHERE, boolean operators, exists()) or counted by size(); openCypher
     * has no pattern values, so it cannot be projected or passed to other functions.
     */
    private static CypherSemanticException patternAsValue(Expression.PatternPredicate pp) {
        return error(CypherErrorKind.UNEXPECTED_SYNTAX, "A pattern expression can only be used as a predicate "
                + "or in size(); use a pattern comprehension [p = (a)-->(b) | p] for its matches", pp.position());
    }

    /** A WHERE needs a boolean: a node, relationship or path variable can never be one. */
    private static void requirePredicate(Expression where, Map<String, Kind> scope) {
        if (where instanceof Expression.Variable v) {
            Kind k = scope.get(v.name());
            if (k == Kind.NODE || k == Kind.RELATIONSHIP || k == Kind.PATH || k == Kind.RELATIONSHIP_LIST
                    || k == Kind.NODE_GROUP || k == Kind.RELATIONSHIP_GROUP) {
                throw typeError("Boolean", k.display, v);
            }
        }
    }

    /**
     * Fails with UndefinedVariable if {@code e} reads a variable that an aggregating or DISTINCT
     * projection dropped, outside sub-expressions equal to projected ones. Expressions that bind
     * their own variables are left to {@link #expression}, which knows their scoping.
     */
    private static void requireProjected(Expression e, Map<String, Kind> next, Set<Expression> covered,
                                         String clause) {
        if (e == null || covered.contains(e)) {
            return;
        }
        if (e instanceof Expression.Variable v) {
            if (!next.containsKey(v.name())) {
                throw error(CypherErrorKind.UNDEFINED_VARIABLE, "In a " + clause + " with DISTINCT or an"
                        + " aggregation, it is not possible to access variables declared before the "
                        + clause + ": " + v.name(), v.position());
            }
            return;
        }
        if (e instanceof Expression.ListComprehension || e instanceof Expression.Quantifier
                || e instanceof Expression.Reduce || e instanceof Expression.PatternComprehension
                || e instanceof Expression.PatternPredicate || e instanceof Expression.ExistsSubquery) {
            return;
        }
        for (Expression child : Expressions.children(e)) {
            requireProjected(child, next, covered, clause);
        }
    }

    private static Kind kindOf(Expression e, Map<String, Kind> scope) {
        if (e instanceof Expression.Variable v) {
            return scope.getOrDefault(v.name(), Kind.ANY);
        }
        if ((e instanceof Expression.Literal l && l.value() != null) || e instanceof Expression.ListLiteral
                || e instanceof Expression.MapLiteral || e instanceof Expression.Binary
                || e instanceof Expression.BinaryChain) {
            return Kind.VALUE;
        }
        return Kind.ANY;
    }

    /**
     * Outside its aggregates, an aggregating expression may only use grouping keys that are
     * variables or property reads of variables (a more complex key, even when projected, is
     * ambiguous), projected aliases ({@code aliases}), constants and parameters.
     */
    private void checkGroupedExpression(Expression e, List<Expression> keys, Set<String> aliases) {
        if (Aggregations.isAggregate(e) || (keys.contains(e) && isSimpleKey(e))) {
            return;
        }
        if (e instanceof Expression.Variable v && aliases.contains(v.name())) {
            return;
        }
        if (e instanceof Expression.Variable v) {
            throw error(CypherErrorKind.AMBIGUOUS_AGGREGATION_EXPRESSION, "Aggregation column contains implicit "
                    + "grouping expressions. Variable `" + v.name() + "` is used outside the aggregate but is not "
                    + "a grouping key", v.position());
        }
        for (Expression child : Expressions.children(e)) {
            checkGroupedExpression(child, keys, aliases);
        }
    }

    private static boolean isSimpleKey(Expression e) {
        while (e instanceof Expression.Property p) {
            e = p.subject();
        }
        return e instanceof Expression.Variable;
    }

    private void countArgument(Expression e, String clause) {
        if (e == null) {
            return;
        }
        if (e instanceof Expression.Literal l) {
            if (l.value() instanceof Long v) {
                if (v < 0) {
                    throw error(CypherErrorKind.NEGATIVE_INTEGER_ARGUMENT, "Invalid input. '" + v
                            + "' is not a valid value. Must be a non-negative integer.", e.position());
                }
                return;
            }
            throw error(CypherErrorKind.INVALID_ARGUMENT_TYPE, "Invalid input. '" + l.value()
                    + "' is not a valid value for " + clause + ". Must be a non-negative integer.", e.position());
        }
        if (e instanceof Expression.Parameter p) {
            parameters.add(p.name());
            return;
        }
        if (mentionsVariables(e)) {
            throw error(CypherErrorKind.NON_CONSTANT_EXPRESSION, "It is not allowed to refer to variables in "
                    + clause, e.position());
        }
        expression(e, Map.of(), Ctx.PLAIN);
    }

    private static boolean mentionsVariables(Expression e) {
        return Expressions.anyMatch(e, x -> x instanceof Expression.Variable || x instanceof Expression.PatternPredicate
                || x instanceof Expression.MapProjection);
    }

    // ---------------------------------------------------------------- expressions

    /**
     * The context of an expression check.
     *
     * @param aggregatesAllowed aggregates may appear here (a projection item)
     * @param insideAggregate   we are inside an aggregate's arguments
     * @param covered           expressions known to be projected (after grouping/DISTINCT)
     * @param clause            for messages
     * @param afterProjection   variables outside {@code covered} were dropped by the projection
     * @param aggregating       in the ORDER BY of an aggregating projection
     */
    private record Ctx(boolean aggregatesAllowed, boolean insideAggregate, Set<Expression> covered, String clause,
                       boolean afterProjection, boolean aggregating) {
        static final Ctx PLAIN = new Ctx(false, false, Set.of(), null, false, false);
        static final Ctx PROJECTION = new Ctx(true, false, Set.of(), null, false, false);

        Ctx inAggregate() {
            return new Ctx(aggregatesAllowed, true, covered, clause, afterProjection, aggregating);
        }

        Ctx noAggregates() {
            return new Ctx(false, insideAggregate, covered, clause, afterProjection, aggregating);
        }
    }

    private void expression(Expression e, Map<String, Kind> scope, Ctx ctx) {
        if (!ctx.covered().isEmpty() && ctx.covered().contains(e)) {
            return;
        }
        if (e instanceof Expression.Variable v) {
            if (!scope.containsKey(v.name())) {
                if (ctx.afterProjection()) {
                    throw error(CypherErrorKind.UNDEFINED_VARIABLE, "In a " + ctx.clause() + " with DISTINCT or an"
                            + " aggregation, it is not possible to access variables declared before the "
                            + ctx.clause() + ": " + v.name(), v.position());
                }
                throw error(CypherErrorKind.UNDEFINED_VARIABLE, "Variable `" + v.name() + "` not defined",
                        v.position());
            }
            return;
        }
        if (e instanceof Expression.Parameter p) {
            parameters.add(p.name());
            return;
        }
        if (e instanceof Expression.CountStar || (e instanceof Expression.FunctionCall f
                && Aggregations.isAggregate(f.name()))) {
            aggregate(e, scope, ctx);
            return;
        }
        checkStaticTypes(e, scope);
        if (e instanceof Expression.HasLabels h && h.expression() != null && h.expression().dynamic()) {
            dynamicParts(h.expression(), null, new ArrayList<>()); // constants; the expressions are children
        }
        if (e instanceof Expression.FunctionCall f) {
            var sig = Functions.signature(f.name()).orElseThrow(() -> error(CypherErrorKind.UNKNOWN_FUNCTION,
                    "Unknown function '" + f.name() + "'", f.position()));
            int n = f.arguments().size();
            if (f.lowerName().equals("id")) {
                deprecations.putIfAbsent(f.position().offset(),
                        io.memgraph.ha.query.notice.Notifications.deprecatedId(f.position()));
            }
            if (n < sig.minArgs() || n > sig.maxArgs()) {
                throw error(CypherErrorKind.INVALID_NUMBER_OF_ARGUMENTS, "Invalid number of arguments to "
                        + sig.name() + "(): expected " + arity(sig.minArgs(), sig.maxArgs()) + " but got " + n,
                        f.position());
            }
            for (Expression a : f.arguments()) {
                if (a instanceof Expression.PatternPredicate pp && !f.lowerName().equals("exists")
                        && !f.lowerName().equals("size")) {
                    throw patternAsValue(pp);
                }
                expression(a, scope, ctx);
            }
            return;
        }
        if (e instanceof Expression.ListComprehension lc) {
            expression(lc.list(), scope, ctx);
            Map<String, Kind> inner = with(scope, lc.variable());
            Ctx c = ctx.noAggregates();
            if (lc.where() != null) {
                expression(lc.where(), inner, c);
            }
            if (lc.projection() != null) {
                expression(lc.projection(), inner, c);
            }
            return;
        }
        if (e instanceof Expression.Quantifier q) {
            expression(q.list(), scope, ctx);
            if (q.where() != null) {
                expression(q.where(), with(scope, q.variable()), ctx.noAggregates());
            }
            return;
        }
        if (e instanceof Expression.Reduce r) {
            expression(r.init(), scope, ctx);
            expression(r.list(), scope, ctx);
            Map<String, Kind> inner = with(with(scope, r.accumulator()), r.variable());
            expression(r.expression(), inner, ctx.noAggregates());
            return;
        }
        if (e instanceof Expression.MapProjection mp) {
            if (!scope.containsKey(mp.variable())) {
                throw error(CypherErrorKind.UNDEFINED_VARIABLE, "Variable `" + mp.variable() + "` not defined",
                        mp.position());
            }
            for (Expression.MapProjectionItem item : mp.items()) {
                if (item instanceof Expression.LiteralEntry le) {
                    expression(le.value(), scope, ctx);
                } else if (item instanceof Expression.VariableSelector vs && !scope.containsKey(vs.name())) {
                    throw error(CypherErrorKind.UNDEFINED_VARIABLE, "Variable `" + vs.name() + "` not defined",
                            mp.position());
                }
            }
            return;
        }
        if (e instanceof Expression.PatternPredicate pp) {
            refuseTraversal(pp.element(), "a pattern predicate");
            patternExpression(pp.element(), scope);
            return;
        }
        if (e instanceof Expression.PatternComprehension pc) {
            refuseTraversal(pc.element(), "a pattern comprehension");
            Map<String, Kind> inner = new LinkedHashMap<>(scope);
            patternExpressionDeclaring(pc.element(), inner);
            if (pc.pathVariable() != null) {
                inner.put(pc.pathVariable(), Kind.PATH);
            }
            if (pc.where() != null) {
                expression(pc.where(), inner, ctx.noAggregates());
            }
            expression(pc.projection(), inner, ctx.noAggregates());
            return;
        }
        if (e instanceof Expression.ExistsSubquery es) {
            expressionSubquery(es.query(), "EXISTS", false, scope, es.position());
            return;
        }
        if (e instanceof Expression.Subquery sq) {
            expressionSubquery(sq.query(), sq.kind().name(), sq.kind() == Expression.SubqueryKind.COLLECT, scope,
                    sq.position());
            return;
        }
        for (Expression child : Expressions.children(e)) {
            expression(child, scope, ctx);
        }
    }

    /**
     * Type errors visible without running the query: a literal of the wrong type where an
     * operator needs a list or a boolean, or a graph function applied to a variable whose kind
     * is known to be wrong (e.g. {@code type()} of a node).
     */
    private static void checkStaticTypes(Expression e, Map<String, Kind> scope) {
        if (e instanceof Expression.Binary b) {
            checkOperands(b.operator(), b.left(), b.right());
        } else if (e instanceof Expression.BinaryChain c) {
            // In the order the equivalent nested Binary nodes are checked: outermost first.
            for (int k = c.operators().size() - 1; k >= 0; k--) {
                checkOperands(c.operators().get(k), c.operands().get(k), c.operands().get(k + 1));
            }
        } else if (e instanceof Expression.Property p && p.subject() instanceof Expression.Variable v
                && (scope.get(v.name()) == Kind.PATH || scope.get(v.name()) == Kind.NODE_GROUP
                    || scope.get(v.name()) == Kind.RELATIONSHIP_GROUP)) {
            throw typeError("Map, Node, Relationship, Point, Duration, Date, Time, LocalTime, LocalDateTime or "
                    + "DateTime", scope.get(v.name()).display, v);
        } else if (e instanceof Expression.Unary u && u.operator() == Expression.UnaryOperator.NOT) {
            requireBooleanLiteral(u.operand());
        } else if (e instanceof Expression.FunctionCall f && f.lowerName().equals("exists")
                && f.arguments().size() == 1 && !(f.arguments().get(0) instanceof Expression.Property)
                && !(f.arguments().get(0) instanceof Expression.PatternPredicate)) {
            throw error(CypherErrorKind.INVALID_ARGUMENT_EXPRESSION,
                    "Argument to exists(...) is not a property or pattern", f.arguments().get(0).position());
        } else if (e instanceof Expression.FunctionCall f && f.lowerName().equals("properties")
                && f.arguments().size() == 1 && literalType(f.arguments().get(0)) != null
                && !literalType(f.arguments().get(0)).equals("Map")) {
            throw typeError("Map, Node or Relationship", literalType(f.arguments().get(0)), f.arguments().get(0));
        } else if (e instanceof Expression.FunctionCall f && f.arguments().size() == 1
                && f.arguments().get(0) instanceof Expression.Variable v) {
            Kind k = scope.get(v.name());
            String expected = switch (f.lowerName()) {
                case "type", "startnode", "endnode" -> k == Kind.NODE || k == Kind.PATH ? "Relationship" : null;
                case "labels" -> k == Kind.RELATIONSHIP || k == Kind.PATH ? "Node" : null;
                case "length", "nodes", "relationships" -> k == Kind.NODE || k == Kind.RELATIONSHIP ? "Path" : null;
                case "size" -> k == Kind.NODE || k == Kind.RELATIONSHIP || k == Kind.PATH ? "String or List" : null;
                default -> null;
            };
            if (expected != null) {
                throw typeError(expected, k.display, v);
            }
        }
    }

    /** Literal operands of the wrong type for a binary operator. */
    private static void checkOperands(Expression.BinaryOperator operator, Expression left, Expression right) {
        switch (operator) {
            case IN -> {
                String t = literalType(right);
                if (t != null && !t.equals("List")) {
                    throw typeError("List<T>", t, right);
                }
            }
            case AND, OR, XOR -> {
                requireBooleanLiteral(left);
                requireBooleanLiteral(right);
            }
            default -> {
            }
        }
    }

    private static void requireBooleanLiteral(Expression e) {
        String t = literalType(e);
        if (t != null && !t.equals("Boolean")) {
            throw typeError("Boolean", t, e);
        }
    }

    /** The type of a literal expression, or null when it is not a (non-null) literal. */
    private static String literalType(Expression e) {
        if (e instanceof Expression.Literal l) {
            return l.value() == null ? null : io.memgraph.ha.query.value.CypherValues.typeName(l.value());
        }
        if (e instanceof Expression.ListLiteral) {
            return "List";
        }
        if (e instanceof Expression.MapLiteral) {
            return "Map";
        }
        return null;
    }

    private static CypherSemanticException typeError(String expected, String actual, Expression at) {
        return error(CypherErrorKind.INVALID_ARGUMENT_TYPE,
                "Type mismatch: expected " + expected + " but was " + actual, at.position());
    }

    private static String arity(int min, int max) {
        if (min == max) {
            return Integer.toString(min);
        }
        return max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
    }

    private void aggregate(Expression e, Map<String, Kind> scope, Ctx ctx) {
        String name = e instanceof Expression.FunctionCall f ? f.name() : "count";
        if (ctx.insideAggregate()) {
            throw error(CypherErrorKind.NESTED_AGGREGATION,
                    "Can't use aggregate functions inside of aggregate functions.", e.position());
        }
        if (!ctx.aggregatesAllowed() && ctx.aggregating()) {
            throw error(CypherErrorKind.AMBIGUOUS_AGGREGATION_EXPRESSION, "Aggregation " + name + "(...) in ORDER BY"
                    + " must also be projected by the " + ctx.clause(), e.position());
        }
        if (!ctx.aggregatesAllowed()) {
            throw error(CypherErrorKind.INVALID_AGGREGATION,
                    "Invalid use of aggregating function " + name + "(...) in this context", e.position());
        }
        if (e instanceof Expression.FunctionCall f) {
            if (f.arguments().stream().anyMatch(a -> Expressions.anyMatch(a,
                    x -> x instanceof Expression.FunctionCall g && g.lowerName().equals("rand")))) {
                throw error(CypherErrorKind.NON_CONSTANT_EXPRESSION, "Can't use non-deterministic (random) functions "
                        + "inside of aggregate functions.", f.position());
            }
            int want = Aggregations.arity(f.name());
            if (f.arguments().size() != want) {
                throw error(CypherErrorKind.INVALID_NUMBER_OF_ARGUMENTS, "Invalid number of arguments to "
                        + f.name() + "(): expected " + want + " but got " + f.arguments().size(), f.position());
            }
            for (Expression a : f.arguments()) {
                expression(a, scope, ctx.inAggregate());
            }
        }
    }

    private static Map<String, Kind> with(Map<String, Kind> scope, String variable) {
        Map<String, Kind> inner = new LinkedHashMap<>(scope);
        inner.put(variable, Kind.ANY);
        return inner;
    }

    /** A pattern predicate may not introduce variables: every named one must be bound. */
    private void patternExpression(Pattern.Element el, Map<String, Kind> scope) {
        List<Pattern.NodePattern> nodes = new ArrayList<>();
        nodes.add(el.start());
        for (Pattern.Step s : el.steps()) {
            nodes.add(s.node());
            Pattern.RelationshipPattern r = s.relationship();
            if (r.variable() != null && !scope.containsKey(r.variable())) {
                throw error(CypherErrorKind.UNDEFINED_VARIABLE, "PatternExpressions are not allowed to introduce new "
                        + "variables: '" + r.variable() + "'.", r.position());
            }
            if (r.properties() != null) {
                expression(r.properties(), scope, Ctx.PLAIN);
            }
        }
        for (Pattern.NodePattern n : nodes) {
            if (n.variable() != null && !scope.containsKey(n.variable())) {
                throw error(CypherErrorKind.UNDEFINED_VARIABLE, "PatternExpressions are not allowed to introduce new "
                        + "variables: '" + n.variable() + "'.", n.position());
            }
            if (n.properties() != null) {
                expression(n.properties(), scope, Ctx.PLAIN);
            }
        }
    }

    /** In a pattern comprehension, new variables are local to it. */
    private void patternExpressionDeclaring(Pattern.Element el, Map<String, Kind> scope) {
        List<Pattern.NodePattern> nodes = new ArrayList<>();
        nodes.add(el.start());
        for (Pattern.Step s : el.steps()) {
            nodes.add(s.node());
            Pattern.RelationshipPattern r = s.relationship();
            if (r.variable() != null) {
                scope.putIfAbsent(r.variable(), r.length() == null ? Kind.RELATIONSHIP : Kind.RELATIONSHIP_LIST);
            }
            if (r.properties() != null) {
                expression(r.properties(), scope, Ctx.PLAIN);
            }
        }
        for (Pattern.NodePattern n : nodes) {
            if (n.variable() != null) {
                scope.putIfAbsent(n.variable(), Kind.NODE);
            }
            if (n.properties() != null) {
                expression(n.properties(), scope, Ctx.PLAIN);
            }
        }
    }

    private static boolean containsAggregate(Expression e) {
        // Aggregates inside nested scopes (list comprehensions...) are errors reported elsewhere.
        return Expressions.anyMatch(e, Aggregations::isAggregate);
    }
}
