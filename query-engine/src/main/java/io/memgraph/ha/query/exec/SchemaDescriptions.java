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

    /** The {@code indexConfig} key of a full-text index's analyzer. */
    public static final String FULLTEXT_ANALYZER = "fulltext.analyzer";
    /** The {@code indexConfig} key of whether a full-text index is eventually consistent. */
    public static final String FULLTEXT_EVENTUALLY_CONSISTENT = "fulltext.eventually_consistent";

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
        } else if (item instanceof SchemaItem.FulltextIndex f) {
            return f.properties();
        } else if (item instanceof SchemaItem.PropertyTypeConstraint t) {
            return List.of(t.property());
        }
        return List.of(((SchemaItem.ExistenceConstraint) item).property());
    }

    /** The labels or relationship types an item is on (a full-text index's may be several). */
    public static List<String> labelsOrTypes(SchemaItem item) {
        return item instanceof SchemaItem.FulltextIndex f ? f.labels() : List.of(item.label());
    }

    /** Whether an item is on relationships (else on nodes). */
    public static boolean onRelationships(SchemaItem item) {
        return item instanceof SchemaItem.EdgePropertyIndex
                || item instanceof SchemaItem.FulltextIndex f && f.relationships()
                || item instanceof SchemaItem.VectorIndex v && v.relationships()
                || item instanceof SchemaItem.PropertyTypeConstraint t && t.relationship();
    }

    /** Neo4j's schema pattern: {@code (:Person {name})}, {@code ()-[:KNOWS {since}]-()}, {@code (:Person)}. */
    public static String schemaPattern(SchemaItem item) {
        List<String> props = properties(item);
        String inner = ":" + String.join(":", labelsOrTypes(item)) + (props.isEmpty() ? ""
                : " {" + String.join(", ", props) + "}");
        return onRelationships(item) ? "()-[" + inner + "]-()" : "(" + inner + ")";
    }

    /**
     * {@code RANGE} for a property index, {@code LOOKUP} for a label index, {@code VECTOR} for a
     * vector index, {@code FULLTEXT} for a full-text index.
     */
    public static String indexType(SchemaItem item) {
        return item instanceof SchemaItem.LabelIndex ? "LOOKUP" : item instanceof SchemaItem.VectorIndex ? "VECTOR"
                : item instanceof SchemaItem.FulltextIndex ? "FULLTEXT" : "RANGE";
    }

    /** The index provider SHOW INDEXES names. */
    public static String provider(SchemaItem item) {
        return item instanceof SchemaItem.LabelIndex ? "token-lookup-1.0"
                : item instanceof SchemaItem.VectorIndex ? "vector-2.0"
                : item instanceof SchemaItem.FulltextIndex ? "fulltext-1.0" : "range-1.0";
    }

    /**
     * The {@code indexConfig} SHOW INDEXES gives: a vector index's {@code vector.dimensions} (when
     * it has a fixed number) and {@code vector.similarity_function} ({@code COSINE}, {@code
     * EUCLIDEAN}, as Neo4j shows them); a full-text index's {@code fulltext.analyzer} and {@code
     * fulltext.eventually_consistent}; empty for every other index.
     */
    public static Map<String, Object> indexConfig(SchemaItem item) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (item instanceof SchemaItem.FulltextIndex f) {
            config.put(FULLTEXT_ANALYZER, f.analyzer());
            config.put(FULLTEXT_EVENTUALLY_CONSISTENT, f.eventuallyConsistent());
        }
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

    /**
     * The statement that creates a full-text index again: Neo4j's {@code CREATE FULLTEXT INDEX `i`
     * FOR (n:`A`|`B`) ON EACH [n.`p`] OPTIONS {...}}, or, for one on every property (which only
     * Memgraph's form makes, on one label or type), {@code CREATE TEXT [EDGE] INDEX `i` ON :`L`}.
     */
    public static String fulltextStatement(String name, SchemaItem.FulltextIndex f) {
        StringBuilder sb = new StringBuilder();
        if (f.properties().isEmpty()) {
            sb.append(f.relationships() ? "CREATE TEXT EDGE INDEX " : "CREATE TEXT INDEX ").append(quoted(name))
                    .append(" ON :").append(quoted(f.label()));
            return sb.toString();
        }
        String v = f.relationships() ? "r" : "n";
        sb.append("CREATE FULLTEXT INDEX ").append(quoted(name)).append(f.relationships() ? " FOR ()-[r:" : " FOR (n:");
        for (int i = 0; i < f.labels().size(); i++) {
            sb.append(i == 0 ? "" : "|").append(quoted(f.labels().get(i)));
        }
        sb.append(f.relationships() ? "]-() ON EACH [" : ") ON EACH [");
        for (int i = 0; i < f.properties().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(v).append('.').append(quoted(f.properties().get(i)));
        }
        return sb.append("] OPTIONS {indexConfig: {").append(quoted(FULLTEXT_ANALYZER)).append(": '")
                .append(f.analyzer()).append("', ").append(quoted(FULLTEXT_EVENTUALLY_CONSISTENT)).append(": ")
                .append(f.eventuallyConsistent()).append("}}").toString();
    }

    /**
     * {@code UNIQUENESS}, {@code NODE_KEY}, {@code NODE_PROPERTY_EXISTENCE}, {@code NODE_PROPERTY_TYPE} or
     * {@code RELATIONSHIP_PROPERTY_TYPE}, as Cypher 5's SHOW CONSTRAINTS.
     */
    public static String constraintType(SchemaItem item) {
        if (item instanceof SchemaItem.UniqueConstraint) {
            return "UNIQUENESS";
        }
        if (item instanceof SchemaItem.PropertyTypeConstraint t) {
            return t.relationship() ? "RELATIONSHIP_PROPERTY_TYPE" : "NODE_PROPERTY_TYPE";
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
        if (item instanceof SchemaItem.FulltextIndex f) {
            return fulltextStatement(d.name(), f);
        }
        if (item instanceof SchemaItem.VectorIndex v) {
            String pattern = v.relationships() ? "()-[r:" + quoted(v.label()) + "]-() ON (r."
                    : "(n:" + quoted(v.label()) + ") ON (n.";
            return "CREATE VECTOR INDEX " + quoted(d.name()) + " FOR " + pattern + quoted(v.property()) + ") "
                    + vectorOptions(v);
        }
        boolean edge = onRelationships(item);
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
                : item instanceof SchemaItem.NodeKeyConstraint ? "IS NODE KEY"
                : item instanceof SchemaItem.PropertyTypeConstraint t ? "IS :: " + t.typeText() : "IS NOT NULL";
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
                + constraintType(item).replace('_', ' ') + "', schema=" + schemaPattern(item)
                + (item instanceof SchemaItem.PropertyTypeConstraint t ? ", propertyType=" + t.typeText() : "") + " )";
    }
}
