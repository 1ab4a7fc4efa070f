package io.memgraph.ha.compat.sdn;

import io.memgraph.ha.compat.sdn.movies.Movie;
import io.memgraph.ha.compat.sdn.movies.MovieRepository;
import io.memgraph.ha.compat.sdn.movies.Person;
import io.memgraph.ha.compat.sdn.movies.Role;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** The Spring context every imperative test shares, an empty graph before each test, and the movie fixture. */
@SpringJUnitConfig(ImperativeConfig.class)
abstract class ImperativeTestBase {
    @Autowired
    protected Neo4jClient client;

    @Autowired
    protected MovieRepository movies;

    @BeforeEach
    void emptyGraph() {
        client.query("MATCH (n) DETACH DELETE n").run();
    }

    /**
     * Five movies, five people, saved through the repository in one {@code saveAll}: the same
     * person objects are shared between movies, so each must become one node.
     */
    protected List<Movie> saveMovies() {
        Person keanu = new Person("Keanu Reeves", 1964);
        Person carrie = new Person("Carrie-Anne Moss", 1967);
        Person laurence = new Person("Laurence Fishburne", 1961);
        Person tom = new Person("Tom Hanks", 1956);
        Person lana = new Person("Lana Wachowski", 1965);

        Movie matrix = movie("The Matrix", 1999, "Welcome to the Real World");
        matrix.getActors().add(new Role(keanu, List.of("Neo")));
        matrix.getActors().add(new Role(carrie, List.of("Trinity")));
        matrix.getActors().add(new Role(laurence, List.of("Morpheus")));
        matrix.getDirectors().add(lana);

        Movie reloaded = movie("The Matrix Reloaded", 2003, "Free your mind");
        reloaded.getActors().add(new Role(keanu, List.of("Neo")));
        reloaded.getActors().add(new Role(carrie, List.of("Trinity")));
        reloaded.getDirectors().add(lana);

        Movie cloudAtlas = movie("Cloud Atlas", 2012, "Everything is connected");
        cloudAtlas.getActors().add(new Role(tom, List.of("Zachry", "Dr. Henry Goose")));
        cloudAtlas.getDirectors().add(lana);

        Movie advocate = movie("The Devil's Advocate", 1997, "Evil has its winning ways");
        advocate.getActors().add(new Role(keanu, List.of("Kevin Lomax")));

        Movie mnemonic = movie("Johnny Mnemonic", 1995, "The hottest data on earth");
        mnemonic.getActors().add(new Role(keanu, List.of("Johnny Mnemonic")));

        return movies.saveAll(List.of(matrix, reloaded, cloudAtlas, advocate, mnemonic));
    }

    protected static Movie movie(String title, Integer released, String tagline) {
        Movie m = new Movie(title, tagline);
        m.setReleased(released);
        return m;
    }

    /** A single long answered by {@code cypher}. */
    protected long count(String cypher) {
        return client.query(cypher).fetchAs(Long.class).one().orElseThrow();
    }
}
