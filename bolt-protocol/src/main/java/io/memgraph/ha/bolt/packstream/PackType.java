package io.memgraph.ha.bolt.packstream;

/** The PackStream type a marker byte announces, as returned by {@link PackStreamReader#peekType()}. */
public enum PackType {
  /** {@code C0}. */
  NULL,
  /** {@code C2}, {@code C3}. */
  BOOLEAN,
  /** Tiny int {@code F0..7F}, {@code C8..CB}. */
  INTEGER,
  /** {@code C1}. */
  FLOAT,
  /** {@code CC..CE}. */
  BYTES,
  /** {@code 80..8F}, {@code D0..D2}. */
  STRING,
  /** {@code 90..9F}, {@code D4..D6}. */
  LIST,
  /** {@code A0..AF}, {@code D8..DA}. */
  MAP,
  /** {@code B0..BF}. */
  STRUCT
}
