package io.memgraph.ha.raft.core;

import java.util.List;
import java.util.Optional;

/**
 * A batch of work the core hands to its driver ({@link RaftCore#ready()}). The driver must handle
 * it in this order and then call {@link RaftCore#advance(Ready)} before asking for the next one:
 *
 * <ol>
 *   <li>{@link #snapshotChunks()}: store the incoming snapshot bytes (offset 0 starts a new file).
 *       After a chunk with {@code last}, check the assembled file and, after {@code advance},
 *       report the result with {@link RaftCore#snapshotReceived} (a damaged file is discarded and
 *       fetched again; nothing is acknowledged before the verdict).
 *   <li>{@link #snapshotToInstall()}: if present, a received snapshot passed its check (in an
 *       later Ready than its last chunk): restore the state machine
 *       from the assembled snapshot and reset the log to start after {@code meta.index()}
 *       (dropping every older entry; {@link MemoryStorage#applySnapshot} does this).
 *   <li>{@link #entries()}: append to the log, first discarding any existing entries at or after
 *       {@code entries.get(0).index()} (a new leader overwrote them).
 *   <li>{@link #hardState()}: if present, persist it.
 *   <li>fsync everything above. Only now are the entries durable.
 *   <li>{@link #messages()}: send. They may acknowledge the entries, votes and chunks above, so
 *       they must never leave before step 5 (for a leader this also covers its own vote and
 *       entries: the leader counts its own log towards a majority only after {@code advance}).
 *   <li>{@link #committedEntries()}: apply in order ({@link EntryType#NOOP} entries only advance
 *       the applied index).
 *   <li>{@link #readStates()}: serve each read once the applied index reaches its index; fail the
 *       ids in {@link #abortedReads()}.
 *   <li>{@link #snapshotRequest()}: if present, write a state-machine snapshot at that index (it is
 *       the last committed entry of this Ready) and compact the log up to it.
 * </ol>
 *
 * @param softState role, term and leader, present if they changed since the last Ready
 * @param hardState term, vote and commit to persist, present if changed
 * @param entries entries to append durably
 * @param snapshotChunks incoming snapshot bytes to store durably
 * @param snapshotToInstall a completely received snapshot to install
 * @param committedEntries entries to apply
 * @param messages messages to send after persisting
 * @param readStates confirmed reads
 * @param abortedReads read request ids that will never be confirmed (leadership lost)
 * @param snapshotRequest the core asks for a snapshot and compaction at this point
 */
public record Ready(
    Optional<SoftState> softState,
    Optional<HardState> hardState,
    List<Entry> entries,
    List<SnapshotChunk> snapshotChunks,
    Optional<SnapshotMeta> snapshotToInstall,
    List<Entry> committedEntries,
    List<Message> messages,
    List<ReadState> readStates,
    List<Long> abortedReads,
    Optional<SnapshotMeta> snapshotRequest) {

  /** Copies the lists so a Ready is immutable. */
  public Ready {
    entries = List.copyOf(entries);
    snapshotChunks = List.copyOf(snapshotChunks);
    committedEntries = List.copyOf(committedEntries);
    messages = List.copyOf(messages);
    readStates = List.copyOf(readStates);
    abortedReads = List.copyOf(abortedReads);
  }

  /**
   * Optional latency optimisation (thesis 10.2.1): a leader's replication messages
   * ({@link Message.AppendEntries}, {@link Message.Heartbeat}, {@link Message.InstallSnapshotChunk},
   * {@link Message.TimeoutNow}) may be sent before step 5, in parallel with the leader's own fsync.
   * It is safe because they acknowledge nothing: the leader's term and vote were persisted before
   * it could win the election, and it counts its own entries only after {@code advance}. Every
   * other message must wait for the fsync.
   */
  public static boolean maySendBeforeSync(Message m) {
    return m instanceof Message.AppendEntries || m instanceof Message.Heartbeat
        || m instanceof Message.InstallSnapshotChunk || m instanceof Message.TimeoutNow;
  }

  /** True if the driver must persist something before sending {@link #messages()}. */
  public boolean mustSync() {
    return hardState.isPresent() || !entries.isEmpty() || !snapshotChunks.isEmpty()
        || snapshotToInstall.isPresent();
  }
}
