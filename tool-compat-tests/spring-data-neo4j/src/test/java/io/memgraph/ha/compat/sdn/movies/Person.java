package io.memgraph.ha.compat.sdn.movies;

import java.util.ArrayList;
import java.util.List;
import org.springframework.data.neo4j.core.schema.GeneratedValue;
import org.springframework.data.neo4j.core.schema.Id;
import org.springframework.data.neo4j.core.schema.Node;
import org.springframework.data.neo4j.core.schema.Relationship;

/** A person: its id is the element id the database gives it; people it follows (outgoing). */
@Node("Person")
public class Person {
    @Id
    @GeneratedValue
    private String id;

    private final String name;

    private Integer born;

    @Relationship(type = "FOLLOWS")
    private List<Person> follows = new ArrayList<>();

    public Person(String name, Integer born) {
        this.name = name;
        this.born = born;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Integer getBorn() {
        return born;
    }

    public void setBorn(Integer born) {
        this.born = born;
    }

    public List<Person> getFollows() {
        return follows;
    }

    @Override
    public String toString() {
        return "Person(" + id + ", " + name + ", " + born + ")";
    }
}
