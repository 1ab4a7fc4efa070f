package io.memgraph.ha.bolt.server.spi;

import java.util.List;
import java.util.Map;

/**
 * The result of one RUN, consumed by the client in batches with PULL and DISCARD.
 *
 * <p>Called on worker threads, one call at a time (see {@link BoltSession}). Once {@link #pull} or
 * {@link #discard} returned {@code false} the stream is exhausted and the server asks for
 * {@link #summary()} exactly once.
 *
 * <p>The server may serve one client PULL with several {@link #pull} calls of smaller {@code n}
 * (slices of about 128 KiB of records, pausing between them while the client is slow to read), so
 * {@code pull} must continue where the previous call stopped.
 */
public interface ResultStream {

  /** The column names, known right after RUN (sent in the RUN SUCCESS as {@code fields}). */
  List<String> fields();

  /**
   * Hands up to {@code n} records to the sink.
   *
   * @param n how many records at most; {@code -1} means all remaining
   * @param sink receives each record's values, in {@link #fields()} order
   * @return {@code true} when records remain after this batch ({@code has_more})
   */
  boolean pull(long n, RecordSink sink);

  /**
   * Skips up to {@code n} records.
   *
   * @param n how many records at most; {@code -1} means all remaining
   * @return {@code true} when records remain after skipping
   */
  boolean discard(long n);

  /**
   * Metadata for the last SUCCESS of the stream, e.g. {@code type} ("r", "w", "rw", "s"),
   * {@code stats}, {@code notifications}, {@code db}, and for an auto-commit write the
   * {@code bookmark}. The server adds {@code t_last} and, when absent, {@code db}.
   */
  Map<String, Object> summary();

  /** The stream is abandoned before exhaustion (RESET, rollback, connection closed). */
  default void close() {}
}
