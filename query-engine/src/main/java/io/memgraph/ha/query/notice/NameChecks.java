package io.memgraph.ha.query.notice;

import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The labels, relationship types and property keys a query's MATCH clauses (and their WHERE)
 * name, kept with the plan. Whether the database has ever had them depends on the data, so
 * {@link #check} asks the storage's name table on every execution: one hash lookup per name, and
 * no allocation when every name is known.
 *
 * @param names the names to look up, each once, in the order first written
 */
public record NameChecks(List<Name> names) {
    /** No names: a query without MATCH. */
    public static final NameChecks NONE = new NameChecks(List.of());

    public NameChecks {
        names = List.copyOf(names);
    }

    /** What a name is used as. */
    public enum Kind { LABEL, RELATIONSHIP_TYPE, PROPERTY_KEY }

    /** A name as the query uses it, at its first place in the text. */
    public record Name(Kind kind, String name, Position position) {}

    /** The notifications for the names {@code tx}'s database has never had; the shared empty list when none. */
    public List<Notification> check(Transaction tx) {
        List<Notification> out = List.of();
        for (Name n : names) {
            if (!tx.knowsName(n.name())) {
                if (out.isEmpty()) {
                    out = new ArrayList<>(2);
                }
                out.add(switch (n.kind()) {
                    case LABEL -> Notifications.unknownLabel(n.name(), n.position());
                    case RELATIONSHIP_TYPE -> Notifications.unknownRelationshipType(n.name(), n.position());
                    case PROPERTY_KEY -> Notifications.unknownPropertyKey(n.name(), n.position());
                });
            }
        }
        return out.isEmpty() ? out : List.copyOf(out);
    }

    /** Collects the names of a query as the planner walks its MATCH clauses. */
    public static final class Builder {
        private final List<Name> names = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();

        /** Adds {@code name} used as {@code kind} at {@code position}, unless added before. */
        public void add(Kind kind, String name, Position position) {
            if (name != null && seen.add(kind + ":" + name)) {
                names.add(new Name(kind, name, position));
            }
        }

        /** The names collected; {@link #NONE} when there are none. */
        public NameChecks build() {
            return names.isEmpty() ? NONE : new NameChecks(names);
        }
    }
}
