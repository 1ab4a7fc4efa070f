package io.memgraph.ha.query.notice;

import io.memgraph.ha.query.ast.Hint;
import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.notice.Notification.Category;
import io.memgraph.ha.query.notice.Notification.Severity;
import io.memgraph.ha.query.show.Databases;

import java.util.ArrayList;
import java.util.List;

/**
 * The notifications this server gives, with Neo4j 5's codes, titles, descriptions and GQL statuses
 * (from Neo4j's status code documentation). One place for their wording.
 */
public final class Notifications {
    private static final String UNKNOWN_NAME = "in your query is not available in the database, make sure you"
            + " didn't misspell it or that the label is available when you run this statement in your application";

    private Notifications() {
    }

    /** {@code USING INDEX} names an index that does not exist (for a relationship when {@code relationship}). */
    public static Notification hintedIndexNotFound(Hint.Index hint, boolean relationship) {
        String kind = hint.kind() == Hint.IndexKind.ANY ? "" : hint.kind().name() + " ";
        String v = quoted(hint.variable());
        StringBuilder on = new StringBuilder();
        for (String p : hint.properties()) {
            on.append(on.length() == 0 ? "" : ", ").append(v).append('.').append(quoted(p));
        }
        String pattern = relationship ? "()-[" + v + ":" + quoted(hint.labelOrType()) + "]-()"
                : "(" + v + ":" + quoted(hint.labelOrType()) + ")";
        return new Notification("Neo.ClientNotification.Schema.HintedIndexNotFound",
                "The request (directly or indirectly) referred to an index that does not exist.",
                "The hinted index does not exist, please check the schema (index is: " + kind + "INDEX FOR " + pattern
                        + " ON (" + on + "))",
                Severity.WARNING, Category.HINT, hint.position(), "01N31",
                "warn: hinted index not found. Unable to create a plan with `" + kind + "INDEX :" + hint.labelOrType()
                        + "(" + String.join(", ", hint.properties()) + ")` because the index does not exist.");
    }

    /** {@code USING JOIN ON ...}: this planner has no hash join, so no plan has the join. */
    public static Notification joinHintUnfulfillable(Hint.Join hint) {
        List<String> quoted = new ArrayList<>();
        hint.variables().forEach(v -> quoted.add("`" + v + "`"));
        return new Notification("Neo.ClientNotification.Statement.JoinHintUnfulfillableWarning",
                "The database was unable to plan a hinted join.",
                "The hinted join was not planned. This could happen because no generated plan contained the join key,"
                        + " please try using a different join key or restructure your query. (hinted join key"
                        + " identifier" + (quoted.size() == 1 ? " is" : "s are") + ": " + String.join(", ", quoted)
                        + ")",
                Severity.WARNING, Category.HINT, hint.position(), "01N30",
                "warn: join hint unfulfillable. Unable to create a plan with `JOIN ON "
                        + String.join(", ", hint.variables()) + "`. Try to change the join key(s) or restructure your"
                        + " query.");
    }

    /**
     * A MATCH of disconnected patterns ({@code patterns}, as written) builds their cartesian
     * product; {@code identifiers} are the variables of the parts after the first.
     */
    public static Notification cartesianProduct(Position position, List<String> identifiers, String patterns) {
        return new Notification("Neo.ClientNotification.Statement.CartesianProduct",
                "This query builds a cartesian product between disconnected patterns.",
                "If a part of a query contains multiple disconnected patterns, this will build a cartesian product"
                        + " between all those parts. This may produce a large amount of data and slow down query"
                        + " processing. While occasionally intended, it may often be possible to reformulate the query"
                        + " that avoids the use of this cross product, perhaps by adding a relationship between the"
                        + " different parts or by using OPTIONAL MATCH (identifier is: ("
                        + String.join(", ", identifiers) + "))",
                Severity.INFORMATION, Category.PERFORMANCE, position, "03N90",
                "info: cartesian product. The disconnected patterns `" + patterns + "` build a cartesian product. A"
                        + " cartesian product may produce a large amount of data and slow down query processing.");
    }

    /** A label the database has never had. */
    public static Notification unknownLabel(String label, Position position) {
        return unknownName("UnknownLabelWarning", "label", "labels", "label name", "01N50", "label", label, position);
    }

    /** A relationship type the database has never had. */
    public static Notification unknownRelationshipType(String type, Position position) {
        return unknownName("UnknownRelationshipTypeWarning", "relationship type", "relationship types",
                "relationship type", "01N51", "relationship type", type, position);
    }

    /** A property key the database has never had (Neo4j's title has no full stop). */
    public static Notification unknownPropertyKey(String key, Position position) {
        return unknownName("UnknownPropertyKeyWarning", "property key", "property names", "property name", "01N52",
                "property", key, position);
    }

    /**
     * The UNRECOGNIZED warnings, worded alike: {@code thing} in the title, {@code things} and
     * {@code missing} in the description, {@code gqlThing} in the status description.
     */
    private static Notification unknownName(String code, String thing, String things, String missing,
                                            String gqlStatus, String gqlThing, String name, Position position) {
        String title = "The provided " + thing + " is not in the database" + (thing.equals("property key") ? "" : ".");
        return new Notification("Neo.ClientNotification.Statement." + code, title,
                "One of the " + things + " " + UNKNOWN_NAME + " (the missing " + missing + " is: " + name + ")",
                Severity.WARNING, Category.UNRECOGNIZED, position, gqlStatus,
                "warn: unknown " + gqlThing.replace("property", "property key") + ". The " + gqlThing + " `" + name
                        + "` does not exist in database `" + Databases.NAME + "`. Verify that the spelling is"
                        + " correct.");
    }

    /** {@code CREATE ... IF NOT EXISTS} ({@code command}) did nothing: {@code existing} is already there. */
    public static Notification alreadyExists(String command, String existing) {
        return new Notification("Neo.ClientNotification.Schema.IndexOrConstraintAlreadyExists",
                "`" + command + "` has no effect.", "`" + existing + "` already exists.",
                Severity.INFORMATION, Category.SCHEMA, null, "00NA0",
                "note: successful completion - index or constraint already exists. `" + command + "` has no effect. `"
                        + existing + "` already exists.");
    }

    /** {@code DROP ... IF EXISTS} ({@code command}) did nothing: there is no {@code name}. */
    public static Notification doesNotExist(String command, String name) {
        return new Notification("Neo.ClientNotification.Schema.IndexOrConstraintDoesNotExist",
                "`" + command + "` has no effect.", "`" + name + "` does not exist.",
                Severity.INFORMATION, Category.SCHEMA, null, "00NA1",
                "note: successful completion - index or constraint does not exist. `" + command + "` has no effect. `"
                        + name + "` does not exist.");
    }

    /** {@code id(x)}: deprecated in Neo4j 5 for {@code elementId(x)}. */
    public static Notification deprecatedId(Position position) {
        return new Notification("Neo.ClientNotification.Statement.FeatureDeprecationWarning",
                "This feature is deprecated and will be removed in future versions.",
                "The query used a deprecated function: `id`.",
                Severity.WARNING, Category.DEPRECATION, position, "01N01",
                "warn: feature deprecated with replacement. id is deprecated. It is replaced by elementId or consider"
                        + " using an application-generated id.");
    }

    /** {@code a} then {@code b}; one of them itself when the other is empty (no copy). */
    public static List<Notification> concat(List<Notification> a, List<Notification> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<Notification> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
