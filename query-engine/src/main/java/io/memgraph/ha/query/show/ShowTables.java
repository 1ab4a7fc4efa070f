package io.memgraph.ha.query.show;

import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.dbms.Setting;
import io.memgraph.ha.query.eval.Aggregations;
import io.memgraph.ha.query.eval.Functions;
import io.memgraph.ha.query.exec.Procedures;
import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.SchemaItem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.exec.SchemaDescriptions.constraintType;
import static io.memgraph.ha.query.exec.SchemaDescriptions.createStatement;
import static io.memgraph.ha.query.exec.SchemaDescriptions.indexConfig;
import static io.memgraph.ha.query.exec.SchemaDescriptions.indexType;
import static io.memgraph.ha.query.exec.SchemaDescriptions.labelsOrTypes;
import static io.memgraph.ha.query.exec.SchemaDescriptions.onRelationships;
import static io.memgraph.ha.query.exec.SchemaDescriptions.properties;
import static io.memgraph.ha.query.exec.SchemaDescriptions.provider;

/**
 * The full tables of the SHOW commands the engine answers itself ({@code INDEXES},
 * {@code CONSTRAINTS}, {@code PROCEDURES}, {@code FUNCTIONS}, {@code USERS}, {@code SETTINGS},
 * {@code ALIASES}): one row per item with a value for every column of its {@link ShowColumns},
 * null where we have nothing to say, sorted by name as Neo4j sorts them. A kind of index or
 * constraint (SHOW RANGE INDEXES, SHOW UNIQUE CONSTRAINTS) keeps the rows of that {@code type}.
 */
public final class ShowTables {
    private ShowTables() {
    }

    /**
     * The table of {@code command}.
     *
     * @param schema the indexes and constraints in force (for SHOW INDEXES and SHOW CONSTRAINTS)
     * @param procedures what {@code CALL} can run (for SHOW PROCEDURES)
     */
    public static List<Object[]> of(Statement.Listing command, List<SchemaDefinition> schema, Procedures procedures) {
        if (command instanceof Statement.ShowIndexes show) {
            return ofType(indexes(schema), 4, show.type() == null ? List.of() : List.of(show.type()));
        } else if (command instanceof Statement.ShowConstraints show) {
            return ofType(constraints(schema), 2, show.types());
        } else if (command instanceof Statement.ShowAliases) {
            return List.of(); // there are no database aliases
        } else if (command instanceof Statement.ShowProcedures) {
            return procedures(procedures);
        } else if (command instanceof Statement.ShowFunctions) {
            return functions();
        }
        throw new IllegalArgumentException("the server answers " + command);
    }

    /**
     * Every index is populated when its write set applies, so it is ONLINE at 100% and never
     * failed; reads are not counted, so {@code lastRead}, {@code readCount} and
     * {@code trackedSince} are null; no constraint owns an index.
     */
    private static List<Object[]> indexes(List<SchemaDefinition> schema) {
        List<Object[]> rows = new ArrayList<>();
        for (SchemaDefinition d : byName(schema)) {
            SchemaItem item = d.item();
            if (!SchemaItem.isIndex(item)) {
                continue;
            }
            List<String> props = properties(item);
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("indexProvider", provider(item));
            options.put("indexConfig", indexConfig(item));
            rows.add(new Object[] {d.id(), d.name(), "ONLINE", 100.0, indexType(item),
                onRelationships(item) ? "RELATIONSHIP" : "NODE", labelsOrTypes(item),
                props.isEmpty() ? null : props, provider(item), null, null, null, null, options, "",
                createStatement(d)});
        }
        return rows;
    }

    /**
     * Constraints here own no index ({@code ownedIndex} and {@code options} null); a property type
     * constraint's {@code propertyType} is its type as Neo4j writes it ({@code INTEGER | FLOAT}).
     */
    private static List<Object[]> constraints(List<SchemaDefinition> schema) {
        List<Object[]> rows = new ArrayList<>();
        for (SchemaDefinition d : byName(schema)) {
            SchemaItem item = d.item();
            if (!SchemaItem.isIndex(item)) {
                String type = item instanceof SchemaItem.PropertyTypeConstraint t ? t.typeText() : null;
                rows.add(new Object[] {d.id(), d.name(), constraintType(item),
                    onRelationships(item) ? "RELATIONSHIP" : "NODE", List.of(item.label()), properties(item), null,
                    type, null, createStatement(d)});
            }
        }
        return rows;
    }

    /** No roles and privileges (their columns are null); nothing is deprecated or needs an admin. */
    private static List<Object[]> procedures(Procedures procedures) {
        List<Object[]> rows = new ArrayList<>();
        for (Procedures.Procedure p : procedures.all()) {
            boolean dbms = p.mode() == Procedures.Mode.DBMS;
            rows.add(new Object[] {p.name(), p.description(), p.mode().name(), dbms, p.signature(),
                fields(p.inputs()), fields(p.outputs()), false, null, null, false, null, Map.of("deprecated", false)});
        }
        return rows;
    }

    /** {@code name}, {@code type}, {@code description} and {@code isDeprecated} of each field, as Neo4j lists them. */
    private static List<Object> fields(List<Procedures.Field> fields) {
        List<Object> described = new ArrayList<>(fields.size());
        for (Procedures.Field f : fields) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("type", f.type());
            m.put("description", f.name() + " :: " + f.type());
            m.put("isDeprecated", false);
            described.add(m);
        }
        return described;
    }

    /**
     * The functions know their arity but not their argument and result types, so
     * {@code signature}, {@code argumentDescription} and {@code returnDescription} are null, and
     * {@code description} is empty.
     */
    private static List<Object[]> functions() {
        List<Object[]> rows = new ArrayList<>();
        for (String name : Functions.names()) {
            boolean aggregating = Aggregations.isAggregate(name);
            rows.add(new Object[] {name, aggregating ? "Aggregating" : "Scalar", "", null, true, null, null,
                aggregating, null, null, false, null});
        }
        return rows;
    }

    /** The rows whose column {@code typeColumn} is one of {@code types}; every row when there are none. */
    private static List<Object[]> ofType(List<Object[]> rows, int typeColumn, List<String> types) {
        return types.isEmpty() ? rows : rows.stream().filter(r -> types.contains((String) r[typeColumn])).toList();
    }

    /**
     * The table of {@code SHOW USERS} (or {@code SHOW CURRENT USER}): a row per user of
     * {@code users}, in the order given. As in Neo4j's community edition there are no roles,
     * suspensions or home databases (null); no password change is ever required.
     */
    public static List<Object[]> users(List<String> users) {
        List<Object[]> rows = new ArrayList<>(users.size());
        for (String user : users) {
            rows.add(new Object[] {user, null, false, null, null});
        }
        return rows;
    }

    /**
     * The table of {@code SHOW SETTINGS}: a row per setting of {@code settings} (sorted by name),
     * only those {@code names} names when it is not empty (a name that is no setting has no row).
     */
    public static List<Object[]> settings(List<Setting> settings, List<String> names) {
        List<Object[]> rows = new ArrayList<>();
        for (Setting s : settings) {
            if (names.isEmpty() || names.contains(s.name())) {
                rows.add(s.showSettingsRow());
            }
        }
        return rows;
    }

    private static List<SchemaDefinition> byName(List<SchemaDefinition> schema) {
        List<SchemaDefinition> sorted = new ArrayList<>(schema);
        sorted.sort(Comparator.comparing(SchemaDefinition::name));
        return sorted;
    }
}
