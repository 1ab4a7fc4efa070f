package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.PathExpander.Uniqueness;
import io.memgraph.ha.query.exec.PathExpander.Verdict;
import io.memgraph.ha.query.value.NodeValue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The configuration map of APOC's path expanders, read and checked: a key APOC does not have, or a
 * value of the wrong type, is refused (naming the key) rather than ignored; so is {@code sequence},
 * which is not supported here. A null value is the key's default.
 *
 * @param minLevel paths shorter than this are not returned (below 0: none)
 * @param maxLevel paths longer than this are not walked (below 0: no bound)
 * @param limit the most paths returned (below 0: no limit)
 * @param optional a call without paths yields one row of null
 */
record PathExpandConfig(long minLevel, long maxLevel, PathRelationshipFilter relationships, PathLabelFilter labels,
                        Uniqueness uniqueness, boolean bfs, long limit, boolean filterStartNode, boolean optional,
                        boolean beginSequenceAtStart, NodeLists nodes) {

    /** Which procedure reads the map: the subgraph ones walk with NODE_GLOBAL alone, from level 0 or 1. */
    enum Kind { EXPAND, SUBGRAPH }

    /** The keys APOC 5's path expanders take; {@code sequence} is refused as not supported. */
    private static final List<String> KEYS = List.of("minLevel", "maxLevel", "relationshipFilter", "labelFilter",
            "uniqueness", "bfs", "limit", "filterStartNode", "optional", "beginSequenceAtStart", "endNodes",
            "terminatorNodes", "allowlistNodes", "whitelistNodes", "denylistNodes", "blacklistNodes");

    /**
     * The nodes given by identity ({@code endNodes}, {@code terminatorNodes}, {@code allowlistNodes}
     * or {@code whitelistNodes}, {@code denylistNodes} or {@code blacklistNodes}), by id; an empty
     * list is no filter. End and terminator nodes are allowed whatever the allowlist says.
     */
    record NodeLists(Set<Long> end, Set<Long> terminator, Set<Long> allow, Set<Long> deny) {
        static final NodeLists NONE = new NodeLists(Set.of(), Set.of(), Set.of(), Set.of());

        /**
         * Whether a path to {@code node}, {@code depth} long, is returned and may go on: a denied node
         * neither, a node outside a given allowlist neither; with end or terminator nodes only paths
         * to them (from {@code minLevel} on) are returned, and none goes on past a terminator. The
         * start node is judged only when {@code filterStartNode}.
         */
        Verdict verdict(long node, int depth, long minLevel, boolean filterStartNode) {
            boolean exempt = depth == 0 && !filterStartNode;
            if (!exempt && (deny.contains(node) || !allow.isEmpty() && !allow.contains(node)
                    && !end.contains(node) && !terminator.contains(node))) {
                return Verdict.PRUNE;
            }
            if (end.isEmpty() && terminator.isEmpty()) {
                return new Verdict(true, true);
            }
            if (exempt || depth < minLevel) {
                return new Verdict(false, true);
            }
            if (terminator.contains(node)) {
                return new Verdict(true, false);
            }
            return new Verdict(end.contains(node), true);
        }
    }

    /** {@code apoc.path.expand}'s arguments: APOC's defaults for the rest. */
    static PathExpandConfig expand(String procedure, Object relationshipFilter, Object labelFilter, Object minLevel,
                                   Object maxLevel) {
        return new PathExpandConfig(integer(procedure, "minLevel", minLevel, -1),
                integer(procedure, "maxLevel", maxLevel, -1),
                PathRelationshipFilter.parse(procedure, string(procedure, "relationshipFilter", relationshipFilter),
                        true),
                PathLabelFilter.parse(procedure, string(procedure, "labelFilter", labelFilter)),
                Uniqueness.RELATIONSHIP_PATH, true, -1, false, false, true, NodeLists.NONE);
    }

    /** The {@code config} map of the procedure {@code procedure}. */
    static PathExpandConfig of(ExecContext ctx, String procedure, Kind kind, Object config) {
        if (config != null && !(config instanceof Map<?, ?>)) {
            throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + procedure
                    + " expects a MAP of settings for `config` but got " + ApocArguments.described(config));
        }
        Map<?, ?> m = config == null ? Map.of() : (Map<?, ?>) config;
        for (Object key : m.keySet()) {
            if ("sequence".equals(key)) {
                throw ApocArguments.failed(procedure, "the config key `sequence` is not supported here (give"
                        + " relationshipFilter and labelFilter instead)");
            }
            if (!KEYS.contains(key)) {
                throw ApocArguments.failed(procedure, "unknown config key `" + key + "`; the keys are "
                        + String.join(", ", KEYS));
            }
        }
        long minLevel = integer(procedure, "minLevel", m.get("minLevel"), -1);
        Uniqueness uniqueness = uniqueness(procedure, kind, m.get("uniqueness"));
        if (kind == Kind.SUBGRAPH && minLevel > 1) {
            throw ApocArguments.failed(procedure, "minLevel must be 0 or 1 for " + procedure + ", not " + minLevel);
        }
        boolean beginAtStart = bool(procedure, "beginSequenceAtStart", m.get("beginSequenceAtStart"), true);
        NodeLists nodes = new NodeLists(ids(ctx, procedure, m, "endNodes", null),
                ids(ctx, procedure, m, "terminatorNodes", null), ids(ctx, procedure, m, "allowlistNodes",
                "whitelistNodes"), ids(ctx, procedure, m, "denylistNodes", "blacklistNodes"));
        return new PathExpandConfig(minLevel, integer(procedure, "maxLevel", m.get("maxLevel"), -1),
                PathRelationshipFilter.parse(procedure, string(procedure, "relationshipFilter",
                        m.get("relationshipFilter")), beginAtStart),
                PathLabelFilter.parse(procedure, string(procedure, "labelFilter", m.get("labelFilter"))),
                uniqueness, bool(procedure, "bfs", m.get("bfs"), true), integer(procedure, "limit", m.get("limit"), -1),
                bool(procedure, "filterStartNode", m.get("filterStartNode"), false),
                bool(procedure, "optional", m.get("optional"), false), beginAtStart, nodes);
    }

    private static Uniqueness uniqueness(String procedure, Kind kind, Object v) {
        String name = string(procedure, "uniqueness", v);
        Uniqueness fixed = kind == Kind.SUBGRAPH ? Uniqueness.NODE_GLOBAL : null;
        if (name == null) {
            return fixed == null ? Uniqueness.RELATIONSHIP_PATH : fixed;
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (fixed != null && !upper.equals(fixed.name())) {
            throw ApocArguments.failed(procedure, procedure + " always walks with uniqueness NODE_GLOBAL, not '"
                    + name + "'");
        }
        for (Uniqueness u : Uniqueness.values()) {
            if (u.name().equals(upper)) {
                return u;
            }
        }
        if (List.of("NODE_LEVEL", "RELATIONSHIP_LEVEL", "NODE_RECENT", "RELATIONSHIP_RECENT").contains(upper)) {
            throw ApocArguments.failed(procedure, "uniqueness " + upper + " is not supported here (supported:"
                    + " RELATIONSHIP_PATH, NODE_PATH, NODE_GLOBAL, RELATIONSHIP_GLOBAL, NONE)");
        }
        throw ApocArguments.failed(procedure, "'" + name + "' is not a uniqueness (supported: RELATIONSHIP_PATH,"
                + " NODE_PATH, NODE_GLOBAL, RELATIONSHIP_GLOBAL, NONE)");
    }

    /** The ids of the nodes under {@code key} and its old name {@code alias}, together. */
    private static Set<Long> ids(ExecContext ctx, String procedure, Map<?, ?> m, String key, String alias) {
        Set<Long> ids = new HashSet<>();
        for (String k : alias == null ? List.of(key) : List.of(key, alias)) {
            for (NodeValue n : ApocArguments.nodes(ctx, procedure, k, m.get(k))) {
                ids.add(n.id());
            }
        }
        return ids;
    }

    private static long integer(String procedure, String key, Object v, long otherwise) {
        return typed(procedure, key, v, Long.class, "an INTEGER", otherwise);
    }

    private static boolean bool(String procedure, String key, Object v, boolean otherwise) {
        return typed(procedure, key, v, Boolean.class, "a BOOLEAN", otherwise);
    }

    private static String string(String procedure, String key, Object v) {
        return typed(procedure, key, v, String.class, "a STRING", null);
    }

    /** {@code v} as a {@code type}, {@code otherwise} when null; another type is a TypeError naming the key. */
    private static <T> T typed(String procedure, String key, Object v, Class<T> type, String expected, T otherwise) {
        if (v == null) {
            return otherwise;
        }
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + procedure + "'s `" + key
                + "` must be " + expected + " but is " + ApocArguments.described(v));
    }
}
