package io.memgraph.ha.compat.sdn.movies;

import java.util.List;
import org.springframework.data.neo4j.core.schema.RelationshipId;
import org.springframework.data.neo4j.core.schema.RelationshipProperties;
import org.springframework.data.neo4j.core.schema.TargetNode;

/** The properties of an ACTED_IN relationship: the roles an actor played, and the actor. */
@RelationshipProperties
public class Role {
    @RelationshipId
    private String id;

    private final List<String> roles;

    @TargetNode
    private final Person person;

    public Role(Person person, List<String> roles) {
        this.person = person;
        this.roles = roles;
    }

    public String getId() {
        return id;
    }

    public List<String> getRoles() {
        return roles;
    }

    public Person getPerson() {
        return person;
    }
}
