package io.memgraph.ha.query.dump;

import io.memgraph.ha.query.QueryLimits;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.Cursor;
import io.memgraph.ha.query.exec.ExecContext;
import io.memgraph.ha.query.exec.Frame;
import io.memgraph.ha.query.exec.MemoryScope;
import io.memgraph.ha.query.exec.Operator;
import io.memgraph.ha.query.exec.PatternScopes;
import io.memgraph.ha.query.exec.StatusException;
import io.memgraph.ha.query.exec.Symbols;
import io.memgraph.ha.query.parse.CypherParser;
import io.memgraph.ha.query.plan.QueryPlan;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PrimitiveIterator;

import static io.memgraph.ha.query.dump.CypherLiterals.name;

/**
 * {@code DUMP DATABASE}: the graph the transaction sees and the schema, as Cypher statements that
 * rebuild them in an empty database, one per row, in Memgraph's order and shapes (Memgraph 3.2 and
 * later): every node created with the temporary label {@code __mg_vertex__} and its id in the
 * temporary property {@code __mg_id__}; an index on them; every relationship, its ends matched by
 * that id; the index dropped and the temporary label and property removed; then the indexes and
 * constraints. Rows are made one at a time as the client pulls (a scan of the node ids, then of
 * the relationship ids), so a dump holds one statement at a time whatever the graph's size; the
 * statement held counts against the query's memory limit.
 */
public final class DatabaseDump implements Operator {
    /** The temporary label every node gets while the dump is replayed. */
    public static final String NODE_LABEL = "__mg_vertex__";
    /** The temporary property that holds a node's id in the dump while it is replayed. */
    public static final String ID_PROPERTY = "__mg_id__";

    static final String CREATE_ID_INDEX = "CREATE INDEX ON :" + NODE_LABEL + "(" + ID_PROPERTY + ");";
    static final String DROP_ID_INDEX = "DROP INDEX ON :" + NODE_LABEL + "(" + ID_PROPERTY + ");";
    static final String REMOVE_TEMPORARY = "MATCH (u) REMOVE u:" + NODE_LABEL + ", u." + ID_PROPERTY + ";";

    /**
     * Rows longer than this, or with values nested deeper, are parsed before they are sent, so that
     * a statement past the query text, token or nesting limits fails the dump instead of the replay.
     */
    private static final int CHECKED_LENGTH = 100_000;
    private static final int CHECKED_DEPTH = 100;

    private final int slot;

    private DatabaseDump(int slot) {
        this.slot = slot;
    }

    /** The plan of {@code DUMP DATABASE}: this operator alone, streaming column {@code column}. */
    public static QueryPlan plan(String column) {
        Symbols symbols = new Symbols();
        int slot = symbols.slot(column);
        return new QueryPlan(List.of(new QueryPlan.Part(new DatabaseDump(slot), symbols, new int[] {slot})), false,
                List.of(column), QueryType.READ_ONLY, false, PatternScopes.NONE);
    }

    @Override
    public Cursor start(ExecContext ctx) {
        return new DumpCursor(ctx, slot, "DUMP DATABASE", null);
    }

    /**
     * The statements that rebuild part of the graph {@code ctx}'s transaction sees, made one at a
     * time as they are asked for, in the dump's order and shapes; {@code who} (a procedure) is
     * named in errors. With {@code part} null that is the whole graph and its schema, as
     * {@code DUMP DATABASE} gives it; else only the nodes and relationships of {@code part} and the
     * schema items on their labels and types (each relationship's ends must be among the nodes).
     */
    public static Iterator<String> statements(ExecContext ctx, String who, Part part) {
        DumpCursor cursor = new DumpCursor(ctx, -1, who, part);
        return new Iterator<>() {
            private String next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = cursor.nextStatement();
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                String s = next;
                next = null;
                return s;
            }
        };
    }

    /**
     * Part of a graph to dump: node and relationship ids in the order to write them, and whether
     * to write the schema items on their labels and types.
     */
    public record Part(long[] nodes, long[] relationships, boolean schema) {}

    @Override
    public String describe() {
        return "DumpDatabase";
    }

    @Override
    public List<Operator> children() {
        return List.of();
    }

    /** Where the dump is: each phase makes zero or more rows, in this order. */
    private enum Phase { NODES, CREATE_ID_INDEX, RELATIONSHIPS, DROP_ID_INDEX, REMOVE_TEMPORARY, SCHEMA, DONE }

    private static final class DumpCursor implements Cursor {
        private final ExecContext ctx;
        private final Transaction tx;
        private final MemoryScope memory;
        private final int slot;
        /**
         * Read when the dump starts: the storage keeps only the newest schema, so this is the one
         * closest to the transaction's snapshot.
         */
        private final Iterator<SchemaDefinition> schema;
        private final StringBuilder sb = new StringBuilder(256);
        /** What the errors name: DUMP DATABASE, or the procedure that dumps. */
        private final String who;
        /** The part to dump, or null for the whole graph. */
        private final Part part;
        private Phase phase = Phase.NODES;
        private PrimitiveIterator.OfLong ids;
        private boolean anyNode;
        private long held;

        DumpCursor(ExecContext ctx, int slot, String who, Part part) {
            this.ctx = ctx;
            this.tx = ctx.tx();
            this.memory = ctx.memory();
            this.slot = slot;
            this.who = who;
            this.part = part;
            this.schema = inDumpOrder(part == null ? tx.schemaDefinitions() : schemaOf(part)).iterator();
        }

        @Override
        public boolean next(Frame frame) {
            String row = nextStatement();
            if (row == null) {
                return false;
            }
            frame.set(slot, row);
            return true;
        }

        /** The next statement (held against the memory limit until the one after is asked for), or null. */
        String nextStatement() {
            memory.release(held);
            held = 0;
            String row = nextRow();
            if (row == null) {
                return null;
            }
            held = 40 + 2L * row.length();
            memory.reserve(held);
            ctx.tick();
            return row;
        }

        /** The schema items on the labels of {@code part}'s nodes and the types of its relationships. */
        private List<SchemaDefinition> schemaOf(Part part) {
            if (!part.schema()) {
                return List.of();
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (long id : part.nodes()) {
                names.addAll(tx.labels(id));
            }
            for (long id : part.relationships()) {
                names.add(tx.edge(id).type());
            }
            List<SchemaDefinition> out = new ArrayList<>();
            for (SchemaDefinition d : tx.schemaDefinitions()) {
                if (names.contains(d.item().label())) {
                    out.add(d);
                }
            }
            return out;
        }

        private String nextRow() {
            while (true) {
                switch (phase) {
                    case NODES -> {
                        if (ids == null) {
                            ids = part == null ? tx.vertices() : java.util.Arrays.stream(part.nodes()).iterator();
                        }
                        if (ids.hasNext()) {
                            anyNode = true;
                            return node(ids.nextLong());
                        }
                        ids = null;
                        phase = Phase.CREATE_ID_INDEX;
                    }
                    case CREATE_ID_INDEX -> {
                        phase = Phase.RELATIONSHIPS;
                        if (anyNode) {
                            return CREATE_ID_INDEX;
                        }
                    }
                    case RELATIONSHIPS -> {
                        if (ids == null) {
                            ids = part == null ? tx.edgeIds()
                                    : java.util.Arrays.stream(part.relationships()).iterator();
                        }
                        if (ids.hasNext()) {
                            return relationship(tx.edge(ids.nextLong()));
                        }
                        ids = null;
                        phase = Phase.DROP_ID_INDEX;
                    }
                    case DROP_ID_INDEX -> {
                        phase = Phase.REMOVE_TEMPORARY;
                        if (anyNode) {
                            return DROP_ID_INDEX;
                        }
                    }
                    case REMOVE_TEMPORARY -> {
                        phase = Phase.SCHEMA;
                        if (anyNode) {
                            return REMOVE_TEMPORARY;
                        }
                    }
                    case SCHEMA -> {
                        if (schema.hasNext()) {
                            return SchemaStatementText.of(schema.next());
                        }
                        phase = Phase.DONE;
                    }
                    case DONE -> {
                        return null;
                    }
                }
            }
        }

        /** {@code CREATE (:__mg_vertex__:`L` {__mg_id__: 7, `k`: v});} */
        private String node(long id) {
            sb.setLength(0);
            sb.append("CREATE (:").append(NODE_LABEL);
            for (String label : tx.labels(id)) {
                name(sb.append(':'), label);
            }
            sb.append(" {").append(ID_PROPERTY).append(": ").append(id);
            int depth = properties(tx.vertexProperties(id), true, "node " + id);
            sb.append("});");
            return checked(depth, "node " + id);
        }

        /**
         * {@code MATCH (u:__mg_vertex__), (v:__mg_vertex__) WHERE u.__mg_id__ = 1 AND v.__mg_id__ = 2
         * CREATE (u)-[:`T` {`k`: v}]->(v);}
         */
        private String relationship(EdgeRef e) {
            sb.setLength(0);
            sb.append("MATCH (u:").append(NODE_LABEL).append("), (v:").append(NODE_LABEL).append(") WHERE u.")
                    .append(ID_PROPERTY).append(" = ").append(e.from()).append(" AND v.").append(ID_PROPERTY)
                    .append(" = ").append(e.to()).append(" CREATE (u)-[:");
            name(sb, e.type());
            Map<String, Object> props = tx.edgeProperties(e.id());
            int depth = 0;
            if (!props.isEmpty()) {
                sb.append(" {");
                depth = properties(props, false, "relationship " + e.id());
                sb.append('}');
            }
            sb.append("]->(v);");
            return checked(depth, "relationship " + e.id());
        }

        /** {@code `k`: v, ...} (after the id when {@code afterId}); the deepest nesting of the values. */
        private int properties(Map<String, Object> props, boolean afterId, String owner) {
            int depth = 0;
            boolean first = !afterId;
            for (Map.Entry<String, Object> p : props.entrySet()) {
                sb.append(first ? "" : ", ");
                first = false;
                name(sb, p.getKey()).append(": ");
                try {
                    depth = Math.max(depth, CypherLiterals.value(sb, p.getValue()));
                } catch (CypherLiterals.UnwritableValueException ex) {
                    throw new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                            "Neo.ClientError.Statement.TypeError", who + " cannot write property `"
                            + p.getKey() + "` of " + owner + " as Cypher: it holds " + ex.getMessage()
                            + ". Convert or remove it, then dump again");
                }
            }
            return depth;
        }

        /**
         * The row, after checking that a long or deeply nested one still parses within the query
         * limits (a statement past them would be refused when the dump is replayed).
         */
        private String checked(int depth, String owner) {
            String row = sb.toString();
            if (row.length() <= CHECKED_LENGTH && depth <= CHECKED_DEPTH) {
                return row;
            }
            try {
                CypherParser.parse(row);
            } catch (CypherException e) {
                if (e.kind() == CypherErrorKind.QUERY_TOO_LONG || e.kind() == CypherErrorKind.NESTING_TOO_DEEP) {
                    throw new StatusException(e.kind(), "Neo.DatabaseError.Statement.ExecutionFailed",
                            who + " cannot write " + owner + " as one statement that replays: its statement "
                            + "would be refused with \"" + e.getMessage() + "\" (limits: "
                            + String.format(Locale.ROOT, "%,d", QueryLimits.MAX_QUERY_LENGTH) + " characters, "
                            + String.format(Locale.ROOT, "%,d", QueryLimits.MAX_QUERY_TOKENS) + " tokens, "
                            + QueryLimits.MAX_NESTING_DEPTH + " levels of nesting)");
                }
                throw new IllegalStateException(who + " wrote a statement for " + owner
                        + " that does not parse: " + e.getMessage(), e);
            }
            return row;
        }
    }

    /**
     * Memgraph's order: label indexes, label+property indexes, existence constraints, uniqueness
     * constraints, property type constraints, then (ours) node keys and relationship property indexes;
     * creation order within each.
     */
    private static List<SchemaDefinition> inDumpOrder(List<SchemaDefinition> schema) {
        List<SchemaDefinition> sorted = new ArrayList<>(schema);
        sorted.sort(Comparator.comparingInt(d -> rank(d.item())));
        return sorted;
    }

    private static int rank(SchemaItem item) {
        if (item instanceof SchemaItem.LabelIndex) {
            return 0;
        }
        if (item instanceof SchemaItem.LabelPropertyIndex || item instanceof SchemaItem.CompositeIndex) {
            return 1;
        }
        if (item instanceof SchemaItem.ExistenceConstraint) {
            return 2;
        }
        if (item instanceof SchemaItem.UniqueConstraint) {
            return 3;
        }
        if (item instanceof SchemaItem.PropertyTypeConstraint) {
            return 4;
        }
        return item instanceof SchemaItem.NodeKeyConstraint ? 5 : 6;
    }
}
