package io.memgraph.ha.compat.sdn;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.compat.sdn.movies.Movie;
import io.memgraph.ha.compat.sdn.movies.MovieSummary;
import io.memgraph.ha.compat.sdn.movies.MovieTitle;
import io.memgraph.ha.compat.sdn.movies.Person;
import io.memgraph.ha.compat.sdn.movies.PersonRepository;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;

/** Query methods derived from their names: conditions, paging, sorting, counts, exists, deletes, projections. */
class DerivedFinderTest extends ImperativeTestBase {
    @Autowired
    PersonRepository people;

    @BeforeEach
    void fixture() {
        saveMovies();
        movies.save(movie("Untitled", null, "tba"));
    }

    @Test
    void pagingWithSorting() {
        Page<Movie> first = movies.findByReleasedBetween(1995, 2003, PageRequest.of(0, 2, Sort.by("released")));
        assertThat(first.getContent()).extracting(Movie::getTitle).containsExactly("Johnny Mnemonic", "The Devil's Advocate");
        assertThat(first.getTotalElements()).isEqualTo(4);
        assertThat(first.getTotalPages()).isEqualTo(2);
        Page<Movie> second = movies.findByReleasedBetween(1995, 2003, first.nextPageable());
        assertThat(second.getContent()).extracting(Movie::getTitle).containsExactly("The Matrix", "The Matrix Reloaded");
        assertThat(second.hasNext()).isFalse();
        // The related entities load with each page.
        assertThat(second.getContent().get(0).getActors()).hasSize(3);

        Page<Movie> descending = movies.findByReleasedBetween(1990, 2020, PageRequest.of(1, 3, Sort.by(Sort.Direction.DESC, "released")));
        assertThat(descending.getContent()).extracting(Movie::getTitle).containsExactly("The Devil's Advocate", "Johnny Mnemonic");
    }

    @Test
    void slices() {
        Slice<Movie> slice = movies.findSliceByReleasedGreaterThan(1996, PageRequest.of(0, 2, Sort.by("title")));
        assertThat(slice.getContent()).extracting(Movie::getTitle).containsExactly("Cloud Atlas", "The Devil's Advocate");
        assertThat(slice.hasNext()).isTrue();
        Slice<Movie> last = movies.findSliceByReleasedGreaterThan(1996, slice.nextPageable());
        assertThat(last.getContent()).extracting(Movie::getTitle).containsExactly("The Matrix", "The Matrix Reloaded");
        assertThat(last.hasNext()).isFalse();
    }

    @Test
    void stringConditionsAndSort() {
        assertThat(movies.findByTitleContaining("Matrix", Sort.by(Sort.Direction.DESC, "title")))
                .extracting(Movie::getTitle).containsExactly("The Matrix Reloaded", "The Matrix");
        assertThat(movies.findByTitleStartingWithIgnoreCase("the m")).extracting(Movie::getTitle)
                .containsExactlyInAnyOrder("The Matrix", "The Matrix Reloaded");
        assertThat(people.findByNameLike("Ke.*")).extracting(Person::getName).containsExactly("Keanu Reeves");
        assertThat(people.findByNameEndingWith("Hanks")).extracting(Person::getName).containsExactly("Tom Hanks");
        assertThat(people.findByNameNot("Tom Hanks")).hasSize(4);
    }

    @Test
    void nullsInAndFirstTop() {
        assertThat(movies.findByReleasedIsNull()).extracting(Movie::getTitle).containsExactly("Untitled");
        assertThat(movies.findByReleasedIn(List.of(1995, 2012, 1800))).extracting(Movie::getTitle)
                .containsExactlyInAnyOrder("Johnny Mnemonic", "Cloud Atlas");
        // null sorts after every value, so first in descending order (as in Neo4j).
        assertThat(movies.findTop2ByOrderByReleasedDesc()).extracting(Movie::getTitle)
                .containsExactly("Untitled", "Cloud Atlas");
        assertThat(people.findFirstByOrderByBornDesc()).map(Person::getName).contains("Carrie-Anne Moss");
        assertThat(movies.findOneByDescription("Free your mind")).map(Movie::getTitle).contains("The Matrix Reloaded");
        assertThat(movies.findOneByDescription("nothing")).isEmpty();
    }

    @Test
    void andOrComparisonsAndPagingWithoutPageType() {
        assertThat(people.findByNameAndBorn("Keanu Reeves", 1964)).hasSize(1);
        assertThat(people.findByNameAndBorn("Keanu Reeves", 1965)).isEmpty();
        assertThat(people.findByNameOrBorn("Keanu Reeves", 1956)).extracting(Person::getName)
                .containsExactlyInAnyOrder("Keanu Reeves", "Tom Hanks");
        assertThat(people.findByBornGreaterThanEqualOrderByNameAsc(1964)).extracting(Person::getName)
                .containsExactly("Carrie-Anne Moss", "Keanu Reeves", "Lana Wachowski");
        assertThat(people.findByBornLessThan(1966, PageRequest.of(1, 2, Sort.by("born"))))
                .extracting(Person::getName).containsExactly("Keanu Reeves", "Lana Wachowski");
    }

    @Test
    void countsExistsAndDeletes() {
        assertThat(movies.countByReleasedGreaterThan(1999)).isEqualTo(2);
        assertThat(people.countByBornBetween(1960, 1965)).isEqualTo(3);
        assertThat(movies.existsByTitle("Cloud Atlas")).isTrue();
        assertThat(movies.existsByTitle("Cloud")).isFalse();
        assertThat(people.existsByName("Tom Hanks")).isTrue();

        assertThat(movies.deleteByReleasedLessThan(1998)).isEqualTo(2);
        assertThat(movies.count()).isEqualTo(4);
        movies.deleteByTitle("Untitled");
        assertThat(movies.findAll()).extracting(Movie::getTitle)
                .containsExactlyInAnyOrder("The Matrix", "The Matrix Reloaded", "Cloud Atlas");
        // The people stay; their relationships to the deleted movies went with them.
        assertThat(count("MATCH (p:Person) RETURN count(p)")).isEqualTo(5);
        assertThat(count("MATCH ()-[r:ACTED_IN]->() RETURN count(r)")).isEqualTo(6);
    }

    @Test
    void interfaceAndDtoProjections() {
        List<MovieSummary> summaries = movies.findSummariesByReleasedGreaterThanEqualOrderByTitle(2003);
        assertThat(summaries).extracting(MovieSummary::getTitle, MovieSummary::getReleased)
                .containsExactly(org.assertj.core.api.Assertions.tuple("Cloud Atlas", 2012),
                        org.assertj.core.api.Assertions.tuple("The Matrix Reloaded", 2003));
        assertThat(movies.findByTitle("The Matrix", MovieTitle.class))
                .containsExactly(new MovieTitle("The Matrix", "Welcome to the Real World"));
        assertThat(movies.findByTitle("The Matrix", Movie.class)).singleElement()
                .satisfies(m -> assertThat(m.getActors()).hasSize(3));
    }
}
