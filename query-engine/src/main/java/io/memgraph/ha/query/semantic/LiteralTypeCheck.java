package io.memgraph.ha.query.semantic;

import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Expressions;
import io.memgraph.ha.query.ast.Projection;
import io.memgraph.ha.query.ast.Query;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.value.CypherValues;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Type errors on variables whose type is known from a literal, found before the query runs:
 * {@code WITH 123 AS x RETURN x.num} (property access on a non-map) and
 * {@code any(x IN ['a'] WHERE x % 2 = 0)} (arithmetic on a list element that is no number).
 * Conservative: a variable has a type only while it is bound directly to a literal (through
 * {@code WITH} or as the variable of a quantifier or comprehension over a list literal whose
 * elements all have one type); everything else is left to run time.
 */
final class LiteralTypeCheck {
    private LiteralTypeCheck() {
    }

    private static final Set<String> NON_MAPS = Set.of("Integer", "Float", "Boolean", "String", "List");
    private static final Set<String> NON_NUMBERS = Set.of("Boolean", "String", "List", "Map");

    static void check(Query q) {
        singleQuery(q.first());
        for (Query.UnionPart u : q.unions()) {
            singleQuery(u.query());
        }
    }

    private static void singleQuery(Query.SingleQuery q) {
        Map<String, String> types = new HashMap<>();
        for (Clause c : q.clauses()) {
            if (c instanceof Clause.With w) {
                projection(w.projection(), types);
                types = next(w.projection(), types);
                if (w.where() != null) {
                    expression(w.where(), types);
                }
            } else if (c instanceof Clause.Return r) {
                projection(r.projection(), types);
            } else if (!types.isEmpty() && !(c instanceof Clause.Match) && !(c instanceof Clause.Unwind)) {
                // Other clauses may bind or change variables in ways this pass does not follow.
                types = new HashMap<>();
            }
        }
    }

    private static void projection(Projection p, Map<String, String> types) {
        for (Projection.Item item : p.items()) {
            expression(item.expression(), types);
        }
    }

    /** The literal types visible after a WITH: literal aliases and carried-over typed variables. */
    private static Map<String, String> next(Projection p, Map<String, String> types) {
        Map<String, String> next = p.star() ? new HashMap<>(types) : new HashMap<>();
        for (Projection.Item item : p.items()) {
            String name = item.alias() != null ? item.alias()
                    : item.expression() instanceof Expression.Variable v ? v.name() : null;
            if (name == null) {
                continue;
            }
            String t = typeOf(item.expression(), types);
            if (t != null) {
                next.put(name, t);
            } else {
                next.remove(name);
            }
        }
        return next;
    }

    private static void expression(Expression e, Map<String, String> types) {
        if (e instanceof Expression.Property p) {
            String t = typeOf(p.subject(), types);
            if (t != null && NON_MAPS.contains(t)) {
                throw new CypherSemanticException(CypherErrorKind.RUNTIME_INVALID_ARGUMENT_TYPE,
                        "Type mismatch: expected Map, Node or Relationship but was " + t + " when reading property '"
                                + p.key() + "'", p.position());
            }
        } else if (e instanceof Expression.Binary b) {
            numericOperands(b.operator(), b.left(), b.right(), types);
        } else if (e instanceof Expression.BinaryChain c) {
            // Outermost operator first, as for the equivalent nested Binary nodes.
            for (int k = c.operators().size() - 1; k >= 0; k--) {
                numericOperands(c.operators().get(k), c.operands().get(k), c.operands().get(k + 1), types);
            }
        } else if (e instanceof Expression.Quantifier q) {
            expression(q.list(), types);
            if (q.where() != null) {
                expression(q.where(), inner(q.variable(), q.list(), types));
            }
            return;
        } else if (e instanceof Expression.ListComprehension c) {
            expression(c.list(), types);
            Map<String, String> inner = inner(c.variable(), c.list(), types);
            if (c.where() != null) {
                expression(c.where(), inner);
            }
            if (c.projection() != null) {
                expression(c.projection(), inner);
            }
            return;
        } else if (e instanceof Expression.ExistsSubquery || e instanceof Expression.Subquery
                || e instanceof Expression.Reduce) {
            return; // they bind variables of their own; not followed
        }
        for (Expression child : Expressions.children(e)) {
            expression(child, types);
        }
    }

    private static void numericOperands(Expression.BinaryOperator op, Expression left, Expression right,
                                        Map<String, String> types) {
        if (!isNumericOperator(op)) {
            return;
        }
        for (Expression operand : List.of(left, right)) {
            String t = operand instanceof Expression.Variable ? typeOf(operand, types) : null;
            if (t != null && NON_NUMBERS.contains(t)) {
                throw new CypherSemanticException(CypherErrorKind.INVALID_ARGUMENT_TYPE,
                        "Type mismatch: expected Integer or Float but was " + t + " for operator "
                                + op.symbol(), operand.position());
            }
        }
    }

    private static boolean isNumericOperator(Expression.BinaryOperator op) {
        return switch (op) {
            case SUBTRACT, MULTIPLY, DIVIDE, MODULO, POWER -> true;
            default -> false;
        };
    }

    /** The scope inside a quantifier or comprehension: its variable typed by the list's elements. */
    private static Map<String, String> inner(String variable, Expression list, Map<String, String> types) {
        Map<String, String> inner = new HashMap<>(types);
        inner.remove(variable);
        if (list instanceof Expression.ListLiteral l && !l.elements().isEmpty()) {
            String common = null;
            for (Expression element : l.elements()) {
                String t = typeOf(element, Map.of());
                if (t == null || (common != null && !common.equals(t))) {
                    return inner;
                }
                common = t;
            }
            inner.put(variable, common);
        }
        return inner;
    }

    /** The type of a non-null literal, or of a variable bound to one; null when unknown. */
    private static String typeOf(Expression e, Map<String, String> types) {
        if (e instanceof Expression.Variable v) {
            return types.get(v.name());
        }
        if (e instanceof Expression.Literal l) {
            return l.value() == null ? null : CypherValues.typeName(l.value());
        }
        if (e instanceof Expression.ListLiteral) {
            return "List";
        }
        if (e instanceof Expression.MapLiteral) {
            return "Map";
        }
        return null;
    }
}
