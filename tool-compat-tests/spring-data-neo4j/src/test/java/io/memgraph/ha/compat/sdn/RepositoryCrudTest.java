package io.memgraph.ha.compat.sdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.compat.sdn.movies.Movie;
import io.memgraph.ha.compat.sdn.movies.Person;
import io.memgraph.ha.compat.sdn.movies.PersonRepository;
import io.memgraph.ha.compat.sdn.movies.Studio;
import io.memgraph.ha.compat.sdn.movies.StudioRepository;
import io.memgraph.ha.compat.sdn.movies.Tag;
import io.memgraph.ha.compat.sdn.movies.TagRepository;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;

/** CRUD through repositories, with the three kinds of ids and optimistic locking. */
class RepositoryCrudTest extends ImperativeTestBase {
    @Autowired
    PersonRepository people;

    @Autowired
    StudioRepository studios;

    @Autowired
    TagRepository tags;

    @Test
    void assignedIdSaveFindUpdateDelete() {
        Movie saved = movies.save(movie("The Matrix", 1999, "Welcome to the Real World"));
        assertThat(saved.getVersion()).isZero();

        Movie found = movies.findById("The Matrix").orElseThrow();
        assertThat(found.getDescription()).isEqualTo("Welcome to the Real World");
        assertThat(found.getReleased()).isEqualTo(1999);
        assertThat(found.getVersion()).isZero();
        assertThat(movies.existsById("The Matrix")).isTrue();
        assertThat(movies.existsById("Matrix")).isFalse();
        assertThat(movies.findById("Matrix")).isEmpty();

        found.setDescription("Free your mind");
        found.setReleased(null);
        Movie updated = movies.save(found);
        assertThat(updated.getVersion()).isEqualTo(1L);
        assertThat(client.query("MATCH (m:Movie) RETURN m.tagline AS t, m.released AS r, m.version AS v")
                        .fetch().one().orElseThrow())
                .containsEntry("t", "Free your mind")
                .containsEntry("r", null)
                .containsEntry("v", 1L);
        assertThat(movies.count()).isEqualTo(1);

        movies.deleteById("The Matrix");
        assertThat(movies.count()).isZero();
        assertThat(count("MATCH (n) RETURN count(n)")).isZero();
    }

    @Test
    void saveAllFindAllByIdDeleteAll() {
        List<Movie> saved = movies.saveAll(List.of(
                movie("A", 2001, "a"), movie("B", 2002, "b"), movie("C", 2003, "c")));
        assertThat(saved).extracting(Movie::getVersion).containsOnly(0L);
        assertThat(movies.findAllById(List.of("A", "C", "X")))
                .extracting(Movie::getTitle).containsExactlyInAnyOrder("A", "C");
        assertThat(movies.findAll()).hasSize(3);

        movies.deleteAllById(List.of("A", "B"));
        assertThat(movies.findAll()).extracting(Movie::getTitle).containsExactly("C");
        movies.delete(movies.findById("C").orElseThrow());
        assertThat(movies.count()).isZero();

        movies.saveAll(List.of(movie("D", 2004, "d"), movie("E", 2005, "e")));
        movies.deleteAll();
        assertThat(count("MATCH (m:Movie) RETURN count(m)")).isZero();
    }

    @Test
    void elementIdIsGeneratedAndOpaque() {
        Person keanu = people.save(new Person("Keanu Reeves", 1964));
        assertThat(keanu.getId()).isNotBlank();
        String elementId = client.query("MATCH (p:Person {name: 'Keanu Reeves'}) RETURN elementId(p)")
                .fetchAs(String.class).one().orElseThrow();
        assertThat(keanu.getId()).isEqualTo(elementId);
        assertThat(people.findById(keanu.getId())).map(Person::getName).contains("Keanu Reeves");
        assertThat(people.byElementId(keanu.getId())).map(Person::getBorn).contains(1964);

        keanu.setBorn(1965);
        Person updated = people.save(keanu);
        assertThat(updated.getId()).isEqualTo(keanu.getId());
        assertThat(count("MATCH (p:Person) RETURN count(p)")).isEqualTo(1);
        assertThat(people.findById(keanu.getId())).map(Person::getBorn).contains(1965);

        List<Person> two = people.saveAll(List.of(new Person("A", 1), new Person("B", 2)));
        assertThat(two).extracting(Person::getId).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(people.findAllById(two.stream().map(Person::getId).toList()))
                .extracting(Person::getName).containsExactlyInAnyOrder("A", "B");
        people.deleteById(keanu.getId());
        assertThat(people.findAll()).extracting(Person::getName).containsExactlyInAnyOrder("A", "B");
        assertThat(people.findById(keanu.getId())).isEmpty();
    }

    @Test
    void uuidIdIsGeneratedBySdn() {
        Studio warner = studios.save(new Studio("Warner Bros."));
        UUID id = warner.getId();
        assertThat(id).isNotNull();
        assertThat(client.query("MATCH (s:Studio:Company) RETURN s.id").fetchAs(String.class).one())
                .contains(id.toString());
        assertThat(studios.findById(id)).map(Studio::getName).contains("Warner Bros.");
        assertThat(studios.findByName("Warner Bros.")).map(Studio::getId).contains(id);
        studios.deleteById(id);
        assertThat(studios.count()).isZero();
    }

    @Test
    void internalLongIdOnAnImmutableEntity() {
        Tag saved = tags.save(new Tag(null, "sci-fi"));
        assertThat(saved.id()).isNotNull();
        long internal = client.query("MATCH (t:Tag) RETURN id(t)").fetchAs(Long.class).one().orElseThrow();
        assertThat(saved.id()).isEqualTo(internal);
        assertThat(tags.findById(saved.id())).contains(saved);
        tags.save(new Tag(null, "drama"));
        assertThat(tags.findByNameStartingWith("sci")).containsExactly(saved);
        tags.deleteById(saved.id());
        assertThat(tags.findAll()).extracting(Tag::name).containsExactly("drama");
    }

    @Test
    void staleVersionFailsWithOptimisticLocking() {
        movies.save(movie("The Matrix", 1999, "Welcome to the Real World"));
        Movie first = movies.findById("The Matrix").orElseThrow();
        Movie second = movies.findById("The Matrix").orElseThrow();
        first.setDescription("first");
        movies.save(first);
        second.setDescription("second");
        assertThatThrownBy(() -> movies.save(second)).isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(movies.findById("The Matrix")).map(Movie::getDescription).contains("first");

        // A new object with the id of an existing versioned one is refused too (its version is null).
        assertThatThrownBy(() -> movies.save(movie("The Matrix", 2000, "again")))
                .isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(client.query("MATCH (m:Movie) RETURN m.version AS v, m.released AS r").fetch().one().orElseThrow())
                .isEqualTo(Map.of("v", 1L, "r", 1999L));
    }
}
