package io.memgraph.ha.raft.node;

import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.Member;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.raft.core.CoreConfig;
import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.EntryType;
import io.memgraph.ha.raft.core.HardState;
import io.memgraph.ha.raft.core.Message;
import io.memgraph.ha.raft.core.ProposeResult;
import io.memgraph.ha.raft.core.RaftCore;
import io.memgraph.ha.raft.core.ReadIndexResult;
import io.memgraph.ha.raft.core.ReadMode;
import io.memgraph.ha.raft.core.ReadState;
import io.memgraph.ha.raft.core.Ready;
import io.memgraph.ha.raft.core.RefusalReason;
import io.memgraph.ha.raft.core.Role;
import io.memgraph.ha.raft.core.SnapshotChunk;
import io.memgraph.ha.raft.core.SnapshotMeta;
import io.memgraph.ha.raft.core.SoftState;
import io.memgraph.ha.raft.log.CorruptLogException;
import io.memgraph.ha.raft.log.Disk;
import io.memgraph.ha.raft.log.DurableStorage;
import io.memgraph.ha.raft.log.HardStateFile;
import io.memgraph.ha.raft.log.RejoinGuardFile;
import io.memgraph.ha.raft.log.SegmentedLog;
import io.memgraph.ha.raft.log.SnapshotStore;
import io.memgraph.ha.raft.transport.MessageCodec;
import io.memgraph.ha.raft.transport.RaftTransport;
import io.memgraph.ha.raft.transport.RpcTls;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Raft server: the pure {@link RaftCore} driven by a Raft thread, with a durable log, a hard
 * state file, snapshots, a TCP transport, and an apply thread feeding a {@link StateMachine}.
 *
 * <p><b>Raft thread.</b> Ticks the core every {@link #tickMillis()} ms, steps incoming messages,
 * proposals and reads (drained in batches, so many proposals share one Ready), and handles each
 * {@link Ready} in the documented order: store snapshot chunks, install a received snapshot, append
 * entries, fsync the log once for the batch, persist the hard state if the term or vote changed,
 * then send messages (a leader sends its AppendEntries before its own fsync, so the leader's and
 * the followers' disk writes overlap), then hand committed entries to the apply thread, at most
 * {@link Builder#maxApplying} unapplied at a time (the rest wait, committed, in the log). Ticks
 * lost to a pause are replayed before the next input is handled.
 *
 * <p><b>Apply thread.</b> Applies committed entries in order, completes proposals with the state
 * machine's result, serves reads whose index has been applied, restores received snapshots and
 * writes a snapshot every {@code log_size_snapshot_threshold} entries, or sooner when the entries
 * since the last snapshot hold many bytes ({@link Builder#snapshotBytes}); after it the Raft thread
 * compacts the log.
 *
 * <p><b>On disk</b> ({@code dataDir}): {@code raft/state} (term, vote, commit),
 * {@code raft/log-*.seg} (the log), {@code snapshots/snapshot-<index>-<term>.bin}. On start the
 * newest snapshot is restored and the log and hard state are recovered; committed entries after
 * the snapshot are re-applied.
 *
 * <p>The commit index in the hard state is persisted together with term/vote changes and at most
 * once a second otherwise: it only speeds up re-applying after a restart (a leader re-sends it),
 * and writing it on every commit would triple the fsyncs per batch.
 */
public final class RaftNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
  private static final byte[] EMPTY = new byte[0];
  private static final long COMMIT_PERSIST_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** The default of {@link Builder#holdEmptyAppends}: one millisecond. */
  public static final Duration DEFAULT_HOLD_EMPTY_APPENDS = Duration.ofMillis(1);
  /** The default of {@link Builder#snapshotBytes}: 32 MiB. */
  public static final long DEFAULT_SNAPSHOT_BYTES = 32L << 20;

  private final int id;
  private final CoordinationConfig cluster;
  private final RaftConfig raftConfig;
  private final int tickMillis;
  /** How long a leader holds an AppendEntries without entries (see {@link #send}). */
  private final long holdEmptyAppendNanos;
  /** Set by close() before it hands leadership over; see handingOver(). */
  private volatile boolean handingOver;
  private final StateMachine stateMachine;
  private final RaftTransport transport;
  private final SegmentedLog log;
  private final HardStateFile hardStateFile;
  private final SnapshotStore snapshots;
  private final FileSnapshotSource snapshotSource;
  private final RaftCore core;

  private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<ApplyTask> applyQueue = new LinkedBlockingQueue<>();
  private final ConcurrentSkipListMap<Long, PendingProposal> proposals =
      new ConcurrentSkipListMap<>();
  private final Map<Long, PendingRead> reads = new ConcurrentHashMap<>();
  private final List<Consumer<SoftState>> roleListeners = new CopyOnWriteArrayList<>();
  private final Thread raftThread;
  private final Predicate<Message> inboundFilter;
  private final Thread applyThread;

  private volatile SoftState softState;
  /** Where this node's latest leadership began: its term and the log's last index then (the term's no-op). */
  private volatile TermStart termStart;
  private volatile long commitIndex;
  /** The last entry handed to the apply thread; minus appliedIndex = the apply backlog. */
  private volatile long handedOutIndex;
  /**
   * Whether the apply thread is writing a snapshot now, or capturing one for the snapshot thread
   * (it applies nothing meanwhile).
   */
  private volatile boolean writingSnapshot;
  /** The snapshot being written off the apply thread, if any (set by the apply thread). */
  private volatile SnapshotWrite snapshotWrite;
  private volatile long appliedIndex;
  /**
   * Set by the Raft thread while committed entries wait in the log for apply budget: only then
   * does the apply thread wake it after a batch (see {@link #mayApplyMore()}); otherwise the Raft
   * thread reads {@link #appliedIndex} whenever it wakes anyway.
   */
  private volatile boolean applyHeldBack;
  private volatile long logSyncs;
  private final int maxPendingProposals;
  private final AtomicInteger proposalsInFlight = new AtomicInteger();
  private volatile boolean running = true;
  /** Set first thing at shutdown: futures created afterwards fail at once. */
  private volatile boolean closing;
  /** Every future handed to a caller and not yet completed; all are failed at shutdown. */
  private final Set<CompletableFuture<?>> outstanding = ConcurrentHashMap.newKeySet();
  private volatile boolean applyRunning = true;
  private volatile Throwable failure;
  private boolean shutDown;
  private final AtomicLong snapshotsInstalled = new AtomicLong();
  private final AtomicLong snapshotsWritten = new AtomicLong();
  /**
   * On the leader, each follower's match index, published by the Raft thread after handling
   * its inputs; empty on other roles (the core itself is read only by the Raft thread).
   */
  private volatile Map<Integer, Long> matchIndexes = Map.of();
  /** The tick ({@code nextTick}) at which {@link #matchIndexes} was last published (Raft thread). */
  private long matchPublishedTick = Long.MIN_VALUE;
  /** {@link System#nanoTime()} of the last message received from each server id, or NEVER. */
  private final AtomicLongArray lastContact;
  private static final long NEVER = Long.MIN_VALUE;
  private volatile boolean rejoinGuarded;

  // Raft-thread state.
  /** The rejoin-guard marker while the core is guarded, null otherwise. */
  private RejoinGuardFile guardFile;
  private HardState savedHardState;
  private long savedHardStateAt;
  private SnapshotStore.Receiver receiver;
  /** Received snapshots checked in the last Ready (verdicts for the core after advance). */
  private final Map<SnapshotMeta, Boolean> snapshotVerdicts = new LinkedHashMap<>();
  /** A received snapshot that passed its check, waiting for the core's snapshotToInstall. */
  private SnapshotStore.SnapshotFile verifiedSnapshot;
  private long readSeq;
  private long nextTick;
  /** Per peer id: an AppendEntries without entries held back by {@link #send}, or null. */
  private final Message.AppendEntries[] heldAppends;
  /** When each held AppendEntries must go at the latest (System.nanoTime()). */
  private final long[] heldUntil;

  // Apply-thread state.
  private final TreeMap<Long, List<CompletableFuture<Long>>> waitingReads = new TreeMap<>();

  private sealed interface ApplyTask {
  }

  private record ApplyEntries(List<Entry> entries) implements ApplyTask {
  }

  private record RestoreSnapshot(SnapshotStore.SnapshotFile file) implements ApplyTask {
  }

  private record TakeSnapshot(SnapshotMeta meta) implements ApplyTask {
  }

  private record ServeRead(CompletableFuture<Long> future, long index) implements ApplyTask {
  }

  private record PendingProposal(long index, long term, CompletableFuture<ProposalResult> future,
      long deadline) {
  }

  private record PendingRead(CompletableFuture<Long> future, long deadline) {
  }

  private RaftNode(Builder b, SnapshotStore snapshots, FileSnapshotSource source, SegmentedLog log,
      HardStateFile hsf, HardState hs, RaftCore core, RaftTransport transport, long applied,
      RejoinGuardFile guardFile) {
    this.id = b.id;
    this.cluster = b.cluster;
    this.raftConfig = b.raftConfig;
    this.tickMillis = b.tickMillis;
    this.holdEmptyAppendNanos = b.holdEmptyAppends.toNanos();
    this.maxPendingProposals = b.maxPendingProposals;
    this.inboundFilter = b.inboundFilter;
    this.stateMachine = b.stateMachine;
    this.snapshots = snapshots;
    this.snapshotSource = source;
    this.log = log;
    this.hardStateFile = hsf;
    this.savedHardState = hs;
    this.savedHardStateAt = System.nanoTime();
    this.core = core;
    this.transport = transport;
    this.softState = core.softState();
    this.commitIndex = core.commitIndex();
    this.handedOutIndex = applied;
    this.appliedIndex = applied;
    this.guardFile = core.rejoinGuarded() ? guardFile : null;
    this.rejoinGuarded = core.rejoinGuarded();
    int maxId = cluster.members().stream().mapToInt(Member::id).max().orElse(0);
    this.lastContact = new AtomicLongArray(maxId + 1);
    this.heldAppends = new Message.AppendEntries[maxId + 1];
    this.heldUntil = new long[maxId + 1];
    for (int i = 0; i <= maxId; i++) {
      lastContact.set(i, NEVER);
    }
    this.raftThread = new Thread(this::runRaft, "raft-" + id);
    this.applyThread = new Thread(this::runApply, "raft-apply-" + id);
  }

  /** Starts building a node; see {@link Builder}. */
  public static Builder builder(int id, CoordinationConfig cluster, RaftConfig raftConfig,
      Path dataDir, StateMachine stateMachine) {
    return new Builder(id, cluster, raftConfig, dataDir, stateMachine);
  }

  /** Options for a {@link RaftNode}; {@link #start()} recovers the durable state and starts it. */
  public static final class Builder {
    private final int id;
    private final CoordinationConfig cluster;
    private final RaftConfig raftConfig;
    private final Path dataDir;
    private final StateMachine stateMachine;
    private RaftTransport transport;
    private InetSocketAddress bindAddress;
    private RaftTransport.Options transportOptions = RaftTransport.Options.DEFAULTS;
    private RaftTransport.Sockets transportSockets = RaftTransport.Sockets.NIO;
    private RpcTls transportTls;
    private SegmentedLog.Options logOptions = SegmentedLog.Options.DEFAULTS;
    private int tickMillis;
    private Duration holdEmptyAppends = DEFAULT_HOLD_EMPTY_APPENDS;
    private int snapshotChunkBytes = 1 << 20;
    private ReadMode readMode = ReadMode.SAFE;
    private int maxPendingProposals = 65_536;
    private int maxApplyingEntries = 4096;
    private long maxApplyingBytes = 64L << 20;
    private long snapshotBytes = DEFAULT_SNAPSHOT_BYTES;
    private FileSnapshotSource.ReadFilter snapshotReadFilter = FileSnapshotSource.ReadFilter.NONE;
    private Predicate<Message> inboundFilter = m -> true;
    private String advertisedInfo = "";

    private Builder(int id, CoordinationConfig cluster, RaftConfig raftConfig, Path dataDir,
        StateMachine stateMachine) {
      cluster.require(id);
      this.id = id;
      this.cluster = cluster;
      this.raftConfig = raftConfig;
      this.dataDir = dataDir;
      this.stateMachine = stateMachine;
      // A tick of at most 10 ms and at most a third of the heartbeat keeps the timing error small.
      this.tickMillis = (int) Math.max(1, Math.min(10, raftConfig.heartbeatInterval() / 3));
    }

    /** Uses an already listening transport (tests bind port 0 first); the node closes it. */
    public Builder transport(RaftTransport t) {
      this.transport = t;
      return this;
    }

    /** Binds the rpc port here instead of the member's listed host and port. */
    public Builder bindAddress(InetSocketAddress address) {
      this.bindAddress = address;
      return this;
    }

    /** Transport tuning. */
    public Builder transportOptions(RaftTransport.Options options) {
      this.transportOptions = options;
      return this;
    }

    /** The kind of sockets of the rpc port and the peer links (ignored with {@link #transport}); NIO by default. */
    public Builder transportSockets(RaftTransport.Sockets sockets) {
      this.transportSockets = sockets;
      return this;
    }

    /** Mutual TLS on the rpc port and to the peers (ignored with {@link #transport}). */
    public Builder transportTls(RpcTls tls) {
      this.transportTls = tls;
      return this;
    }

    /** Log tuning (segment size, cache). */
    public Builder logOptions(SegmentedLog.Options options) {
      this.logOptions = options;
      return this;
    }

    /** Length of one core tick in ms. */
    public Builder tickMillis(int millis) {
      if (millis < 1) {
        throw new IllegalArgumentException("tickMillis must be >= 1");
      }
      this.tickMillis = millis;
      return this;
    }

    /**
     * How long a leader holds an AppendEntries without entries (a new commit index) in case the
     * next entries for that follower carry it; zero sends it at once.
     */
    public Builder holdEmptyAppends(Duration hold) {
      if (hold.isNegative()) {
        throw new IllegalArgumentException("holdEmptyAppends must not be negative");
      }
      this.holdEmptyAppends = hold;
      return this;
    }

    /** Bytes per InstallSnapshot chunk. */
    public Builder snapshotChunkBytes(int bytes) {
      this.snapshotChunkBytes = bytes;
      return this;
    }

    /** Proposals in flight (proposed, not yet completed) before new ones are refused. */
    public Builder maxPendingProposals(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxPendingProposals must be >= 1");
      }
      this.maxPendingProposals = max;
      return this;
    }

    /**
     * Bounds the committed entries handed to the apply thread and not yet applied (defaults 4096
     * entries, 64 MiB). Beyond that the Raft thread keeps them committed in the log and hands
     * them over as the state machine catches up, so a slow state machine cannot make the apply
     * queue grow without bound. One entry is always allowed.
     */
    public Builder maxApplying(int entries, long bytes) {
      if (entries < 1 || bytes < 1) {
        throw new IllegalArgumentException("maxApplying entries and bytes must be >= 1");
      }
      this.maxApplyingEntries = entries;
      this.maxApplyingBytes = bytes;
      return this;
    }

    /**
     * Also writes a snapshot once this many bytes of entries were applied since the last one and
     * at least half the last snapshot's size (default {@value #DEFAULT_SNAPSHOT_BYTES}); 0 = by
     * {@code log_size_snapshot_threshold} entries only. A few large transactions then do not
     * stay in the log for a restart to replay, whatever their count.
     */
    public Builder snapshotBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("snapshotBytes must be >= 0");
      }
      this.snapshotBytes = bytes;
      return this;
    }

    /** Test hook: only messages it accepts reach the core (a one-way partition). */
    Builder inboundFilter(Predicate<Message> filter) {
      this.inboundFilter = filter;
      return this;
    }

    /** Test hook: sees every snapshot chunk this node reads to stream to a follower. */
    Builder snapshotReadFilter(FileSnapshotSource.ReadFilter filter) {
      this.snapshotReadFilter = filter;
      return this;
    }

    /**
     * What this server advertises to the others in the transport handshake: an opaque UTF-8
     * string of at most {@value MessageCodec#MAX_INFO_BYTES} bytes (the server puts its Bolt
     * address "ip:port" there); "" = nothing, the default. See {@link RaftNode#peerInfo}.
     *
     * @throws IllegalArgumentException if it is too long or not valid Unicode
     */
    public Builder advertise(String info) {
      MessageCodec.checkInfo(info);
      this.advertisedInfo = info;
      return this;
    }

    /** How reads are confirmed (ReadIndex by default). */
    public Builder readMode(ReadMode mode) {
      this.readMode = mode;
      return this;
    }

    /**
     * Recovers snapshot, hard state and log from the data directory, restores the state machine,
     * binds the transport and starts the threads.
     *
     * @throws IOException if the durable state is unreadable or damaged, or the port cannot be
     *     bound; the message names the file or address
     */
    public RaftNode start() throws IOException {
      Path raftDir = dataDir.resolve("raft");
      Disk.REAL.createDirectories(raftDir); // and syncs the parents: the new directory survives a power loss
      SnapshotStore snapshots = new SnapshotStore(dataDir.resolve("snapshots"), 2);
      SnapshotMeta base = SnapshotMeta.NONE;
      Optional<SnapshotStore.SnapshotFile> latest = snapshots.latest();
      if (latest.isPresent()) {
        try (InputStream in = latest.get().openPayload()) {
          stateMachine.restore(in);
        }
        base = latest.get().meta();
        LOG.info("Server {} restored snapshot {} from {}", id, base, latest.get().path());
      }
      HardStateFile hsf = new HardStateFile(raftDir.resolve("state"));
      boolean hadHardState = Files.exists(hsf.path());
      HardState hs = hsf.load();
      SegmentedLog log = SegmentedLog.open(raftDir, base, logOptions);
      long commit = Math.max(hs.commit(), base.index());
      if (commit > log.lastIndex()) {
        LOG.warn("Server {}: hard-state commit {} is beyond the log's last index {}; using {}", id,
            commit, log.lastIndex(), log.lastIndex());
        commit = log.lastIndex();
      }
      hs = new HardState(hs.term(), hs.vote(), commit);
      try {
        // No durable state at all: a new server, or one whose directory was wiped, which may have
        // voted in the current term before. The marker keeps the guard on across restarts until
        // the guard ended (RaftCore.rejoinGuarded).
        RejoinGuardFile guard = new RejoinGuardFile(raftDir.resolve("rejoin-guard"));
        boolean noState = !hadHardState && latest.isEmpty() && log.lastIndex() == 0;
        boolean guarded = cluster.size() > 1 && (noState || guard.exists());
        if (guarded && !guard.exists()) {
          guard.create();
        } else if (!guarded && guard.exists()) {
          guard.delete(); // a one-member cluster now: nobody to guard against
        }
        if (guarded) {
          LOG.info("Server {} starts under the rejoin guard ({}): it will not campaign or vote for"
              + " a candidate with a non-empty log until it has followed a leader for an election"
              + " timeout", id, noState ? "no durable state" : guard.path() + " exists");
        }
        long baseSize = latest.map(SnapshotStore.SnapshotFile::size).orElse(0L);
        return startWith(snapshots, base, baseSize, hsf, hs, log, guarded ? guard : null);
      } catch (IOException | RuntimeException e) {
        log.close();
        throw e;
      }
    }

    private RaftNode startWith(SnapshotStore snapshots, SnapshotMeta base, long baseSize,
        HardStateFile hsf, HardState hs, SegmentedLog log, RejoinGuardFile guard)
        throws IOException {
      FileSnapshotSource source = new FileSnapshotSource(snapshots, snapshotReadFilter);
      int hb = Math.max(1, Math.round((float) raftConfig.heartbeatInterval() / tickMillis));
      int emin = (int) Math.max(hb + 1,
          (raftConfig.electionTimeoutMin() + tickMillis - 1) / tickMillis);
      int emax = (int) Math.max(emin, raftConfig.electionTimeoutMax() / tickMillis);
      List<Integer> voters = cluster.members().stream().map(Member::id).toList();
      CoreConfig cc = CoreConfig.defaults(id, voters)
          .withTiming(emin, emax, hb)
          .withLiveness(true, true, readMode)
          .withFlowControl(256, 1 << 20, snapshotChunkBytes, 4)
          .withSnapshotThreshold(raftConfig.logSizeSnapshotThreshold())
          .withApplyLimits(maxApplyingEntries, maxApplyingBytes)
          .withSnapshotBytes(snapshotBytes)
          .withRejoinGuard(guard != null);
      RaftCore core = new RaftCore(cc, new DurableStorage(log, hs), source, new SplittableRandom());
      core.snapshotSize(baseSize);
      RaftTransport t = transport;
      if (t == null) {
        Member me = cluster.require(id);
        t = RaftTransport.listen(bindAddress != null ? bindAddress
            : new InetSocketAddress(me.host(), me.port()), transportOptions, transportTls, transportSockets);
      }
      RaftNode node = new RaftNode(this, snapshots, source, log, hsf, hs, core, t, base.index(),
          guard);
      node.raftThread.start();
      node.applyThread.start();
      try {
        t.advertise(advertisedInfo);
        t.onPeerRefused(node::onPeerRefused);
        t.start(cluster, id, node::onMessage);
      } catch (RuntimeException e) {
        node.halt();
        throw e;
      }
      LOG.info("Server {} started: term {}, log [{}, {}], commit {}, tick {} ms, election {}..{}"
          + " ticks, heartbeat {} ticks", id, hs.term(), log.firstIndex(), log.lastIndex(),
          hs.commit(), tickMillis, emin, emax, hb);
      return node;
    }
  }

  // ---------------------------------------------------------------- public API

  /** This server's id. */
  public int id() {
    return id;
  }

  /**
   * Proposes {@code data}. The future completes with the index and the state machine's result once
   * the entry is applied on this node; exceptionally with {@link NotLeaderException} if this node
   * is not the leader (nothing was appended), {@link ProposalLostException} if a new leader
   * replaced the entry, or {@link OutcomeUnknownException} if it was not committed within
   * {@code replication_timeout}, leadership was lost, or the node closed. With more than
   * {@link Builder#maxPendingProposals} proposals in flight it fails at once with
   * {@link RejectedExecutionException} (nothing appended), so an overloaded leader sheds load
   * instead of queueing without bound.
   *
   * <p>The future is completed on the apply thread (or the Raft thread for refusals): dependent
   * actions that do more than hand the result over should use the {@code ...Async} variants.
   */
  public CompletableFuture<ProposalResult> propose(byte[] data) {
    CompletableFuture<ProposalResult> f = new CompletableFuture<>();
    int inFlight = proposalsInFlight.incrementAndGet();
    if (inFlight > maxPendingProposals) {
      proposalsInFlight.decrementAndGet();
      f.completeExceptionally(new RejectedExecutionException("server " + id + " already has "
          + maxPendingProposals + " proposals in flight; nothing was appended, retry later"));
      return f;
    }
    f.whenComplete((r, e) -> proposalsInFlight.decrementAndGet());
    if (track(f) && !submit(() -> doPropose(data, f))) {
      f.completeExceptionally(new NodeShutdownException(id));
    }
    return f;
  }

  /**
   * A linearizable read barrier: completes with the confirmed read index once this node (the
   * leader) has confirmed its leadership with a majority and applied at least that index, so
   * local state read afterwards reflects every write acknowledged before the call. Fails with
   * {@link NotLeaderException} on a follower or if leadership is lost, and with a
   * {@link TimeoutException} after {@code replication_timeout}.
   */
  public CompletableFuture<Long> readIndex() {
    CompletableFuture<Long> f = new CompletableFuture<>();
    if (track(f) && !submit(() -> doReadIndex(f))) {
      f.completeExceptionally(new NodeShutdownException(id));
    }
    return f;
  }

  /**
   * Completes, with the applied index, once this node has applied the entries it appended on
   * becoming leader in {@code term} (the term's no-op): every entry that any earlier leader
   * committed is then applied here. Unlike {@link #readIndex()} it confirms nothing with a
   * majority when called (the no-op's commit did, a moment before): a new leader's readiness
   * needs no further heartbeat round. It may complete after this node lost {@code term} (another
   * entry then takes the index): the caller checks that it still leads {@code term}. Falls back to
   * {@link #readIndex()} when this node did not become leader in {@code term} while running.
   */
  public CompletableFuture<Long> awaitTermStartApplied(long term) {
    TermStart t = termStart;
    if (t == null || t.term() != term) {
      return readIndex();
    }
    return awaitApplied(t.index());
  }

  /**
   * Completes once this node (leader or follower) has applied {@code index}, with an applied
   * index of at least {@code index}: a causal read that carries a bookmark waits here. It does not
   * confirm anything with the leader; it only orders this node's reads after that write.
   */
  public CompletableFuture<Long> awaitApplied(long index) {
    CompletableFuture<Long> f = new CompletableFuture<>();
    if (!track(f)) {
      return f;
    } else if (!running) {
      f.completeExceptionally(new NodeShutdownException(id));
    } else if (appliedIndex >= index) {
      f.complete(appliedIndex);
    } else {
      applyQueue.add(new ServeRead(f, index));
    }
    return f;
  }

  /**
   * What server {@code serverId} advertises ({@link Builder#advertise}): for this server its own
   * info, for a peer the info from the last transport handshake received from it. Empty if
   * nothing was received from that peer yet, it advertised nothing, or it is not a member.
   * Thread-safe.
   */
  public Optional<String> peerInfo(int serverId) {
    if (serverId == id) {
      String own = transport.advertisedInfo();
      return own.isEmpty() ? Optional.empty() : Optional.of(own);
    }
    return transport.peerInfo(serverId);
  }

  /**
   * One entry per other member, sorted by id: on the leader each follower's match index (-1 on
   * other roles) and, on every server, the milliseconds since a message was last received from
   * that member (-1 if none since start). For {@code SHOW RAFT INFO}; thread-safe.
   */
  public List<PeerStatus> peerStatus() {
    Map<Integer, Long> match = matchIndexes;
    long now = System.nanoTime();
    List<PeerStatus> out = new ArrayList<>();
    for (Member m : cluster.members()) {
      if (m.id() == id) {
        continue;
      }
      long at = lastContact.get(m.id());
      long millis = at == NEVER ? -1 : Math.max(0, TimeUnit.NANOSECONDS.toMillis(now - at));
      out.add(new PeerStatus(m.id(), match.getOrDefault(m.id(), -1L), millis));
    }
    out.sort(Comparator.comparingInt(PeerStatus::id));
    return List.copyOf(out);
  }

  /** True while the Raft core is under the rejoin guard (see {@code RaftCore.rejoinGuarded}). */
  boolean rejoinGuarded() {
    return rejoinGuarded;
  }

  /** The cluster this node belongs to (to map {@link #leaderId()} to an address). */
  public CoordinationConfig cluster() {
    return cluster;
  }

  /** The leader's id as this node knows it, 0 if unknown. */
  public int leaderId() {
    return softState.leader();
  }

  /** The current term. */
  public long term() {
    return softState.term();
  }

  /** The current role. */
  public Role role() {
    return softState.role();
  }

  /** True if this node is the leader. */
  public boolean isLeader() {
    return softState.role() == Role.LEADER;
  }

  /**
   * True once {@link #close()} has begun to hand leadership over, and from then on: the node
   * refuses new proposals and will not be the leader for long, whether or not the handover works.
   */
  public boolean handingOver() {
    return handingOver;
  }

  /** True once the node has begun to shut down (after any handover); it answers nothing more. */
  public boolean isClosing() {
    return closing;
  }

  /** The commit index known to this node. */
  public long commitIndex() {
    return commitIndex;
  }

  /** Committed entries handed to the apply thread and not yet applied (bounded by maxApplying). */
  long applyBacklog() {
    return Math.max(0, handedOutIndex - appliedIndex);
  }

  /** The last index applied to the state machine. */
  public long appliedIndex() {
    return appliedIndex;
  }

  /** The length of one core tick. */
  public int tickMillis() {
    return tickMillis;
  }

  /** The rpc port the transport listens on. */
  public int rpcPort() {
    return transport.localPort();
  }

  /** Snapshots received from a leader and installed since start. */
  public long snapshotsInstalled() {
    return snapshotsInstalled.get();
  }

  /** Log fsync batches since start (a metric: compare with the applied index for group commit). */
  public long logSyncs() {
    return logSyncs;
  }

  /** Local snapshots written since start. */
  public long snapshotsWritten() {
    return snapshotsWritten.get();
  }

  /** The error that stopped this node, if any (for example a failed fsync). */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Calls {@code listener} with the new role, term and leader whenever they change. It runs on the
   * Raft thread and must not block.
   */
  public void addRoleListener(Consumer<SoftState> listener) {
    roleListeners.add(listener);
  }

  /**
   * Graceful shutdown: a leader first hands leadership to the connected follower with the highest
   * match index (the lowest id among equals), waiting at most two election timeouts, then the node
   * stops. The chosen follower is told to campaign at once (TimeoutNow) when its log is up to
   * date, so a new leader usually exists within a round trip or two, not an election timeout.
   */
  @Override
  public void close() {
    if (running && isLeader()) {
      Map<Integer, Long> match = matchIndexes;
      int target = cluster.members().stream().map(Member::id)
          .filter(p -> p != id && transport.isConnected(p))
          .sorted(Comparator.comparingLong((Integer p) -> -match.getOrDefault(p, -1L))
              .thenComparing(Comparator.naturalOrder()))
          .findFirst().orElse(0);
      if (target != 0) {
        LOG.info("Server {} hands leadership to server {} (match index {}) before closing", id,
            target, match.getOrDefault(target, -1L));
        handingOver = true;
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        submit(() -> started.complete(core.transferLeadership(target)));
        long deadline = System.nanoTime()
            + TimeUnit.MILLISECONDS.toNanos(2 * raftConfig.electionTimeoutMax());
        while (isLeader() && running && System.nanoTime() < deadline) {
          sleepQuietly(5);
        }
        LOG.info("Server {} {} leadership to server {} before closing", id,
            isLeader() ? "could not hand" : "handed", target);
      }
    }
    shutdown(false);
  }

  /**
   * Stops at once without a leadership transfer and without applying what is queued, as close to a
   * crash as an in-process node gets (for tests and fatal errors).
   */
  public void halt() {
    shutdown(true);
  }

  /**
   * Registers {@code f} so that shutdown completes it; false (and {@code f} failed) if the node is
   * already shutting down. The closing flag is read after the registration and set before the
   * final sweep, so every future is either swept or fails here.
   */
  private boolean track(CompletableFuture<?> f) {
    outstanding.add(f);
    f.whenComplete((r, e) -> outstanding.remove(f));
    if (closing) {
      f.completeExceptionally(new NodeShutdownException(id));
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- Raft thread

  private boolean submit(Runnable task) {
    if (!running) {
      return false;
    }
    inbox.add(task);
    return true;
  }

  /** Test hook: runs {@code task} on the Raft thread (a blocking task simulates a pause). */
  boolean runOnRaftThread(Runnable task) {
    return submit(task);
  }

  private void onMessage(Message m) {
    if (running && inboundFilter.test(m)) {
      if (m.from() > 0 && m.from() < lastContact.length()) {
        lastContact.set(m.from(), System.nanoTime());
      }
      inbox.add(() -> core.step(m));
    }
  }

  /** A connection to {@code peer} was refused: its process is gone (see RaftCore.peerUnreachable). */
  private void onPeerRefused(int peer) {
    if (running) {
      inbox.add(() -> core.peerUnreachable(peer, writingSnapshot));
    }
  }

  private void doPropose(byte[] data, CompletableFuture<ProposalResult> f) {
    ProposeResult r = core.propose(data);
    if (r instanceof ProposeResult.Accepted a) {
      proposals.put(a.index(), new PendingProposal(a.index(), a.term(), f,
          System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(raftConfig.replicationTimeout())));
    } else if (r instanceof ProposeResult.Refused refused) {
      f.completeExceptionally(new NotLeaderException(refused.leader(), refused.reason()));
    }
  }

  private void doReadIndex(CompletableFuture<Long> f) {
    long requestId = ++readSeq;
    reads.put(requestId, new PendingRead(f,
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(raftConfig.replicationTimeout())));
    ReadIndexResult r = core.readIndex(requestId);
    if (r instanceof ReadIndexResult.Refused refused) {
      reads.remove(requestId);
      f.completeExceptionally(new NotLeaderException(refused.leader(), refused.reason()));
    }
  }

  private void runRaft() {
    long tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
    // A lease is measured in the leader's ticks, so under LEASE reads every tick lost to a pause
    // (GC, a slow fsync) must be replayed or the lease would outlive the followers' election
    // timeout in real time. A full election timeout of ticks saturates every timer, so more are
    // never needed. Without leases a small catch-up avoids spurious elections after a pause.
    CoreConfig cc = core.config();
    int maxCatchUpTicks = cc.readMode() == ReadMode.LEASE ? cc.electionTicksMax() + 1 : 3;
    nextTick = System.nanoTime() + tickNanos;
    List<Runnable> batch = new ArrayList<>();
    try {
      while (running) {
        long wait = mayApplyMore() ? 0 : earliest(nextTick) - System.nanoTime();
        Runnable first = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : inbox.poll();
        // Time that passed is accounted for before every input, not after the batch: after a
        // pause (GC, a slow fsync or task) a read must not be served on a lease that expired.
        catchUpTicks(tickNanos, maxCatchUpTicks);
        core.appliedTo(appliedIndex);
        if (first != null) {
          first.run();
          inbox.drainTo(batch, 4096);
          for (Runnable r : batch) {
            catchUpTicks(tickNanos, maxCatchUpTicks);
            r.run();
          }
          batch.clear();
          catchUpTicks(tickNanos, maxCatchUpTicks);
        }
        while (running && core.hasReady()) {
          Ready rd = core.ready();
          handle(rd);
          core.advance(rd);
          snapshotVerdicts.forEach(core::snapshotReceived);
          snapshotVerdicts.clear();
        }
        sendHeldAppends();
        publishStatus();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      fail(t);
    }
  }

  /**
   * Whether committed entries that the apply limits held back may go now, so that the Raft thread
   * must not block. Publishes {@link #applyHeldBack} before it reads {@link #appliedIndex}; the
   * apply thread writes the index before it reads the flag. Of two such pairs of volatile accesses
   * one side always sees the other's write: either the apply thread wakes this thread, or this
   * thread sees the progress here. So the budget never waits for a tick, and a batch applied
   * while nothing is held back costs the Raft thread no wake-up at all.
   */
  private boolean mayApplyMore() {
    boolean held = core.applyHeldBack();
    applyHeldBack = held;
    if (!held) {
      return false;
    }
    core.appliedTo(appliedIndex);
    return !core.applyHeldBack();
  }

  /**
   * Publishes what other threads read of the core (which only this thread may touch). Runs once
   * every Ready was handled, so a guard that ended is on disk before its marker goes.
   */
  private void publishStatus() throws IOException {
    // Match indexes are only shown (SHOW RAFT INFO) and read at close: once per tick is fresh
    // enough, and keeps a map copy off every pass of the Raft loop.
    if (core.role() != Role.LEADER) {
      if (!matchIndexes.isEmpty()) {
        matchIndexes = Map.of();
      }
    } else if (matchPublishedTick != nextTick) {
      matchIndexes = core.followerMatchIndexes();
      matchPublishedTick = nextTick;
    }
    if (guardFile != null && running && !core.rejoinGuarded()) {
      guardFile.delete();
      LOG.info("Server {}: rejoin guard ended in term {}; removed {}", id, core.term(),
          guardFile.path());
      guardFile = null;
      rejoinGuarded = false;
    }
  }

  private void catchUpTicks(long tickNanos, int maxCatchUpTicks) {
    long now = System.nanoTime();
    if (now - nextTick >= 0) {
      for (int n = 0; n < maxCatchUpTicks && now - nextTick >= 0; n++) {
        core.tick();
        nextTick += tickNanos;
      }
      if (now - nextTick >= 0) {
        nextTick = now + tickNanos; // too far behind (GC pause): don't replay lost time
      }
      expire(now);
    }
  }

  private void handle(Ready rd) throws IOException {
    // 1-2: snapshot bytes from the leader, and installation once complete.
    // A damaged or unassemblable transfer is discarded and fetched again (the core tells the
    // leader to start over); it must not stop the node. Disk errors still do.
    for (SnapshotChunk c : rd.snapshotChunks()) {
      if (c.offset() == 0) {
        if (receiver != null) {
          receiver.close();
        }
        receiver = snapshots.receive(c.meta());
      } else if (receiver == null || !receiver.meta().equals(c.meta())
          || receiver.size() != c.offset()) {
        if (!Boolean.FALSE.equals(snapshotVerdicts.get(c.meta()))) {
          LOG.warn("Server {} discards snapshot {} from leader {}: chunk at offset {} does not"
              + " continue the received file (at {}); fetching it again", id, c.meta(),
              softState.leader(), c.offset(), receiver == null ? "none" : receiver.size());
        }
        discardReceiver();
        snapshotVerdicts.put(c.meta(), false);
        continue;
      }
      receiver.write(c.offset(), c.data());
      if (c.last()) {
        Path tmp = receiver.path();
        try {
          verifiedSnapshot = receiver.finish();
          snapshotVerdicts.put(c.meta(), true);
        } catch (CorruptLogException e) {
          LOG.warn("Server {} discards damaged snapshot {} from leader {} ({}): {}; fetching it"
              + " again", id, c.meta(), softState.leader(), tmp, e.getMessage());
          snapshotVerdicts.put(c.meta(), false);
        }
        receiver = null;
      }
    }
    if (rd.snapshotToInstall().isPresent()) {
      SnapshotMeta meta = rd.snapshotToInstall().get();
      if (verifiedSnapshot == null || !verifiedSnapshot.meta().equals(meta)) {
        throw new IllegalStateException("asked to install snapshot " + meta + " not received");
      }
      SnapshotStore.SnapshotFile file = verifiedSnapshot;
      verifiedSnapshot = null;
      snapshotSource.refresh();
      log.reset(meta);
      handedOutIndex = meta.index();
      core.snapshotSize(file.size());
      applyQueue.add(new RestoreSnapshot(file));
      LOG.info("Server {} received snapshot {} ({} bytes); installing", id, meta, file.size());
    } else if (receiver != null && !rd.snapshotChunks().isEmpty()) {
      receiver.sync();
    }
    // A leader may send before its own fsync (Raft thesis 10.2.1): its messages acknowledge
    // nothing of its own, and the core counts the leader's entries only after advance(). Not when
    // the term or vote changes in this Ready, and never for snapshot work.
    boolean early = core.role() == Role.LEADER && rd.snapshotChunks().isEmpty()
        && rd.snapshotToInstall().isEmpty()
        && rd.hardState().map(h -> h.term() == savedHardState.term()
            && h.vote() == savedHardState.vote()).orElse(true);
    if (early) {
      for (Message m : rd.messages()) {
        send(m);
      }
    }
    // 3-5: entries, one fsync for the batch, then the hard state.
    if (!rd.entries().isEmpty()) {
      log.append(rd.entries());
      log.sync();
      logSyncs = log.syncCount();
    }
    if (rd.hardState().isPresent()) {
      persistHardState(rd.hardState().get(), false);
    }
    // 6: only now may anything acknowledge the state above.
    if (!early) {
      for (Message m : rd.messages()) {
        send(m);
      }
    }
    if (rd.softState().isPresent()) {
      onSoftState(rd.softState().get());
    }
    commitIndex = core.commitIndex();
    // 7-9: hand over to the apply thread.
    if (!rd.committedEntries().isEmpty()) {
      handedOutIndex = rd.committedEntries().get(rd.committedEntries().size() - 1).index();
      applyQueue.add(new ApplyEntries(rd.committedEntries()));
    }
    for (ReadState rs : rd.readStates()) {
      PendingRead pr = reads.remove(rs.requestId());
      if (pr != null) {
        applyQueue.add(new ServeRead(pr.future(), rs.index()));
      }
    }
    for (long requestId : rd.abortedReads()) {
      PendingRead pr = reads.remove(requestId);
      if (pr != null) {
        pr.future().completeExceptionally(
            new NotLeaderException(softState.leader(), RefusalReason.NOT_LEADER));
      }
    }
    rd.snapshotRequest().ifPresent(meta -> applyQueue.add(new TakeSnapshot(meta)));
  }

  /**
   * Sends {@code m}, except that an AppendEntries without entries (a leader's new commit index, or
   * a probe) is held for up to {@link Builder#holdEmptyAppends} (1 ms): when the next entries for
   * that follower come sooner, as they do under a steady load, their AppendEntries carries the
   * commit index too and the held one is dropped. Under a closed-loop load the commit index alone
   * would otherwise go out after every batch, costing each follower a wake-up of its transport,
   * Raft and apply threads and an answer: twice the messages per write at one client. Followers
   * learn a commit at most that much later (a read that waits for a bookmark on a follower too).
   * Dropping it is safe: the later message carries a commit index at least as high, and Raft
   * tolerates lost messages anyway.
   */
  private void send(Message m) {
    if (m instanceof Message.AppendEntries a && holdEmptyAppendNanos > 0 && a.to() > 0
        && a.to() < heldAppends.length) {
      if (a.entries().isEmpty()) {
        if (heldAppends[a.to()] == null) {
          heldUntil[a.to()] = System.nanoTime() + holdEmptyAppendNanos;
        }
        heldAppends[a.to()] = a; // the newer carries the higher commit index
        return;
      }
      heldAppends[a.to()] = null;
    }
    transport.send(m);
  }

  /** Sends the held AppendEntries whose time is up (unless leadership changed meanwhile). */
  private void sendHeldAppends() {
    long now = System.nanoTime();
    for (int peer = 0; peer < heldAppends.length; peer++) {
      Message.AppendEntries a = heldAppends[peer];
      if (a != null && now - heldUntil[peer] >= 0) {
        heldAppends[peer] = null;
        if (core.role() == Role.LEADER && core.term() == a.term()) {
          transport.send(a);
        }
      }
    }
  }

  /** The earliest of {@code time} and the times held AppendEntries must go (System.nanoTime()). */
  private long earliest(long time) {
    for (int peer = 0; peer < heldAppends.length; peer++) {
      if (heldAppends[peer] != null && heldUntil[peer] - time < 0) {
        time = heldUntil[peer];
      }
    }
    return time;
  }

  private void discardReceiver() throws IOException {
    if (receiver != null) {
      receiver.close();
      receiver = null;
    }
  }

  private void persistHardState(HardState hs, boolean force) throws IOException {
    boolean termOrVote = hs.term() != savedHardState.term() || hs.vote() != savedHardState.vote();
    long now = System.nanoTime();
    if (termOrVote || force || now - savedHardStateAt >= COMMIT_PERSIST_INTERVAL_NANOS) {
      hardStateFile.save(hs);
      savedHardState = hs;
      savedHardStateAt = now;
    }
  }

  private void onSoftState(SoftState s) {
    SoftState old = softState;
    softState = s;
    if (old.role() == Role.LEADER && (s.role() != Role.LEADER || s.term() != old.term())) {
      // Entries up to the commit index will still be applied here; later ones may or may not be.
      long committed = core.commitIndex();
      for (Iterator<PendingProposal> it = proposals.tailMap(committed, false).values().iterator();
          it.hasNext(); ) {
        PendingProposal p = it.next();
        it.remove();
        p.future().completeExceptionally(new OutcomeUnknownException(
            OutcomeUnknownException.Reason.LEADERSHIP_LOST, p.index(), p.term(),
            "server " + id + " stopped being leader before the entry committed"));
      }
    }
    if (s.role() == Role.LEADER && (old.role() != Role.LEADER || old.term() != s.term())) {
      termStart = new TermStart(s.term(), core.lastIndex());
    }
    if (old.role() != s.role() || old.leader() != s.leader()) {
      LOG.info("Server {}: {} in term {}, leader {}", id, s.role(), s.term(), s.leader());
    }
    for (Consumer<SoftState> l : roleListeners) {
      try {
        l.accept(s);
      } catch (RuntimeException e) {
        LOG.warn("Role listener failed on server {}", id, e);
      }
    }
  }

  /** Fails proposals not committed in time and reads not confirmed in time. */
  private void expire(long now) {
    long committed = core.commitIndex();
    for (Iterator<PendingProposal> it = proposals.tailMap(committed, false).values().iterator();
        it.hasNext(); ) {
      PendingProposal p = it.next();
      if (now - p.deadline() < 0) {
        break; // later proposals were made later
      }
      it.remove();
      p.future().completeExceptionally(new OutcomeUnknownException(
          OutcomeUnknownException.Reason.REPLICATION_TIMEOUT, p.index(), p.term(),
          "not committed within replication_timeout (" + raftConfig.replicationTimeout() + " ms)"));
    }
    for (Iterator<Map.Entry<Long, PendingRead>> it = reads.entrySet().iterator(); it.hasNext(); ) {
      PendingRead r = it.next().getValue();
      if (now - r.deadline() >= 0) {
        it.remove();
        r.future().completeExceptionally(new TimeoutException("read index not confirmed within"
            + " replication_timeout (" + raftConfig.replicationTimeout() + " ms)"));
      }
    }
  }

  /** Runs on the Raft thread after the apply thread wrote a snapshot. */
  private void afterSnapshot(SnapshotStore.SnapshotFile file) {
    try {
      snapshotSource.refresh();
      if (file.meta().index() > log.base().index() && file.meta().index() <= log.lastIndex()) {
        log.compact(file.meta());
      }
      core.snapshotSize(file.size());
      snapshotsWritten.incrementAndGet();
      LOG.info("Server {} wrote snapshot {} and compacted its log to start at {}", id,
          file.meta(), log.firstIndex());
    } catch (IOException e) {
      fail(e);
    }
  }

  // ---------------------------------------------------------------- apply thread

  private void runApply() {
    try {
      while (applyRunning) {
        ApplyTask task = applyQueue.poll(50, TimeUnit.MILLISECONDS);
        if (task == null) {
          continue;
        }
        if (task instanceof ApplyEntries a) {
          applyEntries(a.entries());
          // appliedIndex is written before the flag is read (see mayApplyMore)
          if (applyHeldBack) {
            reportApplied();
          }
        } else if (task instanceof RestoreSnapshot r) {
          try (InputStream in = r.file().openPayload()) {
            stateMachine.restore(in);
          }
          appliedIndex = r.file().meta().index();
          reportApplied();
          snapshotsInstalled.incrementAndGet();
          LOG.info("Server {} installed snapshot {}", id, r.file().meta());
        } else if (task instanceof TakeSnapshot s) {
          writingSnapshot = true;
          try {
            takeSnapshot(s.meta());
          } finally {
            writingSnapshot = false;
          }
        } else if (task instanceof ServeRead r) {
          if (appliedIndex >= r.index()) {
            r.future().complete(r.index());
          } else {
            waitingReads.computeIfAbsent(r.index(), k -> new ArrayList<>()).add(r.future());
          }
        }
        serveReads();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      fail(t);
    }
  }

  private void applyEntries(List<Entry> entries) {
    for (Entry e : entries) {
      if (e.index() <= appliedIndex) {
        continue; // covered by a snapshot installed meanwhile
      }
      byte[] result =
          e.type() == EntryType.NORMAL ? stateMachine.apply(e.index(), e.data()) : EMPTY;
      appliedIndex = e.index();
      PendingProposal p = proposals.remove(e.index());
      if (p != null) {
        if (p.term() == e.term()) {
          p.future().complete(new ProposalResult(e.index(), e.term(), result));
        } else {
          p.future().completeExceptionally(
              new ProposalLostException(p.index(), p.term(), e.term()));
        }
      }
    }
  }

  /**
   * Wakes the Raft thread to tell the core how far the state machine got, freeing apply budget
   * (the Raft thread also reads {@link #appliedIndex} on every pass of its own).
   */
  private void reportApplied() {
    long applied = appliedIndex;
    submit(() -> core.appliedTo(applied));
  }

  private void serveReads() {
    while (!waitingReads.isEmpty() && waitingReads.firstKey() <= appliedIndex) {
      Map.Entry<Long, List<CompletableFuture<Long>>> e = waitingReads.pollFirstEntry();
      for (CompletableFuture<Long> f : e.getValue()) {
        f.complete(e.getKey());
      }
    }
  }

  private void takeSnapshot(SnapshotMeta meta) throws IOException {
    if (appliedIndex != meta.index()) {
      LOG.debug("Server {} skips snapshot {}: applied index is {}", id, meta, appliedIndex);
      return;
    }
    SnapshotWrite running = snapshotWrite;
    if (running != null && running.thread.isAlive()) {
      // The core asks again once as many entries more are applied.
      LOG.info("Server {} skips snapshot {}: snapshot {} is still being written", id, meta,
          running.meta);
      return;
    }
    StateMachine.CapturedSnapshot captured = stateMachine.captureSnapshot(meta.index());
    if (captured != null) {
      SnapshotWrite w = new SnapshotWrite(meta, captured);
      snapshotWrite = w;
      w.thread.start();
      return;
    }
    SnapshotStore.SnapshotFile file;
    try (SnapshotStore.Writer w = snapshots.create(meta)) {
      stateMachine.writeSnapshot(meta.index(), w);
      file = w.commit();
    }
    compactTo(file);
  }

  /** Hands a snapshot just written to the Raft thread, which compacts the log to it. */
  private void compactTo(SnapshotStore.SnapshotFile file) {
    if (!submit(() -> afterSnapshot(file))) {
      LOG.debug("Server {} closed before compacting to snapshot {}", id, file.meta());
    }
  }

  /**
   * A snapshot captured on the apply thread and written on a thread of its own
   * ({@code raft-snapshot-<id>}) while applies go on; then the Raft thread compacts the log to it
   * as after a snapshot written on the apply thread. At shutdown the write is abandoned: the
   * thread is interrupted, the stream it writes to throws, and the unfinished file is deleted
   * (or, if the interrupt closed it first, removed at the next start as any {@code .tmp} file).
   */
  private final class SnapshotWrite {
    final SnapshotMeta meta;
    final StateMachine.CapturedSnapshot captured;
    final Thread thread;
    volatile boolean abandoned;

    SnapshotWrite(SnapshotMeta meta, StateMachine.CapturedSnapshot captured) {
      this.meta = meta;
      this.captured = captured;
      this.thread = new Thread(this::run, "raft-snapshot-" + id);
      this.thread.setDaemon(true);
    }

    private void run() {
      long start = System.nanoTime();
      SnapshotStore.SnapshotFile file;
      try (captured; SnapshotStore.Writer w = snapshots.create(meta)) {
        captured.writeTo(new FilterOutputStream(w) {
          @Override
          public void write(int b) throws IOException {
            checkNotAbandoned();
            out.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            checkNotAbandoned();
            out.write(b, off, len);
          }
        });
        checkNotAbandoned();
        file = w.commit();
      } catch (IOException e) {
        if (abandoned) {
          LOG.info("Server {} abandoned writing snapshot {}: it is closing", id, meta);
        } else {
          fail(e);
        }
        return;
      } catch (Throwable t) {
        fail(t);
        return;
      }
      LOG.debug("Server {} wrote snapshot {} beside its applies in {} ms", id, meta,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      compactTo(file);
    }

    private void checkNotAbandoned() throws IOException {
      if (abandoned) {
        throw new InterruptedIOException("server " + id + " is closing");
      }
    }
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Fail-stop: a node that cannot write its disk or apply an entry must not keep talking to its
   * peers. Closing happens on another thread because it joins the failing one.
   */
  private void fail(Throwable t) {
    synchronized (this) {
      if (failure != null) {
        return;
      }
      failure = t;
    }
    LOG.error("Server {} stops after a fatal error", id, t);
    Thread stopper = new Thread(() -> shutdown(true), "raft-failstop-" + id);
    stopper.setDaemon(true);
    stopper.start();
  }

  private synchronized void shutdown(boolean immediate) {
    if (shutDown) {
      return;
    }
    shutDown = true;
    closing = true;
    boolean wasRunning = running;
    running = false;
    transport.close();
    inbox.add(() -> { });
    joinQuietly(raftThread);
    if (!immediate && wasRunning) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!applyQueue.isEmpty() && applyThread.isAlive() && System.nanoTime() < deadline) {
        sleepQuietly(2);
      }
    }
    applyRunning = false;
    joinQuietly(applyThread);
    SnapshotWrite w = snapshotWrite;
    if (w != null) {
      w.abandoned = true;
      w.thread.interrupt();
      joinQuietly(w.thread);
    }
    try {
      if (receiver != null) {
        receiver.close();
      }
      if (wasRunning && failure == null && !immediate && !raftThread.isAlive()) {
        // Term and vote are always current on disk; bring the lazily saved commit index up to date.
        long commit = Math.min(core.commitIndex(), log.durableIndex());
        if (commit > savedHardState.commit()) {
          persistHardState(
              new HardState(savedHardState.term(), savedHardState.vote(), commit), true);
        }
      }
      log.close();
    } catch (IOException e) {
      LOG.warn("Server {}: error while closing its log", id, e);
    }
    for (PendingProposal p : proposals.values()) {
      p.future().completeExceptionally(new OutcomeUnknownException(
          OutcomeUnknownException.Reason.SHUTDOWN, p.index(), p.term(), "server " + id
              + " is shutting down before the entry was applied"));
    }
    proposals.clear();
    for (PendingRead r : reads.values()) {
      r.future().completeExceptionally(new NodeShutdownException(id));
    }
    reads.clear();
    ApplyTask left;
    while ((left = applyQueue.poll()) != null) {
      if (left instanceof ServeRead r) {
        r.future().completeExceptionally(new NodeShutdownException(id));
      }
    }
    for (List<CompletableFuture<Long>> l : waitingReads.values()) {
      l.forEach(f -> f.completeExceptionally(new NodeShutdownException(id)));
    }
    waitingReads.clear();
    Runnable r;
    while ((r = inbox.poll()) != null) {
      LOG.trace("Dropping task {} at shutdown", r);
    }
    // Proposals and reads still in the inbox, awaitApplied calls that raced with the drains above:
    // whatever is left never reached the log or will never be served.
    for (CompletableFuture<?> f : List.copyOf(outstanding)) {
      f.completeExceptionally(new NodeShutdownException(id));
    }
    if (wasRunning) {
      LOG.info("Server {} closed", id);
    }
  }

  private static void joinQuietly(Thread t) {
    if (t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "RaftNode{id=" + id + ", " + softState + ", commit=" + commitIndex + ", applied="
        + appliedIndex + "}";
  }

  private record TermStart(long term, long index) {
  }
}
