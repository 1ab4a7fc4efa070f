package io.memgraph.ha.storage;

/**
 * One end of a range lookup on a label+property index.
 *
 * @param value the bound value (a storage property value, never null)
 * @param inclusive whether values equal to the bound are in the range
 */
public record Bound(Object value, boolean inclusive) {
  /** Validates the bound value. */
  public Bound {
    if (value == null) {
      throw new IllegalArgumentException("range bound value must not be null; use no bound for an open end");
    }
    value = Values.normalize(value);
  }

  /** An inclusive bound. */
  public static Bound inclusive(Object value) {
    return new Bound(value, true);
  }

  /** An exclusive bound. */
  public static Bound exclusive(Object value) {
    return new Bound(value, false);
  }
}
