/**
 * The value model for everything that crosses Bolt.
 *
 * <p>Plain Java types are used wherever one fits: {@code null}, {@link java.lang.Boolean},
 * {@link java.lang.Long} (integers), {@link java.lang.Double} (floats), {@link java.lang.String},
 * {@code byte[]}, {@link java.util.List} and {@link java.util.Map} with string keys, and the
 * {@code java.time} types for temporal values ({@link java.time.LocalDate}, {@link java.time.OffsetTime},
 * {@link java.time.LocalTime}, {@link java.time.OffsetDateTime}, {@link java.time.ZonedDateTime},
 * {@link java.time.LocalDateTime}). The records in this package cover what Java has no type for:
 * graph entities, points, Bolt durations and unknown structures.
 */
package io.memgraph.ha.bolt.value;
