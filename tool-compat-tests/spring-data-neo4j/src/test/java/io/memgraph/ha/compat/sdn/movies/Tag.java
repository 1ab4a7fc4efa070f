package io.memgraph.ha.compat.sdn.movies;

import org.springframework.data.neo4j.core.schema.GeneratedValue;
import org.springframework.data.neo4j.core.schema.Id;
import org.springframework.data.neo4j.core.schema.Node;

/**
 * A tag with the database's internal numeric id ({@code id(n)}), which SDN still supports for
 * entities written before element ids, and an immutable shape (SDN sets the id through a wither).
 */
@Node("Tag")
public record Tag(@Id @GeneratedValue Long id, String name) {
    public Tag withId(Long newId) {
        return new Tag(newId, name);
    }
}
