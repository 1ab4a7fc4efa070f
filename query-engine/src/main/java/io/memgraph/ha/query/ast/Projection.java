package io.memgraph.ha.query.ast;

import java.util.List;

/**
 * The body shared by WITH and RETURN.
 *
 * @param distinct  DISTINCT was given
 * @param star      {@code *} was given (all variables in scope, before the listed items)
 * @param items     the listed items
 * @param orderBy   ORDER BY items, empty when absent
 * @param skip      SKIP expression or null
 * @param limit     LIMIT expression or null
 */
public record Projection(boolean distinct, boolean star, List<Item> items, List<SortItem> orderBy,
                         Expression skip, Expression limit) {
    public Projection {
        items = List.copyOf(items);
        orderBy = List.copyOf(orderBy);
    }

    /**
     * One projected expression.
     *
     * @param expression the expression
     * @param alias      the AS name, or null when none was given
     * @param text       the expression exactly as written (Cypher names an unaliased column so)
     */
    public record Item(Expression expression, String alias, String text, Position position) {
        /**
         * The column name, as Neo4j names it: the alias; for a lone variable its name (without the
         * backticks it may be written in, so that {@code WITH `a b`} passes on the variable
         * {@code a b}) and for a map projection {@code n {.x}} its variable's; else the expression's
         * text.
         */
        public String name() {
            if (alias != null) {
                return alias;
            }
            if (expression instanceof Expression.Variable v) {
                return v.name();
            }
            return expression instanceof Expression.MapProjection m ? m.variable() : text;
        }
    }

    /** {@code expression [ASC|DESC]}. */
    public record SortItem(Expression expression, boolean ascending, Position position) {}
}
