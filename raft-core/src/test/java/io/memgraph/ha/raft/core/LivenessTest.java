package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Message.PreVote;
import io.memgraph.ha.raft.core.Message.RequestVote;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pre-vote and check-quorum (Raft thesis 9.6 and 6.2). */
class LivenessTest {

  private static CoreConfig config(int n, boolean preVote, boolean checkQuorum) {
    return CoreConfig.defaults(1, IntStream.rangeClosed(1, n).boxed().toList())
        .withTiming(10, 20, 2).withLiveness(preVote, checkQuorum, ReadMode.SAFE);
  }

  @Test
  @DisplayName("thesis 9.6 pre-vote: a partitioned node does not raise its term, and on rejoining"
      + " does not depose the leader")
  void preVotePreventsDisruption() {
    TestCluster cl = new TestCluster(config(3, true, false));
    cl.elect(1);
    long term = cl.core(1).term();
    cl.isolate(3);
    for (int i = 0; i < 200; i++) {
      cl.core(3).tick();
      cl.deliver();
    }
    assertThat(cl.core(3).term()).as("isolated node's term").isEqualTo(term);
    assertThat(cl.core(3).role()).isEqualTo(Role.PRE_CANDIDATE);
    cl.heal();
    cl.tickAll(10);
    assertThat(cl.core(1).role()).isEqualTo(Role.LEADER);
    assertThat(cl.core(1).term()).isEqualTo(term);
    assertThat(cl.core(3).leader()).isEqualTo(1);
  }

  @Test
  @DisplayName("thesis 9.6 without pre-vote a rejoining partitioned node forces a new election"
      + " (the problem pre-vote solves)")
  void withoutPreVoteTermsInflate() {
    TestCluster cl = new TestCluster(config(3, false, false));
    cl.elect(1);
    long term = cl.core(1).term();
    cl.isolate(3);
    for (int i = 0; i < 100; i++) {
      cl.core(3).tick();
      cl.deliver();
    }
    assertThat(cl.core(3).term()).isGreaterThan(term + 2);
    cl.heal();
    cl.tickAll(5);
    assertThat(cl.core(1).term()).isGreaterThan(term);
  }

  @Test
  @DisplayName("thesis 9.6 pre-vote: a pre-candidate becomes candidate only after a majority of"
      + " pre-votes, then wins")
  void preVoteThenVote() {
    TestCluster cl = new TestCluster(config(3, true, false));
    RaftCore one = cl.core(1);
    while (one.role() == Role.FOLLOWER) {
      one.tick();
    }
    assertThat(one.role()).isEqualTo(Role.PRE_CANDIDATE);
    assertThat(one.term()).isZero();
    assertThat(cl.peekQueued()).hasSize(2)
        .allSatisfy(m -> assertThat(m).isInstanceOf(PreVote.class));
    cl.deliver();
    assertThat(one.role()).isEqualTo(Role.LEADER);
    assertThat(one.term()).isEqualTo(1);
  }

  @Test
  @DisplayName("a one-member cluster elects itself on its first tick, with or without pre-vote"
      + " (the rejoin guard does not apply to it)")
  void soleVoterElectsItselfAtOnce() {
    for (boolean preVote : new boolean[] {false, true}) {
      RaftCore c = new RaftCore(config(1, preVote, preVote).withRejoinGuard(true),
          new MemoryStorage(), TestSnapshots.NONE, new java.util.SplittableRandom(1));
      assertThat(c.rejoinGuarded()).isFalse();
      c.tick();
      assertThat(c.role()).as("pre-vote %s", preVote).isEqualTo(Role.LEADER);
      assertThat(c.term()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("6.2 check-quorum: a leader that cannot reach a majority steps down within an"
      + " election timeout")
  void checkQuorumStepDown() {
    TestCluster cl = new TestCluster(config(3, true, true));
    cl.elect(1);
    cl.isolate(1);
    int ticks = 0;
    while (cl.core(1).role() == Role.LEADER && ticks < 100) {
      cl.core(1).tick();
      cl.deliver();
      ticks++;
    }
    assertThat(cl.core(1).role()).isEqualTo(Role.FOLLOWER);
    assertThat(ticks).isLessThanOrEqualTo(2 * 10);
    assertThat(cl.aborted.get(1)).isEmpty();
  }

  @Test
  @DisplayName("6.2 check-quorum: a leader that hears from a majority stays leader")
  void checkQuorumStays() {
    TestCluster cl = new TestCluster(config(5, true, true));
    cl.elect(1);
    cl.isolate(4);
    cl.isolate(5);
    cl.tickAll(100);
    assertThat(cl.core(1).role()).isEqualTo(Role.LEADER);
  }

  @Test
  @DisplayName("4.2.3 leader stickiness: with check-quorum a follower that hears from its leader"
      + " ignores vote requests with a higher term")
  void stickiness() {
    TestCluster cl = new TestCluster(config(3, false, true));
    cl.elect(1);
    long term = cl.core(1).term();
    RaftCore two = cl.core(2);
    two.step(new RequestVote(3, 2, term + 1, 100, term, false));
    assertThat(two.term()).isEqualTo(term);
    assertThat(cl.takeQueued()).isEmpty();
    // A transfer-initiated vote request is honoured.
    two.step(new RequestVote(3, 2, term + 1, 100, term, true));
    assertThat(two.term()).isEqualTo(term + 1);
  }

  @Test
  @DisplayName("6.2/9.6 a deposed leader that was partitioned learns the new term from a follower's"
      + " reply and steps down")
  void staleLeaderStepsDown() {
    TestCluster cl = new TestCluster(config(3, true, false));
    cl.elect(1);
    cl.isolate(1);
    cl.elect(2);
    cl.heal();
    assertThat(cl.core(1).role()).isEqualTo(Role.LEADER);
    cl.core(1).tick();
    cl.core(1).tick(); // heartbeat from the old leader; a follower answers with its newer term
    cl.deliver();
    assertThat(cl.core(1).role()).isEqualTo(Role.FOLLOWER);
    assertThat(cl.core(1).term()).isEqualTo(cl.core(2).term());
  }

  @Test
  @DisplayName("4.2.3 leader stickiness lasts exactly electionTicksMin ticks after the leader was"
      + " last heard: a vote request one tick earlier is ignored, at the limit it is answered")
  void stickinessEndsAtElectionTicksMin() {
    RaftCore two = new RaftCore(config(3, false, true).withId(2), new MemoryStorage(),
        TestSnapshots.NONE, TestRandom.LONGEST_TIMEOUT);
    two.step(new Message.Heartbeat(1, 2, 1, 0, 0));
    two.advance(two.ready());
    for (int i = 0; i < 9; i++) {
      two.tick();
    }
    two.step(new RequestVote(3, 2, 2, 5, 1, false));
    assertThat(two.term()).as("9 ticks after the heartbeat: still in the lease").isEqualTo(1);
    assertThat(two.ready().messages()).isEmpty();
    two.tick();
    two.step(new RequestVote(3, 2, 2, 5, 1, false));
    assertThat(two.term()).isEqualTo(2);
    assertThat(two.ready().messages())
        .containsExactly(new Message.RequestVoteResponse(2, 3, 2, true));
  }

  @Test
  @DisplayName("4.2.3 without check-quorum there is no stickiness: a follower that just heard its"
      + " leader still answers a vote request of a higher term")
  void noStickinessWithoutCheckQuorum() {
    RaftCore two = new RaftCore(config(3, false, false).withId(2), new MemoryStorage(),
        TestSnapshots.NONE, TestRandom.LONGEST_TIMEOUT);
    two.step(new Message.Heartbeat(1, 2, 1, 0, 0));
    two.advance(two.ready());
    two.step(new RequestVote(3, 2, 2, 5, 1, false));
    assertThat(two.term()).isEqualTo(2);
    assertThat(two.ready().messages())
        .containsExactly(new Message.RequestVoteResponse(2, 3, 2, true));
  }

  /** Node 2 of three (pre-vote and check-quorum on) that voted for node 1 in term 2. */
  private static RaftCore votedInTerm2() {
    RaftCore two = new RaftCore(config(3, true, true).withId(2), new MemoryStorage(),
        TestSnapshots.NONE, TestRandom.LONGEST_TIMEOUT);
    two.step(new RequestVote(1, 2, 2, 0, 0, false));
    two.advance(two.ready());
    return two;
  }

  @Test
  @DisplayName("thesis 9.6 a pre-vote for the voter's current term is refused once it voted: only"
      + " a pre-vote for a later term is considered freely")
  void preVoteForTheCurrentTermAfterVoting() {
    RaftCore two = votedInTerm2();
    two.step(new PreVote(3, 2, 2, 5, 1));
    assertThat(two.ready().messages())
        .containsExactly(new Message.PreVoteResponse(2, 3, 2, false));
    two.step(new PreVote(3, 2, 3, 5, 1));
    assertThat(two.ready().messages())
        .containsExactly(new Message.PreVoteResponse(2, 3, 3, true));
  }

  @Test
  @DisplayName("6.2/9.6 a message from a stale leader is answered with the current term only when"
      + " pre-vote or check-quorum is on; a stale pre-vote is refused; a stale vote request is"
      + " dropped")
  void staleTermMessages() {
    SnapshotMeta meta = new SnapshotMeta(3, 1);
    for (boolean preVote : new boolean[] {false, true}) {
      for (boolean checkQuorum : new boolean[] {false, true}) {
        RaftCore two = new RaftCore(config(3, preVote, checkQuorum).withId(2),
            new MemoryStorage(), TestSnapshots.NONE, TestRandom.LONGEST_TIMEOUT);
        two.step(new Message.AppendEntriesResponse(3, 2, 5, true, 0, 0, 0, 0)); // term 5
        two.advance(two.ready());
        List<Message> stale = List.of(new Message.AppendEntries(1, 2, 3, 0, 0, List.of(), 0),
            new Message.Heartbeat(1, 2, 3, 0, 0),
            new Message.InstallSnapshotChunk(1, 2, 3, meta, 0, new byte[1], false));
        for (Message m : stale) {
          two.step(m);
          List<Message> out = two.ready().messages();
          if (preVote || checkQuorum) {
            assertThat(out).as("%s pre-vote %s check-quorum %s", m, preVote, checkQuorum)
                .containsExactly(new Message.AppendEntriesResponse(2, 1, 5, false, 0, 0, 0, 0));
          } else {
            assertThat(out).as("%s", m).isEmpty();
          }
        }
        two.step(new PreVote(3, 2, 4, 9, 3));
        assertThat(two.ready().messages())
            .containsExactly(new Message.PreVoteResponse(2, 3, 5, false));
        two.step(new RequestVote(3, 2, 4, 9, 3, false));
        assertThat(two.ready().messages()).isEmpty();
        assertThat(two.term()).isEqualTo(5);
      }
    }
  }

  @Test
  @DisplayName("6.2 check-quorum: a new leader's clock starts at its election; hearing from nobody,"
      + " it steps down exactly two election timeouts later (at the first check everyone still"
      + " counts as active)")
  void checkQuorumClockStartsAtElection() {
    RaftCore c = new RaftCore(config(3, false, true), new MemoryStorage(), TestSnapshots.NONE,
        TestRandom.LONGEST_TIMEOUT);
    while (c.role() != Role.CANDIDATE) {
      c.tick();
    }
    for (int i = 0; i < 5; i++) {
      c.tick(); // waiting for votes
    }
    c.step(new Message.RequestVoteResponse(2, 1, 1, true));
    assertThat(c.role()).isEqualTo(Role.LEADER);
    for (int i = 0; i < 19; i++) {
      c.tick();
    }
    assertThat(c.role()).isEqualTo(Role.LEADER);
    c.tick();
    assertThat(c.role()).isEqualTo(Role.FOLLOWER);
  }

  @Test
  @DisplayName("followers told that their leader's port refuses connections elect a new leader"
      + " within the random part of the timeout (electionTicksMax - electionTicksMin)")
  void refusedLeaderIsReplacedWithoutWaitingTheMinimumTimeout() {
    TestCluster cl = new TestCluster(config(3, true, true));
    long term = leaderDies(cl);
    cl.core(2).peerUnreachable(1);
    cl.core(3).peerUnreachable(1);
    // Only node 2 ticks, so node 3 grants or ignores its pre-vote on what it was told alone.
    int span = 20 - 10 + 1;
    for (int i = 0; i < span && cl.core(2).role() != Role.LEADER; i++) {
      cl.core(2).tick();
      cl.deliver();
    }
    assertThat(cl.core(2).role()).isEqualTo(Role.LEADER);
    assertThat(cl.core(2).term()).isEqualTo(term + 1);
    assertThat(cl.core(3).leader()).isEqualTo(2);
  }

  /** Elects node 1 and cuts it off (its process is gone); returns its term. */
  private static long leaderDies(TestCluster cl) {
    cl.elect(1);
    long term = cl.core(1).term();
    cl.isolate(1);
    return term;
  }

  /** The shipped timing in ticks of 10 ms: timeouts of 75..100 ticks, heartbeats every 10. */
  private static TestCluster shippedTiming(int n) {
    return new TestCluster(config(n, true, true).withTiming(75, 100, 10));
  }

  /**
   * Elects node 1, has it commit {@code data} with every follower but {@code missing}, and cuts
   * it off (its process is gone); returns its term.
   */
  private static long leaderDiesWithAnEntryMissingOn(TestCluster cl, int missing, String data) {
    cl.elect(1);
    long term = cl.core(1).term();
    cl.dropIf(m -> m.to() == missing && m instanceof Message.AppendEntries);
    cl.propose(1, data);
    cl.heal();
    cl.isolate(1);
    return term;
  }

  @Test
  @DisplayName("survivors all told at once that their leader refuses connections campaign in the"
      + " order of their ids: the lowest wins the next term at once, nobody else campaigns")
  void refusedLeaderIsReplacedByTheLowestSurvivorWithoutASplitVote() {
    for (int n : new int[] {3, 5}) {
      TestCluster cl = shippedTiming(n);
      long term = leaderDies(cl);
      for (int id = 2; id <= n; id++) {
        cl.core(id).peerUnreachable(1);
      }
      node2AloneWinsAtItsNextTick(cl, n, term + 1);
    }
  }

  /**
   * Ticks every node once: node 2 then leads {@code newTerm}, and still does a whole timeout
   * later; nobody else asked for votes meanwhile.
   */
  private static void node2AloneWinsAtItsNextTick(TestCluster cl, int n, long newTerm) {
    int from = cl.delivered.size();
    cl.tickAll(1);
    assertThat(cl.core(2).role()).as("n=%d: node 2 after one tick", n).isEqualTo(Role.LEADER);
    assertThat(cl.core(2).term()).isEqualTo(newTerm);
    cl.tickAll(100);
    assertThat(cl.core(2).role()).as("n=%d: node 2 still leads", n).isEqualTo(Role.LEADER);
    assertThat(cl.core(2).term()).isEqualTo(newTerm);
    assertThat(campaignersSince(cl, from)).as("n=%d: who asked for votes", n).containsExactly(2);
  }

  @Test
  @DisplayName("when the lowest survivor's log is behind, the next one wins one stagger later (half"
      + " a heartbeat interval)")
  void refusedLeaderIsReplacedByTheNextSurvivorWhenTheLowestIsBehind() {
    TestCluster cl = shippedTiming(3);
    long term = leaderDiesWithAnEntryMissingOn(cl, 2, "only node 3 has it");
    cl.core(2).peerUnreachable(1);
    cl.core(3).peerUnreachable(1);
    node3WinsOneStaggerLater(cl, term + 1);
    cl.tickAll(10); // the new leader's no-op commits the entry, and node 2 catches up
    assertThat(cl.appliedData(2)).containsExactly("only node 3 has it");
  }

  /**
   * The shipped timing with a snapshot every 5 entries: node 1 leads, node 2 misses 12 entries and
   * then receives node 1's snapshot, which its application has not reported installed; then node
   * 1's process dies and both survivors hear of the refusal. Returns node 1's term.
   */
  private static long leaderDiesWhileNode2InstallsASnapshot(TestCluster cl) {
    cl.elect(1);
    cl.isolate(2);
    for (int i = 0; i < 12; i++) {
      cl.propose(1, "e" + i);
    }
    cl.heal();
    cl.tickAll(10); // a heartbeat: node 2 is behind the compaction point and gets the snapshot
    assertThat(cl.snapshotMetas.get(2).index()).as("node 2 was sent the snapshot").isPositive();
    assertThat(cl.core(2).installingSnapshot()).isTrue();
    long term = cl.core(1).term();
    cl.isolate(1);
    return term;
  }

  private static TestCluster shippedTimingWithSnapshots() {
    return new TestCluster(config(3, true, true).withTiming(75, 100, 10).withSnapshotThreshold(5));
  }

  @Test
  @DisplayName("a survivor whose application still installs a snapshot takes its turn after the"
      + " others: the lowest survivor that is not installing one wins one stagger later")
  void survivorStillInstallingASnapshotCampaignsAfterTheOthers() {
    TestCluster cl = shippedTimingWithSnapshots();
    long term = leaderDiesWhileNode2InstallsASnapshot(cl);
    cl.core(2).peerUnreachable(1);
    cl.core(3).peerUnreachable(1);
    node3AloneWinsOneStaggerLater(cl, term + 1);
  }

  @Test
  @DisplayName("once its application reports the snapshot installed, the lowest survivor campaigns"
      + " first again")
  void survivorWhoseSnapshotIsInstalledTakesItsOwnTurn() {
    TestCluster cl = shippedTimingWithSnapshots();
    long term = leaderDiesWhileNode2InstallsASnapshot(cl);
    cl.core(2).appliedTo(cl.snapshotMetas.get(2).index());
    assertThat(cl.core(2).installingSnapshot()).isFalse();
    cl.core(2).peerUnreachable(1);
    cl.core(3).peerUnreachable(1);
    node2AloneWinsAtItsNextTick(cl, 3, term + 1);
  }

  @Test
  @DisplayName("a survivor installing a snapshot, told after it ignored the other survivor's"
      + " pre-vote, grants that pre-vote late instead of campaigning: the one that asked wins")
  void survivorStillInstallingASnapshotGrantsTheIgnoredPreVoteLate() {
    TestCluster cl = shippedTimingWithSnapshots();
    long term = leaderDiesWhileNode2InstallsASnapshot(cl);
    int from = cl.delivered.size();
    cl.core(3).peerUnreachable(1);
    // Node 3 alone ticks until it asks; node 2 still believes in node 1 and ignores it.
    for (int i = 0; i < 100 && cl.core(3).role() == Role.FOLLOWER; i++) {
      cl.core(3).tick();
    }
    cl.deliver();
    assertThat(cl.core(3).role()).isEqualTo(Role.PRE_CANDIDATE);
    assertThat(cl.core(2).leader()).isEqualTo(1);
    cl.core(2).tick();
    cl.core(2).peerUnreachable(1); // a moment later node 2 learns it too
    cl.deliver();
    node3LeadsAloneAsked(cl, term + 1, from);
    cl.tickAll(100);
    assertThat(cl.core(3).role()).isEqualTo(Role.LEADER);
  }

  @Test
  @DisplayName("when a leader is cut off (no refusal), a follower installing a snapshot puts its"
      + " election timeout off by the random span: the other follower wins")
  void followerStillInstallingASnapshotTimesOutAfterTheOthers() {
    TestCluster cl = shippedTimingWithSnapshots();
    long term = leaderDiesWhileNode2InstallsASnapshot(cl);
    int from = cl.delivered.size();
    // Both heard node 1 last at the same heartbeat; node 2's own draw is the shorter timeout.
    for (int i = 0; i < 300 && cl.core(3).role() != Role.LEADER; i++) {
      cl.tickAll(1);
    }
    node3LeadsAloneAsked(cl, term + 1, from);
  }

  /** Node 3 leads {@code newTerm}, and nobody else asked for votes since {@code from}. */
  private static void node3LeadsAloneAsked(TestCluster cl, long newTerm, int from) {
    assertThat(cl.core(3).role()).isEqualTo(Role.LEADER);
    assertThat(cl.core(3).term()).isEqualTo(newTerm);
    assertThat(campaignersSince(cl, from)).as("who asked for votes").containsExactly(3);
  }

  @Test
  @DisplayName("a follower still installing a snapshot whose peers are all cut off campaigns anyway,"
      + " one random span late")
  void followerStillInstallingASnapshotStillCampaignsWhenAloneAbleTo() {
    TestCluster cl = shippedTimingWithSnapshots();
    long term = leaderDiesWhileNode2InstallsASnapshot(cl);
    cl.isolate(3);
    int ticks = 0;
    while (cl.core(2).role() == Role.FOLLOWER && ticks < 300) {
      cl.tickAll(1);
      ticks++;
    }
    assertThat(cl.core(2).role()).isNotEqualTo(Role.FOLLOWER);
    assertThat(ticks).as("ticks until node 2 campaigned").isGreaterThan(100).isLessThanOrEqualTo(100 + 26);
    cl.heal();
    cl.isolate(1);
    for (int i = 0; i < 300 && cl.core(2).role() != Role.LEADER && cl.core(3).role() != Role.LEADER; i++) {
      cl.tickAll(1);
    }
    assertThat(cl.core(2).role() == Role.LEADER || cl.core(3).role() == Role.LEADER).isTrue();
    assertThat(Math.max(cl.core(2).term(), cl.core(3).term())).isGreaterThan(term);
  }

  @Test
  @DisplayName("a survivor whose driver says its application is busy (writing a snapshot) takes its"
      + " turn after the others")
  void survivorWhoseApplicationIsBusyCampaignsAfterTheOthers() {
    TestCluster cl = shippedTiming(3);
    long term = leaderDies(cl);
    cl.core(2).peerUnreachable(1, true);
    cl.core(3).peerUnreachable(1, false);
    node3AloneWinsOneStaggerLater(cl, term + 1);
  }

  @Test
  @DisplayName("a survivor more than BUSY_BACKLOG committed entries behind in applying takes its turn"
      + " after the others")
  void survivorFarBehindInApplyingCampaignsAfterTheOthers() {
    TestCluster cl = shippedTiming(3);
    cl.elect(1);
    for (int i = 0; i <= RaftCore.BUSY_BACKLOG; i++) {
      cl.propose(1, "e" + i);
    }
    cl.tickAll(10); // the followers learn the last commit index
    long term = cl.core(1).term();
    // Node 3's application reports that it applied everything; node 2's has reported nothing.
    cl.core(3).appliedTo(cl.core(3).commitIndex());
    assertThat(cl.core(2).commitIndex()).isGreaterThan(RaftCore.BUSY_BACKLOG);
    cl.isolate(1);
    cl.core(2).peerUnreachable(1);
    cl.core(3).peerUnreachable(1);
    node3AloneWinsOneStaggerLater(cl, term + 1);
  }

  /** Ticks every node until node 3 leads {@code newTerm}: after one stagger and a tick. */
  private static void node3WinsOneStaggerLater(TestCluster cl, long newTerm) {
    int ticks = 0;
    while (cl.core(3).role() != Role.LEADER && ticks < 100) {
      cl.tickAll(1);
      ticks++;
    }
    assertThat(cl.core(3).role()).isEqualTo(Role.LEADER);
    assertThat(ticks).as("ticks until node 3 led").isEqualTo(5 + 1);
    assertThat(cl.core(3).term()).isEqualTo(newTerm);
  }

  /** {@link #node3WinsOneStaggerLater}, and nobody else asked for votes meanwhile. */
  private static void node3AloneWinsOneStaggerLater(TestCluster cl, long newTerm) {
    int from = cl.delivered.size();
    node3WinsOneStaggerLater(cl, newTerm);
    assertThat(campaignersSince(cl, from)).as("who asked for votes").containsExactly(3);
  }

  @Test
  @DisplayName("a survivor told after it ignored the lower survivor's pre-vote campaigns at once, and"
      + " that pre-candidate grants it")
  void survivorToldLateCampaignsAtOnceWhenItIgnoredAPreVote() {
    TestCluster cl = shippedTiming(3);
    long term = leaderDies(cl);
    cl.core(2).peerUnreachable(1);
    cl.core(2).tick(); // node 2 asks; node 3 still believes in node 1 and ignores it
    cl.deliver();
    assertThat(cl.core(2).role()).isEqualTo(Role.PRE_CANDIDATE);
    assertThat(cl.core(3).leader()).isEqualTo(1);
    cl.core(3).tick();
    cl.core(3).peerUnreachable(1); // a moment later node 3 learns it too
    cl.core(3).tick();
    cl.deliver();
    assertThat(cl.core(3).role()).isEqualTo(Role.LEADER);
    assertThat(cl.core(3).term()).isEqualTo(term + 1);
    assertThat(cl.core(2).leader()).isEqualTo(3);
  }

  @Test
  @DisplayName("a survivor ahead of the other, whose pre-vote was ignored, asks again when the other"
      + " campaigns with a log behind, and wins at once")
  void survivorAheadAsksAgainWhenTheOneThatIgnoredItCampaigns() {
    TestCluster cl = shippedTiming(3);
    long term = leaderDiesWithAnEntryMissingOn(cl, 3, "only node 2 has it");
    cl.core(2).peerUnreachable(1);
    cl.core(2).tick(); // node 2 asks; node 3 still believes in node 1 and ignores it
    cl.deliver();
    assertThat(cl.core(2).role()).isEqualTo(Role.PRE_CANDIDATE);
    cl.core(3).peerUnreachable(1); // node 3 learns it, campaigns at once, and is refused
    cl.core(3).tick();
    cl.deliver();
    assertThat(cl.core(2).role()).as("node 2 asked node 3 again and won").isEqualTo(Role.LEADER);
    assertThat(cl.core(2).term()).isEqualTo(term + 1);
    cl.tickAll(10);
    assertThat(cl.appliedData(3)).containsExactly("only node 2 has it");
  }

  /**
   * Ticks each of {@code ids} on its own until it asks for pre-votes, then delivers: they campaign
   * in the same round, as two followers whose random timeouts ran out within a round trip of each
   * other do, and each votes for itself.
   */
  private static void campaignTogether(TestCluster cl, int... ids) {
    for (int id : ids) {
      for (int i = 0; i <= 100 && cl.core(id).role() == Role.FOLLOWER; i++) {
        cl.core(id).tick();
      }
      assertThat(cl.core(id).role()).as("node %d", id).isEqualTo(Role.PRE_CANDIDATE);
    }
    cl.deliver();
  }

  private static List<Integer> campaignersSince(TestCluster cl, int from) {
    return cl.delivered.subList(from, cl.delivered.size()).stream()
        .filter(m -> m instanceof PreVote || m instanceof RequestVote).map(Message::from).distinct()
        .toList();
  }

  @Test
  @DisplayName("survivors of a leader that died silently and split the vote agree who campaigns"
      + " again: on equal logs the lowest id, at its next tick, and it wins; the others wait")
  void splitVoteIsResolvedByTheLowestIdAtItsNextTick() {
    for (int n : new int[] {3, 5}) {
      TestCluster cl = shippedTiming(n);
      cl.elect(1);
      long term = cl.core(1).term();
      cl.isolate(1); // its machine lost power: nothing refuses, nobody is told
      int[] survivors = IntStream.rangeClosed(2, n == 3 ? 3 : 4).toArray();
      if (n == 5) {
        cl.isolate(5); // so the three survivors need each other's votes
      }
      campaignTogether(cl, survivors);
      for (int id : survivors) {
        assertThat(cl.core(id).role()).as("n=%d: node %d split the vote", n, id)
            .isEqualTo(Role.CANDIDATE);
        assertThat(cl.core(id).term()).isEqualTo(term + 1);
      }
      node2AloneWinsAtItsNextTick(cl, n, term + 2);
    }
  }

  @Test
  @DisplayName("of two candidates that split the vote, the one with the more up-to-date log"
      + " campaigns again first, whatever the ids, and wins")
  void splitVoteIsResolvedByTheLogAhead() {
    TestCluster cl = shippedTiming(5);
    cl.elect(1);
    long term = cl.core(1).term();
    cl.dropIf(m -> m.from() == 1 && m.to() != 3 && m instanceof Message.AppendEntries);
    cl.propose(1, "only node 3 has it");
    cl.dropIf(m -> false);
    cl.isolate(1);
    // Nodes 4 and 5 reach the end of their lease (they grant pre-votes) without campaigning.
    for (int id : new int[] {4, 5}) {
      for (int i = 0; i < 75; i++) {
        cl.core(id).tick();
      }
      assertThat(cl.core(id).role()).as("node %d", id).isEqualTo(Role.FOLLOWER);
    }
    // Node 4's vote goes to node 2, node 5's to node 3: two votes each.
    cl.dropIf(m -> m instanceof RequestVote
        && (m.from() == 2 && m.to() == 5 || m.from() == 3 && m.to() == 4));
    campaignTogether(cl, 2, 3);
    cl.dropIf(m -> false);
    assertThat(cl.core(2).role()).isEqualTo(Role.CANDIDATE);
    assertThat(cl.core(3).role()).isEqualTo(Role.CANDIDATE);
    assertThat(cl.core(3).term()).isEqualTo(term + 1);
    int retry = cl.delivered.size();
    cl.tickAll(1);
    assertThat(cl.core(3).role()).as("node 3 after one tick").isEqualTo(Role.LEADER);
    assertThat(cl.core(3).term()).isEqualTo(term + 2);
    assertThat(campaignersSince(cl, retry)).containsExactly(3);
    cl.tickAll(10);
    assertThat(cl.appliedData(2)).containsExactly("only node 3 has it");
  }

  @Test
  @DisplayName("a follower that still hears from the leader ignores the pre-vote of one told that"
      + " the leader refuses connections")
  void followerInLeaseIgnoresPreVoteOfOneToldTheLeaderRefuses() {
    TestCluster cl = new TestCluster(config(3, true, true));
    cl.elect(1);
    cl.core(2).peerUnreachable(1);
    cl.dropIf(m -> m.from() == 1 || m.to() == 1); // node 3 ticks no further: still in lease
    for (int i = 0; i < 11; i++) {
      cl.core(2).tick();
      cl.deliver();
    }
    assertThat(cl.core(2).role()).isEqualTo(Role.PRE_CANDIDATE);
    assertThat(cl.core(3).leader()).isEqualTo(1);
  }

  @Test
  @DisplayName("told that another peer than its leader refuses connections, or under LEASE reads,"
      + " a follower waits its whole election timeout")
  void refusalOfANonLeaderOrUnderLeasesChangesNothing() {
    // A fixed timeout of 10 ticks: told, a follower campaigns on its next tick; not told, after 10.
    CoreConfig fixed = config(3, true, true).withTiming(10, 10, 2);
    TestCluster cl = new TestCluster(fixed);
    cl.elect(1);
    cl.core(2).peerUnreachable(3);
    for (int i = 0; i < 9; i++) {
      cl.core(2).tick();
    }
    assertThat(cl.core(2).role()).isEqualTo(Role.FOLLOWER);

    TestCluster leases = new TestCluster(fixed.withLiveness(true, true, ReadMode.LEASE));
    leases.dropIf(m -> true);
    for (int i = 0; i < 10; i++) { // past the restart fence, under which nobody votes
      leases.core(2).tick();
      leases.core(3).tick();
    }
    leases.deliver(); // their pre-votes are lost
    leases.heal();
    leases.elect(1);
    leases.core(2).peerUnreachable(1);
    for (int i = 0; i < 9; i++) {
      leases.core(2).tick();
    }
    assertThat(leases.core(2).role()).isEqualTo(Role.FOLLOWER);
  }

  @Test
  @DisplayName("after a split vote a candidate gives up within twice the timeout's random span, not"
      + " a whole election timeout")
  void splitVoteIsRetriedSoon() {
    // Timeouts of 30..40 ticks: the random span is 10, so a candidate retries within 10..20 ticks.
    TestCluster cl = new TestCluster(config(3, true, true).withTiming(30, 40, 2));
    long term = leaderDies(cl);
    for (int i = 0; i < 40 && cl.core(2).role() == Role.FOLLOWER; i++) {
      cl.core(2).tick();
    }
    for (int i = 0; i < 40 && cl.core(3).role() == Role.FOLLOWER; i++) {
      cl.core(3).tick();
    }
    cl.deliver(); // the pre-votes cross and are granted; then the votes cross and are refused
    assertThat(cl.core(2).role()).isEqualTo(Role.CANDIDATE);
    assertThat(cl.core(3).role()).isEqualTo(Role.CANDIDATE);
    assertThat(cl.core(2).term()).isEqualTo(term + 1);
    int ticks = 0;
    while (cl.core(2).role() != Role.LEADER && cl.core(3).role() != Role.LEADER) {
      assertThat(ticks).as("ticks to a leader after the split").isLessThan(25);
      cl.core(2).tick();
      cl.core(3).tick();
      cl.deliver();
      ticks++;
    }
  }
}
