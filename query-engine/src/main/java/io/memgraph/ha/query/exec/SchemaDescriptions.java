package io.memgraph.ha.query.exec;

import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.SchemaItem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How indexes and constraints are shown as Neo4j 5 shows them: their types, schema patterns and
 * the descriptions its messages and {@code db.schema.visualization()} use.
 */
public final class SchemaDescriptions {
    /** The {@code indexConfig} key of a vector index's dimensions. */
    public static final String VECTOR_DIMENSIONS = "vector.dimensions";
    /** The {@code indexConfig} key of a vector index's similarity function. */
    public static final String VECTOR_SIMILARITY = "vector.similarity_function";

    private SchemaDescriptions() {
    }

    /** The properties of an item, in its order (none for a label index). */
    public static List<String> properties(SchemaItem item) {
        if (item instanceof SchemaItem.LabelIndex) {
            return List.of();
        } else if (item instanceof SchemaItem.LabelPropertyIndex i) {
            return List.of(i.property());
        } else if (item instanceof SchemaItem.CompositeIndex i) {
            return i.properties();
        } else if (item instanceof SchemaItem.EdgePropertyIndex i) {
            return i.properties();
        } else if (item instanceof SchemaItem.UniqueConstraint u) {
            return u.properties();
        } else if (item instanceof SchemaItem.NodeKeyConstraint k) {
            return k.properties();
        } else if (item instanceof SchemaItem.VectorIndex v) {
            return List.of(v.property());
        }
        return List.of(((SchemaItem.ExistenceConstraint) item).property());
    }

    /** Neo4j's schema pattern: {@code (:Person {name})}, {@code ()-[:KNOWS {since}]-()}, {@code (:Person)}. */
    public static String schemaPattern(SchemaItem item) {
        List<String> props = properties(item);
        String inner = ":" + item.label() + (props.isEmpty() ? "" : " {" + String.join(", ", props) + "}");
        return item instanceof SchemaItem.EdgePropertyIndex ? "()-[" + inner + "]-()" : "(" + inner + ")";
    }

    /** {@code RANGE} for a property index, {@code LOOKUP} for a label index, {@code VECTOR} for a vector index. */
    public static String indexType(SchemaItem item) {
        return item instanceof SchemaItem.LabelIndex ? "LOOKUP" : item instanceof SchemaItem.VectorIndex ? "VECTOR"
                : "RANGE";
    }

    /** The index provider SHOW INDEXES names. */
    public static String provider(SchemaItem item) {
        return item instanceof SchemaItem.LabelIndex ? "token-lookup-1.0"
                : item instanceof SchemaItem.VectorIndex ? "vector-2.0" : "range-1.0";
    }

    /**
     * The {@code indexConfig} SHOW INDEXES gives: a vector index's {@code vector.dimensions} (when
     * it has a fixed number) and {@code vector.similarity_function} ({@code COSINE}, {@code
     * EUCLIDEAN}, as Neo4j shows them); empty for every other index.
     */
    public static Map<String, Object> indexConfig(SchemaItem item) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (item instanceof SchemaItem.VectorIndex v) {
            if (v.dimensions() > 0) {
                config.put(VECTOR_DIMENSIONS, (long) v.dimensions());
            }
            config.put(VECTOR_SIMILARITY, v.similarity().toUpperCase(Locale.ROOT));
        }
        return config;
    }

    /**
     * A vector index's {@code OPTIONS {indexConfig: {...}}}, as {@code createStatement} and {@code
     * DUMP DATABASE} write it: a statement that creates the same index again.
     */
    public static String vectorOptions(SchemaItem.VectorIndex v) {
        StringBuilder sb = new StringBuilder("OPTIONS {indexConfig: {");
        if (v.dimensions() > 0) {
            sb.append(quoted(VECTOR_DIMENSIONS)).append(": ").append(v.dimensions()).append(", ");
        }
        return sb.append(quoted(VECTOR_SIMILARITY)).append(": '").append(v.similarity()).append("'}}").toString();
    }

    /** {@code UNIQUENESS}, {@code NODE_KEY} or {@code NODE_PROPERTY_EXISTENCE}, as Cypher 5's SHOW CONSTRAINTS. */
    public static String constraintType(SchemaItem item) {
        if (item instanceof SchemaItem.UniqueConstraint) {
            return "UNIQUENESS";
        }
        return item instanceof SchemaItem.NodeKeyConstraint ? "NODE_KEY" : "NODE_PROPERTY_EXISTENCE";
    }

    /**
     * The statement that creates {@code d} again, as {@code SHOW INDEXES} and {@code SHOW
     * CONSTRAINTS} give it ({@code createStatement}): Neo4j's form, every name in backticks
     * ({@code CREATE RANGE INDEX `i` FOR (n:`L`) ON (n.`p`)}, {@code CREATE CONSTRAINT `c` FOR
     * (n:`L`) REQUIRE (n.`p`) IS UNIQUE}), or Memgraph's {@code CREATE INDEX ON :`L`} for a label
     * index, which Neo4j does not have.
     */
    public static String createStatement(SchemaDefinition d) {
        SchemaItem item = d.item();
        if (item instanceof SchemaItem.LabelIndex) {
            return "CREATE INDEX ON :" + quoted(item.label());
        }
        if (item instanceof SchemaItem.VectorIndex v) {
            return "CREATE VECTOR INDEX " + quoted(d.name()) + " FOR (n:" + quoted(v.label()) + ") ON (n."
                    + quoted(v.property()) + ") " + vectorOptions(v);
        }
        boolean edge = item instanceof SchemaItem.EdgePropertyIndex;
        String v = edge ? "r" : "n";
        StringBuilder props = new StringBuilder("(");
        for (String p : properties(item)) {
            props.append(props.length() == 1 ? "" : ", ").append(v).append('.').append(quoted(p));
        }
        props.append(')');
        String pattern = edge ? "()-[r:" + quoted(item.label()) + "]-()" : "(n:" + quoted(item.label()) + ")";
        if (SchemaItem.isIndex(item)) {
            return "CREATE RANGE INDEX " + quoted(d.name()) + " FOR " + pattern + " ON " + props;
        }
        String kind = item instanceof SchemaItem.UniqueConstraint ? "IS UNIQUE"
                : item instanceof SchemaItem.NodeKeyConstraint ? "IS NODE KEY" : "IS NOT NULL";
        return "CREATE CONSTRAINT " + quoted(d.name()) + " FOR " + pattern + " REQUIRE " + props + " " + kind;
    }

    /** {@code name} in backticks, a backtick in it doubled: a name Cypher reads back as it is. */
    public static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * As Neo4j describes a schema rule in its messages: {@code Index( id=1, name='i', type='RANGE',
     * schema=(:L {p}), indexProvider='range-1.0' )} or {@code Constraint( id=2, name='c',
     * type='UNIQUENESS', schema=(:L {p}) )}.
     */
    public static String description(SchemaDefinition d) {
        SchemaItem item = d.item();
        if (SchemaItem.isIndex(item)) {
            return "Index( id=" + d.id() + ", name='" + d.name() + "', type='" + indexType(item) + "', schema="
                    + schemaPattern(item) + ", indexProvider='" + provider(item) + "' )";
        }
        return "Constraint( id=" + d.id() + ", name='" + d.name() + "', type='"
                + constraintType(item).replace('_', ' ') + "', schema=" + schemaPattern(item) + " )";
    }
}
