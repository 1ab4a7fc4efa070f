package io.memgraph.ha.raft.sim;

import io.memgraph.ha.raft.core.CoreConfig;
import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.HardState;
import io.memgraph.ha.raft.core.Message;
import io.memgraph.ha.raft.core.RaftCore;
import io.memgraph.ha.raft.core.ReadState;
import io.memgraph.ha.raft.core.Ready;
import io.memgraph.ha.raft.core.SnapshotChunk;
import io.memgraph.ha.raft.core.SnapshotMeta;
import io.memgraph.ha.raft.core.SnapshotSource;
import io.memgraph.ha.raft.log.CorruptLogException;
import io.memgraph.ha.raft.log.DurableStorage;
import io.memgraph.ha.raft.log.HardStateFile;
import io.memgraph.ha.raft.log.RejoinGuardFile;
import io.memgraph.ha.raft.log.SegmentedLog;
import io.memgraph.ha.raft.log.SimDisk;
import io.memgraph.ha.raft.log.SnapshotStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One simulated server: a {@link RaftCore} over the real durable state ({@link SegmentedLog},
 * {@link SnapshotStore}, {@link HardStateFile}, {@link RejoinGuardFile}) on a {@link SimDisk}, the
 * application state machine, and a driver that follows the {@link Ready} contract as
 * {@code RaftNode} does. A Ready's entries are written when it is handed out and made durable
 * (with the hard state) when the simulated fsync completes, so a crash can land in between; a
 * crash throws away everything but what the disk made durable, and a restart recovers from it
 * with the real recovery code, as {@code RaftNode.Builder.start} does.
 */
final class SimNode {

  /** Something the driver feeds into the core. */
  interface Input {
    void apply(RaftCore core);
  }

  /** How often the commit index alone is persisted, like {@code RaftNode}. */
  private static final long COMMIT_PERSIST_INTERVAL_MS = 1000;

  final int id;
  private final CoreConfig config;
  private final Simulation sim;
  private final SegmentedLog.Options logOptions;

  // The disk: survives crashes (what it made durable).
  final SimDisk fs;
  private final Path raftDir;
  private final Path snapshotDir;
  /** Damaged snapshots this node discarded (each was fetched again). */
  long damagedSnapshots;

  // Memory: lost on crash.
  RaftCore core;
  SimStateMachine sm;
  boolean alive;
  int incarnation;
  private SegmentedLog log;
  private SnapshotStore snapshots;
  private HardStateFile hardStateFile;
  private HardState savedHardState;
  private long savedHardStateAt;
  private RejoinGuardFile guardFile;
  private final Map<SnapshotMeta, SnapshotStore.SnapshotFile> snapshotFiles = new HashMap<>();
  private SnapshotStore.Receiver receiver;
  /** A chunk of the snapshot being received was damaged in flight by the network. */
  private boolean receivingTainted;
  private Ready writing;
  private final ArrayDeque<Input> queued = new ArrayDeque<>();
  /** Confirmed reads waiting for the state machine to catch up. */
  private final List<ReadState> confirmedReads = new ArrayList<>();
  /** Verdicts on snapshots whose last chunk the current Ready stored, for after advance. */
  private final Map<SnapshotMeta, Boolean> verdicts = new LinkedHashMap<>();
  /** A received snapshot that passed its check, until the core says to install it. */
  private SnapshotStore.SnapshotFile verified;

  SimNode(int id, CoreConfig config, Simulation sim, SegmentedLog.Options logOptions,
      int sectorBytes) {
    this.id = id;
    this.fs = new SimDisk(sectorBytes);
    this.config = config;
    this.sim = sim;
    this.logOptions = logOptions;
    Path root = Path.of("/sim/node" + id);
    this.raftDir = root.resolve("raft");
    this.snapshotDir = root.resolve("snapshots");
  }

  private final SnapshotSource source = new SnapshotSource() {
    @Override
    public Optional<Long> size(SnapshotMeta meta) {
      return Optional.ofNullable(snapshotFiles.get(meta)).map(SnapshotStore.SnapshotFile::size);
    }

    @Override
    public Optional<byte[]> read(SnapshotMeta meta, long offset, int maxBytes) {
      SnapshotStore.SnapshotFile f = snapshotFiles.get(meta);
      if (f == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(f.read(offset, maxBytes));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** Starts (or restarts) from what the disk holds, as {@code RaftNode.Builder.start} does. */
  void start(long seed) {
    incarnation++;
    alive = true;
    writing = null;
    queued.clear();
    confirmedReads.clear();
    verdicts.clear();
    verified = null;
    receiver = null;
    receivingTainted = false;
    try {
      snapshots = new SnapshotStore(fs, snapshotDir, 2);
      Optional<SnapshotStore.SnapshotFile> latest = snapshots.latest();
      SnapshotMeta base = latest.map(SnapshotStore.SnapshotFile::meta).orElse(SnapshotMeta.NONE);
      sm = latest.isPresent() ? restore(latest.get()) : new SimStateMachine();
      refreshSnapshotFiles();
      hardStateFile = new HardStateFile(fs, raftDir.resolve("state"));
      boolean hadHardState = fs.exists(hardStateFile.path());
      HardState hs = hardStateFile.load();
      log = SegmentedLog.open(fs, raftDir, base, logOptions);
      sim.checker().onRecovered(this, log.entries(log.firstIndex(), log.lastIndex() + 1,
          Long.MAX_VALUE));
      hs = new HardState(hs.term(), hs.vote(), Math.min(hs.commit(), log.lastIndex()));
      RejoinGuardFile guard = new RejoinGuardFile(fs, raftDir.resolve("rejoin-guard"));
      boolean noState = !hadHardState && latest.isEmpty() && log.lastIndex() == 0;
      boolean guarded = config.voters().size() > 1 && (noState || guard.exists());
      if (guarded && !guard.exists()) {
        guard.create();
      }
      guardFile = guarded ? guard : null;
      savedHardState = hs;
      savedHardStateAt = sim.now();
      core = new RaftCore(config.withRejoinGuard(guarded), new DurableStorage(log, hs), source,
          new SplittableRandom(seed));
    } catch (IOException e) {
      throw new UncheckedIOException("node " + id + " cannot recover from its disk", e);
    }
    sim.checker().onRestore(this, sm);
    drive();
  }

  private static SimStateMachine restore(SnapshotStore.SnapshotFile file) throws IOException {
    try (InputStream in = file.openPayload()) {
      return SimStateMachine.restore(in.readAllBytes());
    }
  }

  private void refreshSnapshotFiles() throws IOException {
    snapshotFiles.clear();
    for (SnapshotStore.SnapshotFile f : snapshots.list()) {
      snapshotFiles.put(f.meta(), f);
    }
  }

  /** Loses all memory and what the disk had not made durable, as {@code mode} says. */
  void crash(SimDisk.CrashMode mode, SplittableRandom random) {
    alive = false;
    fs.crash(mode, random);
    sim.checker().onCrash(this);
    core = null;
    sm = null;
    log = null;
    snapshots = null;
    receiver = null;
    writing = null;
    queued.clear();
    confirmedReads.clear();
    verdicts.clear();
    verified = null;
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

  /** The fsyncs of the current Ready completed (if this incarnation is still alive). */
  void writeDone(int forIncarnation) {
    if (!alive || forIncarnation != incarnation || writing == null) {
      return;
    }
    Ready rd = writing;
    writing = null;
    try {
      persist(rd);
      afterPersist(rd);
    } catch (IOException e) {
      throw new UncheckedIOException("node " + id, e);
    }
    while (writing == null && !queued.isEmpty()) {
      queued.poll().apply(core);
      drive();
    }
    drive();
  }

  private void drive() {
    try {
      while (alive && writing == null && core.hasReady()) {
        Ready rd = core.ready();
        if (rd.mustSync()) {
          writing = rd;
          // Written now (the page cache), durable only when the simulated fsync completes.
          sim.checker().onWritten(this, rd.entries());
          if (rd.snapshotToInstall().isEmpty()) {
            log.append(rd.entries());
          }
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
    } catch (IOException e) {
      throw new UncheckedIOException("node " + id, e);
    }
  }

  /** Steps 1-5 of the Ready contract, as {@code RaftNode.handle} does them. */
  private void persist(Ready rd) throws IOException {
    for (SnapshotChunk c : rd.snapshotChunks()) {
      receive(c);
    }
    if (rd.snapshotToInstall().isPresent()) {
      SnapshotMeta meta = rd.snapshotToInstall().get();
      if (verified == null || !verified.meta().equals(meta)) {
        throw new AssertionError("node " + id + ": asked to install " + meta
            + " that did not pass its check");
      }
      SimStateMachine restored = restore(verified);
      verified = null;
      if (restored.appliedIndex() != meta.index() || restored.appliedTerm() != meta.term()) {
        throw new AssertionError("node " + id + ": snapshot " + meta + " holds index "
            + restored.appliedIndex() + " term " + restored.appliedTerm());
      }
      log.reset(meta);
      sm = restored;
      sim.checker().onRestore(this, sm);
      log.append(rd.entries());
    } else if (receiver != null && !rd.snapshotChunks().isEmpty()) {
      receiver.sync();
    }
    if (!rd.entries().isEmpty()) {
      log.sync();
    }
    if (rd.hardState().isPresent()) {
      HardState hs = rd.hardState().get();
      boolean termOrVote = hs.term() != savedHardState.term() || hs.vote() != savedHardState.vote();
      if (termOrVote || sim.now() - savedHardStateAt >= COMMIT_PERSIST_INTERVAL_MS) {
        hardStateFile.save(hs);
        savedHardState = hs;
        savedHardStateAt = sim.now();
      }
    }
  }

  private void receive(SnapshotChunk c) throws IOException {
    if (c.offset() == 0) {
      if (receiver != null) {
        receiver.close();
      }
      receiver = snapshots.receive(c.meta());
      receivingTainted = false;
    } else if (receiver == null || !receiver.meta().equals(c.meta())
        || receiver.size() != c.offset()) {
      throw new AssertionError("node " + id + ": chunk of " + c.meta() + " at offset " + c.offset()
          + " but received " + (receiver == null ? "nothing" : receiver.meta() + " up to "
          + receiver.size()));
    }
    receiver.write(c.offset(), c.data());
    receivingTainted |= sim.network().isCorrupted(c.data());
    if (!c.last()) {
      return;
    }
    boolean ok;
    try {
      verified = receiver.finish();
      refreshSnapshotFiles();
      ok = true;
    } catch (CorruptLogException e) {
      if (!receivingTainted) {
        throw new AssertionError("node " + id + ": snapshot " + c.meta() + " fails its check but"
            + " no chunk was damaged in flight (chunks of different streams mixed?)", e);
      }
      damagedSnapshots++;
      ok = false;
    }
    receiver = null;
    if (ok && receivingTainted) {
      throw new AssertionError("node " + id + ": damaged snapshot " + c.meta()
          + " passed its checksum");
    }
    verdicts.put(c.meta(), ok);
  }

  private void afterPersist(Ready rd) throws IOException {
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
    if (rd.snapshotRequest().isPresent()) {
      SnapshotMeta meta = rd.snapshotRequest().get();
      if (sm.appliedIndex() != meta.index()) {
        throw new AssertionError("node " + id + ": snapshot requested at " + meta
            + " but applied " + sm.appliedIndex());
      }
      try (SnapshotStore.Writer w = snapshots.create(meta)) {
        w.write(sm.snapshot(sim.snapshotPadding(), id));
        w.commit();
      }
      refreshSnapshotFiles();
      log.compact(meta);
    }
    core.advance(rd);
    if (guardFile != null && !core.rejoinGuarded()) {
      guardFile.delete(); // the hard state that ended the guard is on disk by now
      guardFile = null;
    }
    // The state machine applied everything above (or restored a snapshot) synchronously.
    core.appliedTo(sm.appliedIndex());
    verdicts.forEach(core::snapshotReceived);
    verdicts.clear();
  }
}
