package io.memgraph.ha.raft.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * A synchronous in-memory cluster for unit tests (like etcd's test network): each node's Ready is
 * persisted to a {@link MemoryStorage} at once and its messages are queued; {@link #deliver()}
 * delivers queued messages until none are left, dropping those a filter rejects.
 */
final class TestCluster {

  final Map<Integer, RaftCore> cores = new HashMap<>();
  final Map<Integer, MemoryStorage> disks = new HashMap<>();
  final Map<Integer, List<Entry>> applied = new HashMap<>();
  final Map<Integer, List<ReadState>> reads = new HashMap<>();
  final Map<Integer, List<Long>> aborted = new HashMap<>();
  final Map<Integer, byte[]> snapshots = new HashMap<>();
  final Map<Integer, SnapshotMeta> snapshotMetas = new HashMap<>();
  final Map<Integer, java.io.ByteArrayOutputStream> incoming = new HashMap<>();
  final List<Message> delivered = new ArrayList<>();
  private final ArrayDeque<Message> queue = new ArrayDeque<>();
  private final Set<Integer> isolated = new HashSet<>();
  private Predicate<Message> drop = m -> false;
  /** The driver's check of an assembled snapshot (its checksum in a real driver). */
  java.util.function.BiPredicate<Integer, byte[]> snapshotIntact = (id, bytes) -> true;
  private final Map<Integer, byte[]> verified = new HashMap<>();
  final CoreConfig base;

  TestCluster(int n) {
    this(CoreConfig.defaults(1, IntStream.rangeClosed(1, n).boxed().toList())
        .withTiming(10, 20, 2).withLiveness(false, false, ReadMode.SAFE));
  }

  TestCluster(CoreConfig base) {
    this.base = base;
    for (int id : base.voters()) {
      disks.put(id, new MemoryStorage());
      snapshots.put(id, new byte[0]);
      snapshotMetas.put(id, SnapshotMeta.NONE);
      start(id);
    }
  }

  static CoreConfig withId(CoreConfig c, int id) {
    return c.withId(id);
  }

  /** (Re)starts node {@code id} from its disk; volatile state is lost. */
  RaftCore start(int id) {
    return start(id, base);
  }

  /** (Re)starts node {@code id} from its disk with settings {@code cfg} (its id is replaced). */
  RaftCore start(int id, CoreConfig cfg) {
    RaftCore core = new RaftCore(withId(cfg, id), disks.get(id), source(id),
        new SplittableRandom(id * 7919L));
    cores.put(id, core);
    applied.put(id, new ArrayList<>());
    reads.put(id, new ArrayList<>());
    aborted.put(id, new ArrayList<>());
    incoming.put(id, new java.io.ByteArrayOutputStream());
    return core;
  }

  private SnapshotSource source(int id) {
    return new SnapshotSource() {
      @Override
      public Optional<Long> size(SnapshotMeta meta) {
        return meta.equals(snapshotMetas.get(id))
            ? Optional.of((long) snapshots.get(id).length) : Optional.empty();
      }

      @Override
      public Optional<byte[]> read(SnapshotMeta meta, long offset, int maxBytes) {
        if (!meta.equals(snapshotMetas.get(id))) {
          return Optional.empty();
        }
        byte[] all = snapshots.get(id);
        return Optional.of(Arrays.copyOfRange(all, (int) offset,
            (int) Math.min(all.length, offset + maxBytes)));
      }
    };
  }

  RaftCore core(int id) {
    return cores.get(id);
  }

  /** Handles every pending Ready of every node (persist, queue messages, apply, advance). */
  void flush() {
    boolean any = true;
    while (any) {
      any = false;
      for (int id : base.voters()) {
        RaftCore c = cores.get(id);
        while (c.hasReady()) {
          any = true;
          handle(id, c.ready());
        }
      }
    }
  }

  /** Handles one Ready of node {@code id} exactly as a driver must. */
  void handle(int id, Ready rd) {
    MemoryStorage disk = disks.get(id);
    Map<SnapshotMeta, Boolean> verdicts = new java.util.LinkedHashMap<>();
    for (SnapshotChunk c : rd.snapshotChunks()) {
      if (c.offset() == 0) {
        incoming.get(id).reset();
      }
      incoming.get(id).writeBytes(c.data());
      if (c.last()) {
        byte[] bytes = incoming.get(id).toByteArray();
        boolean ok = snapshotIntact.test(id, bytes);
        if (ok) {
          verified.put(id, bytes);
        }
        verdicts.put(c.meta(), ok);
      }
    }
    rd.snapshotToInstall().ifPresent(meta -> {
      snapshots.put(id, verified.remove(id));
      snapshotMetas.put(id, meta);
      disk.applySnapshot(meta);
    });
    disk.append(rd.entries());
    rd.hardState().ifPresent(disk::setHardState);
    queue.addAll(rd.messages());
    applied.get(id).addAll(rd.committedEntries());
    reads.get(id).addAll(rd.readStates());
    aborted.get(id).addAll(rd.abortedReads());
    rd.snapshotRequest().ifPresent(meta -> compact(id, meta));
    cores.get(id).advance(rd);
    verdicts.forEach((meta, ok) -> cores.get(id).snapshotReceived(meta, ok));
  }

  /** The application of node {@code id} writes a snapshot at {@code meta} and compacts. */
  void compact(int id, SnapshotMeta meta) {
    byte[] bytes = new byte[1000];
    Arrays.fill(bytes, (byte) meta.index());
    snapshots.put(id, bytes);
    snapshotMetas.put(id, meta);
    disks.get(id).compact(meta);
  }

  /** Flushes and delivers messages until the cluster is quiet; returns messages delivered. */
  int deliver() {
    int count = 0;
    flush();
    while (!queue.isEmpty()) {
      Message m = queue.poll();
      if (isolated.contains(m.from()) || isolated.contains(m.to()) || drop.test(m)) {
        continue;
      }
      delivered.add(m);
      cores.get(m.to()).step(m);
      if (++count > 100_000) {
        throw new AssertionError("message storm: more than 100,000 messages without quiet, last "
            + m);
      }
      flush();
    }
    return count;
  }

  /** Takes the queued messages without delivering them. */
  List<Message> takeQueued() {
    flush();
    List<Message> out = new ArrayList<>(queue);
    queue.clear();
    return out;
  }

  /** The queued messages, left queued. */
  List<Message> peekQueued() {
    flush();
    return new ArrayList<>(queue);
  }

  void isolate(int id) {
    isolated.add(id);
  }

  void heal() {
    isolated.clear();
    drop = m -> false;
  }

  void dropIf(Predicate<Message> p) {
    drop = p;
  }

  /** Ticks {@code id} until it starts campaigning, then delivers until quiet. */
  void elect(int id) {
    RaftCore c = cores.get(id);
    long term = c.term();
    for (int i = 0; i < base.electionTicksMax() + 1 && c.role() == Role.FOLLOWER; i++) {
      c.tick();
    }
    deliver();
    if (c.role() != Role.LEADER) {
      throw new AssertionError("node " + id + " did not win (term " + term + " -> " + c.term()
          + ", role " + c.role() + ")");
    }
  }

  /** Ticks every node {@code n} times, delivering after each round. */
  void tickAll(int n) {
    for (int i = 0; i < n; i++) {
      for (int id : base.voters()) {
        cores.get(id).tick();
      }
      deliver();
    }
  }

  ProposeResult propose(int id, String data) {
    ProposeResult r = cores.get(id).propose(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    deliver();
    return r;
  }

  /** Application payloads applied on node {@code id}, no-ops left out. */
  List<String> appliedData(int id) {
    return applied.get(id).stream().filter(e -> e.type() == EntryType.NORMAL)
        .map(e -> new String(e.data(), java.nio.charset.StandardCharsets.UTF_8)).toList();
  }

  /** Terms of node {@code id}'s log from the first to the last index (-1 = compacted). */
  List<Long> logTerms(int id) {
    RaftCore c = cores.get(id);
    List<Long> out = new ArrayList<>();
    for (long i = 1; i <= c.lastIndex(); i++) {
      out.add(c.termAt(i));
    }
    return out;
  }

  /**
   * Restarts node {@code id} with an empty disk, as after its durability directory was wiped,
   * with the rejoin guard on or off.
   */
  RaftCore wipe(int id, boolean guard) {
    disks.put(id, new MemoryStorage());
    snapshots.put(id, new byte[0]);
    snapshotMetas.put(id, SnapshotMeta.NONE);
    return start(id, base.withRejoinGuard(guard));
  }

  /** Presets node {@code id}'s durable log and hard state, then restarts it. */
  void preset(int id, HardState hs, long... terms) {
    MemoryStorage disk = new MemoryStorage();
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) {
      entries.add(new Entry(terms[i], i + 1, EntryType.NORMAL, new byte[] {(byte) i}));
    }
    disk.append(entries);
    disk.setHardState(hs);
    disks.put(id, disk);
    start(id);
  }
}
