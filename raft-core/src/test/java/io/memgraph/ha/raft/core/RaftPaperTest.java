package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Message.AppendEntries;
import io.memgraph.ha.raft.core.Message.AppendEntriesResponse;
import io.memgraph.ha.raft.core.Message.RequestVote;
import io.memgraph.ha.raft.core.Message.RequestVoteResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Tests that follow the Raft paper (Ongaro and Ousterhout, 2014) section by section. */
class RaftPaperTest {

  private static CoreConfig config(int id, int n) {
    return CoreConfig.defaults(id, java.util.stream.IntStream.rangeClosed(1, n).boxed().toList())
        .withTiming(10, 20, 2).withLiveness(false, false, ReadMode.SAFE);
  }

  private static RaftCore node(int id, int n, MemoryStorage storage) {
    return new RaftCore(config(id, n), storage, TestSnapshots.NONE, new SplittableRandom(id));
  }

  private static List<Message> drain(RaftCore c) {
    Ready rd = c.ready();
    c.advance(rd);
    return rd.messages();
  }

  /** A candidate of term 1 among {@code n} voters (pre-vote off), its RequestVotes handled. */
  private static RaftCore candidate(int n) {
    RaftCore c = node(1, n, new MemoryStorage());
    while (c.role() != Role.CANDIDATE) {
      c.tick();
    }
    drain(c);
    return c;
  }

  // ---- 5.1 / 5.2 Leader election ------------------------------------------------------------

  @Test
  @DisplayName("5.2 a follower that hears nothing for an election timeout becomes candidate:"
      + " term+1, votes for itself, asks everyone")
  void followerTimesOutAndCampaigns() {
    RaftCore c = node(1, 3, new MemoryStorage());
    int ticks = 0;
    while (c.role() == Role.FOLLOWER) {
      c.tick();
      ticks++;
    }
    assertThat(ticks).isBetween(10, 20);
    assertThat(c.role()).isEqualTo(Role.CANDIDATE);
    assertThat(c.term()).isEqualTo(1);
    Ready rd = c.ready();
    assertThat(rd.hardState()).contains(new HardState(1, 1, 0));
    assertThat(rd.messages()).containsExactlyInAnyOrder(
        new RequestVote(1, 2, 1, 0, 0, false), new RequestVote(1, 3, 1, 0, 0, false));
  }

  @Test
  @DisplayName("5.2 randomized election timeouts fall in [min, max] and differ between nodes")
  void randomizedTimeouts() {
    Set<Integer> seen = new HashSet<>();
    for (int seed = 0; seed < 50; seed++) {
      RaftCore c = new RaftCore(config(1, 3), new MemoryStorage(), TestSnapshots.NONE,
          new SplittableRandom(seed));
      int ticks = 0;
      while (c.role() == Role.FOLLOWER) {
        c.tick();
        ticks++;
      }
      assertThat(ticks).isBetween(10, 20);
      seen.add(ticks);
    }
    assertThat(seen.size()).as("distinct timeouts over 50 seeds").isGreaterThan(5);
  }

  @Test
  @DisplayName("5.2 a candidate that receives votes from a majority becomes leader and appends a"
      + " no-op")
  void candidateWinsWithMajority() {
    TestCluster cl = new TestCluster(3);
    cl.isolate(3);
    cl.elect(1);
    RaftCore leader = cl.core(1);
    assertThat(leader.role()).isEqualTo(Role.LEADER);
    assertThat(leader.term()).isEqualTo(1);
    assertThat(cl.core(2).leader()).isEqualTo(1);
    assertThat(cl.applied.get(1)).singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(EntryType.NOOP));
  }

  @Test
  @DisplayName("5.2 election safety: a node grants at most one vote per term, and its vote"
      + " survives a restart")
  void oneVotePerTerm() {
    MemoryStorage disk = new MemoryStorage();
    RaftCore voter = node(3, 3, disk);
    voter.step(new RequestVote(1, 3, 5, 0, 0, false));
    Ready rd = voter.ready();
    disk.setHardState(rd.hardState().orElseThrow());
    voter.advance(rd);
    assertThat(rd.messages()).containsExactly(new RequestVoteResponse(3, 1, 5, true));

    voter.step(new RequestVote(2, 3, 5, 0, 0, false));
    assertThat(drain(voter)).containsExactly(new RequestVoteResponse(3, 2, 5, false));

    RaftCore restarted = node(3, 3, disk);
    restarted.step(new RequestVote(2, 3, 5, 0, 0, false));
    assertThat(drain(restarted)).containsExactly(new RequestVoteResponse(3, 2, 5, false));
    restarted.step(new RequestVote(1, 3, 5, 0, 0, false));
    assertThat(drain(restarted)).containsExactly(new RequestVoteResponse(3, 1, 5, true));
  }

  @Test
  @DisplayName("5.2 a candidate steps down when it hears from a leader of its term or sees a higher"
      + " term")
  void candidateStepsDown() {
    RaftCore c = candidate(3);
    c.step(new AppendEntries(2, 1, 1, 0, 0, List.of(), 0));
    assertThat(c.role()).isEqualTo(Role.FOLLOWER);
    assertThat(c.leader()).isEqualTo(2);
    assertThat(c.term()).isEqualTo(1);

    RaftCore d = candidate(3);
    d.step(new RequestVoteResponse(3, 1, 7, false));
    assertThat(d.role()).isEqualTo(Role.FOLLOWER);
    assertThat(d.term()).isEqualTo(7);
  }

  @Test
  @DisplayName("5.2 a vote granted in an earlier term does not count in the candidate's current"
      + " election")
  void staleVoteResponsesAreNotCounted() {
    RaftCore c = candidate(5);
    // nobody answers in term 1: it times out and campaigns again in term 2
    for (int i = 0; i < 100 && c.term() == 1; i++) {
      c.tick();
    }
    assertThat(c.role()).isEqualTo(Role.CANDIDATE);
    assertThat(c.term()).isEqualTo(2);
    drain(c);
    // grants for term 1 arrive late: two of them and its own vote would be a majority of five
    c.step(new RequestVoteResponse(2, 1, 1, true));
    c.step(new RequestVoteResponse(3, 1, 1, true));
    assertThat(c.role()).as("after two stale grants").isEqualTo(Role.CANDIDATE);
    assertThat(drain(c)).as("a stale response is dropped without an answer").isEmpty();
    // the same nodes' grants for term 2 do win it
    c.step(new RequestVoteResponse(2, 1, 2, true));
    assertThat(c.role()).isEqualTo(Role.CANDIDATE);
    c.step(new RequestVoteResponse(3, 1, 2, true));
    assertThat(c.role()).isEqualTo(Role.LEADER);
    assertThat(c.term()).isEqualTo(2);
  }

  @Test
  @DisplayName("5.2 split vote: no candidate gets a majority, a new election with a higher term"
      + " resolves it")
  void splitVote() {
    TestCluster cl = new TestCluster(4);
    // 1 and 2 campaign in term 1 at the same time; 3 votes for 1 and 4 for 2: two votes each.
    RaftCore one = cl.core(1);
    RaftCore two = cl.core(2);
    while (one.role() == Role.FOLLOWER) {
      one.tick();
    }
    while (two.role() == Role.FOLLOWER) {
      two.tick();
    }
    cl.dropIf(m -> m instanceof RequestVote rv
        && ((rv.from() == 1 && rv.to() == 4) || (rv.from() == 2 && rv.to() == 3)));
    cl.deliver();
    assertThat(one.role()).isEqualTo(Role.CANDIDATE);
    assertThat(two.role()).isEqualTo(Role.CANDIDATE);
    assertThat(one.term()).isEqualTo(1);
    cl.heal();
    // Ticking everyone: someone times out first (randomized), wins term 2 or later.
    for (int i = 0; i < 100 && cl.cores.values().stream().noneMatch(c -> c.role() == Role.LEADER);
        i++) {
      cl.tickAll(1);
    }
    RaftCore leader = cl.cores.values().stream().filter(c -> c.role() == Role.LEADER)
        .findFirst().orElseThrow();
    assertThat(leader.term()).isGreaterThanOrEqualTo(2);
  }

  // ---- 5.3 Log replication ------------------------------------------------------------------

  @Test
  @DisplayName("5.3 the leader replicates a proposal; it is committed once a majority stores it and"
      + " then applied everywhere")
  void replicateAndCommit() {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    cl.isolate(3);
    ProposeResult r = cl.propose(1, "x");
    assertThat(r).isEqualTo(new ProposeResult.Accepted(2, 1));
    assertThat(cl.core(1).commitIndex()).isEqualTo(2);
    assertThat(cl.appliedData(1)).containsExactly("x");
    cl.tickAll(2); // a heartbeat carries the new commit index to the follower
    assertThat(cl.appliedData(2)).containsExactly("x");
    assertThat(cl.appliedData(3)).isEmpty();
    cl.heal();
    cl.tickAll(4);
    assertThat(cl.appliedData(3)).containsExactly("x");
  }

  @Test
  @DisplayName("5.3 no commit without a majority: a leader alone cannot commit")
  void noCommitWithoutMajority() {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    long commit = cl.core(1).commitIndex();
    cl.isolate(2);
    cl.isolate(3);
    cl.propose(1, "lost?");
    cl.tickAll(3);
    assertThat(cl.core(1).commitIndex()).isEqualTo(commit);
    assertThat(cl.appliedData(1)).isEmpty();
  }

  @Test
  @DisplayName("5.3 consistency check: a follower rejects AppendEntries whose previous entry it"
      + " does not have")
  void consistencyCheck() {
    MemoryStorage disk = new MemoryStorage();
    disk.append(List.of(new Entry(1, 1, EntryType.NORMAL, new byte[0])));
    RaftCore f = node(2, 3, disk);
    f.step(new AppendEntries(1, 2, 2, 1, 2, List.of(new Entry(2, 2, EntryType.NORMAL,
        new byte[0])), 0));
    AppendEntriesResponse r = (AppendEntriesResponse) drain(f).get(0);
    assertThat(r.success()).isFalse();
    assertThat(r.rejectedIndex()).isEqualTo(1);
    assertThat(f.lastIndex()).isEqualTo(1);

    f.step(new AppendEntries(1, 2, 2, 1, 1, List.of(new Entry(2, 2, EntryType.NORMAL,
        new byte[0])), 0));
    r = (AppendEntriesResponse) drain(f).get(0);
    assertThat(r.success()).isTrue();
    assertThat(r.matchIndex()).isEqualTo(2);
  }

  @Test
  @DisplayName("5.3 conflicting uncommitted entries on a follower are overwritten by the leader's")
  void conflictingEntriesOverwritten() {
    TestCluster cl = new TestCluster(3);
    // Node 3 has stale entries from term 1 that never committed; 1 and 2 moved on in term 2.
    cl.preset(1, new HardState(2, 0, 1), 1, 2);
    cl.preset(2, new HardState(2, 0, 1), 1, 2);
    cl.preset(3, new HardState(1, 0, 1), 1, 1, 1, 1);
    cl.elect(1);
    cl.propose(1, "y");
    cl.tickAll(4);
    assertThat(cl.logTerms(3)).isEqualTo(cl.logTerms(1));
    assertThat(cl.logTerms(3)).containsExactly(1L, 2L, 3L, 3L);
  }

  @Test
  @DisplayName("5.3 log matching: after elections with diverging logs all logs are identical")
  void logMatching() {
    TestCluster cl = new TestCluster(5);
    cl.elect(1);
    cl.propose(1, "a");
    cl.isolate(1);
    cl.core(1).propose("orphan-1".getBytes());
    cl.core(1).propose("orphan-2".getBytes());
    cl.deliver();
    cl.elect(2);
    cl.propose(2, "b");
    cl.heal();
    cl.tickAll(20);
    for (int id = 2; id <= 5; id++) {
      assertThat(cl.logTerms(id)).isEqualTo(cl.logTerms(1));
    }
    assertThat(cl.appliedData(1)).containsExactly("a", "b");
  }

  // ---- 5.4 Safety ---------------------------------------------------------------------------

  @Test
  @DisplayName("5.4.1 election restriction: a voter rejects a candidate with an older last term or"
      + " a shorter log of the same term")
  void electionRestriction() {
    MemoryStorage disk = new MemoryStorage();
    disk.append(List.of(new Entry(1, 1, EntryType.NORMAL, new byte[0]),
        new Entry(2, 2, EntryType.NORMAL, new byte[0])));
    disk.setHardState(new HardState(2, 0, 0));
    RaftCore voter = node(3, 3, disk);
    voter.step(new RequestVote(1, 3, 3, 5, 1, false)); // longer but older last term
    assertThat(drain(voter)).containsExactly(new RequestVoteResponse(3, 1, 3, false));
    voter.step(new RequestVote(2, 3, 4, 1, 2, false)); // same last term, shorter
    assertThat(drain(voter)).containsExactly(new RequestVoteResponse(3, 2, 4, false));
    voter.step(new RequestVote(1, 3, 5, 2, 2, false)); // as up to date
    assertThat(drain(voter)).containsExactly(new RequestVoteResponse(3, 1, 5, true));
  }

  @Test
  @DisplayName("5.4.1 leader completeness: a node missing a committed entry cannot become leader")
  void leaderCompleteness() {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    cl.isolate(3);
    cl.propose(1, "committed");
    assertThat(cl.core(1).commitIndex()).isEqualTo(2);
    cl.heal();
    cl.isolate(1);
    cl.dropIf(m -> m.to() == 3 && m instanceof AppendEntries);
    // 3 lacks index 2: it campaigns but 2 refuses; 2 (which has it) can win.
    RaftCore three = cl.core(3);
    for (int i = 0; i < 25 && three.role() != Role.CANDIDATE; i++) {
      three.tick();
    }
    cl.deliver();
    assertThat(three.role()).isNotEqualTo(Role.LEADER);
    cl.elect(2);
    assertThat(cl.core(2).termAt(2)).isEqualTo(1);
  }

  @Test
  @DisplayName("5.4.2 figure 8: a leader never commits an entry of a previous term by counting"
      + " replicas, only together with an entry of its own term")
  void figure8CommitRule() {
    // Node 1 has entries 1 (term 1) and 2 (term 2, never committed); it becomes leader in term 3.
    MemoryStorage disk = new MemoryStorage();
    disk.append(List.of(new Entry(1, 1, EntryType.NORMAL, new byte[0]),
        new Entry(2, 2, EntryType.NORMAL, new byte[0])));
    disk.setHardState(new HardState(2, 0, 1));
    RaftCore leader = node(1, 3, disk);
    while (leader.role() != Role.CANDIDATE) {
      leader.tick();
    }
    Ready rd = leader.ready();
    disk.setHardState(rd.hardState().orElseThrow());
    leader.advance(rd);
    leader.step(new RequestVoteResponse(2, 1, 3, true));
    assertThat(leader.role()).isEqualTo(Role.LEADER);
    assertThat(leader.term()).isEqualTo(3);
    rd = leader.ready(); // the no-op at index 3, term 3
    disk.append(rd.entries());
    leader.advance(rd);
    // Follower 2 stored index 2 (term 2) but not yet the no-op: index 2 is on a majority.
    leader.step(new AppendEntriesResponse(2, 1, 3, true, 2, 0, 0, 0));
    assertThat(leader.commitIndex()).as("term-2 entry on a majority is not committed").isEqualTo(1);
    // Once the term-3 no-op is on a majority, it and everything before it commit.
    leader.step(new AppendEntriesResponse(2, 1, 3, true, 3, 0, 0, 0));
    assertThat(leader.commitIndex()).isEqualTo(3);
  }

  @Test
  @DisplayName("5.4.3 state machine safety: every node applies the same entries in the same order"
      + " across leader changes")
  void stateMachineSafety() {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    cl.propose(1, "a");
    cl.propose(1, "b");
    cl.isolate(1);
    cl.elect(2);
    cl.propose(2, "c");
    cl.heal();
    cl.tickAll(10);
    cl.isolate(2);
    cl.elect(3);
    cl.propose(3, "d");
    cl.heal();
    cl.tickAll(10);
    for (int id = 1; id <= 3; id++) {
      assertThat(cl.appliedData(id)).as("node %d", id).containsExactly("a", "b", "c", "d");
      assertThat(cl.applied.get(id)).extracting(Entry::index)
          .isEqualTo(cl.applied.get(1).stream().map(Entry::index).toList());
    }
  }

  @Test
  @DisplayName("5.3 proposals on a follower are refused with the leader's id")
  void followerRefusesProposal() {
    TestCluster cl = new TestCluster(3);
    cl.elect(2);
    assertThat(cl.core(1).propose(new byte[] {1}))
        .isEqualTo(new ProposeResult.Refused(RefusalReason.NOT_LEADER, 2));
    assertThat(cl.core(1).readIndex(9))
        .isEqualTo(new ReadIndexResult.Refused(RefusalReason.NOT_LEADER, 2));
  }

  @Test
  @DisplayName("5.6/figure 2: a restarted node recovers term, vote, commit and log and re-applies"
      + " committed entries")
  void restartRecovers() {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    cl.propose(1, "a");
    cl.propose(1, "b");
    cl.tickAll(3);
    RaftCore before = cl.core(2);
    RaftCore after = cl.start(2);
    assertThat(after.term()).isEqualTo(before.term());
    assertThat(after.lastIndex()).isEqualTo(before.lastIndex());
    assertThat(after.commitIndex()).isEqualTo(before.commitIndex());
    cl.flush();
    assertThat(cl.appliedData(2)).containsExactly("a", "b");
  }

  @Test
  @DisplayName("5.2 a candidate that hears from a leader of its term becomes its follower and"
      + " handles that AppendEntries")
  void candidateHandlesTheLeadersAppendEntries() {
    RaftCore c = candidate(3);
    Entry e = new Entry(1, 1, EntryType.NORMAL, new byte[] {1});
    c.step(new AppendEntries(2, 1, 1, 0, 0, List.of(e), 0));
    assertThat(c.role()).isEqualTo(Role.FOLLOWER);
    assertThat(c.lastIndex()).isEqualTo(1);
    assertThat(drain(c)).containsExactly(new AppendEntriesResponse(1, 2, 1, true, 1, 0, 0, 0));
  }

  @Test
  @DisplayName("5.2 a candidate rejected by a majority gives up the election and becomes a"
      + " follower in the same term; rejections short of a majority do not")
  void candidateRejectedByAMajorityStepsBack() {
    RaftCore c = candidate(5);
    c.step(new RequestVoteResponse(2, 1, 1, false));
    c.step(new RequestVoteResponse(3, 1, 1, false));
    assertThat(c.role()).as("two of five rejected").isEqualTo(Role.CANDIDATE);
    c.step(new RequestVoteResponse(4, 1, 1, false));
    assertThat(c.role()).isEqualTo(Role.FOLLOWER);
    assertThat(c.term()).isEqualTo(1);
  }

  @Test
  @DisplayName("5.3 an AppendEntries at the start of an empty log with no entries succeeds (the"
      + " empty prefix always matches)")
  void emptyAppendAtTheStartSucceeds() {
    RaftCore f = node(2, 3, new MemoryStorage());
    f.step(new AppendEntries(1, 2, 1, 0, 0, List.of(), 0));
    assertThat(drain(f)).containsExactly(new AppendEntriesResponse(2, 1, 1, true, 0, 0, 0, 0));
  }

  @Test
  @DisplayName("5.2 a leader sends heartbeats to every follower every heartbeatTicks ticks, not"
      + " more often")
  void heartbeatCadence() {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    RaftCore l = cl.core(1);
    cl.takeQueued();
    for (int round = 0; round < 3; round++) {
      l.tick();
      assertThat(cl.takeQueued()).as("odd tick").isEmpty();
      l.tick();
      assertThat(cl.takeQueued()).as("every second tick")
          .extracting(Message::to).containsExactlyInAnyOrder(2, 3);
    }
  }

  @Test
  @DisplayName("5.1 a leader that steps down reports no follower progress any more")
  void followerProgressClearedOnStepDown() {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    assertThat(cl.core(1).followerMatchIndexes()).containsOnlyKeys(2, 3);
    cl.core(1).step(new RequestVoteResponse(2, 1, 5, false)); // a higher term
    assertThat(cl.core(1).role()).isEqualTo(Role.FOLLOWER);
    assertThat(cl.core(1).followerMatchIndexes()).isEmpty();
    assertThat(cl.core(1).id()).isEqualTo(1);
  }

  @Test
  @DisplayName("5.2 a node that adopts a newer term restarts its election timer")
  void newerTermRestartsTheElectionTimer() {
    RaftCore f = new RaftCore(config(2, 3), new MemoryStorage(), TestSnapshots.NONE,
        TestRandom.LONGEST_TIMEOUT);
    for (int i = 0; i < 15; i++) {
      f.tick();
    }
    f.step(new RequestVoteResponse(3, 2, 4, false)); // learns term 4, no leader
    for (int i = 0; i < 19; i++) {
      f.tick();
    }
    assertThat(f.role()).isEqualTo(Role.FOLLOWER);
    f.tick();
    assertThat(f.role()).isEqualTo(Role.CANDIDATE);
    assertThat(f.term()).isEqualTo(5);
    assertThat(f.toString()).contains("id=2", "CANDIDATE", "term=5");
  }
}
