package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.LabelExpression;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.DynamicNames;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.StorageException;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The writing operators: CREATE, MERGE, SET, REMOVE, DELETE. Counters feed the Bolt summary. */
public final class Updates {
    private Updates() {
    }

    /**
     * A node of a CREATE pattern: create it (labels, dynamic labels {@code $(expr)} resolved per
     * row, properties) or reuse the bound one.
     */
    public record NodeSpec(int slot, boolean create, List<String> labels, List<LabelExpression.Dynamic> dynamicLabels,
                           Expression properties) {
        public NodeSpec {
            labels = List.copyOf(labels);
            dynamicLabels = List.copyOf(dynamicLabels);
        }
    }

    /**
     * A relationship of a CREATE pattern between node specs {@code from} and {@code to} (indexes):
     * its {@code type}, or when that is null the one name of {@code dynamicType} in the row.
     */
    public record RelSpec(int slot, int from, int to, String type, LabelExpression.Dynamic dynamicType,
                          Expression properties) {}

    /** One part of a CREATE pattern. */
    public record PartSpec(List<NodeSpec> nodes, List<RelSpec> rels, int pathSlot) {}

    static Map<?, ?> propertyMap(ExecContext ctx, Expression props, Frame f) {
        if (props == null) {
            return Map.of();
        }
        Object v = ctx.eval().evaluate(props, f);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new CypherException(CypherErrorKind.TYPE_MISMATCH,
                "Expected a map of properties but got " + CypherValues.typeName(v));
    }

    /** Creates the parts of a CREATE (or the create half of a MERGE) for the current row. */
    static void create(ExecContext ctx, List<PartSpec> parts, Frame f) {
        Transaction tx = ctx.tx();
        for (PartSpec part : parts) {
            List<NodeValue> nodes = new ArrayList<>();
            for (NodeSpec n : part.nodes()) {
                if (!n.create()) {
                    Object v = f.get(n.slot());
                    if (!(v instanceof NodeValue nv)) {
                        throw new CypherException(CypherErrorKind.TYPE_MISMATCH,
                                "Failed to create relationship: the node to connect is " + CypherValues.typeName(v));
                    }
                    if (!tx.vertexExists(nv.id())) {
                        throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                                "Failed to create relationship: node " + nv.id() + " was deleted");
                    }
                    nodes.add(nv);
                    continue;
                }
                Map<?, ?> props = propertyMap(ctx, n.properties(), f);
                List<String> dynamic = dynamicLabels(ctx, n.dynamicLabels(), f);
                long id = tx.createVertex();
                ctx.count("nodes-created", 1);
                addLabels(ctx, id, n.labels());
                addLabels(ctx, id, dynamic);
                for (Map.Entry<?, ?> e : props.entrySet()) {
                    if (e.getValue() != null) {
                        String key = (String) e.getKey();
                        tx.setVertexProperty(id, key, PropertyValues.toStorage(e.getValue(), key));
                        ctx.count("properties-set", 1);
                    }
                }
                GraphNode node = new GraphNode(id);
                f.set(n.slot(), node);
                nodes.add(node);
            }
            List<RelationshipValue> rels = new ArrayList<>();
            for (RelSpec r : part.rels()) {
                Map<?, ?> props = propertyMap(ctx, r.properties(), f);
                String type = r.type() != null ? r.type() : DynamicNames.type(
                        ctx.eval().evaluate(r.dynamicType().expression(), f), r.dynamicType().text());
                long from = nodes.get(r.from()).id();
                long to = nodes.get(r.to()).id();
                long id = tx.createEdge(from, to, type);
                ctx.count("relationships-created", 1);
                for (Map.Entry<?, ?> e : props.entrySet()) {
                    if (e.getValue() != null) {
                        String key = (String) e.getKey();
                        tx.setEdgeProperty(id, key, PropertyValues.toStorage(e.getValue(), key));
                        ctx.count("properties-set", 1);
                    }
                }
                GraphRelationship rel = new GraphRelationship(id, from, to, type);
                f.set(r.slot(), rel);
                rels.add(rel);
            }
            if (part.pathSlot() >= 0) {
                f.set(part.pathSlot(), new PathValue(nodes, rels));
            }
        }
    }

    /** The names of {@code dynamic} labels in the row, all checked before anything is written. */
    private static List<String> dynamicLabels(ExecContext ctx, List<LabelExpression.Dynamic> dynamic, Frame f) {
        if (dynamic.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (LabelExpression.Dynamic d : dynamic) {
            out.addAll(ctx.eval().dynamicNames(d, f));
        }
        return out;
    }

    static void addLabels(ExecContext ctx, long id, List<String> labels) {
        for (String l : labels) {
            if (ctx.tx().addLabel(id, l)) {
                ctx.count("labels-added", 1);
            }
        }
    }

    static void removeLabels(ExecContext ctx, long id, List<String> labels) {
        for (String l : labels) {
            if (ctx.tx().removeLabel(id, l)) {
                ctx.count("labels-removed", 1);
            }
        }
    }

    private abstract static class RowWriter implements Operator {
        final Operator input;

        RowWriter(Operator input) {
            this.input = input;
        }

        abstract void write(ExecContext ctx, Frame f);

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            return f -> {
                if (!in.next(f)) {
                    return false;
                }
                ctx.tick();
                write(ctx, f);
                return true;
            };
        }

        @Override
        public List<Operator> children() {
            return List.of(input);
        }
    }

    /** CREATE pattern. */
    public static final class Create extends RowWriter {
        final List<PartSpec> parts;

        /** Creates {@code parts} per input row. */
        public Create(Operator input, List<PartSpec> parts) {
            super(input);
            this.parts = List.copyOf(parts);
        }

        @Override
        void write(ExecContext ctx, Frame f) {
            create(ctx, parts, f);
        }

        @Override
        public String describe() {
            return "Create";
        }
    }

    /** A SET item with its target resolved. */
    public record SetSpec(Clause.SetItem item, int variableSlot) {}

    /** Applies SET items in order. */
    static void set(ExecContext ctx, List<SetSpec> items, Frame f) {
        for (SetSpec spec : items) {
            Clause.SetItem item = spec.item();
            if (item instanceof Clause.SetProperty sp) {
                Object target = ctx.eval().evaluate(sp.target().subject(), f);
                Object value = ctx.eval().evaluate(sp.value(), f);
                setProperty(ctx, target, sp.target().key(), value);
            } else if (item instanceof Clause.SetDynamicProperty sd) {
                Object target = ctx.eval().evaluate(sd.target().subject(), f);
                String key = DynamicNames.key(ctx.eval().evaluate(sd.target().index(), f), "SET");
                setProperty(ctx, target, key, ctx.eval().evaluate(sd.value(), f));
            } else if (item instanceof Clause.SetVariable sv) {
                Object target = f.get(spec.variableSlot());
                Object value = ctx.eval().evaluate(sv.value(), f);
                if (target == null) {
                    continue;
                }
                Map<String, Object> map;
                if (value == null) {
                    map = Map.of();
                } else if (value instanceof Map<?, ?> m) {
                    map = new LinkedHashMap<>();
                    m.forEach((k, v) -> map.put((String) k, v));
                } else if (value instanceof NodeValue || value instanceof RelationshipValue) {
                    map = ctx.graph().properties(value);
                } else {
                    throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Expected a map, node or relationship "
                            + "to set properties from but got " + CypherValues.typeName(value));
                }
                if (!sv.merge()) {
                    for (String k : ctx.graph().properties(target).keySet()) {
                        if (!map.containsKey(k)) {
                            setProperty(ctx, target, k, null);
                        }
                    }
                }
                for (Map.Entry<String, Object> e : map.entrySet()) {
                    setProperty(ctx, target, e.getKey(), e.getValue());
                }
            } else {
                Clause.SetLabels sl = (Clause.SetLabels) item;
                Object target = f.get(spec.variableSlot());
                if (target == null) {
                    continue;
                }
                long id = node(target, "set labels on").id();
                List<String> dynamic = dynamicLabels(ctx, sl.dynamicLabels(), f);
                addLabels(ctx, id, sl.labels());
                addLabels(ctx, id, dynamic);
            }
        }
    }

    private static NodeValue node(Object v, String what) {
        if (v instanceof NodeValue n) {
            return n;
        }
        throw new CypherException(CypherErrorKind.TYPE_MISMATCH,
                "Type mismatch: cannot " + what + " " + CypherValues.typeName(v) + " (expected a Node)");
    }

    static void setProperty(ExecContext ctx, Object target, String key, Object value) {
        if (target == null) {
            return;
        }
        Object stored = PropertyValues.toStorage(value, key);
        try {
            if (target instanceof NodeValue n) {
                ctx.tx().setVertexProperty(n.id(), key, stored);
            } else if (target instanceof RelationshipValue r) {
                ctx.tx().setEdgeProperty(r.id(), key, stored);
            } else {
                throw new CypherException(CypherErrorKind.INVALID_PROPERTY_TYPE, "Type mismatch: expected a Node or "
                        + "Relationship to set property '" + key + "' on but was " + CypherValues.typeName(target));
            }
        } catch (IllegalArgumentException | StorageException e) {
            throw new CypherException(CypherErrorKind.INVALID_PROPERTY_TYPE,
                    "Cannot set property '" + key + "': " + e.getMessage());
        }
        ctx.count("properties-set", 1);
    }

    /** SET items. */
    public static final class SetProperties extends RowWriter {
        final List<SetSpec> items;

        /** Applies {@code items} per row. */
        public SetProperties(Operator input, List<SetSpec> items) {
            super(input);
            this.items = List.copyOf(items);
        }

        @Override
        void write(ExecContext ctx, Frame f) {
            set(ctx, items, f);
        }

        @Override
        public String describe() {
            return "SetProperties";
        }
    }

    /** A REMOVE item with its variable slot (labels) resolved. */
    public record RemoveSpec(Clause.RemoveItem item, int variableSlot) {}

    /** REMOVE items. */
    public static final class Remove extends RowWriter {
        final List<RemoveSpec> items;

        /** Removes {@code items} per row. */
        public Remove(Operator input, List<RemoveSpec> items) {
            super(input);
            this.items = List.copyOf(items);
        }

        @Override
        void write(ExecContext ctx, Frame f) {
            for (RemoveSpec spec : items) {
                if (spec.item() instanceof Clause.RemoveProperty rp) {
                    Object target = ctx.eval().evaluate(rp.target().subject(), f);
                    removeProperty(ctx, target, rp.target().key());
                } else if (spec.item() instanceof Clause.RemoveDynamicProperty rd) {
                    Object target = ctx.eval().evaluate(rd.target().subject(), f);
                    removeProperty(ctx, target,
                            DynamicNames.key(ctx.eval().evaluate(rd.target().index(), f), "REMOVE"));
                } else {
                    Clause.RemoveLabels rl = (Clause.RemoveLabels) spec.item();
                    Object target = f.get(spec.variableSlot());
                    if (target == null) {
                        continue;
                    }
                    long id = node(target, "remove labels from").id();
                    List<String> dynamic = dynamicLabels(ctx, rl.dynamicLabels(), f);
                    removeLabels(ctx, id, rl.labels());
                    removeLabels(ctx, id, dynamic);
                }
            }
        }

        private static void removeProperty(ExecContext ctx, Object target, String key) {
            if (target != null && ctx.graph().property(target, key) != null) {
                setProperty(ctx, target, key, null);
            }
        }

        @Override
        public String describe() {
            return "Remove";
        }
    }

    /**
     * [DETACH] DELETE. Collects all rows first, deletes relationships before nodes (so
     * {@code DELETE n, r} works in any order), then passes the rows on.
     */
    public static final class Delete implements Operator {
        final Operator input;
        final List<Expression> expressions;
        final boolean detach;

        /** Deletes the values of {@code expressions} for every row. */
        public Delete(Operator input, List<Expression> expressions, boolean detach) {
            this.input = input;
            this.expressions = List.copyOf(expressions);
            this.detach = detach;
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            return new Cursor() {
                List<Object[]> rows;
                int next;

                @Override
                public boolean next(Frame f) {
                    if (rows == null) {
                        rows = new ArrayList<>();
                        Set<Long> nodes = new LinkedHashSet<>();
                        Set<Long> rels = new LinkedHashSet<>();
                        while (in.next(f)) {
                            ctx.tick();
                            rows.add(f.copy());
                            for (Expression e : expressions) {
                                collect(ctx.eval().evaluate(e, f), nodes, rels);
                            }
                        }
                        delete(ctx, nodes, rels);
                    }
                    if (next >= rows.size()) {
                        return false;
                    }
                    f.restore(rows.get(next++));
                    return true;
                }
            };
        }

        private static void collect(Object v, Set<Long> nodes, Set<Long> rels) {
            if (v == null) {
                return;
            }
            if (v instanceof NodeValue n) {
                nodes.add(n.id());
            } else if (v instanceof RelationshipValue r) {
                rels.add(r.id());
            } else if (v instanceof PathValue p) {
                p.relationships().forEach(r -> rels.add(r.id()));
                p.nodes().forEach(n -> nodes.add(n.id()));
            } else if (v instanceof List<?> l) {
                l.forEach(x -> collect(x, nodes, rels));
            } else {
                throw new CypherException(CypherErrorKind.TYPE_MISMATCH,
                        "Type mismatch: expected Node, Path or Relationship but was " + CypherValues.typeName(v));
            }
        }

        private void delete(ExecContext ctx, Set<Long> nodes, Set<Long> rels) {
            Transaction tx = ctx.tx();
            for (long r : rels) {
                if (tx.edge(r) != null) {
                    tx.deleteEdge(r);
                    ctx.count("relationships-deleted", 1);
                }
            }
            for (long n : nodes) {
                if (!tx.vertexExists(n)) {
                    continue;
                }
                if (!detach && (!tx.outEdges(n).isEmpty() || !tx.inEdges(n).isEmpty())) {
                    throw StatusException.deleteConnectedNode(n);
                }
                detachDelete(ctx, n);
            }
        }

        /** {@code DETACH DELETE n} of a node that exists, counted as DETACH DELETE counts it. */
        static void detachDelete(ExecContext ctx, long n) {
            Transaction tx = ctx.tx();
            List<EdgeRef> out = tx.outEdges(n);
            List<EdgeRef> in = tx.inEdges(n);
            if (!out.isEmpty() || !in.isEmpty()) {
                long loops = out.stream().filter(e -> e.from() == e.to()).count();
                ctx.count("relationships-deleted", out.size() + in.size() - loops);
                tx.detachDeleteVertex(n);
            } else {
                tx.deleteVertex(n);
            }
            ctx.count("nodes-deleted", 1);
        }

        @Override
        public String describe() {
            return detach ? "DetachDelete" : "Delete";
        }

        @Override
        public List<Operator> children() {
            return List.of(input);
        }
    }

    /**
     * MERGE part: for each row, the matches of the pattern (found through {@link PatternMatcher}
     * with the row's bound variables) with ON MATCH SET applied, or else the created pattern with
     * ON CREATE SET applied.
     */
    public static final class Merge implements Operator {
        final Operator input;
        final Pattern.Element element;
        final Set<String> bound;
        final List<String> newVariables;
        final int[] newSlots;
        final String pathVariable;
        final int pathSlot;
        final PartSpec create;
        final List<SetSpec> onMatch;
        final List<SetSpec> onCreate;

        /** A MERGE of {@code element}; {@code newVariables} are bound into {@code newSlots}. */
        public Merge(Operator input, Pattern.Element element, Set<String> bound, List<String> newVariables,
                     int[] newSlots, String pathVariable, int pathSlot, PartSpec create, List<SetSpec> onMatch,
                     List<SetSpec> onCreate) {
            this.input = input;
            this.element = element;
            this.bound = Set.copyOf(bound);
            this.newVariables = List.copyOf(newVariables);
            this.newSlots = newSlots;
            this.pathVariable = pathVariable;
            this.pathSlot = pathSlot;
            this.create = create;
            this.onMatch = List.copyOf(onMatch);
            this.onCreate = List.copyOf(onCreate);
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            return new Cursor() {
                List<Object[]> matches = List.of();
                int next;

                @Override
                public boolean next(Frame f) {
                    if (next < matches.size()) {
                        Object[] m = matches.get(next++);
                        for (int i = 0; i < newSlots.length; i++) {
                            f.set(newSlots[i], m[i]);
                        }
                        if (pathSlot >= 0) {
                            f.set(pathSlot, m[newSlots.length]);
                        }
                        set(ctx, onMatch, f);
                        return true;
                    }
                    if (!in.next(f)) {
                        return false;
                    }
                    ctx.tick();
                    List<Object[]> found = new ArrayList<>();
                    new PatternMatcher(ctx.graph(), ctx.eval()).match(element, f, bound::contains, (row, path) -> {
                        Object[] m = new Object[newSlots.length + 1];
                        for (int i = 0; i < newSlots.length; i++) {
                            m[i] = row.get(newVariables.get(i));
                        }
                        m[newSlots.length] = path;
                        found.add(m);
                        return true;
                    });
                    if (found.isEmpty()) {
                        checkNoNullProperties(ctx, f);
                        create(ctx, List.of(create), f);
                        set(ctx, onCreate, f);
                        matches = List.of();
                        return true;
                    }
                    matches = found;
                    next = 0;
                    return next(f);
                }
            };
        }

        private void checkNoNullProperties(ExecContext ctx, Frame f) {
            for (NodeSpec n : create.nodes()) {
                checkMap(ctx, n.properties(), f);
            }
            for (RelSpec r : create.rels()) {
                checkMap(ctx, r.properties(), f);
            }
        }

        private static void checkMap(ExecContext ctx, Expression props, Frame f) {
            for (Map.Entry<?, ?> e : propertyMap(ctx, props, f).entrySet()) {
                if (e.getValue() == null) {
                    throw new CypherException(CypherErrorKind.MERGE_READ_OWN_WRITES, "Cannot merge the following node "
                            + "or relationship because of null property value for '" + e.getKey() + "'");
                }
            }
        }

        @Override
        public String describe() {
            return "Merge";
        }

        @Override
        public List<Operator> children() {
            return List.of(input);
        }
    }
}
