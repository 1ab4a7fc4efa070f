package io.memgraph.ha.raft.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The replicated application. {@link RaftNode} calls it from a single apply thread, in log order,
 * on every node alike; it must be deterministic (same entries, same state, same results).
 */
public interface StateMachine {

  /**
   * Applies the committed command at {@code index} and returns its result (handed to the proposer
   * on the leader; may be empty, never null).
   */
  byte[] apply(long index, byte[] data);

  /**
   * Writes the complete state as of {@code index} (the last applied index) to {@code out}. Called
   * on the apply thread between two {@link #apply} calls.
   */
  void writeSnapshot(long index, OutputStream out) throws IOException;

  /**
   * Captures the state as of {@code index} (the last applied index) so that it can be written on
   * another thread while applies continue, or returns null when this state machine cannot: then
   * {@link #writeSnapshot} runs on the apply thread and applies wait for it. Called on the apply
   * thread between two {@link #apply} calls; it should take little time, since applies wait for it.
   */
  default CapturedSnapshot captureSnapshot(long index) throws IOException {
    return null;
  }

  /** A state taken by {@link #captureSnapshot}: written at most once, then closed. */
  interface CapturedSnapshot extends AutoCloseable {
    /**
     * Writes what {@link #writeSnapshot} would have written at the capture. Runs on a thread of
     * its own while the apply thread goes on.
     */
    void writeTo(OutputStream out) throws IOException;

    /** Releases what the capture holds; also when it was never written. */
    @Override
    void close();
  }

  /**
   * Replaces the whole state with a snapshot written by {@link #writeSnapshot}: at start-up from
   * the newest local snapshot, or when a leader sent one because this node fell too far behind.
   */
  void restore(InputStream in) throws IOException;
}
