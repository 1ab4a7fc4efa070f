package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.LabelExpression;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.ExpressionEvaluator;
import io.memgraph.ha.query.eval.Row;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds the matches of one pattern element ({@code (a)-[r]->(b)...}) given a row of bound
 * variables, by depth-first search from a bound end. Serves MERGE, pattern predicates, pattern
 * comprehensions and simple EXISTS subqueries, where the pattern hangs off bound nodes and a
 * planned search would not pay off. Relationships are unique within the element.
 */
final class PatternMatcher {

    /** Receives each match: the row extended with the element's new variables, and its path. */
    interface Visitor {
        /** Returns false to stop the search. */
        boolean visit(Row row, PathValue path);
    }

    private final TransactionGraph graph;
    private final ExpressionEvaluator eval;
    private int ticks;

    PatternMatcher(TransactionGraph graph, ExpressionEvaluator eval) {
        this.graph = graph;
        this.eval = eval;
    }

    private record Hop(Pattern.RelationshipPattern rel, Pattern.NodePattern node, Pattern.Direction dir) {}

    private final class Search {
        final Row base;
        final Predicate<String> bound;
        final Visitor visitor;
        final List<Hop> hops;
        final boolean reversed;
        final List<NodeValue> nodes = new ArrayList<>();
        final List<RelationshipValue> rels = new ArrayList<>();
        final Set<Long> usedEdges = new HashSet<>();
        final List<String> local = new ArrayList<>();
        Row row;
        boolean stopped;

        Search(Row base, Predicate<String> bound, Visitor visitor, List<Hop> hops, boolean reversed) {
            this.base = base;
            this.bound = bound;
            this.visitor = visitor;
            this.hops = hops;
            this.reversed = reversed;
            this.row = base;
        }

        /** Tries node {@code id} for pattern node {@code np}; continues with hop {@code k}. */
        void node(Pattern.NodePattern np, long id, int k) {
            if (stopped) {
                return;
            }
            tick();
            Row saved = row;
            int mark0 = local.size();
            if (!nodeOk(np, id)) {
                restore(saved, mark0);
                return;
            }
            nodes.add(new GraphNode(id));
            if (k == hops.size()) {
                if (!visitor.visit(row, TransactionGraph.path(nodes, rels, reversed))) {
                    stopped = true;
                }
            } else {
                hop(k, id);
            }
            nodes.remove(nodes.size() - 1);
            restore(saved, mark0);
        }

        /**
         * A relationship type expression other than a list of types ({@code [:!T]}, {@code [:$($t)]})
         * is checked per edge.
         */
        private boolean typeOk(Pattern.RelationshipPattern rp, EdgeRef e) {
            return rp.typeExpression() == null || rp.typeExpression().matches(List.of(e.type()), eval.resolver(row));
        }

        private boolean nodeOk(Pattern.NodePattern np, long id) {
            if (!graph.tx().vertexExists(id)) {
                return false;
            }
            for (String l : np.labels()) {
                if (!graph.tx().hasLabel(id, l)) {
                    return false;
                }
            }
            if (np.labelExpression() != null
                    && !np.labelExpression().matches(graph.tx().labels(id), eval.resolver(row))) {
                return false;
            }
            String v = np.variable();
            if (v != null) {
                if (isBound(v)) {
                    Object b = row.get(v);
                    if (!(b instanceof NodeValue n) || n.id() != id) {
                        return false;
                    }
                } else {
                    bind(v, new GraphNode(id));
                }
            }
            return propsOk(np.properties(), new GraphNode(id));
        }

        private boolean isBound(String v) {
            return bound.test(v) || local.contains(v);
        }

        private void bind(String v, Object value) {
            row = row.with(v, value);
            local.add(v);
        }

        private void restore(Row savedRow, int mark) {
            row = savedRow;
            while (local.size() > mark) {
                local.remove(local.size() - 1);
            }
        }

        private boolean propsOk(Expression props, Object entity) {
            if (props == null) {
                return true;
            }
            Object m = eval.evaluate(props, row);
            if (!(m instanceof Map<?, ?> map)) {
                throw new CypherException(CypherErrorKind.TYPE_MISMATCH,
                        "Expected a map of properties but got " + CypherValues.typeName(m));
            }
            return graph.propertiesMatch(entity, map);
        }

        private void hop(int k, long from) {
            Hop h = hops.get(k);
            Pattern.Range len = h.rel().length();
            if (len == null) {
                for (EdgeRef e : graph.edges(from, h.dir(), h.rel().types())) {
                    if (stopped) {
                        return;
                    }
                    if (usedEdges.contains(e.id()) || !typeOk(h.rel(), e)) {
                        continue;
                    }
                    Row saved = row;
            int mark0 = local.size();
                    GraphRelationship r = TransactionGraph.rel(e);
                    if (relOk(h.rel(), r)) {
                        usedEdges.add(e.id());
                        rels.add(r);
                        node(h.node(), e.other(from), k + 1);
                        rels.remove(rels.size() - 1);
                        usedEdges.remove(e.id());
                    }
                    restore(saved, mark0);
                }
                return;
            }
            long min = len.min() == null ? 1 : len.min();
            long max = len.max() == null ? Long.MAX_VALUE : len.max();
            Object expectedProps = h.rel().properties() == null ? null : eval.evaluate(h.rel().properties(), row);
            varLength(k, h, from, 0, min, max, new ArrayList<>(), expectedProps);
        }

        private void varLength(int k, Hop h, long at, long depth, long min, long max,
                               List<RelationshipValue> walked, Object expectedProps) {
            if (depth >= min) {
                Row saved = row;
            int mark0 = local.size();
                String v = h.rel().variable();
                boolean ok = true;
                if (v != null) {
                    if (isBound(v)) {
                        ok = Boolean.TRUE.equals(CypherValues.equal(row.get(v), List.copyOf(walked)));
                    } else {
                        bind(v, List.copyOf(walked));
                    }
                }
                if (ok) {
                    int mark = rels.size();
                    List<NodeValue> inner = new ArrayList<>();
                    long cur = nodes.get(nodes.size() - 1).id();
                    for (RelationshipValue r : walked) {
                        rels.add(r);
                        cur = ((GraphRelationship) r).other(cur);
                        inner.add(new GraphNode(cur));
                    }
                    // Intermediate nodes belong to the path; the last one is added by node().
                    int nodeMark = nodes.size();
                    NodeValue same = null;
                    if (!inner.isEmpty()) {
                        nodes.addAll(inner.subList(0, inner.size() - 1));
                    } else {
                        // A zero-length hop ends where it starts: node() adds that node again.
                        same = nodes.remove(nodes.size() - 1);
                    }
                    node(h.node(), at, k + 1);
                    if (same != null) {
                        nodes.add(same);
                    }
                    while (nodes.size() > nodeMark) {
                        nodes.remove(nodes.size() - 1);
                    }
                    while (rels.size() > mark) {
                        rels.remove(rels.size() - 1);
                    }
                }
                restore(saved, mark0);
            }
            if (depth >= max || stopped) {
                return;
            }
            for (EdgeRef e : graph.edges(at, h.dir(), h.rel().types())) {
                if (stopped) {
                    return;
                }
                if (usedEdges.contains(e.id()) || !typeOk(h.rel(), e)) {
                    continue;
                }
                GraphRelationship r = TransactionGraph.rel(e);
                if (expectedProps instanceof Map<?, ?> m && !graph.propertiesMatch(r, m)) {
                    continue;
                }
                usedEdges.add(e.id());
                walked.add(r);
                varLength(k, h, e.other(at), depth + 1, min, max, walked, expectedProps);
                walked.remove(walked.size() - 1);
                usedEdges.remove(e.id());
            }
        }

        private boolean relOk(Pattern.RelationshipPattern rp, GraphRelationship r) {
            String v = rp.variable();
            if (v != null) {
                if (isBound(v)) {
                    Object b = row.get(v);
                    if (!(b instanceof RelationshipValue x) || x.id() != r.id()) {
                        return false;
                    }
                } else {
                    bind(v, r);
                }
            }
            return propsOk(rp.properties(), r);
        }
    }

    private void tick() {
        if ((++ticks & 0xFF) == 0) {
            graph.control().check();
        }
    }

    /**
     * Calls {@code visitor} for each match of {@code element} in {@code row}; {@code bound} says
     * which variable names are already bound (and must be matched, not introduced).
     */
    void match(Pattern.Element element, Row row, Predicate<String> bound, Visitor visitor) {
        List<Pattern.NodePattern> nodes = new ArrayList<>();
        nodes.add(element.start());
        for (Pattern.Step s : element.steps()) {
            nodes.add(s.node());
        }
        boolean startBound = element.start().variable() != null && bound.test(element.start().variable());
        Pattern.NodePattern last = nodes.get(nodes.size() - 1);
        boolean reverse = !startBound && last.variable() != null && bound.test(last.variable());
        List<Hop> hops = new ArrayList<>();
        Pattern.NodePattern first;
        if (!reverse) {
            first = element.start();
            for (Pattern.Step s : element.steps()) {
                hops.add(new Hop(s.relationship(), s.node(), s.relationship().direction()));
            }
        } else {
            first = last;
            for (int k = element.steps().size() - 1; k >= 0; k--) {
                Pattern.Step s = element.steps().get(k);
                hops.add(new Hop(s.relationship(), nodes.get(k), flip(s.relationship().direction())));
            }
        }
        Search search = new Search(row, bound, visitor, hops, reverse);
        if (first.variable() != null && bound.test(first.variable())) {
            Object v = row.get(first.variable());
            if (v instanceof NodeValue n) {
                search.node(first, n.id(), 0);
            }
            return;
        }
        PrimitiveIterator.OfLong it = startCandidates(first, row);
        while (it.hasNext() && !search.stopped) {
            search.node(first, it.nextLong(), 0);
        }
    }

    /**
     * The candidates for an unbound first node: through a label+property index when the pattern
     * gives a property that one of its labels is indexed by (MERGE of {@code (:Person {id: $id})}
     * must not scan every person), else every vertex with its first label, or every vertex. Each
     * candidate is still checked against the whole node pattern.
     */
    private PrimitiveIterator.OfLong startCandidates(Pattern.NodePattern first, Row row) {
        List<String> labels = first.labels();
        List<LabelExpression.Dynamic> dynamic = first.labelExpression() == null ? null
                : LabelExpression.conjunctionOfDynamics(first.labelExpression());
        if (dynamic != null) {
            // MERGE (n:$($label) {id: $id}): the labels are known now, so the indexes serve as for static ones
            labels = new ArrayList<>(labels);
            for (LabelExpression.Dynamic d : dynamic) {
                labels.addAll(eval.dynamicNames(d, row));
            }
        }
        if (labels.isEmpty()) {
            return graph.tx().vertices();
        }
        Expression props = first.properties();
        for (String label : labels) {
            if (props instanceof Expression.MapLiteral map) {
                for (Expression.MapEntry e : map.entries()) {
                    if (graph.tx().hasLabelPropertyIndex(label, e.key())) {
                        // null equals nothing: no candidate passes, as the check would find
                        return graph.tx().verticesWithProperty(label, e.key(), eval.evaluate(e.value(), row));
                    }
                }
            }
        }
        return graph.tx().verticesWithLabel(labels.get(0));
    }

    static Pattern.Direction flip(Pattern.Direction d) {
        return switch (d) {
            case OUTGOING -> Pattern.Direction.INCOMING;
            case INCOMING -> Pattern.Direction.OUTGOING;
            case BOTH -> Pattern.Direction.BOTH;
        };
    }
}
