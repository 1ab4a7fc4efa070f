package io.memgraph.ha.query.exec;

import static io.memgraph.ha.query.exec.ApocArguments.failed;

import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The graph refactorings APOC's {@code apoc.refactor.*} and MAGE's {@code refactor.*} procedures
 * make ({@link RefactorProcedures}): re-creating a relationship with another type or other
 * endpoints, cloning nodes, merging nodes and relationships, collapsing a node into a relationship
 * and extracting one into a node. Each writes through the query's transaction, as CREATE, SET and
 * DELETE do: into the write set that Raft replicates, counted in the summary as those clauses
 * count ({@code relationships-created}, {@code nodes-deleted}, {@code properties-set}, ...), and
 * rolled back with the transaction. A relationship's type and endpoints cannot change in place, so
 * as in APOC a changed relationship is a new one (a new id) and the old one is deleted; its
 * properties go with it. Constraints are checked when the transaction commits, as for any write:
 * a refactoring that breaks one is refused there, with everything else the transaction wrote.
 */
final class GraphRefactoring {
    private GraphRefactoring() {
    }

    static final String OVERWRITE = "overwrite";
    static final String OVERRIDE = "override";
    static final String DISCARD = "discard";
    static final String COMBINE = "combine";
    private static final String ALL = ".*";

    // ------------------------------------------------------------------ relationships

    /**
     * Relationship {@code e} again, from {@code from} to {@code to} with {@code type} and its
     * properties; the old one is deleted first (as APOC does, so that no constraint sees both).
     */
    static GraphRelationship recreate(ExecContext ctx, EdgeRef e, long from, long to, String type) {
        Map<String, Object> props = new LinkedHashMap<>(ctx.tx().edgeProperties(e.id()));
        deleteRelationship(ctx, e.id());
        return createRelationship(ctx, from, to, type, props);
    }

    static void deleteRelationship(ExecContext ctx, long id) {
        ctx.tx().deleteEdge(id);
        ctx.count("relationships-deleted", 1);
        ctx.tick();
    }

    /** A new relationship with {@code stored} properties (as storage holds them, copied from another entity). */
    static GraphRelationship createRelationship(ExecContext ctx, long from, long to, String type,
                                                Map<String, Object> stored) {
        Transaction tx = ctx.tx();
        long id = tx.createEdge(from, to, type);
        ctx.count("relationships-created", 1);
        stored.forEach((k, v) -> {
            tx.setEdgeProperty(id, k, v);
            ctx.count("properties-set", 1);
        });
        ctx.tick();
        return new GraphRelationship(id, from, to, type);
    }

    /** The relationships of node {@code id} now, each once (a self-loop is both outgoing and incoming). */
    static List<EdgeRef> relationshipsOf(ExecContext ctx, long id) {
        List<EdgeRef> all = new ArrayList<>(ctx.tx().outEdges(id));
        for (EdgeRef e : ctx.tx().inEdges(id)) {
            if (e.from() != id) {
                all.add(e);
            }
        }
        return all;
    }

    // ------------------------------------------------------------------ nodes

    /** A new node with {@code labels} and the {@code stored} properties. */
    static GraphNode createNode(ExecContext ctx, Collection<String> labels, Map<String, Object> stored) {
        Transaction tx = ctx.tx();
        long id = tx.createVertex();
        ctx.count("nodes-created", 1);
        Updates.addLabels(ctx, id, List.copyOf(labels));
        stored.forEach((k, v) -> {
            tx.setVertexProperty(id, k, v);
            ctx.count("properties-set", 1);
        });
        ctx.tick();
        return new GraphNode(id);
    }

    /**
     * A copy of node {@code source}: its labels and properties but those of {@code skip}, and with
     * {@code withRelationships} a copy of each of its relationships (type and properties) with the
     * copy in the node's place (a self-loop becomes the copy's).
     */
    static GraphNode cloneNode(ExecContext ctx, long source, Set<String> skip, boolean withRelationships) {
        Transaction tx = ctx.tx();
        Map<String, Object> props = new LinkedHashMap<>(tx.vertexProperties(source));
        props.keySet().removeAll(skip);
        GraphNode copy = createNode(ctx, tx.labels(source), props);
        if (withRelationships) {
            for (EdgeRef e : relationshipsOf(ctx, source)) {
                createRelationship(ctx, e.from() == source ? copy.id() : e.from(), e.to() == source ? copy.id()
                        : e.to(), e.type(), new LinkedHashMap<>(tx.edgeProperties(e.id())));
            }
        }
        return copy;
    }

    /**
     * Merges {@code nodes} (distinct, existing) onto the first: each other node's relationships move
     * to it (re-created, the old ones deleted; one that would become a new self-loop is dropped
     * unless {@code produceSelfRel}), the node is deleted, its labels are added to the first and its
     * properties merged into it as {@code conf} says; with {@code mergeRels} the first node's
     * parallel relationships (same type, same direction, same other node) are then merged into the
     * earliest of them (its self-loops from before the merge left alone when
     * {@code preserveExistingSelfRels}).
     */
    static GraphNode mergeNodes(ExecContext ctx, List<Long> nodes, MergeConfig conf) {
        Transaction tx = ctx.tx();
        long target = nodes.get(0);
        GraphNode first = new GraphNode(target);
        Set<Long> keptLoops = new HashSet<>();
        if (conf.preserveExistingSelfRels()) {
            for (EdgeRef e : tx.outEdges(target)) {
                if (e.to() == target) {
                    keptLoops.add(e.id());
                }
            }
        }
        for (long source : nodes.subList(1, nodes.size())) {
            Map<String, Object> props = ctx.graph().properties(new GraphNode(source));
            List<String> labels = List.copyOf(tx.labels(source));
            for (EdgeRef e : relationshipsOf(ctx, source)) {
                long from = e.from() == source ? target : e.from();
                long to = e.to() == source ? target : e.to();
                if (from == to && !conf.produceSelfRel()) {
                    deleteRelationship(ctx, e.id());
                } else {
                    recreate(ctx, e, from, to, e.type());
                }
            }
            if (conf.mergeRels()) {
                mergeParallelRelationships(ctx, target, conf, keptLoops);
            }
            tx.deleteVertex(source);
            ctx.count("nodes-deleted", 1);
            Updates.addLabels(ctx, target, labels);
            mergeProperties(ctx, props, first, conf);
            ctx.tick();
        }
        return first;
    }

    private static void mergeParallelRelationships(ExecContext ctx, long node, MergeConfig conf, Set<Long> kept) {
        Map<List<Object>, GraphRelationship> earliest = new HashMap<>();
        for (EdgeRef e : relationshipsOf(ctx, node)) {
            if (kept.contains(e.id())) {
                continue;
            }
            if (e.from() == e.to() && !conf.produceSelfRel()) {
                deleteRelationship(ctx, e.id());
                continue;
            }
            GraphRelationship rel = TransactionGraph.rel(e);
            GraphRelationship into = earliest.putIfAbsent(List.of(e.type(), e.from(), e.to()), rel);
            if (into != null) {
                Map<String, Object> props = ctx.graph().properties(rel);
                deleteRelationship(ctx, e.id());
                mergeProperties(ctx, props, into, conf);
            }
        }
    }

    /**
     * Merges {@code rels} (distinct, existing, all between the same two nodes in the same
     * direction) onto the first: their properties are merged into it as {@code conf} says, and they
     * are deleted.
     */
    static GraphRelationship mergeRelationships(ExecContext ctx, String what, List<GraphRelationship> rels,
                                                MergeConfig conf) {
        GraphRelationship first = rels.get(0);
        for (GraphRelationship r : rels) {
            if (r.start() != first.start() || r.end() != first.end()) {
                throw failed(what, "All Relationships must have the same start and end nodes.");
            }
        }
        for (GraphRelationship r : rels.subList(1, rels.size())) {
            Map<String, Object> props = ctx.graph().properties(r);
            deleteRelationship(ctx, r.id());
            mergeProperties(ctx, props, first, conf);
        }
        return first;
    }

    // ------------------------------------------------------------------ properties

    /** Merges {@code props} into {@code target}'s as {@code conf} says for each key. */
    static void mergeProperties(ExecContext ctx, Map<String, Object> props, Object target, MergeConfig conf) {
        boolean rel = target instanceof RelationshipValue;
        props.forEach((key, value) -> {
            Object current = ctx.graph().property(target, key);
            switch (conf.mode(key, rel)) {
                case DISCARD -> {
                    if (current == null) {
                        Updates.setProperty(ctx, target, key, value);
                    }
                }
                case COMBINE -> Updates.setProperty(ctx, target, key, current == null ? value
                        : combine(current, value, conf.singleElementAsArray()));
                default -> Updates.setProperty(ctx, target, key, value);
            }
        });
    }

    /**
     * APOC's {@code combine}: the distinct values of both (a list gives its elements), in order; one
     * value alone unless {@code singleAsArray}; a list of strings when they are not all of one type.
     */
    static Object combine(Object current, Object value, boolean singleAsArray) {
        Set<Object> values = new LinkedHashSet<>();
        for (Object v : List.of(current, value)) {
            if (v instanceof List<?> l) {
                values.addAll(l);
            } else {
                values.add(v);
            }
        }
        if (values.size() == 1 && !singleAsArray) {
            return values.iterator().next();
        }
        Class<?> type = values.isEmpty() ? null : values.iterator().next().getClass();
        if (values.stream().allMatch(v -> v.getClass() == type)) {
            return new ArrayList<>(values);
        }
        return values.stream().map(String::valueOf).toList();
    }

    /**
     * The settings of APOC's {@code mergeNodes} and {@code mergeRelationships}: how each property is
     * merged (regular expressions over keys, in order, {@code .*} the fallback; without
     * {@code properties} nodes' properties are overwritten and relationships' combined, as APOC),
     * {@code mergeRels}, {@code produceSelfRel} (default true), {@code preserveExistingSelfRels}
     * (default true) and {@code singleElementAsArray} (default false).
     */
    record MergeConfig(Map<Pattern, String> patterns, String fallback, boolean hasProperties,
                       boolean mergeRels, boolean produceSelfRel, boolean preserveExistingSelfRels,
                       boolean singleElementAsArray) {

        /** The config a map gives; a wrong value is refused naming its key. */
        static MergeConfig of(String what, Map<String, Object> config) {
            Object properties = config.get("properties");
            Map<Pattern, String> patterns = new LinkedHashMap<>();
            String fallback = OVERWRITE;
            if (properties instanceof String mode) {
                fallback = mode(what, ALL, mode);
            } else if (properties instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String key = (String) e.getKey();
                    String mode = mode(what, key, e.getValue());
                    if (key.equals(ALL)) {
                        fallback = mode;
                    } else {
                        try {
                            patterns.put(Pattern.compile(key), mode);
                        } catch (PatternSyntaxException ex) {
                            throw failed(what, "the properties key '" + key + "' is not a valid regular expression: "
                                    + ex.getDescription());
                        }
                    }
                }
            } else if (properties != null) {
                throw ApocArguments.typeMismatch(what, "config.properties", "a STRING or a MAP", properties);
            }
            return new MergeConfig(patterns, fallback, properties != null, flag(what, config, "mergeRels", false),
                    flag(what, config, "produceSelfRel", true), flag(what, config, "preserveExistingSelfRels", true),
                    flag(what, config, "singleElementAsArray", false));
        }

        private static String mode(String what, String key, Object mode) {
            if (mode instanceof String s && List.of(OVERWRITE, OVERRIDE, DISCARD, COMBINE).contains(s)) {
                return s.equals(OVERRIDE) ? OVERWRITE : s;
            }
            throw failed(what, "the properties mode for '" + key + "' must be one of 'discard', 'overwrite',"
                    + " 'override' or 'combine', not " + (mode instanceof String s ? "'" + s + "'"
                    : ApocArguments.described(mode)));
        }

        static boolean flag(String what, Map<String, Object> config, String key, boolean otherwise) {
            Object v = config.get(key);
            if (v == null) {
                return otherwise;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            throw ApocArguments.typeMismatch(what, "config." + key, "a BOOLEAN", v);
        }

        /** How property {@code key} is merged (into a relationship when {@code rel}). */
        String mode(String key, boolean rel) {
            if (!hasProperties && rel) {
                return COMBINE;
            }
            for (Map.Entry<Pattern, String> e : patterns.entrySet()) {
                if (e.getKey().matcher(key).matches()) {
                    return e.getValue();
                }
            }
            return fallback;
        }
    }
}
