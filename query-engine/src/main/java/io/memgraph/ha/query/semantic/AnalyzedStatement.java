package io.memgraph.ha.query.semantic;

import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.notice.Notification;

import java.util.List;
import java.util.Set;

/**
 * A statement that passed semantic analysis.
 *
 * @param statement  the statement as parsed
 * @param parameters the names of all parameters it uses (without {@code $}), in order of first use
 * @param columns    the result columns (empty for a query without RETURN)
 * @param notifications what the analysis found to tell about the text (deprecated forms)
 */
public record AnalyzedStatement(Statement statement, Set<String> parameters, List<String> columns,
                                List<Notification> notifications) {
    public AnalyzedStatement {
        parameters = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(parameters));
        columns = List.copyOf(columns);
        notifications = List.copyOf(notifications);
    }

    /** A statement with nothing to report. */
    public AnalyzedStatement(Statement statement, Set<String> parameters, List<String> columns) {
        this(statement, parameters, columns, List.of());
    }
}
