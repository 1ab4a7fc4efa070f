package io.memgraph.ha.query.dump;

import io.memgraph.ha.query.PropertyTypeNames;
import io.memgraph.ha.query.exec.SchemaDescriptions;
import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.SchemaItem;

import java.util.List;

import static io.memgraph.ha.query.dump.CypherLiterals.name;

/**
 * The statement that creates an index or constraint again under the same name. Memgraph's forms
 * ({@code CREATE INDEX ON :L(p);}, {@code CREATE CONSTRAINT ON (u:L) ASSERT ...;}) when the
 * definition has the name those forms give (its default name); Neo4j 5's named forms otherwise,
 * and for what Memgraph's forms cannot say here (node keys, relationship property indexes, vector
 * and full-text indexes with their {@code OPTIONS}, property type constraints on relationships or of
 * a type Memgraph has no name for; Memgraph's text index on every property in its form).
 */
final class SchemaStatementText {
    private SchemaStatementText() {
    }

    static String of(SchemaDefinition d) {
        SchemaItem item = d.item();
        boolean defaultName = d.name().equals(SchemaItem.defaultName(item));
        StringBuilder sb = new StringBuilder(64);
        if (item instanceof SchemaItem.LabelIndex i) {
            // the only way to make one: Memgraph's form, which always gives the default name
            name(sb.append("CREATE INDEX ON :"), i.label());
        } else if (item instanceof SchemaItem.LabelPropertyIndex i) {
            nodeIndex(sb, d.name(), defaultName, i.label(), List.of(i.property()));
        } else if (item instanceof SchemaItem.CompositeIndex i) {
            nodeIndex(sb, d.name(), defaultName, i.label(), i.properties());
        } else if (item instanceof SchemaItem.FulltextIndex i) {
            sb.append(SchemaDescriptions.fulltextStatement(d.name(), i));
        } else if (item instanceof SchemaItem.VectorIndex i) {
            sb.append(SchemaDescriptions.createStatement(d));
        } else if (item instanceof SchemaItem.EdgePropertyIndex i) {
            name(sb.append("CREATE INDEX "), d.name());
            name(sb.append(" FOR ()-[r:"), i.label()).append("]-() ON ");
            properties(sb, "r", i.properties(), true);
        } else if (item instanceof SchemaItem.ExistenceConstraint c) {
            if (defaultName) {
                name(sb.append("CREATE CONSTRAINT ON (u:"), c.label()).append(") ASSERT EXISTS (u.");
                name(sb, c.property()).append(')');
            } else {
                constraintFor(sb, d.name(), c.label());
                name(sb.append("u."), c.property()).append(" IS NOT NULL");
            }
        } else if (item instanceof SchemaItem.UniqueConstraint c) {
            if (defaultName) {
                name(sb.append("CREATE CONSTRAINT ON (u:"), c.label()).append(") ASSERT ");
                properties(sb, "u", c.properties(), false).append(" IS UNIQUE");
            } else {
                properties(constraintFor(sb, d.name(), c.label()), "u", c.properties(), true).append(" IS UNIQUE");
            }
        } else if (item instanceof SchemaItem.PropertyTypeConstraint c) {
            String memgraph = PropertyTypeNames.memgraph(c.types());
            if (defaultName && memgraph != null && !c.relationship()) {
                name(sb.append("CREATE CONSTRAINT ON (u:"), c.label()).append(") ASSERT ");
                properties(sb, "u", List.of(c.property()), false).append(" IS TYPED ").append(memgraph);
            } else if (c.relationship()) {
                name(sb.append("CREATE CONSTRAINT "), d.name());
                name(sb.append(" FOR ()-[r:"), c.label()).append("]-() REQUIRE ");
                properties(sb, "r", List.of(c.property()), true).append(" IS :: ").append(c.typeText());
            } else {
                properties(constraintFor(sb, d.name(), c.label()), "u", List.of(c.property()), true)
                        .append(" IS :: ").append(c.typeText());
            }
        } else {
            SchemaItem.NodeKeyConstraint c = (SchemaItem.NodeKeyConstraint) item;
            properties(constraintFor(sb, d.name(), c.label()), "u", c.properties(), true).append(" IS NODE KEY");
        }
        return sb.append(';').toString();
    }

    private static void nodeIndex(StringBuilder sb, String indexName, boolean defaultName, String label,
                                  List<String> properties) {
        if (defaultName) {
            name(sb.append("CREATE INDEX ON :"), label).append('(');
            for (int i = 0; i < properties.size(); i++) {
                name(sb.append(i == 0 ? "" : ", "), properties.get(i));
            }
            sb.append(')');
        } else {
            name(sb.append("CREATE INDEX "), indexName);
            name(sb.append(" FOR (n:"), label).append(") ON ");
            properties(sb, "n", properties, true);
        }
    }

    /** {@code CREATE CONSTRAINT `name` FOR (u:`L`) REQUIRE }. */
    private static StringBuilder constraintFor(StringBuilder sb, String constraintName, String label) {
        name(sb.append("CREATE CONSTRAINT "), constraintName);
        return name(sb.append(" FOR (u:"), label).append(") REQUIRE ");
    }

    /** {@code v.`a`, v.`b`}, in parentheses when {@code parenthesised}. */
    private static StringBuilder properties(StringBuilder sb, String variable, List<String> properties,
                                            boolean parenthesised) {
        sb.append(parenthesised ? "(" : "");
        for (int i = 0; i < properties.size(); i++) {
            name(sb.append(i == 0 ? "" : ", ").append(variable).append('.'), properties.get(i));
        }
        return sb.append(parenthesised ? ")" : "");
    }
}
