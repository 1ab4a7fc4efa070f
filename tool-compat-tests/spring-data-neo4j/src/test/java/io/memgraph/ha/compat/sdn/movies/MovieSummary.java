package io.memgraph.ha.compat.sdn.movies;

/** An interface projection of a movie. */
public interface MovieSummary {
    String getTitle();

    Integer getReleased();
}
