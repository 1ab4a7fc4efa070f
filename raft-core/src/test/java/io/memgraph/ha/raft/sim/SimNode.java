package io.memgraph.ha.raft.sim;

import io.memgraph.ha.raft.core.CoreConfig;
import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.HardState;
import io.memgraph.ha.raft.core.MemoryStorage;
import io.memgraph.ha.raft.core.Message;
import io.memgraph.ha.raft.core.RaftCore;
import io.memgraph.ha.raft.core.ReadState;
import io.memgraph.ha.raft.core.Ready;
import io.memgraph.ha.raft.core.SnapshotChunk;
import io.memgraph.ha.raft.core.SnapshotMeta;
import io.memgraph.ha.raft.core.SnapshotSource;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One simulated server: a {@link RaftCore}, a simulated disk (which only holds what a completed
 * Ready persisted), the application state machine and a driver loop that follows the
 * {@link Ready} contract. A crash throws away everything but the disk.
 */
final class SimNode {

  /** Something the driver feeds into the core. */
  interface Input {
    void apply(RaftCore core);
  }

  final int id;
  private final CoreConfig config;
  private final Simulation sim;

  // The disk: survives crashes.
  final MemoryStorage disk = new MemoryStorage();
  SnapshotMeta snapshotMeta = SnapshotMeta.NONE;
  byte[] snapshotBytes = new byte[0];
  private final ByteArrayOutputStream incoming = new ByteArrayOutputStream();
  /** A chunk of the snapshot being assembled was damaged in flight by the network. */
  private boolean incomingTainted;
  /** Damaged snapshots this node discarded (each was fetched again). */
  long damagedSnapshots;
  /**
   * The rejoin-guard marker, as a real driver keeps it on disk: set when the node starts with no
   * durable state, cleared once the core ended the guard and the Ready recording it is persisted.
   */
  boolean guardMarker;

  // Memory: lost on crash.
  RaftCore core;
  SimStateMachine sm;
  boolean alive;
  int incarnation;
  private Ready writing;
  private final ArrayDeque<Input> queued = new ArrayDeque<>();
  /** Confirmed reads waiting for the state machine to catch up. */
  private final List<ReadState> confirmedReads = new ArrayList<>();
  /** Verdicts on snapshots whose last chunk the current Ready stored, for after advance. */
  private final java.util.Map<SnapshotMeta, Boolean> verdicts = new java.util.LinkedHashMap<>();
  /** A received snapshot that passed its check, until the core says to install it. */
  private byte[] verifiedBytes;

  SimNode(int id, CoreConfig config, Simulation sim) {
    this.id = id;
    this.config = config;
    this.sim = sim;
  }

  private final SnapshotSource source = new SnapshotSource() {
    @Override
    public Optional<Long> size(SnapshotMeta meta) {
      return meta.equals(snapshotMeta) ? Optional.of((long) snapshotBytes.length) : Optional.empty();
    }

    @Override
    public Optional<byte[]> read(SnapshotMeta meta, long offset, int maxBytes) {
      if (!meta.equals(snapshotMeta)) {
        return Optional.empty();
      }
      int from = (int) offset;
      int to = (int) Math.min(snapshotBytes.length, offset + maxBytes);
      return Optional.of(Arrays.copyOfRange(snapshotBytes, from, to));
    }
  };

  /** Starts (or restarts) from the disk. */
  void start(long seed) {
    incarnation++;
    alive = true;
    writing = null;
    queued.clear();
    confirmedReads.clear();
    incoming.reset();
    incomingTainted = false;
    verdicts.clear();
    verifiedBytes = null;
    sm = snapshotMeta.index() == 0 ? new SimStateMachine()
        : SimStateMachine.restore(snapshotBytes);
    boolean noState = disk.initialHardState().equals(HardState.EMPTY) && disk.lastIndex() == 0
        && snapshotMeta.index() == 0;
    if (noState && config.voters().size() > 1) {
      guardMarker = true;
    }
    core = new RaftCore(config.withRejoinGuard(guardMarker), disk, source,
        new SplittableRandom(seed));
    sim.checker().onRestore(this, sm);
    drive();
  }

  /**
   * Loses all memory. If a disk write was in progress, {@code tornWrite} decides whether part of
   * it (the log entries, as a driver that syncs the log before the term file would leave it)
   * reached the disk; nothing of it was acknowledged, since messages leave only after the write.
   */
  void crash(boolean tornWrite) {
    if (writing != null && tornWrite && writing.snapshotToInstall().isEmpty()) {
      disk.append(writing.entries());
    }
    alive = false;
    sim.checker().onCrash(this);
    core = null;
    sm = null;
    writing = null;
    queued.clear();
    confirmedReads.clear();
    verdicts.clear();
    verifiedBytes = null;
  }

  /** Feeds an input now, or after the disk write in progress completes. */
  void input(Input in) {
    if (!alive) {
      return;
    }
    if (writing != null) {
      queued.add(in);
      return;
    }
    in.apply(core);
    drive();
  }

  /** The disk write of the current Ready completed (if this incarnation is still alive). */
  void writeDone(int forIncarnation) {
    if (!alive || forIncarnation != incarnation || writing == null) {
      return;
    }
    Ready rd = writing;
    writing = null;
    persist(rd);
    afterPersist(rd);
    while (writing == null && !queued.isEmpty()) {
      queued.poll().apply(core);
      drive();
    }
    drive();
  }

  private void drive() {
    while (alive && writing == null && core.hasReady()) {
      Ready rd = core.ready();
      if (rd.mustSync()) {
        writing = rd;
        if (sim.sendsBeforeSync()) {
          for (Message m : rd.messages()) {
            if (Ready.maySendBeforeSync(m)) {
              sim.network().send(m);
            }
          }
        }
        sim.scheduleDiskWrite(this, incarnation);
        return;
      }
      afterPersist(rd);
    }
  }

  private void persist(Ready rd) {
    for (SnapshotChunk c : rd.snapshotChunks()) {
      if (c.offset() == 0) {
        incoming.reset();
        incomingTainted = false;
      }
      if (c.offset() != incoming.size()) {
        throw new AssertionError("node " + id + ": chunk at offset " + c.offset()
            + " but assembled " + incoming.size());
      }
      incoming.writeBytes(c.data());
      incomingTainted |= sim.network().isCorrupted(c.data());
      if (c.last()) {
        byte[] bytes = incoming.toByteArray();
        boolean ok = SimStateMachine.intact(bytes);
        if (!ok && !incomingTainted) {
          throw new AssertionError("node " + id + ": snapshot " + c.meta() + " fails its checksum"
              + " but no chunk was damaged in flight (chunks of different streams mixed?)");
        }
        if (ok && incomingTainted) {
          throw new AssertionError("node " + id + ": damaged snapshot " + c.meta()
              + " passed its checksum");
        }
        if (ok) {
          verifiedBytes = bytes;
        } else {
          damagedSnapshots++;
        }
        verdicts.put(c.meta(), ok);
      }
    }
    rd.snapshotToInstall().ifPresent(meta -> {
      byte[] bytes = verifiedBytes;
      verifiedBytes = null;
      if (bytes == null) {
        throw new AssertionError("node " + id + ": asked to install " + meta
            + " that did not pass its check");
      }
      SimStateMachine restored = SimStateMachine.restore(bytes);
      if (restored.appliedIndex() != meta.index() || restored.appliedTerm() != meta.term()) {
        throw new AssertionError("node " + id + ": snapshot " + meta + " holds index "
            + restored.appliedIndex() + " term " + restored.appliedTerm());
      }
      snapshotMeta = meta;
      snapshotBytes = bytes;
      disk.applySnapshot(meta);
      sm = restored;
      sim.checker().onRestore(this, sm);
    });
    disk.append(rd.entries());
    rd.hardState().ifPresent(disk::setHardState);
  }

  private void afterPersist(Ready rd) {
    boolean sentEarly = rd.mustSync() && sim.sendsBeforeSync();
    for (Message m : rd.messages()) {
      if (!(sentEarly && Ready.maySendBeforeSync(m))) {
        sim.network().send(m);
      }
    }
    for (Entry e : rd.committedEntries()) {
      sm.apply(e);
      sim.checker().onApply(this, e, sm);
    }
    confirmedReads.addAll(rd.readStates());
    for (ReadState rs : rd.readStates()) {
      sim.checker().onReadConfirmed(this, rs);
    }
    for (long aborted : rd.abortedReads()) {
      sim.checker().onReadAborted(aborted);
    }
    confirmedReads.removeIf(rs -> {
      if (sm.appliedIndex() >= rs.index()) {
        sim.checker().onReadServed(this, rs, sm.appliedIndex());
        return true;
      }
      return false;
    });
    rd.snapshotRequest().ifPresent(meta -> {
      if (sm.appliedIndex() != meta.index()) {
        throw new AssertionError("node " + id + ": snapshot requested at " + meta
            + " but applied " + sm.appliedIndex());
      }
      snapshotBytes = sm.snapshot(sim.snapshotPadding(), id);
      snapshotMeta = meta;
      disk.compact(meta);
    });
    core.advance(rd);
    if (guardMarker && !core.rejoinGuarded()) {
      guardMarker = false; // the hard state that ended the guard is on disk by now
    }
    // The state machine applied everything above (or restored a snapshot) synchronously.
    core.appliedTo(sm.appliedIndex());
    verdicts.forEach(core::snapshotReceived);
    verdicts.clear();
  }
}
