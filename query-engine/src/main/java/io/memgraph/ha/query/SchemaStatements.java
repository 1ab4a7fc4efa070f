package io.memgraph.ha.query;

import io.memgraph.ha.query.ast.CypherType;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.Row;
import io.memgraph.ha.query.exec.ExecContext;
import io.memgraph.ha.query.exec.FulltextIndexConfig;
import io.memgraph.ha.query.exec.FulltextSearch;
import io.memgraph.ha.query.exec.RowsExecution;
import io.memgraph.ha.query.exec.StatusException;
import io.memgraph.ha.query.exec.TransactionGraph;
import io.memgraph.ha.query.exec.VectorIndexConfig;
import io.memgraph.ha.query.exec.VectorProcedures;
import io.memgraph.ha.query.exec.VectorSearch;
import io.memgraph.ha.query.notice.Notification;
import io.memgraph.ha.query.notice.Notifications;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;

import static io.memgraph.ha.query.exec.SchemaCreation.create;
import static io.memgraph.ha.query.exec.SchemaCreation.find;
import static io.memgraph.ha.query.exec.SchemaCreation.nameOwner;
import static io.memgraph.ha.query.exec.SchemaDescriptions.constraintType;
import static io.memgraph.ha.query.exec.SchemaDescriptions.createStatement;
import static io.memgraph.ha.query.exec.SchemaDescriptions.schemaPattern;

/**
 * Index and constraint statements, and Memgraph's SHOW ... INFO. The Neo4j forms ({@code FOR ... ON}, {@code REQUIRE},
 * a name, {@code IF NOT EXISTS}) fail as Neo4j 5 does on an index or constraint that exists (same
 * schema or same name) and on a missing name to drop; Memgraph's forms ({@code ON :L(p)},
 * {@code ON (n:L) ASSERT}) leave an existing one as it is. A constraint that the data violates
 * is refused before anything is written. Names are chosen here, on the server that runs the
 * statement, and replicated in the write set.
 */
final class SchemaStatements {
    private static final String CONSTRAINT_CREATION_FAILED = "Neo.DatabaseError.Schema.ConstraintCreationFailed";

    private SchemaStatements() {
    }

    static Execution run(Statement st, String query, Transaction tx, Storage storage, String serverId,
                         List<String> columns, ExecContext ctx) {
        TransactionGraph graph = ctx.graph();
        Map<String, Object> stats = new LinkedHashMap<>();
        List<Object[]> rows = new ArrayList<>();
        List<SchemaDefinition> schema = tx.schemaDefinitions();
        // IF [NOT] EXISTS commands that did nothing (Neo4j 5.17+)
        List<Notification> notes = new ArrayList<>(0);
        if (st instanceof Statement.CreateIndex ci) {
            SchemaItem item = indexItem(ci);
            if (create(tx, schema, item, ci.name(), ci.ifNotExists(), ci.strict())) {
                stats.put("indexes-added", 1L);
            } else if (ci.ifNotExists()) {
                notes.add(alreadyExists(query, schema, item, ci.name()));
            }
            return new RowsExecution(columns, rows, QueryType.SCHEMA_WRITE, stats, graph, notes);
        }
        if (st instanceof Statement.CreateVectorIndex cv) {
            Object options = options(cv.options(), ctx);
            SchemaItem item = cv.memgraph()
                    ? VectorIndexConfig.memgraph(cv.label(), cv.relationships(), cv.property(), options)
                    : VectorIndexConfig.neo4j(cv.label(), cv.relationships(), cv.property(), options);
            String name = indexName(cv.name(), cv.nameParameter(), cv.position(), ctx);
            if (create(tx, schema, item, name, cv.ifNotExists(), true)) {
                stats.put("indexes-added", 1L);
            } else if (cv.ifNotExists()) {
                notes.add(alreadyExists(query, schema, item, name));
            }
            return new RowsExecution(columns, rows, QueryType.SCHEMA_WRITE, stats, graph, notes);
        }
        if (st instanceof Statement.CreateFulltextIndex cf) {
            SchemaItem item = FulltextIndexConfig.of(cf.labels(), cf.relationships(), cf.properties(),
                    options(cf.options(), ctx));
            String name = indexName(cf.name(), cf.nameParameter(), cf.position(), ctx);
            // Memgraph's form fails on a name that is taken, as Memgraph does
            if (create(tx, schema, item, name, cf.ifNotExists(), true)) {
                stats.put("indexes-added", 1L);
            } else if (cf.ifNotExists()) {
                notes.add(alreadyExists(query, schema, item, name));
            }
            return new RowsExecution(columns, rows, QueryType.SCHEMA_WRITE, stats, graph, notes);
        }
        if (st instanceof Statement.ShowVectorIndexInfo) {
            rows.addAll(VectorProcedures.indexInfo(ctx, List.of()));
            return new RowsExecution(columns, rows, QueryType.READ_ONLY, stats, graph);
        }
        if (st instanceof Statement.DropIndex di) {
            if (di.label() == null) {
                dropByName(tx, schema, di.name(), di.ifExists(), true, stats, query, notes);
                return new RowsExecution(columns, rows, QueryType.SCHEMA_WRITE, stats, graph, notes);
            }
            SchemaItem item = indexItem(new Statement.CreateIndex(null, di.label(), di.properties(), di.relationship(),
                    false, false, di.position()));
            if (find(schema, item) == null) {
                throw new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                        "Neo.ClientError.Schema.IndexDropFailed", "Unable to drop index: there is no index on "
                        + render(item));
            }
            tx.dropSchema(item);
            stats.put("indexes-removed", 1L);
            return new RowsExecution(columns, rows, QueryType.SCHEMA_WRITE, stats, graph, notes);
        }
        if (st instanceof Statement.CreateConstraint cc) {
            List<SchemaItem> items = constraintItems(cc.kind(), cc.label(), cc.relationship(), cc.properties(),
                    cc.propertyType(), cc.strict());
            String name = indexName(cc.name(), cc.nameParameter(), cc.position(), ctx);
            for (SchemaItem item : items) {
                boolean exists = find(schema, item) != null || nameOwner(schema, name) != null;
                if (!exists) {
                    checkData(tx, item, name != null ? name : SchemaItem.defaultName(item));
                }
                if (create(tx, schema, item, name, cc.ifNotExists(), cc.strict())) {
                    stats.merge("constraints-added", 1L, (a, b) -> (Long) a + (Long) b);
                } else if (cc.ifNotExists() && notes.isEmpty()) {
                    notes.add(alreadyExists(query, schema, item, name));
                }
            }
            return new RowsExecution(columns, rows, QueryType.SCHEMA_WRITE, stats, graph, notes);
        }
        if (st instanceof Statement.DropConstraint dc) {
            if (dc.label() == null) {
                dropByName(tx, schema, dc.name(), dc.ifExists(), false, stats, query, notes);
                return new RowsExecution(columns, rows, QueryType.SCHEMA_WRITE, stats, graph, notes);
            }
            for (SchemaItem item : constraintItems(dc.kind(), dc.label(), dc.relationship(), dc.properties(),
                    dc.propertyType(), false)) {
                SchemaDefinition found = find(schema, item);
                // a type constraint of the property with other types is the same schema, not this one
                if (found == null || !found.item().equals(item)) {
                    throw new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                            "Neo.ClientError.Schema.ConstraintDropFailed",
                            "Unable to drop constraint: there is no " + render(item));
                }
                tx.dropSchema(item);
                stats.merge("constraints-removed", 1L, (a, b) -> (Long) a + (Long) b);
            }
            return new RowsExecution(columns, rows, QueryType.SCHEMA_WRITE, stats, graph, notes);
        }
        if (st instanceof Statement.ShowIndexInfo) {
            Map<SchemaItem, Long> counts = storage.stats().indexCounts();
            for (SchemaDefinition d : schema) {
                if (isIndex(d.item())) {
                    long count = d.item() instanceof SchemaItem.VectorIndex v ? VectorSearch.size(ctx, v)
                            : d.item() instanceof SchemaItem.FulltextIndex f ? FulltextSearch.size(ctx, f)
                            : counts.getOrDefault(d.item(), 0L);
                    rows.add(MemgraphInfoRows.index(d.item(), d.name(), render(d.item()), count));
                }
            }
            return new RowsExecution(columns, rows, QueryType.READ_ONLY, stats, graph);
        }
        if (st instanceof Statement.ShowConstraintInfo) {
            for (SchemaDefinition d : schema) {
                Object[] row = MemgraphInfoRows.constraint(d.item());
                if (row != null) {
                    rows.add(row);
                }
            }
            return new RowsExecution(columns, rows, QueryType.READ_ONLY, stats, graph);
        }
        if (st instanceof Statement.ShowStorageInfo) {
            MemgraphInfoRows.storage(storage.stats()).forEach((k, v) -> rows.add(new Object[] {serverId, k, v}));
            return new RowsExecution(columns, rows, QueryType.READ_ONLY, stats, graph);
        }
        throw notSupported("SHOW RAFT INFO outside a cluster server");
    }

    // ---------------------------------------------------------------- create and drop

    /** {@code DROP INDEX name} / {@code DROP CONSTRAINT name}: Neo4j's errors when there is none of that kind. */
    private static void dropByName(Transaction tx, List<SchemaDefinition> schema, String name, boolean ifExists,
                                   boolean index, Map<String, Object> stats, String query, List<Notification> notes) {
        SchemaDefinition d = nameOwner(schema, name);
        if (d == null || isIndex(d.item()) != index) {
            if (ifExists) {
                notes.add(Notifications.doesNotExist(query.strip(), name));
                return;
            }
            throw index
                    ? new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                            "Neo.DatabaseError.Schema.IndexDropFailed",
                            "Unable to drop index called `" + name + "`. There is no such index.")
                    : new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                            "Neo.DatabaseError.Schema.ConstraintDropFailed",
                            "Unable to drop constraint `" + name + "`: No such constraint " + name + ".");
        }
        tx.dropSchema(d.item(), ifExists);
        stats.put(index ? "indexes-removed" : "constraints-removed", 1L);
    }

    /**
     * The notification of a {@code CREATE ... IF NOT EXISTS} that did nothing: the index or
     * constraint like {@code item}, else the one named {@code name}, already exists.
     */
    private static Notification alreadyExists(String query, List<SchemaDefinition> schema, SchemaItem item,
                                              String name) {
        SchemaDefinition same = find(schema, item);
        SchemaDefinition existing = same != null ? same
                : nameOwner(schema, name != null ? name : SchemaItem.defaultName(item));
        String text = existing == null ? render(item) : createStatement(existing).replaceFirst("^CREATE ", "");
        return Notifications.alreadyExists(query.strip(), text);
    }

    /**
     * Refuses a constraint that the data the transaction sees violates, with Neo4j's code and the
     * offending node(s). Apply checks again (another transaction may commit between).
     */
    private static void checkData(Transaction tx, SchemaItem item, String name) {
        if (item instanceof SchemaItem.PropertyTypeConstraint t) {
            checkTypes(tx, t, name);
            return;
        }
        String label = item.label();
        List<String> required = item instanceof SchemaItem.ExistenceConstraint e ? List.of(e.property())
                : item instanceof SchemaItem.NodeKeyConstraint k ? k.properties() : List.of();
        List<String> unique = item instanceof SchemaItem.UniqueConstraint u ? u.properties()
                : item instanceof SchemaItem.NodeKeyConstraint k ? k.properties() : List.of();
        Map<List<Object>, Long> owners = new HashMap<>();
        for (PrimitiveIterator.OfLong it = tx.verticesWithLabel(label); it.hasNext(); ) {
            long id = it.nextLong();
            Map<String, Object> props = tx.vertexProperties(id);
            for (String p : required) {
                if (props.get(p) == null) {
                    throw creationFailed(item, name, "Node(" + id + ") with label `" + label + "` must have the "
                            + (required.size() == 1 ? "property `" + p + "`"
                            : "properties (" + backticked(required) + ")"));
                }
            }
            if (unique.isEmpty()) {
                continue;
            }
            List<Object> key = new ArrayList<>(unique.size());
            for (String p : unique) {
                Object v = props.get(p);
                if (v == null) {
                    key = null;
                    break;
                }
                key.add(new Equivalent(v));
            }
            Long other = key == null ? null : owners.putIfAbsent(key, id);
            if (other != null) {
                StringBuilder values = new StringBuilder();
                for (String p : unique) {
                    values.append(values.length() == 0 ? "" : ", ").append('`').append(p).append("` = ")
                            .append(literal(props.get(p)));
                }
                throw creationFailed(item, name, "Both Node(" + other + ") and Node(" + id + ") have the label `"
                        + label + "` and " + (unique.size() == 1 ? "property " : "properties ") + values);
            }
        }
    }

    /** A property type constraint over the nodes with the label or the relationships of the type. */
    private static void checkTypes(Transaction tx, SchemaItem.PropertyTypeConstraint t, String name) {
        PrimitiveIterator.OfLong ids = t.relationship() ? tx.edgeIds() : tx.verticesWithLabel(t.label());
        while (ids.hasNext()) {
            long id = ids.nextLong();
            if (t.relationship() && !tx.edge(id).type().equals(t.label())) {
                continue;
            }
            Object value = t.relationship() ? tx.edgeProperty(id, t.property()) : tx.vertexProperty(id, t.property());
            if (!t.allows(value)) {
                throw creationFailed(t, name, t.existingViolation(id, value));
            }
        }
    }

    private static StatusException creationFailed(SchemaItem item, String name, String detail) {
        String type = item instanceof SchemaItem.PropertyTypeConstraint t ? ", propertyType=" + t.typeText() : "";
        return new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, CONSTRAINT_CREATION_FAILED,
                "Unable to create Constraint( name='" + name + "', type='"
                        + constraintType(item).replace('_', ' ') + "', schema=" + schemaPattern(item) + type
                        + " ):\n" + detail);
    }

    private static String backticked(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(sb.length() == 0 ? "" : ", ").append('`').append(n).append('`');
        }
        return sb.toString();
    }

    private static String literal(Object v) {
        return v instanceof String s ? "'" + s + "'" : io.memgraph.ha.query.eval.Functions.show(v);
    }

    /** A value compared as grouping compares (1 and 1.0 are the same key). */
    private record Equivalent(Object value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Equivalent e && CypherValues.equivalent(value, e.value);
        }

        @Override
        public int hashCode() {
            return CypherValues.hash(value);
        }
    }

    // ---------------------------------------------------------------- items

    private static SchemaItem indexItem(Statement.CreateIndex ci) {
        List<String> properties = ci.properties();
        if (new java.util.HashSet<>(properties).size() != properties.size()) {
            throw new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                    "Neo.ClientError.Schema.RepeatedPropertyInCompositeSchema", "Unable to create an index on "
                    + properties + ": a property was specified in several positions.");
        }
        if (ci.relationship()) {
            return new SchemaItem.EdgePropertyIndex(ci.label(), properties);
        }
        if (properties.isEmpty()) {
            return new SchemaItem.LabelIndex(ci.label());
        }
        return properties.size() == 1 ? new SchemaItem.LabelPropertyIndex(ci.label(), properties.get(0))
                : new SchemaItem.CompositeIndex(ci.label(), properties);
    }

    /** An index statement's OPTIONS or CONFIG evaluated with the query's parameters, or null. */
    private static Object options(Expression options, ExecContext ctx) {
        return options == null ? null : ctx.eval().evaluate(options, Row.EMPTY);
    }

    /** The name an index statement gives, or null for the generated one; {@code $name} must be a STRING. */
    private static String indexName(String name, String nameParameter, Position position, ExecContext ctx) {
        if (nameParameter == null) {
            return name;
        }
        Object value = ctx.eval().evaluate(new Expression.Parameter(nameParameter, position), Row.EMPTY);
        if (!(value instanceof String s)) {
            throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "The name of an index must be a STRING, but $"
                    + nameParameter + " is " + (value == null ? "null" : CypherValues.typeName(value)));
        }
        return s;
    }

    private static List<SchemaItem> constraintItems(Statement.ConstraintKind kind, String label, boolean relationship,
                                                    List<String> properties, CypherType type, boolean strict) {
        return switch (kind) {
            case PROPERTY_TYPE -> List.of(new SchemaItem.PropertyTypeConstraint(label, relationship, properties.get(0),
                    PropertyTypeNames.of(type)));
            case UNIQUE -> List.of(new SchemaItem.UniqueConstraint(label, properties));
            case NODE_KEY -> List.of(new SchemaItem.NodeKeyConstraint(label, properties));
            case EXISTS -> {
                if (strict && properties.size() > 1) {
                    throw new CypherException(CypherErrorKind.UNEXPECTED_SYNTAX,
                            "Constraint type 'IS NOT NULL' does not allow multiple properties");
                }
                yield properties.stream().<SchemaItem>map(p -> new SchemaItem.ExistenceConstraint(label, p)).toList();
            }
        };
    }

    private static boolean isIndex(SchemaItem item) {
        return SchemaItem.isIndex(item);
    }

    // ---------------------------------------------------------------- rows

    /** {@code :Label}, {@code :Label(prop)}, or a description (SHOW INDEX INFO and Memgraph's errors). */
    static String render(SchemaItem item) {
        if (item instanceof SchemaItem.LabelIndex li) {
            return ":" + li.label();
        }
        if (item instanceof SchemaItem.LabelPropertyIndex pi) {
            return ":" + pi.label() + "(" + pi.property() + ")";
        }
        if (item instanceof SchemaItem.CompositeIndex ci) {
            return ":" + ci.label() + "(" + String.join(", ", ci.properties()) + ")";
        }
        if (item instanceof SchemaItem.VectorIndex vi) {
            String of = vi.label() + "(" + vi.property() + ")";
            return vi.relationships() ? "()-[:" + of + "]-()" : ":" + of;
        }
        if (item instanceof SchemaItem.EdgePropertyIndex ei) {
            return "()-[:" + ei.label() + "(" + String.join(", ", ei.properties()) + ")]-()";
        }
        return SchemaItem.describe(item);
    }

    private static CypherException notSupported(String what) {
        return new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                "Neo.ClientError.Statement.SemanticError", "Not yet implemented: " + what);
    }
}
