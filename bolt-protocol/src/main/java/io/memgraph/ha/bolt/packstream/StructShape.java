package io.memgraph.ha.bolt.packstream;

/**
 * Which field layout the version-dependent structures use on one connection.
 *
 * <p>Two switches that change independently across Bolt versions:
 * <ul>
 *   <li>{@code elementIds}: graph structures carry element ids (Bolt 5.0+): Node has 4 fields
 *       instead of 3, Relationship 8 instead of 5, UnboundRelationship 4 instead of 3.</li>
 *   <li>{@code utcDateTime}: DateTime and DateTimeZoneId are written with tags {@code 0x49} /
 *       {@code 0x69}, whose seconds count from the epoch in UTC (Bolt 5.0+, or 4.4 with the "utc"
 *       patch), instead of the legacy tags {@code 0x46} / {@code 0x66}, whose seconds are the
 *       local wall-clock time counted as if it were UTC.</li>
 * </ul>
 * The reader accepts both date-time forms whatever the shape (their tags differ), but insists on
 * the graph structure field counts the shape prescribes.
 *
 * @param elementIds  whether graph structures carry element ids
 * @param utcDateTime whether date-times are written in the UTC-based form
 */
public record StructShape(boolean elementIds, boolean utcDateTime) {

  /** Bolt 1 to 4.4 without patches: no element ids, local-based date-times. */
  public static final StructShape LEGACY = new StructShape(false, false);

  /** Bolt 4.4 with the "utc" patch negotiated: no element ids, UTC-based date-times. */
  public static final StructShape V4_4_UTC = new StructShape(false, true);

  /** Bolt 5.0 and later: element ids and UTC-based date-times. */
  public static final StructShape V5 = new StructShape(true, true);
}
