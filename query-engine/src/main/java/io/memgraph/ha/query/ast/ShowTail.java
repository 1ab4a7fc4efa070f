package io.memgraph.ha.query.ast;

import java.util.ArrayList;
import java.util.List;

/**
 * What may follow a {@code SHOW} command (and {@code TERMINATE TRANSACTIONS}) in Neo4j 5:
 * {@code YIELD {* | column [AS alias], ...} [ORDER BY ...] [SKIP n] [LIMIT n] [WHERE expr]
 * [RETURN ...]}, or {@code WHERE expr} alone, which filters the default columns.
 *
 * <p>The tail is read as the query it means over the command's rows: YIELD is a {@code WITH}
 * (its items plain column names), a lone WHERE is {@code WITH * WHERE expr}, and without RETURN
 * the yielded columns (or the default ones) are returned. So every rule and error of WITH and
 * RETURN applies, and an unknown column is an undefined variable.
 *
 * @param with the YIELD (keyword {@code YIELD}) or the lone WHERE (keyword {@code WHERE}) as a WITH
 * @param ret the RETURN, or null
 */
public record ShowTail(Clause.With with, Clause.Return ret) {

    /** Whether the tail starts with YIELD (then every column of the command can be named). */
    public boolean yields() {
        return with.keyword().equals("YIELD");
    }

    /**
     * The names the tail can see: every column after YIELD, else the default ones.
     *
     * @param all every column of the command, in its order
     * @param defaults the columns it shows without YIELD
     */
    public List<String> visible(List<String> all, List<String> defaults) {
        return yields() ? all : defaults;
    }

    /**
     * The query the tail means, to run with {@link #visible} bound for each row of the command:
     * the YIELD or WHERE, then the RETURN (as written, or of what YIELD named, of every column
     * after {@code YIELD *}, or of the default columns after a lone WHERE).
     */
    public Query query(List<String> all, List<String> defaults) {
        Clause.Return last = ret;
        if (last == null) {
            List<String> names = new ArrayList<>();
            Projection p = with.projection();
            if (p.star()) {
                names.addAll(visible(all, defaults));
            }
            for (Projection.Item item : p.items()) {
                names.add(item.name());
            }
            List<Projection.Item> items = new ArrayList<>(names.size());
            for (String name : names) {
                items.add(new Projection.Item(new Expression.Variable(name, with.position()), null, name,
                        with.position()));
            }
            last = new Clause.Return(new Projection(false, false, items, List.of(), null, null), with.position());
        }
        return Query.of(new Query.SingleQuery(List.of(with, last), with.position()));
    }
}
