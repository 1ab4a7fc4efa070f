package io.memgraph.ha.compat.sdn;

import io.memgraph.ha.compat.sdn.movies.Movie;
import io.memgraph.ha.compat.sdn.movies.MovieRepository;
import java.util.List;
import org.springframework.transaction.annotation.Transactional;

/** A service whose {@code @Transactional} methods save several movies in one transaction. */
public class CastingService {
    private final MovieRepository movies;

    public CastingService(MovieRepository movies) {
        this.movies = movies;
    }

    /** Saves every movie, then fails if {@code failAfter}: the saves must be rolled back. */
    @Transactional
    public void saveAll(List<Movie> toSave, boolean failAfter) {
        for (Movie m : toSave) {
            movies.save(m);
        }
        if (failAfter) {
            throw new IllegalStateException("casting cancelled");
        }
    }
}
