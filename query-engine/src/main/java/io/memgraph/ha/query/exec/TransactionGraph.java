package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.eval.ExpressionEvaluator;
import io.memgraph.ha.query.eval.GraphAccessor;
import io.memgraph.ha.query.eval.Row;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link GraphAccessor} over a storage {@link Transaction}: reads of entities in rows, and the
 * pattern expressions (predicates, comprehensions, {@code EXISTS}) through {@link PatternMatcher}.
 * Reading the labels or properties of an entity this transaction deleted is an error for the
 * query's own expressions ({@code DELETE n RETURN n.x}, as openCypher demands); the
 * {@link #lenient()} view used to hand result values to clients reads such entities as having no
 * labels and no properties, so a query may still return them.
 */
public final class TransactionGraph implements GraphAccessor {
    private Transaction tx;
    private final QueryControl control;
    private final PatternScopes scopes;
    private final boolean strict;
    /** The lenient view of this graph, kept so a new transaction reaches it too. */
    private TransactionGraph lenientView;
    /** The execution subquery expressions run in; set by {@link ExecContext}, null for EXPLAIN. */
    private ExecContext context;

    /** Graph access in {@code tx}; {@code control} is checked by long pattern searches. */
    public TransactionGraph(Transaction tx, QueryControl control) {
        this(tx, control, PatternScopes.NONE);
    }

    /** Graph access whose pattern expressions know their bound variables from {@code scopes}. */
    public TransactionGraph(Transaction tx, QueryControl control, PatternScopes scopes) {
        this(tx, control, scopes, true);
    }

    private TransactionGraph(Transaction tx, QueryControl control, PatternScopes scopes, boolean strict) {
        this.tx = tx;
        this.control = control;
        this.scopes = scopes;
        this.strict = strict;
    }

    /** The same graph, reading deleted entities as empty instead of failing (for result values). */
    public TransactionGraph lenient() {
        if (!strict) {
            return this;
        }
        if (lenientView == null) {
            lenientView = new TransactionGraph(tx, control, scopes, false);
            lenientView.context = context;
        }
        return lenientView;
    }

    /** Fails for a deleted entity in the strict view; false (read as empty) in the lenient one. */
    private boolean present(boolean exists, Object entity) {
        if (!exists && strict) {
            throw new io.memgraph.ha.query.error.CypherException(
                    io.memgraph.ha.query.error.CypherErrorKind.DELETED_ENTITY_ACCESS,
                    "The " + (entity instanceof NodeValue ? "node" : "relationship") + " with id "
                            + (entity instanceof NodeValue n ? n.id() : ((RelationshipValue) entity).id())
                            + " has been deleted in this transaction: its labels and properties cannot be read");
        }
        return exists;
    }

    /** Which variables of a pattern expression are bound: as planned, else as the row says. */
    private java.util.function.Predicate<String> bound(Pattern.Element element, Row row) {
        java.util.Set<String> s = scopes.bound(element);
        return s == null ? row::contains : s::contains;
    }

    Transaction tx() {
        return tx;
    }

    @Override
    public void checkAllocation(long bytes) {
        control.checkAllocation(bytes);
    }

    @Override
    public void checkStop() {
        control.check();
    }

    @Override
    public boolean reserveIfFits(long bytes) {
        return control.reserveIfFits(bytes);
    }

    @Override
    public void release(long bytes) {
        control.release(bytes);
    }

    QueryControl control() {
        return control;
    }

    @Override
    public Object property(Object entity, String key) {
        if (entity instanceof SchemaVisualization.VirtualNode v) {
            return v.properties().get(key);
        }
        if (entity instanceof SchemaVisualization.VirtualRelationship v) {
            return v.properties().get(key);
        }
        if (entity instanceof NodeValue n) {
            return present(tx.vertexExists(n.id()), n)
                    ? PropertyValues.fromStorage(tx.vertexProperty(n.id(), key)) : null;
        }
        long id = ((RelationshipValue) entity).id();
        return present(tx.edge(id) != null, entity) ? PropertyValues.fromStorage(tx.edgeProperty(id, key)) : null;
    }

    @Override
    public Map<String, Object> properties(Object entity) {
        if (entity instanceof SchemaVisualization.VirtualNode v) {
            return v.properties();
        }
        if (entity instanceof SchemaVisualization.VirtualRelationship v) {
            return v.properties();
        }
        Map<String, Object> raw;
        if (entity instanceof NodeValue n) {
            raw = present(tx.vertexExists(n.id()), n) ? tx.vertexProperties(n.id()) : Map.of();
        } else {
            long id = ((RelationshipValue) entity).id();
            raw = present(tx.edge(id) != null, entity) ? tx.edgeProperties(id) : Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, PropertyValues.fromStorage(v)));
        return out;
    }

    @Override
    public List<String> labels(NodeValue node) {
        if (node instanceof SchemaVisualization.VirtualNode v) {
            return v.labels();
        }
        return present(tx.vertexExists(node.id()), node) ? tx.labels(node.id()) : List.of();
    }

    @Override
    public String type(RelationshipValue relationship) {
        if (relationship instanceof GraphRelationship r) {
            return r.type();
        }
        if (relationship instanceof SchemaVisualization.VirtualRelationship v) {
            return v.type();
        }
        EdgeRef e = tx.edge(relationship.id());
        return e == null ? null : e.type();
    }

    @Override
    public NodeValue startNode(RelationshipValue relationship) {
        if (relationship instanceof GraphRelationship r) {
            return new GraphNode(r.start());
        }
        if (relationship instanceof SchemaVisualization.VirtualRelationship v) {
            return v.start();
        }
        return new GraphNode(tx.edge(relationship.id()).from());
    }

    @Override
    public NodeValue endNode(RelationshipValue relationship) {
        if (relationship instanceof GraphRelationship r) {
            return new GraphNode(r.end());
        }
        if (relationship instanceof SchemaVisualization.VirtualRelationship v) {
            return v.end();
        }
        return new GraphNode(tx.edge(relationship.id()).to());
    }

    @Override
    public long degree(NodeValue node, Pattern.Direction direction) {
        if (node instanceof SchemaVisualization.VirtualNode) {
            throw new io.memgraph.ha.query.error.CypherException(
                    io.memgraph.ha.query.error.CypherErrorKind.INVALID_ARGUMENT_VALUE,
                    "degree() counts the relationships of stored nodes, not of the virtual nodes that "
                            + "db.schema.visualization() returns");
        }
        long id = node.id();
        if (!present(tx.vertexExists(id), node)) {
            return 0;
        }
        return switch (direction) {
            case OUTGOING -> tx.degree(id, true);
            case INCOMING -> tx.degree(id, false);
            case BOTH -> (long) tx.degree(id, true) + tx.degree(id, false);
        };
    }

    @Override
    public List<EdgeRef> relationships(String function, NodeValue node, String relTypes) {
        PathRelationshipFilter filter = PathRelationshipFilter.parse(function, relTypes, true);
        if (node instanceof SchemaVisualization.VirtualNode || !present(tx.vertexExists(node.id()), node)) {
            return List.of();
        }
        return filter.edges(this, node.id(), 1);
    }

    @Override
    public long propertySize(Object entity, String key) {
        if (entity instanceof SchemaVisualization.VirtualNode || entity instanceof SchemaVisualization.VirtualRelationship) {
            return 0; // not stored
        }
        if (entity instanceof NodeValue n) {
            return present(tx.vertexExists(n.id()), n) ? tx.vertexPropertySize(n.id(), key) : 0;
        }
        long id = ((RelationshipValue) entity).id();
        return present(tx.edge(id) != null, entity) ? tx.edgePropertySize(id, key) : 0;
    }

    /** A relationship value for a storage edge. */
    static GraphRelationship rel(EdgeRef e) {
        return new GraphRelationship(e.id(), e.from(), e.to(), e.type());
    }

    @Override
    public boolean patternExists(Expression.PatternPredicate pattern, Row row, ExpressionEvaluator evaluator) {
        boolean[] found = {false};
        new PatternMatcher(this, evaluator).match(pattern.element(), row, bound(pattern.element(), row), (r, p) -> {
            found[0] = true;
            return false;
        });
        return found[0];
    }

    @Override
    public List<Object> patternComprehension(Expression.PatternComprehension pc, Row row,
                                             ExpressionEvaluator evaluator) {
        List<Object> out = new ArrayList<>();
        new PatternMatcher(this, evaluator).match(pc.element(), row, bound(pc.element(), row), (r, p) -> {
            Row inner = pc.pathVariable() == null ? r : r.with(pc.pathVariable(), p);
            if (pc.where() == null || evaluator.isTrue(pc.where(), inner)) {
                out.add(evaluator.evaluate(pc.projection(), inner));
            }
            return true;
        });
        return out;
    }

    @Override
    public boolean existsSubquery(Expression.ExistsSubquery subquery, Row row, ExpressionEvaluator evaluator) {
        SubqueryPlan plan = scopes.plan(subquery);
        if (plan == null) {
            return SubqueryMatcher.exists(this, subquery, row, evaluator, scopes.bound(subquery));
        }
        boolean[] found = {false};
        run(plan, row, f -> {
            found[0] = true;
            return false;
        });
        return found[0];
    }

    @Override
    public Object subquery(Expression.Subquery subquery, Row row, ExpressionEvaluator evaluator) {
        SubqueryPlan plan = scopes.plan(subquery);
        if (plan == null) {
            throw new IllegalStateException(subquery.kind() + " { } at " + subquery.position() + " was not planned");
        }
        if (subquery.kind() == Expression.SubqueryKind.COUNT) {
            long[] n = {0};
            run(plan, row, f -> {
                n[0]++;
                return true;
            });
            return n[0];
        }
        List<Object> out = new ArrayList<>();
        int column = plan.columnSlots()[0];
        run(plan, row, f -> {
            out.add(f.get(column));
            return true;
        });
        return out;
    }

    /** Goes on in {@code next} (after a batch of {@code CALL { } IN TRANSACTIONS} committed). */
    void switchTo(Transaction next) {
        tx = next;
        if (lenientView != null) {
            lenientView.tx = next;
        }
    }

    @Override
    public List<Object> firstColumn(String function, Object statement, Object parameters, boolean all) {
        if (context == null) {
            throw new IllegalStateException(function + " evaluated outside a query execution");
        }
        CypherStatements.Outcome outcome = CypherStatements.run(context, function, statement, parameters, true, true,
                all ? -1 : 1);
        List<Object> values = new ArrayList<>(outcome.rows().size());
        for (Map<String, Object> row : outcome.rows()) {
            values.add(row.isEmpty() ? null : row.values().iterator().next());
        }
        return values;
    }

    void attach(ExecContext ctx) {
        this.context = ctx;
    }

    /**
     * Runs a subquery body for one outer row, the row's variables copied into the body's frame;
     * {@code each} sees every row and says whether to go on. What the body holds is counted in a
     * child memory scope released when it is done.
     */
    private void run(SubqueryPlan plan, Row row, java.util.function.Predicate<Frame> each) {
        if (context == null) {
            throw new IllegalStateException("a subquery expression evaluated outside a query execution");
        }
        Frame f = new Frame(plan.symbols());
        for (int i = 0; i < plan.importSlots().length; i++) {
            String name = plan.imports().get(i);
            f.set(plan.importSlots()[i], row.contains(name) ? row.get(name) : null);
        }
        MemoryScope scope = context.memory().child();
        try {
            Cursor c = context.openIn(scope, plan.root());
            while (c.next(f)) {
                context.tick();
                if (!each.test(f)) {
                    break;
                }
            }
        } finally {
            scope.releaseAll();
        }
    }

    /** Outgoing, incoming or both kinds of edges of a vertex, optionally restricted to types. */
    List<EdgeRef> edges(long vertex, Pattern.Direction dir, List<String> types) {
        if (dir == Pattern.Direction.OUTGOING || dir == Pattern.Direction.INCOMING) {
            return directed(vertex, dir == Pattern.Direction.OUTGOING, types);
        }
        List<EdgeRef> out = directed(vertex, true, types);
        List<EdgeRef> in = directed(vertex, false, types);
        if (in.isEmpty()) {
            return out;
        }
        List<EdgeRef> all = new ArrayList<>(out.size() + in.size());
        all.addAll(out);
        for (EdgeRef e : in) {
            if (e.from() != e.to()) { // a self-loop was already listed as outgoing
                all.add(e);
            }
        }
        return all;
    }

    private List<EdgeRef> directed(long vertex, boolean outgoing, List<String> types) {
        if (types.isEmpty()) {
            return outgoing ? tx.outEdges(vertex) : tx.inEdges(vertex);
        }
        if (types.size() == 1) {
            return outgoing ? tx.outEdges(vertex, types.get(0)) : tx.inEdges(vertex, types.get(0));
        }
        List<EdgeRef> all = new ArrayList<>();
        // [:T|:T] names T twice but matches each relationship once.
        for (String t : new java.util.LinkedHashSet<>(types)) {
            all.addAll(outgoing ? tx.outEdges(vertex, t) : tx.inEdges(vertex, t));
        }
        if (all.size() > 1) {
            all.sort((a, b) -> Long.compare(a.id(), b.id()));
        }
        return all;
    }

    /** Whether an entity's properties contain every entry of {@code expected} (Cypher equality). */
    boolean propertiesMatch(Object entity, Map<?, ?> expected) {
        for (Map.Entry<?, ?> e : expected.entrySet()) {
            Object actual = property(entity, (String) e.getKey());
            if (!Boolean.TRUE.equals(CypherValues.equal(actual, e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    /** A path from its nodes and relationships; reversed when matched backwards. */
    static PathValue path(List<NodeValue> nodes, List<RelationshipValue> rels, boolean reversed) {
        if (!reversed) {
            return new PathValue(nodes, rels);
        }
        List<NodeValue> n = new ArrayList<>(nodes);
        List<RelationshipValue> r = new ArrayList<>(rels);
        Collections.reverse(n);
        Collections.reverse(r);
        return new PathValue(n, r);
    }
}
