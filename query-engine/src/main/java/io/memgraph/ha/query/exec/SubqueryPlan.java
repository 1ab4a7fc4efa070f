package io.memgraph.ha.query.exec;

import java.util.List;

/**
 * The body of an {@code EXISTS}, {@code COUNT} or {@code COLLECT} subquery expression, planned to
 * run once per outer row: its operator tree (from an argument row, UNION parts one after the
 * other), its own frame layout, the outer variables copied into that frame, and the slots of its
 * RETURN columns (empty without RETURN).
 *
 * @param root        the operator producing the body's rows
 * @param symbols     the body's frame layout
 * @param imports     the outer variables visible inside, by name
 * @param importSlots where each of {@code imports} goes in the body's frame
 * @param columnSlots the slots of the RETURN columns, in column order
 */
public record SubqueryPlan(Operator root, Symbols symbols, List<String> imports, int[] importSlots,
                           int[] columnSlots) {
    public SubqueryPlan {
        imports = List.copyOf(imports);
    }
}
