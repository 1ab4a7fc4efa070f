package io.memgraph.ha.raft.core;

/**
 * The leader's view of one follower (etcd's tracker.Progress): how much of the log it is known to
 * hold ({@code match}), what to send next ({@code next}), and in which flow-control state.
 */
final class Progress {

  /** Flow-control states. */
  enum State {
    /** One AppendEntries at a time until the follower's position is known. */
    PROBE,
    /** Optimistic pipelining: {@code next} runs ahead of {@code match}, bounded by inflights. */
    REPLICATE,
    /** Streaming a snapshot; no AppendEntries until it is installed. */
    SNAPSHOT
  }

  long match;
  long next;
  State state = State.PROBE;
  /** In PROBE: an AppendEntries was sent and is unanswered. */
  boolean probeSent;
  /** Heard from since the last check-quorum round. */
  boolean recentActive;
  /** Highest heartbeat context acknowledged (ReadIndex / lease). */
  long ackedHeartbeat;
  final Inflights inflights;

  // Snapshot streaming state, valid in SNAPSHOT.
  SnapshotMeta snapshot;
  long snapshotSize;
  long snapshotNextOffset;
  long snapshotAckedOffset;
  /** The offset the follower reported most recently (lower than acked after its restart). */
  long snapshotReportedOffset;
  /** The snapshot we last warned about being unavailable from the SnapshotSource. */
  SnapshotMeta unavailableSnapshotWarned;
  /** Ticks without acknowledged progress: too many means chunks were lost, resend. */
  int snapshotStalledTicks;
  /** All bytes sent including the final chunk. */
  boolean snapshotAllSent;

  Progress(long next, int maxInflight) {
    this.next = next;
    this.inflights = new Inflights(maxInflight);
  }

  boolean isPaused() {
    return switch (state) {
      case PROBE -> probeSent;
      case REPLICATE -> inflights.full();
      case SNAPSHOT -> true;
    };
  }

  void becomeProbe() {
    // After a snapshot the caller has raised match to what the follower confirmed installing.
    next = match + 1;
    state = State.PROBE;
    probeSent = false;
    inflights.reset();
    snapshot = null;
  }

  void becomeReplicate() {
    state = State.REPLICATE;
    next = match + 1;
    probeSent = false;
    inflights.reset();
  }

  void becomeSnapshot(SnapshotMeta meta, long size) {
    state = State.SNAPSHOT;
    probeSent = false;
    inflights.reset();
    snapshot = meta;
    snapshotSize = size;
    snapshotNextOffset = 0;
    snapshotAckedOffset = 0;
    snapshotStalledTicks = 0;
    snapshotReportedOffset = 0;
    snapshotAllSent = false;
  }

  /** A successful AppendEntriesResponse for {@code index}; returns false if it is stale. */
  boolean maybeUpdate(long index) {
    boolean updated = false;
    if (match < index) {
      match = index;
      updated = true;
      probeSent = false;
    }
    next = Math.max(next, index + 1);
    return updated;
  }

  /**
   * A rejection of the AppendEntries whose prevLogIndex was {@code rejected}; {@code probeHint} is
   * the leader's guess of the last index the follower might match. Returns false if stale.
   *
   * <p>A rejection at or below {@code match} whose hint is below {@code match} says the follower
   * no longer holds entries it acknowledged as durable: it lost its log (its directory was wiped;
   * it also reports this on a heartbeat whose commit index it lacks). {@code match} then drops to
   * the hint and probing starts there, or the leader would probe at {@code match} (or send only
   * heartbeats) forever. Over an ordered connection such a rejection cannot be stale; if a
   * reordering network delivers a stale one, the follower answers the lower probe with its real
   * position.
   */
  boolean maybeDecrTo(long rejected, long probeHint) {
    if (state != State.SNAPSHOT && rejected <= match && probeHint < match) {
      match = Math.max(0, probeHint);
      next = match + 1;
      probeSent = false;
      return true;
    }
    if (state == State.REPLICATE) {
      if (rejected <= match) {
        return false;
      }
      next = match + 1;
      return true;
    }
    if (next - 1 != rejected) {
      return false;
    }
    next = Math.max(Math.min(rejected, probeHint + 1), match + 1);
    probeSent = false;
    return true;
  }

  @Override
  public String toString() {
    return state + "{match=" + match + ", next=" + next + "}";
  }
}
