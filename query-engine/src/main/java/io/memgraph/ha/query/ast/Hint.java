package io.memgraph.ha.query.ast;

import java.util.List;

/**
 * A planner hint. Neo4j writes them after a MATCH pattern, before its WHERE ({@link Index},
 * {@link Scan}, {@link Join}); Memgraph writes a list of indexes before the query
 * ({@link PreferIndex}, held by {@link Query}). A hint changes the plan, never the rows.
 */
public sealed interface Hint {

    /** Where the hint starts. */
    Position position();

    /** The index kind an index hint names ({@code USING [RANGE | TEXT | POINT] INDEX}). */
    enum IndexKind { ANY, RANGE, TEXT, POINT }

    /**
     * {@code USING [kind] INDEX [SEEK] variable:LabelOrType(property, ...)}: solve the node or
     * relationship {@code variable} with that index.
     */
    record Index(String variable, String labelOrType, List<String> properties, IndexKind kind, boolean seek,
                 Position position) implements Hint {
        public Index {
            properties = List.copyOf(properties);
        }
    }

    /** {@code USING SCAN variable:LabelOrType}: start from the scan of the label (or type). */
    record Scan(String variable, String labelOrType, Position position) implements Hint {}

    /** {@code USING JOIN ON v, w, ...}: join the pattern's halves on these nodes. */
    record Join(List<String> variables, Position position) implements Hint {
        public Join {
            variables = List.copyOf(variables);
        }
    }

    /**
     * Memgraph's {@code USING INDEX :Label} or {@code :Label(property, ...)} before a query: the planner
     * prefers this index for nodes with the label; properties are empty for a label index.
     */
    record PreferIndex(String label, List<String> properties, Position position) implements Hint {
        public PreferIndex {
            properties = List.copyOf(properties);
        }
    }
}
