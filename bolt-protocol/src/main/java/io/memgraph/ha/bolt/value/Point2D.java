package io.memgraph.ha.bolt.value;

/**
 * A two-dimensional point (PackStream structure tag {@code 0x58}).
 *
 * @param srid the coordinate reference system id (e.g. 7203 cartesian, 4326 WGS-84)
 * @param x    first coordinate (longitude for geographic systems)
 * @param y    second coordinate (latitude for geographic systems)
 */
public record Point2D(long srid, double x, double y) {
}
