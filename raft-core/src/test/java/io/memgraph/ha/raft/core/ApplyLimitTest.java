package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure from a slow state machine: committed entries handed out for applying are bounded
 * by {@link CoreConfig#maxApplyingEntries()} / {@link CoreConfig#maxApplyingBytes()}; the rest
 * stay committed in the log until the driver reports progress with {@link RaftCore#appliedTo}.
 */
class ApplyLimitTest {

  /** A one-node leader with {@code n} committed entries of {@code size} bytes, none handed out. */
  private static RaftCore leaderWithCommitted(MemoryStorage disk, CoreConfig cfg, int n,
      int size) {
    RaftCore c = new RaftCore(cfg, disk, TestSnapshots.NONE, new SplittableRandom(1));
    for (int i = 0; i < 20 && c.role() != Role.LEADER; i++) {
      c.tick();
    }
    assertThat(c.role()).isEqualTo(Role.LEADER);
    for (int i = 0; i < n; i++) {
      c.propose(new byte[size]);
    }
    return c;
  }

  /** Handles Readies until none is left; returns the committed entries handed out. */
  private static List<Entry> drain(RaftCore c, MemoryStorage disk) {
    List<Entry> handed = new ArrayList<>();
    while (c.hasReady()) {
      Ready rd = c.ready();
      disk.append(rd.entries());
      rd.hardState().ifPresent(disk::setHardState);
      handed.addAll(rd.committedEntries());
      c.advance(rd);
    }
    return handed;
  }

  @Test
  @DisplayName("apply limit: at most maxApplyingEntries are handed out until appliedTo; the rest"
      + " follow, in order, as the application reports progress")
  void entriesBeyondTheLimitWaitForAppliedTo() {
    MemoryStorage disk = new MemoryStorage();
    CoreConfig cfg = CoreConfig.defaults(1, List.of(1)).withTiming(10, 20, 2)
        .withApplyLimits(8, 0);
    RaftCore c = leaderWithCommitted(disk, cfg, 30, 10);
    List<Entry> first = drain(c, disk);
    assertThat(c.commitIndex()).isEqualTo(31); // the no-op and 30 proposals
    assertThat(first).hasSize(8);
    assertThat(c.applyingEntries()).isEqualTo(8);
    assertThat(c.hasReady()).isFalse();

    List<Long> all = new ArrayList<>(first.stream().map(Entry::index).toList());
    c.appliedTo(5); // partial progress frees 5 slots
    List<Entry> second = drain(c, disk);
    assertThat(second).hasSize(5);
    all.addAll(second.stream().map(Entry::index).toList());
    for (int round = 0; round < 10 && all.size() < 31; round++) {
      c.appliedTo(all.get(all.size() - 1));
      List<Entry> more = drain(c, disk);
      assertThat(more.size()).isBetween(1, 8);
      all.addAll(more.stream().map(Entry::index).toList());
    }
    assertThat(all).containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(1, 31).boxed().toList());
  }

  @Test
  @DisplayName("apply limit: maxApplyingBytes bounds the bytes handed out (one entry always"
      + " allowed)")
  void bytesLimit() {
    MemoryStorage disk = new MemoryStorage();
    CoreConfig cfg = CoreConfig.defaults(1, List.of(1)).withTiming(10, 20, 2)
        .withApplyLimits(0, 1000);
    RaftCore c = leaderWithCommitted(disk, cfg, 20, 300);
    List<Entry> first = drain(c, disk);
    long bytes = first.stream().mapToLong(Entry::sizeBytes).sum();
    assertThat(first).isNotEmpty().hasSizeLessThan(21);
    assertThat(bytes - first.get(first.size() - 1).sizeBytes()).isLessThan(1000);
    assertThat(c.hasReady()).isFalse();
    c.appliedTo(first.get(first.size() - 1).index());
    assertThat(drain(c, disk)).isNotEmpty();
  }

  @Test
  @DisplayName("apply limit: without limits every committed entry is handed out at once and no"
      + " report is needed")
  void noLimitByDefault() {
    MemoryStorage disk = new MemoryStorage();
    RaftCore c = leaderWithCommitted(disk,
        CoreConfig.defaults(1, List.of(1)).withTiming(10, 20, 2), 30, 10);
    Ready rd = c.ready();
    disk.append(rd.entries());
    c.advance(rd); // the entries are durable: all 31 commit
    assertThat(c.ready().committedEntries()).as("in one Ready").hasSize(31);
  }

  @Test
  @DisplayName("apply limit: handing out stops once the bytes handed out reach maxApplyingBytes"
      + " exactly; a Ready's bytes are released only when its last entry is reported applied")
  void bytesReleasedPerReadyWhenItsLastEntryIsApplied() {
    MemoryStorage disk = new MemoryStorage();
    // The no-op is 21 bytes, each proposal 50: the limit is the no-op and one proposal.
    long noop = Entry.OVERHEAD_BYTES;
    long entry = Entry.OVERHEAD_BYTES + 29;
    CoreConfig cfg = CoreConfig.defaults(1, List.of(1)).withTiming(10, 20, 2)
        .withApplyLimits(0, noop + entry);
    RaftCore c = leaderWithCommitted(disk, cfg, 4, 29);
    assertThat(drain(c, disk)).extracting(Entry::index).containsExactly(1L, 2L);
    c.appliedTo(1); // part of that Ready: its bytes still count
    assertThat(c.hasReady()).isFalse();
    c.appliedTo(2);
    // 50 bytes are below the limit, so one more entry goes although it overshoots (one entry is
    // always allowed); then the limit is reached.
    assertThat(drain(c, disk)).extracting(Entry::index).containsExactly(3L, 4L);
    assertThat(c.hasReady()).isFalse();
    c.appliedTo(4);
    assertThat(drain(c, disk)).extracting(Entry::index).containsExactly(5L);
  }

  @Test
  @DisplayName("apply limit: with both limits the tighter one applies; an entry count already"
      + " reached hands out nothing even with bytes to spare")
  void entryCountLimitWithBytesToSpare() {
    MemoryStorage disk = new MemoryStorage();
    CoreConfig cfg = CoreConfig.defaults(1, List.of(1)).withTiming(10, 20, 2)
        .withApplyLimits(2, 1 << 20);
    RaftCore c = leaderWithCommitted(disk, cfg, 4, 10);
    assertThat(drain(c, disk)).extracting(Entry::index).containsExactly(1L, 2L);
    assertThat(c.applyingEntries()).isEqualTo(2);
    c.appliedTo(1);
    assertThat(c.applyingEntries()).isEqualTo(1);
    assertThat(drain(c, disk)).extracting(Entry::index).containsExactly(3L);
    c.appliedTo(3);
    assertThat(c.applyingEntries()).isZero();
    assertThat(drain(c, disk)).extracting(Entry::index).containsExactly(4L, 5L);
  }
}
