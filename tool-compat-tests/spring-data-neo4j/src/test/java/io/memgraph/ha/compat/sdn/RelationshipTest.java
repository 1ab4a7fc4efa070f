package io.memgraph.ha.compat.sdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.memgraph.ha.compat.sdn.movies.Movie;
import io.memgraph.ha.compat.sdn.movies.Person;
import io.memgraph.ha.compat.sdn.movies.PersonRepository;
import io.memgraph.ha.compat.sdn.movies.Role;
import io.memgraph.ha.compat.sdn.movies.Studio;
import io.memgraph.ha.compat.sdn.movies.StudioRepository;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Relationships with and without properties, saved and loaded in both directions, and what deletes do to them. */
class RelationshipTest extends ImperativeTestBase {
    @Autowired
    PersonRepository people;

    @Autowired
    StudioRepository studios;

    @Test
    void sharedPeopleBecomeOneNodeEachWithDirectedRelationships() {
        saveMovies();
        assertThat(count("MATCH (p:Person) RETURN count(p)")).isEqualTo(5);
        assertThat(count("MATCH (m:Movie) RETURN count(m)")).isEqualTo(5);
        assertThat(count("MATCH (:Person)-[r:ACTED_IN]->(:Movie) RETURN count(r)")).isEqualTo(8);
        assertThat(count("MATCH (:Person)-[r:DIRECTED]->(:Movie) RETURN count(r)")).isEqualTo(3);
        assertThat(count("MATCH (:Movie)-[r]->() RETURN count(r)")).isZero();
        assertThat(client.query("MATCH (p:Person)-[r:ACTED_IN]->(m:Movie {title: 'Cloud Atlas'}) "
                        + "RETURN p.name AS name, r.roles AS roles").fetch().all())
                .containsExactly(Map.of("name", "Tom Hanks", "roles", List.of("Zachry", "Dr. Henry Goose")));
    }

    @Test
    void incomingRelationshipsWithPropertiesLoadBack() {
        saveMovies();
        Movie matrix = movies.findById("The Matrix").orElseThrow();
        assertThat(matrix.getActors())
                .extracting(r -> r.getPerson().getName(), Role::getRoles)
                .containsExactlyInAnyOrder(
                        tuple("Keanu Reeves", List.of("Neo")),
                        tuple("Carrie-Anne Moss", List.of("Trinity")),
                        tuple("Laurence Fishburne", List.of("Morpheus")));
        assertThat(matrix.getActors()).extracting(Role::getId).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(matrix.getDirectors()).extracting(Person::getName).containsExactly("Lana Wachowski");
        assertThat(matrix.getActors()).extracting(r -> r.getPerson().getBorn()).containsExactlyInAnyOrder(1964, 1967, 1961);
    }

    @Test
    void removedRelationshipIsDeletedOnSaveAndNodeKept() {
        saveMovies();
        Movie matrix = movies.findById("The Matrix").orElseThrow();
        matrix.getActors().removeIf(r -> r.getPerson().getName().equals("Laurence Fishburne"));
        movies.save(matrix);

        Movie reloaded = movies.findById("The Matrix").orElseThrow();
        assertThat(reloaded.getActors()).extracting(r -> r.getPerson().getName())
                .containsExactlyInAnyOrder("Keanu Reeves", "Carrie-Anne Moss");
        assertThat(count("MATCH (p:Person {name: 'Laurence Fishburne'}) RETURN count(p)")).isEqualTo(1);
        assertThat(count("MATCH (:Person)-[r:ACTED_IN]->(:Movie) RETURN count(r)")).isEqualTo(7);
        // The other movies' relationships were left alone.
        assertThat(movies.findById("The Matrix Reloaded").orElseThrow().getActors()).hasSize(2);
    }

    @Test
    void addingARelationshipToALoadedEntity() {
        saveMovies();
        Movie advocate = movies.findById("The Devil's Advocate").orElseThrow();
        Person al = people.save(new Person("Al Pacino", 1940));
        advocate.getActors().add(new Role(al, List.of("John Milton")));
        movies.save(advocate);
        assertThat(movies.findById("The Devil's Advocate").orElseThrow().getActors())
                .extracting(r -> r.getPerson().getName(), Role::getRoles)
                .containsExactlyInAnyOrder(tuple("Keanu Reeves", List.of("Kevin Lomax")), tuple("Al Pacino", List.of("John Milton")));
        assertThat(count("MATCH (p:Person {name: 'Al Pacino'}) RETURN count(p)")).isEqualTo(1);
    }

    @Test
    void outgoingSelfRelationshipWithACycle() {
        Person ann = new Person("Ann", 1980);
        Person bob = new Person("Bob", 1981);
        Person cid = new Person("Cid", 1982);
        ann.getFollows().add(bob);
        bob.getFollows().add(ann);
        bob.getFollows().add(cid);
        people.save(ann);

        assertThat(client.query("MATCH (a:Person)-[:FOLLOWS]->(b:Person) RETURN a.name AS a, b.name AS b ORDER BY a, b")
                        .fetch().all())
                .containsExactly(Map.of("a", "Ann", "b", "Bob"), Map.of("a", "Bob", "b", "Ann"), Map.of("a", "Bob", "b", "Cid"));

        Person loaded = people.findByName("Ann").orElseThrow();
        assertThat(loaded.getFollows()).extracting(Person::getName).containsExactly("Bob");
        Person loadedBob = loaded.getFollows().get(0);
        assertThat(loadedBob.getFollows()).extracting(Person::getName).containsExactlyInAnyOrder("Ann", "Cid");
        assertThat(people.findByFollowsName("Ann")).extracting(Person::getName).containsExactly("Bob");
        assertThat(people.withFollows("Bob").orElseThrow().getFollows())
                .extracting(Person::getName).containsExactlyInAnyOrder("Ann", "Cid");
    }

    @Test
    void outgoingRelationshipToEntitiesWithTheirOwnRelationships() {
        List<Movie> saved = saveMovies();
        Studio warner = new Studio("Warner Bros.");
        warner.getMovies().addAll(saved.subList(0, 2));
        studios.save(warner);

        assertThat(client.query("MATCH (:Studio {name: 'Warner Bros.'})-[:PRODUCED]->(m:Movie) RETURN m.title ORDER BY m.title")
                        .fetchAs(String.class).all())
                .containsExactly("The Matrix", "The Matrix Reloaded");
        Studio loaded = studios.findById(warner.getId()).orElseThrow();
        assertThat(loaded.getMovies()).extracting(Movie::getTitle).containsExactlyInAnyOrder("The Matrix", "The Matrix Reloaded");
        assertThat(loaded.getMovies()).flatExtracting(Movie::getActors).extracting(r -> r.getPerson().getName())
                .containsExactlyInAnyOrder("Keanu Reeves", "Carrie-Anne Moss", "Laurence Fishburne", "Keanu Reeves", "Carrie-Anne Moss");
        // Saving the studio again with an unchanged graph duplicates nothing.
        studios.save(loaded);
        assertThat(count("MATCH (:Studio)-[r:PRODUCED]->() RETURN count(r)")).isEqualTo(2);
        assertThat(count("MATCH ()-[r:ACTED_IN]->() RETURN count(r)")).isEqualTo(8);
        assertThat(count("MATCH (p:Person) RETURN count(p)")).isEqualTo(5);
    }

    @Test
    void deletingAnEntityDetachesItAndKeepsRelatedNodes() {
        saveMovies();
        movies.deleteById("The Matrix");
        assertThat(count("MATCH (p:Person) RETURN count(p)")).isEqualTo(5);
        assertThat(count("MATCH ()-[r:ACTED_IN]->() RETURN count(r)")).isEqualTo(5);
        assertThat(count("MATCH ()-[r:DIRECTED]->() RETURN count(r)")).isEqualTo(2);

        Person keanu = people.findByName("Keanu Reeves").orElseThrow();
        people.delete(keanu);
        assertThat(count("MATCH ()-[r:ACTED_IN]->() RETURN count(r)")).isEqualTo(2);
        assertThat(movies.count()).isEqualTo(4);
    }

    @Test
    void findByRelatedProperties() {
        saveMovies();
        assertThat(movies.findByActorsPersonName("Keanu Reeves")).extracting(Movie::getTitle)
                .containsExactlyInAnyOrder("The Matrix", "The Matrix Reloaded", "The Devil's Advocate", "Johnny Mnemonic");
        assertThat(movies.findByDirectorsName("Lana Wachowski")).extracting(Movie::getTitle)
                .containsExactlyInAnyOrder("The Matrix", "The Matrix Reloaded", "Cloud Atlas");
        assertThat(movies.findByActorsPersonName("Nobody")).isEmpty();
    }
}
