package io.memgraph.ha.query.semantic;

import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Hint;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.error.CypherErrorKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rules Neo4j 5 checks for the planner hints of a MATCH before planning, with its messages: a
 * hint names a variable of the query, an index or scan hint a label (type) the MATCH gives that
 * variable, an index hint properties the MATCH has a predicate on, and a join hint a pattern with
 * a relationship. Hints that pass may still be unfulfillable (no such index): the planner then
 * plans as without them.
 */
final class HintCheck {
    private static final String PREDICATES = "Index hints are only supported for the following predicates in"
            + " WHERE (either directly or as part of a top-level AND or OR): equality comparison, inequality (range)"
            + " comparison, STARTS WITH, IN condition or checking property existence. The comparison cannot be"
            + " performed between two property values. Note that the label and property comparison must be"
            + " specified on a non-optional node";

    /** The binary operators whose {@code v.p OP x} an index hint on {@code p} accepts. */
    private static final Set<Expression.BinaryOperator> SERVED = Set.of(Expression.BinaryOperator.EQ,
            Expression.BinaryOperator.LT, Expression.BinaryOperator.LE, Expression.BinaryOperator.GT,
            Expression.BinaryOperator.GE, Expression.BinaryOperator.STARTS_WITH, Expression.BinaryOperator.ENDS_WITH,
            Expression.BinaryOperator.CONTAINS, Expression.BinaryOperator.IN);

    private HintCheck() {
    }

    /** Checks {@code m}'s hints; {@code declared} holds the variables in scope after its pattern. */
    static void check(Clause.Match m, Set<String> declared) {
        for (Hint h : m.hints()) {
            if (h instanceof Hint.Index i) {
                requireDeclared(i.variable(), declared, h);
                if (!hasLabel(m, i.variable(), i.labelOrType())) {
                    throw invalid("Cannot use index hint in this context. Must use "
                            + (isRelationship(m.pattern(), i.variable()) ? "relationship type on relationship"
                            : "label on node") + " that hint is referring to.", h);
                }
                for (String property : i.properties()) {
                    if (!hasPredicate(m, i.variable(), property)) {
                        throw invalid("Cannot use index hint in this context. " + PREDICATES, h);
                    }
                }
            } else if (h instanceof Hint.Scan s) {
                requireDeclared(s.variable(), declared, h);
                if (!hasLabel(m, s.variable(), s.labelOrType())) {
                    throw invalid("Cannot use label scan hint in this context. Label scan hints require using a"
                            + " simple label test in WHERE (either directly or as part of a top-level AND). Note"
                            + " that the label must be specified on a non-optional node", h);
                }
            } else if (h instanceof Hint.Join j) {
                for (String v : j.variables()) {
                    requireDeclared(v, declared, h);
                }
                if (m.pattern().parts().stream().allMatch(p -> p.element().steps().isEmpty())) {
                    throw invalid("Cannot use join hint for single node pattern.", h);
                }
            }
        }
    }

    private static void requireDeclared(String variable, Set<String> declared, Hint h) {
        if (!declared.contains(variable)) {
            throw new CypherSemanticException(CypherErrorKind.UNDEFINED_VARIABLE,
                    "Variable `" + variable + "` not defined", h.position());
        }
    }

    private static CypherSemanticException invalid(String message, Hint h) {
        return new CypherSemanticException(CypherErrorKind.INVALID_HINT, message, h.position());
    }

    /** Whether the pattern or the WHERE's top-level AND gives {@code variable} the label (or type). */
    private static boolean hasLabel(Clause.Match m, String variable, String label) {
        for (Pattern.NodePattern n : nodes(m.pattern())) {
            if (variable.equals(n.variable()) && n.labels().contains(label)) {
                return true;
            }
        }
        for (Pattern.RelationshipPattern r : relationships(m.pattern())) {
            if (variable.equals(r.variable()) && r.types().contains(label)) {
                return true;
            }
        }
        for (Expression c : topLevel(m.where(), false)) {
            if (c instanceof Expression.HasLabels h && h.subject() instanceof Expression.Variable v
                    && v.name().equals(variable) && h.labels().contains(label)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the pattern's property map or a WHERE predicate (top-level AND or OR) compares
     * {@code variable.property} as an index could serve.
     */
    private static boolean hasPredicate(Clause.Match m, String variable, String property) {
        List<Expression> maps = new ArrayList<>();
        for (Pattern.NodePattern n : nodes(m.pattern())) {
            if (variable.equals(n.variable())) {
                maps.add(n.properties());
            }
        }
        for (Pattern.RelationshipPattern r : relationships(m.pattern())) {
            if (variable.equals(r.variable())) {
                maps.add(r.properties());
            }
        }
        for (Expression map : maps) {
            if (map instanceof Expression.MapLiteral ml
                    && ml.entries().stream().anyMatch(e -> e.key().equals(property))) {
                return true;
            }
        }
        for (Expression c : topLevel(m.where(), true)) {
            if (c instanceof Expression.IsNull n && n.negated() && isProperty(n.operand(), variable, property)) {
                return true;
            }
            if (c instanceof Expression.Binary b && SERVED.contains(b.operator())) {
                if (isProperty(b.left(), variable, property) && !(b.right() instanceof Expression.Property)) {
                    return true;
                }
                if (b.operator() != Expression.BinaryOperator.IN && isProperty(b.right(), variable, property)
                        && !(b.left() instanceof Expression.Property)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isProperty(Expression e, String variable, String property) {
        return e instanceof Expression.Property p && p.key().equals(property)
                && p.subject() instanceof Expression.Variable v && v.name().equals(variable);
    }

    /** The operands of the top-level AND (and OR, when {@code or}) of {@code where}, flattened. */
    private static List<Expression> topLevel(Expression where, boolean or) {
        List<Expression> out = new ArrayList<>();
        List<Expression> todo = new ArrayList<>();
        if (where != null) {
            todo.add(where);
        }
        while (!todo.isEmpty()) {
            Expression e = todo.remove(todo.size() - 1);
            if (e instanceof Expression.Binary b && (b.operator() == Expression.BinaryOperator.AND
                    || or && b.operator() == Expression.BinaryOperator.OR)) {
                todo.add(b.left());
                todo.add(b.right());
            } else if (e instanceof Expression.BinaryChain c && c.operators().stream().allMatch(
                    op -> op == Expression.BinaryOperator.AND || or && op == Expression.BinaryOperator.OR)) {
                todo.addAll(c.operands());
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean isRelationship(Pattern pattern, String variable) {
        return relationships(pattern).stream().anyMatch(r -> variable.equals(r.variable()));
    }

    private static List<Pattern.NodePattern> nodes(Pattern pattern) {
        List<Pattern.NodePattern> out = new ArrayList<>();
        for (Pattern.Part part : pattern.parts()) {
            out.add(part.element().start());
            for (Pattern.Step s : part.element().steps()) {
                if (s.node() != null) {
                    out.add(s.node());
                }
            }
        }
        return out;
    }

    private static List<Pattern.RelationshipPattern> relationships(Pattern pattern) {
        List<Pattern.RelationshipPattern> out = new ArrayList<>();
        for (Pattern.Part part : pattern.parts()) {
            for (Pattern.Step s : part.element().steps()) {
                if (s.relationship() != null) {
                    out.add(s.relationship());
                }
            }
        }
        return out;
    }
}
