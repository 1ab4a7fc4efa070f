package io.memgraph.ha.bolt.value;

/**
 * A Bolt duration (PackStream structure tag {@code 0x45}).
 *
 * <p>{@link java.time.Duration} cannot hold months and days separately from seconds, and
 * {@link java.time.Period} cannot hold seconds, so Bolt's four-part duration gets its own record.
 * The parts are kept exactly as sent; no normalisation happens.
 *
 * @param months      months
 * @param days        days
 * @param seconds     seconds
 * @param nanoseconds nanoseconds added to {@code seconds}
 */
public record BoltDuration(long months, long days, long seconds, int nanoseconds) {
}
