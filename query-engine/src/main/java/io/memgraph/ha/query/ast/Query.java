package io.memgraph.ha.query.ast;

import java.util.List;

/**
 * A regular Cypher query: one single query, or several joined by UNION / UNION ALL.
 *
 * @param first      the first single query
 * @param unions     the following parts, in order; empty without UNION
 * @param indexHints Memgraph's {@code USING INDEX :L(p), ...} written before the query, in order;
 *                   they apply to every MATCH of it
 */
public record Query(SingleQuery first, List<UnionPart> unions, List<Hint.PreferIndex> indexHints)
        implements Statement {
    public Query {
        unions = List.copyOf(unions);
        indexHints = List.copyOf(indexHints);
    }

    /** A query without index hints. */
    public Query(SingleQuery first, List<UnionPart> unions) {
        this(first, unions, List.of());
    }

    /** A query without UNION. */
    public static Query of(SingleQuery single) {
        return new Query(single, List.of());
    }

    /** All single queries in order. */
    public List<SingleQuery> parts() {
        if (unions.isEmpty()) {
            return List.of(first);
        }
        var all = new java.util.ArrayList<SingleQuery>(unions.size() + 1);
        all.add(first);
        for (UnionPart u : unions) {
            all.add(u.query());
        }
        return List.copyOf(all);
    }

    /** One {@code UNION [ALL] single-query} part. */
    public record UnionPart(boolean all, SingleQuery query, Position position) {}

    /** A sequence of clauses without UNION. */
    public record SingleQuery(List<Clause> clauses, Position position) {
        public SingleQuery {
            clauses = List.copyOf(clauses);
        }
    }
}
