package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.eval.Functions;
import java.util.List;

/**
 * {@code elementId(x) = 42}, {@code elementId(x) <> 42} and {@code elementId(x) IN [42, 43]}: an
 * INTEGER compared with an element id stands for the element id of that id. Our element ids are
 * the decimal ids ({@code '42'}), and Spring Data Neo4j sends an element id that looks like a
 * number back as an INTEGER (its sign of a Neo4j 4 id); in Neo4j no element id ever equals an
 * integer. The parser wraps the other operand in {@link Functions#ELEMENT_ID_OPERAND} (one value)
 * or {@link Functions#ELEMENT_ID_OPERANDS} (a list), which turn integers into their decimal text and
 * leave every other value as it is.
 */
final class ElementIdComparisons {
    private ElementIdComparisons() {
    }

    /** {@code e} with the operand compared to an {@code elementId()} call wrapped; other expressions as they are. */
    static Expression desugar(Expression e) {
        if (!(e instanceof Expression.Binary b)) {
            return e;
        }
        switch (b.operator()) {
            case EQ, NE -> {
                if (isElementId(b.left()) && !isElementId(b.right())) {
                    return new Expression.Binary(b.operator(), b.left(), wrap(Functions.ELEMENT_ID_OPERAND, b.right()),
                            b.position());
                }
                if (isElementId(b.right()) && !isElementId(b.left())) {
                    return new Expression.Binary(b.operator(), wrap(Functions.ELEMENT_ID_OPERAND, b.left()), b.right(),
                            b.position());
                }
                return e;
            }
            case IN -> {
                // A literal on the right is no list of ids: the semantic check reports it, unwrapped.
                return isElementId(b.left()) && !(b.right() instanceof Expression.Literal)
                        ? new Expression.Binary(b.operator(), b.left(), wrap(Functions.ELEMENT_ID_OPERANDS, b.right()),
                                b.position())
                        : e;
            }
            default -> {
                return e;
            }
        }
    }

    private static boolean isElementId(Expression e) {
        return e instanceof Expression.FunctionCall f && !f.distinct() && f.arguments().size() == 1
                && f.lowerName().equals("elementid");
    }

    private static Expression wrap(String function, Expression operand) {
        return new Expression.FunctionCall(function, false, List.of(operand), operand.position());
    }
}
