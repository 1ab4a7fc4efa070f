package io.memgraph.ha.bolt.server.spi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The result of one RUN, consumed by the client in batches with PULL and DISCARD.
 *
 * <p>Called on worker threads, one call at a time (see {@link BoltSession}). Once {@link #pull} or
 * {@link #discard} returned {@code false} the stream is exhausted and the server asks for
 * {@link #summaryAsync()} exactly once (by default that is {@link #summary()}).
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
   * {@code stats}, {@code db}, and for an auto-commit write the
   * {@code bookmark}. The server adds {@code t_last} and, when absent, {@code db}.
   */
  Map<String, Object> summary();

  /**
   * The summary of an exhausted stream, as a stage: what the server asks for, after {@link #pull}
   * or {@link #discard} returned {@code false}. An auto-commit result that commits when it is
   * exhausted overrides this to return a stage that completes when the commit is durable (with the
   * {@code bookmark}), and the worker thread is not held meanwhile. The default returns
   * {@link #summary()} as a completed stage, so what {@code summary()} throws is thrown from here.
   *
   * <p>The stage may complete on any thread; a failed stage is answered as described for
   * {@link BoltSession#commitAsync()}.
   */
  default CompletionStage<Map<String, Object>> summaryAsync() {
    return CompletableFuture.completedStage(summary());
  }

  /**
   * The notifications for the summary, asked for once with {@link #summaryAsync()}; the server
   * filters them as the client asked and writes them in its Bolt version's shape. Empty by default.
   */
  default List<Notification> notifications() {
    return List.of();
  }

  /** The stream is abandoned before exhaustion (RESET, rollback, connection closed). */
  default void close() {}
}
