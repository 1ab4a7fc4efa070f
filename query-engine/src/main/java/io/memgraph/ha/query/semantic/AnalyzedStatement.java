package io.memgraph.ha.query.semantic;

import io.memgraph.ha.query.ast.Statement;

import java.util.List;
import java.util.Set;

/**
 * A statement that passed semantic analysis.
 *
 * @param statement  the statement as parsed
 * @param parameters the names of all parameters it uses (without {@code $}), in order of first use
 * @param columns    the result columns (empty for a query without RETURN)
 */
public record AnalyzedStatement(Statement statement, Set<String> parameters, List<String> columns) {
    public AnalyzedStatement {
        parameters = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(parameters));
        columns = List.copyOf(columns);
    }
}
