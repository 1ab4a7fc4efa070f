package io.memgraph.ha.compat.sdn.movies;

/** A DTO projection of a movie. */
public record MovieTitle(String title, String description) {}
