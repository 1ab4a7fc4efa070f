package io.memgraph.ha.raft.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The leader's pending linearizable reads (thesis 6.4). Each read records the commit index at the
 * time it was requested and waits for a heartbeat round sent after that moment to be acknowledged
 * by a majority. Reads that arrive while a round is in flight are batched into the next round.
 * Round numbers (heartbeat contexts) never go back, even across terms.
 */
final class ReadIndexTracker {

  private record PendingRead(long requestId, long index, long round) {
  }

  private long lastRound;
  /** Round -> leader tick at which it was sent; used for leases. */
  private final TreeMap<Long, Long> sentAt = new TreeMap<>();
  private final ArrayDeque<PendingRead> pending = new ArrayDeque<>();
  /** Reads that arrived before the leader committed an entry of its own term. */
  private final ArrayDeque<Long> awaitingTermCommit = new ArrayDeque<>();

  long lastRound() {
    return lastRound;
  }

  /** Starts a heartbeat round sent at {@code nowTick}; returns its context. */
  long nextRound(long nowTick) {
    lastRound++;
    sentAt.put(lastRound, nowTick);
    return lastRound;
  }

  /** The tick at which {@code round} was sent, or -1 if unknown. */
  long sentAt(long round) {
    Long t = sentAt.get(round);
    return t == null ? -1 : t;
  }

  /** Forgets send times of rounds older than {@code round} (a majority confirmed a newer one). */
  void pruneBefore(long round) {
    sentAt.headMap(round).clear();
  }

  void awaitTermCommit(long requestId) {
    awaitingTermCommit.add(requestId);
  }

  List<Long> drainAwaitingTermCommit() {
    List<Long> out = new ArrayList<>(awaitingTermCommit);
    awaitingTermCommit.clear();
    return out;
  }

  /**
   * Queues a read at {@code commitIndex} for the next round. Returns true if the caller should
   * start that round now, i.e. no round serving earlier reads is in flight (otherwise it is
   * batched: started when the in-flight round completes or at the next heartbeat).
   */
  boolean add(long requestId, long commitIndex) {
    boolean roundInFlight = !pending.isEmpty() && pending.peekFirst().round() <= lastRound;
    pending.add(new PendingRead(requestId, commitIndex, lastRound + 1));
    return !roundInFlight;
  }

  /** True if reads wait for a round that has not been sent yet. */
  boolean hasUnsentReads() {
    return !pending.isEmpty() && pending.peekLast().round() > lastRound
        && (pending.peekFirst().round() > lastRound);
  }

  /** Releases every read whose round (or a later one) a majority acknowledged. */
  List<ReadState> confirm(long majorityRound) {
    List<ReadState> out = new ArrayList<>();
    while (!pending.isEmpty() && pending.peekFirst().round() <= majorityRound) {
      PendingRead r = pending.pollFirst();
      out.add(new ReadState(r.requestId(), r.index()));
    }
    return out;
  }

  /** Leadership lost: every pending read fails. */
  List<Long> abortAll() {
    List<Long> out = new ArrayList<>(awaitingTermCommit);
    for (PendingRead r : pending) {
      out.add(r.requestId());
    }
    awaitingTermCommit.clear();
    pending.clear();
    sentAt.clear();
    return out;
  }
}
