package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.value.RelationshipValue;

/**
 * A relationship in a result row. Endpoints and type never change, so they travel with the id;
 * properties are read through the transaction. Equal when the ids are equal.
 */
public record GraphRelationship(long id, long start, long end, String type) implements RelationshipValue {
    @Override
    public boolean equals(Object o) {
        return o instanceof GraphRelationship r && r.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + 7;
    }

    /** The endpoint that is not {@code node} (or {@code node} for a self-loop). */
    public long other(long node) {
        return start == node ? end : start;
    }

    @Override
    public String toString() {
        return "Relationship[" + id + ":" + type + " " + start + "->" + end + "]";
    }
}
