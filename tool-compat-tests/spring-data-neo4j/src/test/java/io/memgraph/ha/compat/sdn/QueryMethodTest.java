package io.memgraph.ha.compat.sdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.memgraph.ha.compat.sdn.movies.Movie;
import io.memgraph.ha.compat.sdn.movies.MovieSummary;
import io.memgraph.ha.compat.sdn.movies.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/** {@code @Query} methods: entities with their relationships, projections, scalars, paging, writes. */
class QueryMethodTest extends ImperativeTestBase {
    @BeforeEach
    void fixture() {
        saveMovies();
    }

    @Test
    void entitiesWithCollectedRelationships() {
        assertThat(movies.moviesOf("Carrie-Anne Moss")).extracting(Movie::getTitle)
                .containsExactly("The Matrix", "The Matrix Reloaded");
        Movie matrix = movies.moviesOf("Carrie-Anne Moss").get(0);
        // Only the relationships the query returned are mapped.
        assertThat(matrix.getActors()).extracting(r -> r.getPerson().getName(), Role::getRoles)
                .containsExactly(tuple("Carrie-Anne Moss", java.util.List.of("Trinity")));
    }

    @Test
    void projectionScalarsAndLists() {
        assertThat(movies.summariesSince(2000)).extracting(MovieSummary::getTitle, MovieSummary::getReleased)
                .containsExactly(tuple("The Matrix Reloaded", 2003), tuple("Cloud Atlas", 2012));
        assertThat(movies.countSince(1999)).isEqualTo(3);
        assertThat(movies.titlesOf("Keanu Reeves"))
                .containsExactly("Johnny Mnemonic", "The Devil's Advocate", "The Matrix", "The Matrix Reloaded");
    }

    @Test
    void pagingWithSpelOrderBy() {
        // orderBy() writes the sort properties as they are: they name the query's variable.
        Page<Movie> page = movies.pageAll(PageRequest.of(1, 2, Sort.by("m.released").descending()));
        assertThat(page.getContent()).extracting(Movie::getTitle).containsExactly("The Matrix", "The Devil's Advocate");
        assertThat(page.getTotalElements()).isEqualTo(5);
    }

    @Test
    void writingQuery() {
        Movie retagged = movies.retag("Cloud Atlas", "All boundaries are conventions");
        assertThat(retagged.getDescription()).isEqualTo("All boundaries are conventions");
        assertThat(movies.findById("Cloud Atlas")).map(Movie::getDescription).contains("All boundaries are conventions");
    }
}
