package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The byte trigger for snapshots ({@link CoreConfig#snapshotBytes()}): a few large entries are
 * snapshotted long before the entry-count threshold, but not more often than every half of the
 * last snapshot's size.
 */
class SnapshotBytesTest {

  private static final int ENTRY = 1000 - (int) Entry.noop(1, 1).sizeBytes();

  /** A one-node leader whose applied no-op is behind it. */
  private static RaftCore leader(MemoryStorage disk, CoreConfig cfg) {
    RaftCore c = new RaftCore(cfg, disk, TestSnapshots.NONE, new SplittableRandom(1));
    for (int i = 0; i < 20 && c.role() != Role.LEADER; i++) {
      c.tick();
    }
    assertThat(c.role()).isEqualTo(Role.LEADER);
    drain(c, disk, new ArrayList<>());
    return c;
  }

  /** Handles Readies until none is left, adding the index of each snapshot asked for. */
  private static void drain(RaftCore c, MemoryStorage disk, List<Long> requests) {
    while (c.hasReady()) {
      Ready rd = c.ready();
      disk.append(rd.entries());
      rd.hardState().ifPresent(disk::setHardState);
      rd.snapshotRequest().ifPresent(m -> requests.add(m.index()));
      c.advance(rd);
    }
  }

  /** Proposes {@code n} entries of 1,000 bytes each (with overhead), one Ready each. */
  private static List<Long> proposeOneByOne(RaftCore c, MemoryStorage disk, int n) {
    List<Long> requests = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      c.propose(new byte[ENTRY]);
      drain(c, disk, requests);
    }
    return requests;
  }

  private static CoreConfig config(long entries, long bytes) {
    return CoreConfig.defaults(1, List.of(1)).withTiming(10, 20, 2)
        .withSnapshotThreshold(entries).withSnapshotBytes(bytes);
  }

  @Test
  @DisplayName("snapshot bytes: a snapshot is asked for after every 10,000 entry bytes, long before"
      + " the 1,000-entry threshold")
  void largeEntriesAreSnapshottedByBytes() {
    MemoryStorage disk = new MemoryStorage();
    RaftCore c = leader(disk, config(1000, 10_000));
    // The no-op (index 1) counts a few bytes; entries 2..11 bring the total past 10,000.
    assertThat(proposeOneByOne(c, disk, 35)).containsExactly(11L, 21L, 31L);
  }

  @Test
  @DisplayName("snapshot bytes: after a snapshot of 40,000 bytes the next waits for 20,000 entry"
      + " bytes, not 10,000")
  void aLargeSnapshotWaitsForHalfItsSizeOfLog() {
    MemoryStorage disk = new MemoryStorage();
    RaftCore c = leader(disk, config(1000, 10_000));
    c.snapshotSize(40_000);
    assertThat(proposeOneByOne(c, disk, 45)).containsExactly(21L, 41L);
  }

  @Test
  @DisplayName("snapshot bytes: 0 leaves the entry count alone in charge, and -1 entries turns"
      + " both off")
  void offByZeroBytesOrNeverEntries() {
    MemoryStorage disk = new MemoryStorage();
    RaftCore byCount = leader(disk, config(20, 0));
    assertThat(proposeOneByOne(byCount, disk, 45)).containsExactly(20L, 40L);

    MemoryStorage other = new MemoryStorage();
    RaftCore never = leader(other, config(-1, 10_000));
    assertThat(proposeOneByOne(never, other, 45)).isEmpty();
  }
}
