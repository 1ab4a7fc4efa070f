package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.ast.Projection;
import io.memgraph.ha.query.ast.Query;
import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.error.CypherSyntaxException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The procedure calls the parser turns into clauses of Cypher itself, so that their batches are
 * those of {@code CALL { } IN TRANSACTIONS}: {@code apoc.periodic.iterate} and Memgraph's
 * {@code periodic.iterate} ({@link PeriodicIterate}), {@code apoc.periodic.commit} and Memgraph's
 * {@code periodic.delete} ({@link PeriodicCommit}). Such a call must be the first clause of its
 * query, outside any UNION; its {@code YIELD ... WHERE} and the rest of the query come after the
 * clauses it became, as after any call. Its queries and settings are read when the query is
 * parsed when they are written in it; a call that takes one of them from a parameter
 * ({@code CALL apoc.periodic.iterate($outer, $inner, {batchSize: $size, params: $p})}) is left as
 * it is by the parser, and rewritten when the query runs, with the parameters' values
 * ({@link #binding}).
 */
final class RewrittenCalls {
    private RewrittenCalls() {
    }

    /**
     * What a call became: the clauses that compute its outputs, ending in the {@code RETURN} of
     * {@code outputs}, the procedure's columns in its order.
     */
    record Rewritten(List<Clause> clauses, List<String> outputs) {
        Rewritten {
            clauses = List.copyOf(clauses);
            // the RETURN is written as Cypher text: it must name the columns of the shared list
            List<String> returned = ((Clause.Return) clauses.get(clauses.size() - 1)).projection().items().stream()
                    .map(Projection.Item::name).toList();
            if (!returned.equals(outputs)) {
                throw new IllegalStateException("the rewrite returns " + returned + ", the procedure's columns are "
                        + outputs);
            }
        }
    }

    /**
     * {@code s} with a leading call of these procedures rewritten; other statements, and a call
     * that takes a query or setting from a parameter, as they are.
     */
    static Statement rewrite(Statement s) {
        return rewrite(s, null);
    }

    /**
     * {@code s} with its leading call rewritten: with {@code bound}'s arguments when given (the
     * call's parameters replaced by their values), else only when it takes no parameter where the
     * rewrite needs a value.
     */
    private static Statement rewrite(Statement s, List<Expression> bound) {
        if (s instanceof Query q) {
            return rewrite(q, bound);
        }
        if (s instanceof Statement.Explain e) {
            return new Statement.Explain(rewrite(e.query(), bound));
        }
        if (s instanceof Statement.Profile p) {
            return new Statement.Profile(rewrite(p.query(), bound));
        }
        return s;
    }

    private static Query rewrite(Query q, List<Expression> bound) {
        Clause.CallProcedure cp = call(q);
        if (cp == null || bound == null && takesParameters(cp)) {
            return q;
        }
        if (bound != null) {
            cp = new Clause.CallProcedure(cp.name(), bound, cp.yieldAll(), cp.yields(), cp.where(), cp.position());
        }
        List<Clause> clauses = q.first().clauses();
        return new Query(new Query.SingleQuery(yielding(cp, rewrite(cp), clauses.subList(1, clauses.size())),
                q.first().position()), List.of());
    }

    /** The call of these procedures {@code q} starts with, or null; such a call anywhere else is refused. */
    private static Clause.CallProcedure call(Query q) {
        List<Clause> clauses = q.first().clauses();
        for (int k = 0; k < clauses.size(); k++) {
            if (clauses.get(k) instanceof Clause.CallProcedure cp && rewritten(cp.name())) {
                if (k > 0 || !q.unions().isEmpty()) {
                    throw new CypherException(CypherErrorKind.INVALID_CLAUSE_COMPOSITION, cp.name()
                            + " must be the first clause of its query, outside any UNION", cp.position());
                }
                return cp;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- a call that takes parameters

    /**
     * The arguments of the leading call of {@code s} with the parameters the rewrite reads
     * replaced by their values in {@code parameters} (normalised), or null when {@code s} has no
     * such call that takes one ({@link #takesParameters}). Equal lists give equal rewrites, so
     * the list is what a rewrite is cached under, beside the query text. A parameter the query
     * was not given is an argument error naming it.
     */
    static List<Expression> boundArguments(Statement s, Map<String, Object> parameters) {
        Clause.CallProcedure cp = waiting(s);
        return cp == null ? null : new Binder(cp, parameters).arguments();
    }

    /** Whether {@code s} has a leading call that takes parameters ({@link #takesParameters}). */
    static boolean waitsForParameters(Statement s) {
        return waiting(s) != null;
    }

    /** The leading call of {@code s} when it takes parameters ({@link #takesParameters}), else null. */
    private static Clause.CallProcedure waiting(Statement s) {
        Query q = s instanceof Query query ? query : s instanceof Statement.Explain e ? e.query()
                : s instanceof Statement.Profile p ? p.query() : null;
        Clause.CallProcedure cp = q == null ? null : call(q);
        return cp != null && takesParameters(cp) ? cp : null;
    }

    /** {@code s} with its leading call rewritten with {@code arguments} ({@link #boundArguments}). */
    static Statement bind(Statement s, List<Expression> arguments) {
        return rewrite(s, arguments);
    }

    /**
     * Whether the call takes, from a parameter, something its rewrite reads as a value: a query,
     * its settings or params as a whole, or the {@code params}, {@code retries}, {@code labels} or
     * {@code edge_types} of its settings (a batch size stays an expression of the rewrite).
     */
    static boolean takesParameters(Clause.CallProcedure cp) {
        Binder probe = new Binder(cp, null);
        probe.arguments();
        return probe.found;
    }

    /** The settings whose values the rewrite reads (beside {@code params}, whose keys it reads). */
    private static final java.util.Set<String> READ_SETTINGS = java.util.Set.of("retries", "labels", "edge_types");

    /**
     * Replaces the parameters of a call that the rewrite reads by their values: as literals
     * (lists and maps as list and map literals), except the values of {@code params}, which stay
     * parameters ({@code $p.key}): the rewrite reads their keys only. With no values, only notes
     * whether there is such a parameter.
     */
    private static final class Binder {
        private final Clause.CallProcedure cp;
        private final Map<String, Object> values;
        private boolean found;

        Binder(Clause.CallProcedure cp, Map<String, Object> values) {
            this.cp = cp;
            this.values = values;
        }

        List<Expression> arguments() {
            List<Expression> args = cp.arguments();
            if (args == null) {
                return null;
            }
            boolean commit = cp.name().equalsIgnoreCase("apoc.periodic.commit");
            boolean delete = cp.name().equalsIgnoreCase("periodic.delete");
            List<Expression> out = new ArrayList<>();
            for (int k = 0; k < args.size(); k++) {
                Expression e = args.get(k);
                if (delete || k == 2) {
                    out.add(settings(e));
                } else if (commit && k == 1) {
                    out.add(params(e, "params"));
                } else if (k < 2) {
                    out.add(constant(e, commit ? "statement" : k == 0 ? "first query" : "second query"));
                } else {
                    out.add(e);
                }
            }
            return out;
        }

        /** A parameter's value, or the argument error of a parameter not given. */
        private Object value(Expression.Parameter p, String which) {
            found = true;
            if (values == null) {
                return null;
            }
            if (!values.containsKey(p.name())) {
                throw argument(cp, "takes its " + which + " from the parameter $" + p.name()
                        + ", which the query was not given");
            }
            return values.get(p.name());
        }

        /** {@code e} with its parameters (those of its list literal too) as their values. */
        private Expression constant(Expression e, String which) {
            if (e instanceof Expression.Parameter p) {
                Object v = value(p, which);
                return values == null ? e : literal(v, p);
            }
            if (e instanceof Expression.ListLiteral l) {
                return new Expression.ListLiteral(l.elements().stream().map(x -> constant(x, which)).toList(),
                        l.position());
            }
            return e;
        }

        /** The call's settings: a map whose {@code params} and read settings are bound. */
        private Expression settings(Expression e) {
            if (e instanceof Expression.Parameter p) {
                Object v = value(p, "settings");
                if (values == null || !(v instanceof Map<?, ?> m)) {
                    return values == null ? e : literal(v, p);
                }
                List<Expression.MapEntry> entries = new ArrayList<>();
                for (String key : new java.util.TreeSet<>(keys(m))) {
                    Expression access = new Expression.Property(p, key, p.position());
                    entries.add(new Expression.MapEntry(key, key.equals("params") ? keysOf(m.get(key), access)
                            : literal(m.get(key), access)));
                }
                return new Expression.MapLiteral(entries, p.position());
            }
            if (!(e instanceof Expression.MapLiteral m)) {
                return e;
            }
            List<Expression.MapEntry> entries = new ArrayList<>();
            for (Expression.MapEntry x : m.entries()) {
                Expression v = x.key().equals("params") ? params(x.value(), "params setting")
                        : READ_SETTINGS.contains(x.key()) ? constant(x.value(), x.key() + " setting") : x.value();
                entries.add(new Expression.MapEntry(x.key(), v));
            }
            return new Expression.MapLiteral(entries, m.position());
        }

        /** Params given as a parameter: a map of its keys, each value read from the parameter when the query runs. */
        private Expression params(Expression e, String which) {
            if (!(e instanceof Expression.Parameter p)) {
                return e;
            }
            Object v = value(p, which);
            return values == null ? e : keysOf(v, p);
        }

        /** {@code {k: access.k, ...}} for a map {@code v}, else {@code v} as a literal. */
        private static Expression keysOf(Object v, Expression access) {
            if (!(v instanceof Map<?, ?> m)) {
                return literal(v, access);
            }
            return new Expression.MapLiteral(new java.util.TreeSet<>(keys(m)).stream()
                    .map(k -> new Expression.MapEntry(k, new Expression.Property(access, k, access.position())))
                    .toList(), access.position());
        }

        private static List<String> keys(Map<?, ?> m) {
            return m.keySet().stream().map(String::valueOf).toList();
        }

        /**
         * A value as a literal: lists and maps as list and map literals; a value no literal can
         * hold (a node, a date, ...) as {@code access}, read from the parameter when the query runs.
         */
        private static Expression literal(Object v, Expression access) {
            Position at = access.position();
            if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) {
                return new Expression.Literal(v, at);
            }
            if (v instanceof List<?> list) {
                List<Expression> elements = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    elements.add(literal(list.get(i), new Expression.Subscript(access,
                            new Expression.Literal((long) i, at), at)));
                }
                return new Expression.ListLiteral(elements, at);
            }
            if (v instanceof Map<?, ?> m) {
                List<Expression.MapEntry> entries = new ArrayList<>();
                for (String key : new java.util.TreeSet<>(keys(m))) {
                    entries.add(new Expression.MapEntry(key, literal(m.get(key),
                            new Expression.Property(access, key, at))));
                }
                return new Expression.MapLiteral(entries, at);
            }
            return access;
        }
    }

    private static boolean rewritten(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "apoc.periodic.iterate", "periodic.iterate", "apoc.periodic.commit", "periodic.delete" -> true;
            default -> false;
        };
    }

    private static Rewritten rewrite(Clause.CallProcedure cp) {
        return switch (cp.name().toLowerCase(Locale.ROOT)) {
            case "apoc.periodic.iterate" -> PeriodicIterate.apoc(cp);
            case "periodic.iterate" -> PeriodicIterate.mage(cp);
            case "apoc.periodic.commit" -> PeriodicCommit.apoc(cp);
            default -> PeriodicCommit.mage(cp);
        };
    }

    /**
     * The call's clauses, then: without YIELD their RETURN (nothing may follow); with
     * {@code YIELD a, b AS c [WHERE ...]} the columns under their aliases, and the rest of the
     * query (a standalone call returns what it yields).
     */
    private static List<Clause> yielding(Clause.CallProcedure cp, Rewritten r, List<Clause> rest) {
        Position at = cp.position();
        List<Clause> out = new ArrayList<>(r.clauses().subList(0, r.clauses().size() - 1));
        Clause.Return returned = (Clause.Return) r.clauses().get(r.clauses().size() - 1);
        if (cp.yields().isEmpty() && !cp.yieldAll()) {
            if (!rest.isEmpty()) {
                throw new CypherException(CypherErrorKind.INVALID_CLAUSE_COMPOSITION, cp.name()
                        + " needs YIELD to be followed by other clauses", rest.get(0).position());
            }
            out.add(returned);
            return out;
        }
        out.add(new Clause.With(returned.projection(), null, at, "WITH"));
        List<Clause.YieldItem> items = cp.yieldAll()
                ? r.outputs().stream().map(c -> new Clause.YieldItem(c, c, at)).toList() : cp.yields();
        List<Projection.Item> renames = new ArrayList<>();
        List<Projection.Item> aliases = new ArrayList<>();
        for (Clause.YieldItem y : items) {
            if (!r.outputs().contains(y.field())) {
                throw new CypherException(CypherErrorKind.UNDEFINED_VARIABLE, "Unknown procedure output: `"
                        + y.field() + "` (" + cp.name() + " yields " + String.join(", ", r.outputs()) + ")",
                        y.position());
            }
            renames.add(new Projection.Item(new Expression.Variable(y.field(), y.position()), y.alias(), y.field(),
                    y.position()));
            aliases.add(new Projection.Item(new Expression.Variable(y.alias(), y.position()), null, y.alias(),
                    y.position()));
        }
        out.add(new Clause.With(plain(renames), cp.where(), at, "WITH"));
        out.addAll(rest.isEmpty() ? List.of(new Clause.Return(plain(aliases), at)) : rest);
        return out;
    }

    /** The items, neither DISTINCT nor ordered nor cut. */
    private static Projection plain(List<Projection.Item> items) {
        return new Projection(false, false, items, List.of(), null, null);
    }

    // ---------------------------------------------------------------- what the rewriters share

    /** A query the call takes ({@code which}: "first query", "statement"), a syntax error in it named as the call's. */
    static Query parse(Clause.CallProcedure cp, String which, String query, Map<String, Expression> params) {
        try {
            return CypherParser.parseInner(query, params);
        } catch (CypherSyntaxException e) {
            throw new CypherSyntaxException(e.kind(), cp.name() + "'s " + which + ": " + e.shortMessage(), query,
                    new Position(e.offset(), e.line(), e.column()));
        }
    }

    /** The text of a query the call takes, which must be a string (a parameter's is bound to it). */
    static String text(Clause.CallProcedure cp, Expression e, String which) {
        if (e instanceof Expression.Literal l && l.value() instanceof String s) {
            return s;
        }
        throw argument(cp, "takes its " + which + " as a string, written in the query or given as a parameter,"
                + " not " + shown(e));
    }

    /** An argument as an error shows it. */
    static String shown(Expression e) {
        return e instanceof Expression.Parameter p ? "the parameter $" + p.name()
                : e instanceof Expression.Literal l ? (l.value() instanceof String text ? "'" + text + "'"
                : String.valueOf(l.value()))
                : e instanceof Expression.ListLiteral ? "a list" : e instanceof Expression.MapLiteral ? "a map"
                : "an expression";
    }

    /**
     * The entries of a map the call takes ({@code what}: "settings", "params"), written in the
     * query or given as a parameter ({@code example} shows one); null is an empty map.
     */
    static Map<String, Expression> map(Clause.CallProcedure cp, Expression e, String what, String example) {
        if (e instanceof Expression.Literal l && l.value() == null) {
            return Map.of();
        }
        if (!(e instanceof Expression.MapLiteral m)) {
            throw argument(cp, "takes its " + what + " as a map, written in the query or given as a parameter ("
                    + example + "), not " + shown(e));
        }
        Map<String, Expression> out = new LinkedHashMap<>();
        m.entries().forEach(x -> out.put(x.key(), x.value()));
        return out;
    }

    /**
     * Memgraph's {@code batch_size}: required ({@code what} says what it counts); when written as a
     * number, a positive integer (a parameter is checked when the batches start).
     */
    static Expression batchSize(Clause.CallProcedure cp, Map<String, Expression> config, String what) {
        Expression size = config.get("batch_size");
        if (size == null || size instanceof Expression.Literal l && l.value() == null) {
            throw argument(cp, "needs batch_size in its settings: " + what + " ({batch_size: 1000})");
        }
        if (size instanceof Expression.Literal l && !(l.value() instanceof Long n && n > 0)) {
            throw argument(cp, "needs a positive integer as batch_size, not " + shown(size));
        }
        return size;
    }

    static CypherException argument(Clause.CallProcedure cp, String what) {
        return new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE, cp.name() + " " + what, cp.position());
    }
}
