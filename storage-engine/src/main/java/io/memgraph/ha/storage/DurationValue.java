package io.memgraph.ha.storage;

/**
 * A Cypher duration: months, days, seconds and nanoseconds kept apart, because a month or a day has
 * no fixed length in seconds. Stored exactly as given (no normalisation across units).
 *
 * @param months calendar months
 * @param days calendar days
 * @param seconds seconds
 * @param nanos nanoseconds, normally 0..999,999,999
 */
public record DurationValue(long months, long days, long seconds, long nanos) {}
