package io.memgraph.ha.compat.sdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.compat.sdn.movies.Movie;
import io.memgraph.ha.compat.sdn.movies.MovieSummary;
import io.memgraph.ha.compat.sdn.movies.Person;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.summary.ResultSummary;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.data.neo4j.core.Neo4jTemplate;

/** Neo4jTemplate and Neo4jClient, the two APIs under the repositories. */
class TemplateAndClientTest extends ImperativeTestBase {
    @Autowired
    Neo4jTemplate template;

    @Test
    void templateCrud() {
        saveMovies();
        assertThat(template.count(Movie.class)).isEqualTo(5);
        assertThat(template.count(Person.class)).isEqualTo(5);
        assertThat(template.findById("Cloud Atlas", Movie.class)).map(Movie::getReleased).contains(2012);
        assertThat(template.findAllById(List.of("Cloud Atlas", "The Matrix"), Movie.class)).hasSize(2);
        assertThat(template.existsById("Cloud Atlas", Movie.class)).isTrue();

        assertThat(template.findAll("MATCH (m:Movie) WHERE m.released > $year RETURN m",
                        Map.of("year", 2000), Movie.class))
                .extracting(Movie::getTitle).containsExactlyInAnyOrder("The Matrix Reloaded", "Cloud Atlas");
        assertThat(template.findOne("MATCH (p:Person {name: $name}) RETURN p", Map.of("name", "Tom Hanks"), Person.class))
                .map(Person::getBorn).contains(1956);

        Movie saved = template.save(movie("Speed", 1994, "Get ready for rush hour"));
        assertThat(saved.getVersion()).isZero();
        template.deleteById("Speed", Movie.class);
        assertThat(template.count(Movie.class)).isEqualTo(5);
        template.deleteAll(Person.class);
        assertThat(count("MATCH (p:Person) RETURN count(p)")).isZero();
        assertThat(count("MATCH ()-[r]->() RETURN count(r)")).isZero();
    }

    @Test
    void templateProjectionsSaveOnlyTheirProperties() {
        saveMovies();
        MovieSummary summary = template.find(Movie.class).as(MovieSummary.class)
                .matching("MATCH (m:Movie {title: $t}) RETURN m", Map.of("t", "Cloud Atlas")).oneValue();
        assertThat(summary.getReleased()).isEqualTo(2012);

        Movie changed = template.findById("Cloud Atlas", Movie.class).orElseThrow();
        changed.setReleased(2013);
        changed.setDescription("not saved");
        changed.getActors().clear();
        template.saveAs(changed, MovieSummary.class);
        Map<String, Object> stored = client.query("MATCH (m:Movie {title: 'Cloud Atlas'}) "
                + "RETURN m.released AS released, m.tagline AS tagline, COUNT { (m)<-[:ACTED_IN]-() } AS actors")
                .fetch().one().orElseThrow();
        assertThat(stored).containsEntry("released", 2013L).containsEntry("tagline", "Everything is connected")
                .containsEntry("actors", 1L);
    }

    @Test
    void clientBindsMapsAndRuns() {
        ResultSummary created = client.query("UNWIND $names AS name CREATE (:Person {name: name, born: $born})")
                .bind(List.of("Ann", "Bob", "Cid")).to("names")
                .bind(1990).to("born")
                .run();
        assertThat(created.counters().nodesCreated()).isEqualTo(3);
        assertThat(created.counters().propertiesSet()).isEqualTo(6);

        List<String> names = client.query("MATCH (p:Person) WHERE p.born = $born RETURN p.name AS name ORDER BY name")
                .bindAll(Map.of("born", 1990)).fetchAs(String.class).all().stream().toList();
        assertThat(names).containsExactly("Ann", "Bob", "Cid");

        record NameAndBorn(String name, long born) {}
        assertThat(client.query("MATCH (p:Person {name: 'Bob'}) RETURN p")
                        .fetchAs(NameAndBorn.class)
                        .mappedBy((types, record) -> new NameAndBorn(
                                record.get("p").get("name").asString(), record.get("p").get("born").asLong()))
                        .one())
                .contains(new NameAndBorn("Bob", 1990));

        assertThat(client.query("MATCH (p:Person) RETURN collect(p.name) AS all, count(p) AS n, "
                        + "[x IN collect(p.name) WHERE x > 'A' | toUpper(x)] AS later").fetch().one().orElseThrow())
                .containsEntry("n", 3L)
                .containsEntry("later", List.of("ANN", "BOB", "CID"));
        assertThatThrownBy(() -> client.query("MATCH (p:Person RETURN p").run())
                .isInstanceOf(InvalidDataAccessResourceUsageException.class)
                .hasMessageContaining("Neo.ClientError.Statement.SyntaxError");
    }

    @Test
    void versionProbe() {
        Map<String, Object> kernel = client.query("CALL dbms.components() YIELD name, versions, edition "
                + "WHERE name = 'Neo4j Kernel' RETURN name, versions, edition").fetch().one().orElseThrow();
        assertThat(kernel.get("versions")).asList().first().asString().startsWith("5.");
    }
}
