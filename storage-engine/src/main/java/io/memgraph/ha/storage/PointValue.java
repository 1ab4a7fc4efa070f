package io.memgraph.ha.storage;

/**
 * A spatial point as stored: the SRID of its coordinate reference system and two or three
 * coordinates. A 2D point has {@code z} NaN (a real coordinate is always finite). What the SRIDs
 * mean (names, ranges, distances) is the query engine's business; storage only keeps, encodes and
 * orders points. Equal points have equal SRIDs and bit-for-bit equal coordinates, as in Neo4j.
 *
 * @param srid the coordinate reference system id (e.g. 7203 cartesian, 4326 WGS-84)
 * @param x the first coordinate (longitude for geographic systems)
 * @param y the second coordinate (latitude for geographic systems)
 * @param z the third coordinate (height), NaN for a 2D point
 */
public record PointValue(int srid, double x, double y, double z) implements Comparable<PointValue> {

  /** A 2D point. */
  public static PointValue of(int srid, double x, double y) {
    return new PointValue(srid, x, y, Double.NaN);
  }

  /** Whether the point has a third coordinate. */
  public boolean is3d() {
    return !Double.isNaN(z);
  }

  /**
   * The order of points (ORDER BY and indexes): by SRID, then x, y and z, each as
   * {@link Double#compare} orders them; a 2D point sorts before a 3D one of the same SRID.
   */
  @Override
  public int compareTo(PointValue o) {
    int c = Integer.compare(srid, o.srid);
    if (c == 0) {
      c = Boolean.compare(is3d(), o.is3d());
    }
    if (c == 0) {
      c = Double.compare(x, o.x);
    }
    if (c == 0) {
      c = Double.compare(y, o.y);
    }
    return c != 0 ? c : Double.compare(z, o.z);
  }
}
