package io.memgraph.ha.raft.core;

import java.util.List;
import java.util.Objects;

/**
 * Every message Raft nodes exchange. Each carries the sender, the receiver and the sender's term
 * (for {@link PreVote} the term the sender would campaign in). The transport must deliver a
 * message to {@link RaftCore#step(Message)} of node {@link #to()} unchanged; it may drop,
 * duplicate, delay or reorder messages.
 *
 * <p>{@code byte[]} fields are compared by identity in {@code equals}; do not rely on it.
 */
public sealed interface Message {

  /** The sending node's id. */
  int from();

  /** The receiving node's id. */
  int to();

  /** The sender's term (see the type's description for {@link PreVote}). */
  long term();

  /**
   * Pre-vote request (thesis 9.6): "would you vote for me in {@code term}?" Sent without changing
   * the sender's term, so a node that cannot win (for example because it was partitioned) does
   * not disrupt the cluster.
   */
  record PreVote(int from, int to, long term, long lastLogIndex, long lastLogTerm)
      implements Message {
  }

  /** Pre-vote answer; when granted {@code term} echoes the request's term. */
  record PreVoteResponse(int from, int to, long term, boolean granted) implements Message {
  }

  /**
   * RequestVote RPC (paper 5.2, 5.4.1). {@code leadershipTransfer} is set when the election was
   * started by {@link TimeoutNow}: such a vote is granted even by a follower that has recently
   * heard from the (transferring) leader.
   */
  record RequestVote(int from, int to, long term, long lastLogIndex, long lastLogTerm,
      boolean leadershipTransfer) implements Message {
  }

  /** RequestVote answer. */
  record RequestVoteResponse(int from, int to, long term, boolean granted) implements Message {
  }

  /**
   * AppendEntries RPC (paper 5.3). {@code entries} may be empty (a probe).
   *
   * @param prevLogIndex index of the entry immediately preceding {@code entries}
   * @param prevLogTerm term of that entry
   * @param entries consecutive entries starting at {@code prevLogIndex + 1}
   * @param leaderCommit the leader's commit index
   */
  record AppendEntries(int from, int to, long term, long prevLogIndex, long prevLogTerm,
      List<Entry> entries, long leaderCommit) implements Message {
    /** Copies the entry list so the message is immutable. */
    public AppendEntries {
      entries = List.copyOf(entries);
    }
  }

  /**
   * AppendEntries answer. On success {@code matchIndex} is the last index the follower now has in
   * common with the leader (durably). On rejection the hints implement fast back-off:
   * {@code rejectedIndex} is the request's prevLogIndex, and ({@code hintIndex}, {@code hintTerm})
   * is the follower's largest index at or below min(rejectedIndex, its last index) whose term is at
   * most the request's prevLogTerm, so the leader can skip a whole conflicting term per round trip.
   */
  record AppendEntriesResponse(int from, int to, long term, boolean success, long matchIndex,
      long rejectedIndex, long hintIndex, long hintTerm) implements Message {
  }

  /**
   * Leader heartbeat. {@code commit} is min(leader commit, follower's match) so a follower never
   * learns a commit index beyond what it is known to hold. {@code context} is a sequence number the
   * follower echoes; it confirms leadership for ReadIndex and lease reads.
   */
  record Heartbeat(int from, int to, long term, long commit, long context) implements Message {
  }

  /** Heartbeat answer echoing the heartbeat's {@code context}. */
  record HeartbeatResponse(int from, int to, long term, long context) implements Message {
  }

  /**
   * One chunk of a snapshot streamed to a follower whose next index fell below the leader's first
   * log index.
   *
   * @param meta the snapshot being sent
   * @param offset position of {@code data} within the snapshot
   * @param data the chunk's bytes (at most the configured chunk size)
   * @param done true for the last chunk
   */
  record InstallSnapshotChunk(int from, int to, long term, SnapshotMeta meta, long offset,
      byte[] data, boolean done) implements Message {
    /** Null checks. */
    public InstallSnapshotChunk {
      Objects.requireNonNull(meta, "meta");
      Objects.requireNonNull(data, "data");
    }
  }

  /**
   * Snapshot flow control: the follower has durably received the snapshot up to
   * {@code nextOffset} (and expects that offset next); {@code installed} means it has installed
   * the snapshot (or already had its entries), so the leader resumes with AppendEntries after
   * {@code meta.index()}.
   */
  record InstallSnapshotResponse(int from, int to, long term, SnapshotMeta meta, long nextOffset,
      boolean installed) implements Message {
    /** Null checks. */
    public InstallSnapshotResponse {
      Objects.requireNonNull(meta, "meta");
    }
  }

  /**
   * Leadership transfer (thesis 3.10): the leader tells an up-to-date follower to start an election
   * at once, bypassing pre-vote and leader stickiness.
   */
  record TimeoutNow(int from, int to, long term) implements Message {
  }
}
