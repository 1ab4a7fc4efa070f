package io.memgraph.ha.compat.sdn.movies;

import java.util.ArrayList;
import java.util.List;
import org.springframework.data.annotation.Version;
import org.springframework.data.neo4j.core.schema.Id;
import org.springframework.data.neo4j.core.schema.Node;
import org.springframework.data.neo4j.core.schema.Property;
import org.springframework.data.neo4j.core.schema.Relationship;
import org.springframework.data.neo4j.core.schema.Relationship.Direction;

/** A movie: an assigned id (its title), optimistic locking, actors with their roles, directors. */
@Node("Movie")
public class Movie {
    @Id
    private final String title;

    @Property("tagline")
    private String description;

    private Integer released;

    @Version
    private Long version;

    @Relationship(type = "ACTED_IN", direction = Direction.INCOMING)
    private List<Role> actors = new ArrayList<>();

    @Relationship(type = "DIRECTED", direction = Direction.INCOMING)
    private List<Person> directors = new ArrayList<>();

    public Movie(String title, String description) {
        this.title = title;
        this.description = description;
    }

    public String getTitle() {
        return title;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public Integer getReleased() {
        return released;
    }

    public void setReleased(Integer released) {
        this.released = released;
    }

    public Long getVersion() {
        return version;
    }

    public List<Role> getActors() {
        return actors;
    }

    public List<Person> getDirectors() {
        return directors;
    }
}
