package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;

import java.util.List;
import java.util.Map;

/**
 * What the evaluator needs from the graph, read in the current transaction. The planner
 * implements this over the storage engine; {@link #NONE} serves expressions that never touch the
 * graph (tests, constant folding).
 */
public interface GraphAccessor {

    /** The property {@code key} of a node or relationship, or null when it has none. */
    Object property(Object entity, String key);

    /** All properties of a node or relationship. */
    Map<String, Object> properties(Object entity);

    /** The labels of a node. */
    List<String> labels(NodeValue node);

    /** The type of a relationship. */
    String type(RelationshipValue relationship);

    /** The node a relationship starts at. */
    NodeValue startNode(RelationshipValue relationship);

    /** The node a relationship ends at. */
    NodeValue endNode(RelationshipValue relationship);

    /**
     * How many relationships a node has in this transaction: outgoing, incoming, or both, where a
     * self-loop counts twice (it is both outgoing and incoming, as Memgraph's {@code degree()} counts).
     */
    default long degree(NodeValue node, Pattern.Direction direction) {
        throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Cannot evaluate degree() without a graph");
    }

    /**
     * The relationships of a node that APOC's relationship pattern {@code relTypes} takes
     * ({@code TYPE} either way, {@code <TYPE} incoming, {@code TYPE>} outgoing, {@code <} or
     * {@code >} any type that way, alternatives joined by {@code |}; empty: all), outgoing ones
     * first, a self-loop once; {@code function} is named in a malformed pattern's error.
     */
    default List<EdgeRef> relationships(String function, NodeValue node, String relTypes) {
        throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Cannot evaluate " + function + "() without a graph");
    }

    /**
     * The bytes the stored value of property {@code key} of a node or relationship takes, 0 when it
     * has none (Memgraph's {@code propertySize()}).
     */
    default long propertySize(Object entity, String key) {
        throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Cannot evaluate propertySize() without a graph");
    }

    /**
     * Fails when the running query has passed its time limit or was terminated; by default it
     * never does. For work that may run long inside one expression (a regular expression's match).
     */
    default void checkStop() {
    }

    /**
     * Fails when a value of {@code bytes} that an expression is about to build (the list of a
     * large {@code range()}) would not fit in the running query's memory limit; by default there
     * is no limit.
     */
    default void checkAllocation(long bytes) {
    }

    /**
     * Counts {@code bytes} against the running query's memory limit until {@link #release}d (or the
     * query ends) when they fit beside what it holds; false, counting nothing, when they do not. By
     * default there is no limit.
     */
    default boolean reserveIfFits(long bytes) {
        return true;
    }

    /** Counts {@code bytes} less that {@link #reserveIfFits} counted. */
    default void release(long bytes) {
    }

    /** The element id Neo4j 5 drivers show; by default the decimal id. */
    default String elementId(Object entity) {
        if (entity instanceof NodeValue n) {
            return Long.toString(n.id());
        }
        return Long.toString(((RelationshipValue) entity).id());
    }

    /** Whether a relationship pattern used as a predicate matches, with {@code row} bound. */
    boolean patternExists(Expression.PatternPredicate pattern, Row row, ExpressionEvaluator evaluator);

    /** The list a pattern comprehension produces for {@code row}. */
    List<Object> patternComprehension(Expression.PatternComprehension comprehension, Row row,
                                      ExpressionEvaluator evaluator);

    /** Whether {@code EXISTS { ... }} finds at least one row for {@code row}. */
    boolean existsSubquery(Expression.ExistsSubquery subquery, Row row, ExpressionEvaluator evaluator);

    /**
     * The value of {@code COUNT { ... }} (a Long) or {@code COLLECT { ... }} (a list) for
     * {@code row}: the subquery runs with the row's variables visible inside.
     */
    default Object subquery(Expression.Subquery subquery, Row row, ExpressionEvaluator evaluator) {
        throw new CypherException(CypherErrorKind.TYPE_MISMATCH,
                "Cannot evaluate " + subquery.kind() + " { ... } without a graph");
    }

    /**
     * The first column of {@code statement}'s rows, run read-only with {@code parameters} inside
     * the query being evaluated ({@code apoc.cypher.runFirstColumnMany} and {@code Single}): every
     * row's when {@code all}, else at most the first.
     */
    default List<Object> firstColumn(String function, Object statement, Object parameters, boolean all) {
        throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Cannot evaluate " + function + " without a graph");
    }

    /** No graph: every graph access is an error that says so. */
    GraphAccessor NONE = new GraphAccessor() {
        private CypherException noGraph(String what) {
            return new CypherException(CypherErrorKind.TYPE_MISMATCH,
                    "Cannot evaluate " + what + " without a graph");
        }

        @Override
        public Object property(Object entity, String key) {
            throw noGraph("property '" + key + "'");
        }

        @Override
        public Map<String, Object> properties(Object entity) {
            throw noGraph("properties()");
        }

        @Override
        public List<String> labels(NodeValue node) {
            throw noGraph("labels()");
        }

        @Override
        public String type(RelationshipValue relationship) {
            throw noGraph("type()");
        }

        @Override
        public NodeValue startNode(RelationshipValue relationship) {
            throw noGraph("startNode()");
        }

        @Override
        public NodeValue endNode(RelationshipValue relationship) {
            throw noGraph("endNode()");
        }

        @Override
        public boolean patternExists(Expression.PatternPredicate pattern, Row row, ExpressionEvaluator evaluator) {
            throw noGraph("a pattern predicate");
        }

        @Override
        public List<Object> patternComprehension(Expression.PatternComprehension comprehension, Row row,
                                                 ExpressionEvaluator evaluator) {
            throw noGraph("a pattern comprehension");
        }

        @Override
        public boolean existsSubquery(Expression.ExistsSubquery subquery, Row row, ExpressionEvaluator evaluator) {
            throw noGraph("EXISTS { ... }");
        }
    };
}
