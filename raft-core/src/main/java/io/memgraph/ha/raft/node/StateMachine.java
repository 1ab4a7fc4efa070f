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
   * Replaces the whole state with a snapshot written by {@link #writeSnapshot}: at start-up from
   * the newest local snapshot, or when a leader sent one because this node fell too far behind.
   */
  void restore(InputStream in) throws IOException;
}
