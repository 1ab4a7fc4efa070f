package io.memgraph.ha.raft.core;

import java.util.List;

/**
 * Settings of the pure core, all times in ticks (the driver decides how long a tick is, for example
 * 10 ms, and converts {@code raft.json}'s milliseconds). Named {@code CoreConfig} so it does not
 * clash with {@code io.memgraph.ha.raft.config.RaftConfig}, the parsed file.
 *
 * @param id this node's id (one of {@code voters})
 * @param voters every member's id, including this node's, ids unique and positive
 * @param electionTicksMin lower bound of the randomized election timeout, inclusive
 * @param electionTicksMax upper bound of the randomized election timeout, inclusive
 * @param heartbeatTicks a leader sends heartbeats this often
 * @param preVote run a pre-vote phase before incrementing the term
 * @param checkQuorum a leader that did not hear from a majority within {@code electionTicksMin}
 *     steps down; followers then ignore vote requests while they hear from a leader
 * @param readMode how reads are confirmed; {@link ReadMode#LEASE} requires {@code checkQuorum}
 * @param maxInflightMsgs AppendEntries messages in flight per follower (pipelining window)
 * @param maxSizePerMsg entry bytes per AppendEntries (batching); one entry is always allowed
 * @param snapshotChunkBytes bytes per InstallSnapshot chunk
 * @param snapshotChunksInflight InstallSnapshot chunks in flight per follower
 * @param snapshotThreshold applied entries after the last snapshot that make the core ask the
 *     application for a new snapshot ({@link Ready#snapshotRequest()}); -1 = never
 * @param maxApplyingEntries committed entries handed out in Readies but not yet reported applied
 *     with {@link RaftCore#appliedTo}; more stay committed in the log until the application
 *     catches up (back-pressure on a slow state machine); 0 = no limit, and no reports needed
 * @param maxApplyingBytes the same bound in entry bytes (one entry is always allowed); 0 = none
 * @param rejoinGuard start with the rejoin guard on (see {@link RaftCore#rejoinGuarded()}): for a
 *     node that starts with no durable state at all and may have voted before its directory was
 *     wiped; ignored when this node is the only voter
 * @param snapshotBytes entry bytes applied after the last snapshot that also make the core ask for
 *     a snapshot, once they are at least half the size of the last snapshot as well (reported with
 *     {@link RaftCore#snapshotSize}): a few large entries then do not pile up unsnapshotted in the
 *     log (a restart replays them all), and a large state is not rewritten for every small stretch
 *     of log; 0 = by entry count only; no effect when {@code snapshotThreshold} is -1
 */
public record CoreConfig(
    int id,
    List<Integer> voters,
    int electionTicksMin,
    int electionTicksMax,
    int heartbeatTicks,
    boolean preVote,
    boolean checkQuorum,
    ReadMode readMode,
    int maxInflightMsgs,
    long maxSizePerMsg,
    int snapshotChunkBytes,
    int snapshotChunksInflight,
    long snapshotThreshold,
    int maxApplyingEntries,
    long maxApplyingBytes,
    boolean rejoinGuard,
    long snapshotBytes) {

  /** Validates every field; each message names the field. */
  public CoreConfig {
    voters = List.copyOf(voters);
    if (voters.isEmpty() || voters.stream().distinct().count() != voters.size()
        || voters.stream().anyMatch(v -> v <= 0)) {
      throw new IllegalArgumentException("voters must be unique positive ids, got " + voters);
    }
    if (!voters.contains(id)) {
      throw new IllegalArgumentException("id " + id + " is not one of the voters " + voters);
    }
    if (heartbeatTicks < 1) {
      throw new IllegalArgumentException("heartbeatTicks must be >= 1, got " + heartbeatTicks);
    }
    if (electionTicksMin <= heartbeatTicks || electionTicksMax < electionTicksMin) {
      throw new IllegalArgumentException("need heartbeatTicks < electionTicksMin <= electionTicksMax,"
          + " got " + heartbeatTicks + ", " + electionTicksMin + ", " + electionTicksMax);
    }
    if (readMode == null) {
      throw new IllegalArgumentException("readMode is required");
    }
    if (readMode == ReadMode.LEASE && (!checkQuorum || electionTicksMin < 3)) {
      throw new IllegalArgumentException(
          "readMode LEASE requires checkQuorum and electionTicksMin >= 3");
    }
    if (maxInflightMsgs < 1 || maxSizePerMsg < 1 || snapshotChunkBytes < 1
        || snapshotChunksInflight < 1) {
      throw new IllegalArgumentException("maxInflightMsgs, maxSizePerMsg, snapshotChunkBytes and"
          + " snapshotChunksInflight must be >= 1");
    }
    if (snapshotThreshold != -1 && snapshotThreshold < 1) {
      throw new IllegalArgumentException("snapshotThreshold must be -1 (never) or >= 1, got "
          + snapshotThreshold);
    }
    if (snapshotBytes < 0) {
      throw new IllegalArgumentException(
          "snapshotBytes must be >= 0 (0 = by entry count only), got " + snapshotBytes);
    }
    if (maxApplyingEntries < 0 || maxApplyingBytes < 0) {
      throw new IllegalArgumentException("maxApplyingEntries and maxApplyingBytes must be >= 0"
          + " (0 = no limit)");
    }
  }

  /** The settings without the rejoin guard (it is off). */
  public CoreConfig(int id, List<Integer> voters, int electionTicksMin, int electionTicksMax,
      int heartbeatTicks, boolean preVote, boolean checkQuorum, ReadMode readMode,
      int maxInflightMsgs, long maxSizePerMsg, int snapshotChunkBytes, int snapshotChunksInflight,
      long snapshotThreshold, int maxApplyingEntries, long maxApplyingBytes) {
    this(id, voters, electionTicksMin, electionTicksMax, heartbeatTicks, preVote, checkQuorum,
        readMode, maxInflightMsgs, maxSizePerMsg, snapshotChunkBytes, snapshotChunksInflight,
        snapshotThreshold, maxApplyingEntries, maxApplyingBytes, false, 0);
  }

  /**
   * Reasonable defaults for a tick of about 10 ms: election 75..100 ticks, heartbeat 10, pre-vote
   * and check-quorum on, ReadIndex reads, 256 in-flight messages of at most 1 MiB, snapshot chunks
   * of 1 MiB with 4 in flight, no automatic snapshots.
   */
  public static CoreConfig defaults(int id, List<Integer> voters) {
    return new CoreConfig(id, voters, 75, 100, 10, true, true, ReadMode.SAFE, 256, 1 << 20,
        1 << 20, 4, -1, 0, 0, false, 0);
  }

  /** A copy with other election and heartbeat timing. */
  public CoreConfig withTiming(int electionMin, int electionMax, int heartbeat) {
    return new CoreConfig(id, voters, electionMin, electionMax, heartbeat, preVote, checkQuorum,
        readMode, maxInflightMsgs, maxSizePerMsg, snapshotChunkBytes, snapshotChunksInflight,
        snapshotThreshold, maxApplyingEntries, maxApplyingBytes, rejoinGuard, snapshotBytes);
  }

  /** A copy with pre-vote, check-quorum and the read mode changed. */
  public CoreConfig withLiveness(boolean preVoteOn, boolean checkQuorumOn, ReadMode mode) {
    return new CoreConfig(id, voters, electionTicksMin, electionTicksMax, heartbeatTicks, preVoteOn,
        checkQuorumOn, mode, maxInflightMsgs, maxSizePerMsg, snapshotChunkBytes,
        snapshotChunksInflight, snapshotThreshold, maxApplyingEntries, maxApplyingBytes,
        rejoinGuard, snapshotBytes);
  }

  /** A copy with other flow-control limits. */
  public CoreConfig withFlowControl(int inflightMsgs, long sizePerMsg, int chunkBytes,
      int chunksInflight) {
    return new CoreConfig(id, voters, electionTicksMin, electionTicksMax, heartbeatTicks, preVote,
        checkQuorum, readMode, inflightMsgs, sizePerMsg, chunkBytes, chunksInflight,
        snapshotThreshold, maxApplyingEntries, maxApplyingBytes, rejoinGuard, snapshotBytes);
  }

  /** A copy with another snapshot threshold (-1 = never). */
  public CoreConfig withSnapshotThreshold(long threshold) {
    return new CoreConfig(id, voters, electionTicksMin, electionTicksMax, heartbeatTicks, preVote,
        checkQuorum, readMode, maxInflightMsgs, maxSizePerMsg, snapshotChunkBytes,
        snapshotChunksInflight, threshold, maxApplyingEntries, maxApplyingBytes, rejoinGuard,
        snapshotBytes);
  }

  /** A copy with another byte trigger for snapshots (0 = by entry count only). */
  public CoreConfig withSnapshotBytes(long bytes) {
    return new CoreConfig(id, voters, electionTicksMin, electionTicksMax, heartbeatTicks, preVote,
        checkQuorum, readMode, maxInflightMsgs, maxSizePerMsg, snapshotChunkBytes,
        snapshotChunksInflight, snapshotThreshold, maxApplyingEntries, maxApplyingBytes, rejoinGuard,
        bytes);
  }

  /** A copy with other bounds on entries handed out for applying (0 = no limit). */
  public CoreConfig withApplyLimits(int entries, long bytes) {
    return new CoreConfig(id, voters, electionTicksMin, electionTicksMax, heartbeatTicks, preVote,
        checkQuorum, readMode, maxInflightMsgs, maxSizePerMsg, snapshotChunkBytes,
        snapshotChunksInflight, snapshotThreshold, entries, bytes, rejoinGuard, snapshotBytes);
  }

  /**
   * A copy with the rejoin guard on or off. A driver turns it on for a node that starts with no
   * durable state at all (no hard state, empty log, no snapshot) in a cluster of several voters,
   * and keeps it on across restarts until {@link RaftCore#rejoinGuarded()} turns false.
   */
  public CoreConfig withRejoinGuard(boolean on) {
    return new CoreConfig(id, voters, electionTicksMin, electionTicksMax, heartbeatTicks, preVote,
        checkQuorum, readMode, maxInflightMsgs, maxSizePerMsg, snapshotChunkBytes,
        snapshotChunksInflight, snapshotThreshold, maxApplyingEntries, maxApplyingBytes, on,
        snapshotBytes);
  }

  /** A copy for another member of the same cluster ({@code id} must be one of the voters). */
  public CoreConfig withId(int otherId) {
    return new CoreConfig(otherId, voters, electionTicksMin, electionTicksMax, heartbeatTicks,
        preVote, checkQuorum, readMode, maxInflightMsgs, maxSizePerMsg, snapshotChunkBytes,
        snapshotChunksInflight, snapshotThreshold, maxApplyingEntries, maxApplyingBytes,
        rejoinGuard, snapshotBytes);
  }

  /** Votes needed for a majority. */
  public int quorum() {
    return voters.size() / 2 + 1;
  }
}
