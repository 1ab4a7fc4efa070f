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
 * parsed, so they must be written in it (literals, not parameters).
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

    /** {@code s} with a leading call of these procedures rewritten; other statements as they are. */
    static Statement rewrite(Statement s) {
        if (s instanceof Query q) {
            return rewrite(q);
        }
        if (s instanceof Statement.Explain e) {
            return new Statement.Explain(rewrite(e.query()));
        }
        if (s instanceof Statement.Profile p) {
            return new Statement.Profile(rewrite(p.query()));
        }
        return s;
    }

    static Query rewrite(Query q) {
        List<Clause> clauses = q.first().clauses();
        for (int k = 0; k < clauses.size(); k++) {
            if (clauses.get(k) instanceof Clause.CallProcedure cp && rewritten(cp.name())) {
                if (k > 0 || !q.unions().isEmpty()) {
                    throw new CypherException(CypherErrorKind.INVALID_CLAUSE_COMPOSITION, cp.name()
                            + " must be the first clause of its query, outside any UNION", cp.position());
                }
                return new Query(new Query.SingleQuery(yielding(cp, rewrite(cp), clauses.subList(1, clauses.size())),
                        q.first().position()), List.of());
            }
        }
        return q;
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

    /** The text of a query the call takes, which must be a string literal. */
    static String text(Clause.CallProcedure cp, Expression e, String which) {
        if (e instanceof Expression.Literal l && l.value() instanceof String s) {
            return s;
        }
        throw argument(cp, "takes its " + which + " as a string written in the query (a parameter is not"
                + " supported)");
    }

    /**
     * The entries of a map the call takes ({@code what}: "settings", "params"), which must be
     * written in the query ({@code example} shows one); null is an empty map.
     */
    static Map<String, Expression> map(Clause.CallProcedure cp, Expression e, String what, String example) {
        if (e instanceof Expression.Literal l && l.value() == null) {
            return Map.of();
        }
        if (!(e instanceof Expression.MapLiteral m)) {
            throw argument(cp, "takes its " + what + " as a map written in the query (" + example + ")");
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
            throw argument(cp, "needs a positive integer as batch_size, not "
                    + (l.value() instanceof String text ? "'" + text + "'" : l.value()));
        }
        return size;
    }

    static CypherException argument(Clause.CallProcedure cp, String what) {
        return new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE, cp.name() + " " + what, cp.position());
    }
}
