package io.memgraph.ha.bolt.value;

/**
 * A three-dimensional point (PackStream structure tag {@code 0x59}).
 *
 * @param srid the coordinate reference system id (e.g. 9157 cartesian-3d, 4979 WGS-84-3d)
 * @param x    first coordinate
 * @param y    second coordinate
 * @param z    third coordinate
 */
public record Point3D(long srid, double x, double y, double z) {
}
