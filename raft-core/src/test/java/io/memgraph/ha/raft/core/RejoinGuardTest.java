package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Message.PreVote;
import io.memgraph.ha.raft.core.Message.PreVoteResponse;
import io.memgraph.ha.raft.core.Message.RequestVote;
import io.memgraph.ha.raft.core.Message.RequestVoteResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rejoin guard ({@link CoreConfig#rejoinGuard()}): a node whose durability directory was wiped
 * may have voted in the current term before the wipe, so it must not vote in that term again.
 */
class RejoinGuardTest {

  private static CoreConfig config(int n, boolean preVote) {
    return CoreConfig.defaults(1, java.util.stream.IntStream.rangeClosed(1, n).boxed().toList())
        .withTiming(10, 20, 2).withLiveness(preVote, preVote, ReadMode.SAFE);
  }

  private static List<Message> drain(RaftCore c) {
    Ready rd = c.ready();
    c.advance(rd);
    return rd.messages();
  }

  /**
   * Node 3 votes for node 1 in term 2 while node 2 (term 1, a non-empty log) is cut off, then
   * restarts with an empty disk; node 1 is cut off and node 2 campaigns. Returns the leaders of
   * each term seen over {@code ticks} ticks.
   */
  private static Map<Long, Set<Integer>> wipeAfterVoting(boolean guard, int ticks) {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    cl.propose(1, "x");
    cl.tickAll(3);
    cl.isolate(2);
    cl.start(1);
    cl.elect(1);
    assertThat(cl.core(1).term()).isEqualTo(2);
    assertThat(cl.disks.get(3).initialHardState().vote()).as("node 3 voted for 1 in term 2")
        .isEqualTo(1);
    assertThat(cl.disks.get(3).initialHardState().term()).isEqualTo(2);

    RaftCore three = cl.wipe(3, guard);
    assertThat(three.rejoinGuarded()).isEqualTo(guard);
    cl.heal();
    cl.isolate(1);
    Map<Long, Set<Integer>> leaders = new TreeMap<>();
    for (int i = 0; i < ticks; i++) {
      cl.tickAll(1);
      for (int id = 1; id <= 3; id++) {
        RaftCore c = cl.core(id);
        if (c.role() == Role.LEADER) {
          leaders.computeIfAbsent(c.term(), t -> new TreeSet<>()).add(id);
        }
      }
    }
    return leaders;
  }

  @Test
  @DisplayName("without the guard a wiped node votes twice in one term: two leaders in term 2")
  void withoutTheGuardTwoLeadersInOneTerm() {
    Map<Long, Set<Integer>> leaders = wipeAfterVoting(false, 100);
    assertThat(leaders.get(2L)).containsExactly(1, 2);
  }

  @Test
  @DisplayName("a wiped node that voted for A in term T does not vote for B in term T; it votes"
      + " again only after the fallback wait, in a later term")
  void wipedNodeDoesNotVoteAgainInItsTerm() {
    Map<Long, Set<Integer>> leaders = wipeAfterVoting(true, 400);
    assertThat(leaders.get(2L)).containsExactly(1);
    assertThat(leaders.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    // With node 1 gone for good, the guard's fallback ends the wait: 2 and 3 elect a leader.
    assertThat(leaders.keySet()).anySatisfy(t -> assertThat(t).isGreaterThan(2L));
  }

  @Test
  @DisplayName("a guarded node refuses votes and pre-votes for a candidate with a log and, having"
      + " seen a log, does not campaign; after the fallback wait it votes only for a candidate"
      + " whose log is at least as up to date as every log it saw, and still does not campaign")
  void guardedNodeNeitherVotesNorCampaigns() {
    RaftCore c = new RaftCore(config(3, false).withId(3).withRejoinGuard(true),
        new MemoryStorage(), TestSnapshots.NONE, new SplittableRandom(3));
    assertThat(c.rejoinGuarded()).isTrue();
    c.step(new PreVote(2, 3, 5, 4, 2));
    assertThat(drain(c)).containsExactly(new PreVoteResponse(3, 2, 0, false));
    c.step(new RequestVote(2, 3, 5, 4, 2, false));
    assertThat(c.term()).as("higher terms are adopted").isEqualTo(5);
    assertThat(drain(c)).containsExactly(new RequestVoteResponse(3, 2, 5, false));

    int fallback = RaftCore.GUARD_FALLBACK_TIMEOUTS * 20;
    for (int i = 0; i < fallback - 1; i++) {
      c.tick();
      assertThat(drain(c)).as("tick %d", i).isEmpty();
    }
    assertThat(c.role()).isEqualTo(Role.FOLLOWER);
    assertThat(c.term()).isEqualTo(5);
    assertThat(c.rejoinGuarded()).isTrue();

    c.tick();
    assertThat(c.rejoinGuarded()).as("the fallback does not end the guard").isTrue();
    Ready rd = c.ready();
    assertThat(rd.hardState()).as("term 5 counts as voted").contains(new HardState(5, 3, 0));
    c.advance(rd);
    c.step(new RequestVote(2, 3, 5, 4, 2, false));
    assertThat(drain(c)).containsExactly(new RequestVoteResponse(3, 2, 5, false));
    c.step(new RequestVote(1, 3, 6, 0, 0, false));
    assertThat(drain(c)).as("an empty log would throw away node 2's")
        .containsExactly(new RequestVoteResponse(3, 1, 6, false));
    c.step(new RequestVote(1, 3, 7, 3, 2, false));
    assertThat(drain(c)).as("a log behind node 2's").containsExactly(new RequestVoteResponse(3, 1, 7, false));
    c.step(new PreVote(2, 3, 8, 4, 2));
    assertThat(drain(c)).containsExactly(new PreVoteResponse(3, 2, 8, true));
    c.step(new RequestVote(2, 3, 8, 4, 2, false));
    assertThat(drain(c)).as("node 2's log, the most up to date it saw")
        .containsExactly(new RequestVoteResponse(3, 2, 8, true));
    tick(c, 200);
    assertThat(drain(c)).as("it never campaigns while guarded").isEmpty();
    assertThat(c.role()).isEqualTo(Role.FOLLOWER);
  }

  @Test
  @DisplayName("a guarded node whose own log is the most up to date it saw campaigns after the"
      + " fallback wait, not before (servers killed and restarted before their guards ended)")
  void guardedNodeWithTheBestLogCampaignsAfterTheFallback() {
    MemoryStorage disk = new MemoryStorage();
    disk.append(List.of(new Entry(1, 1, EntryType.NOOP, new byte[0]),
        new Entry(2, 2, EntryType.NOOP, new byte[0])));
    disk.setHardState(new HardState(2, 0, 0));
    RaftCore c = guardedNode(true, disk);
    c.step(new PreVote(2, 3, 3, 1, 1)); // node 2's log is behind: refused, and no floor above ours
    assertThat(drain(c)).containsExactly(new PreVoteResponse(3, 2, 2, false));
    int fallback = RaftCore.GUARD_FALLBACK_TIMEOUTS * 20;
    for (int i = 0; i < fallback - 1; i++) {
      c.tick();
      assertThat(c.role()).as("tick %d", i).isEqualTo(Role.FOLLOWER);
    }
    drain(c);
    for (int i = 0; i <= 20 && c.role() == Role.FOLLOWER; i++) {
      c.tick();
    }
    assertThat(c.role()).as("campaigns within an election timeout of the fallback")
        .isEqualTo(Role.PRE_CANDIDATE);
    assertThat(drain(c)).contains(new PreVote(3, 2, 3, 2, 2));
    assertThat(c.rejoinGuarded()).isTrue();

    RaftCore behind = guardedNode(true, disk);
    behind.step(new PreVote(2, 3, 3, 5, 2)); // node 2's log is ahead: the floor is above ours
    drain(behind);
    tick(behind, fallback + 100);
    assertThat(behind.role()).isEqualTo(Role.FOLLOWER);
  }

  @Test
  @DisplayName("a guarded node restarted with the entries its leader knows it holds gets only"
      + " heartbeats: it ends its guard at the fallback wait and takes the commit index")
  void guardedNodeThatGetsOnlyHeartbeatsEndsItsGuardAtTheFallback() {
    MemoryStorage disk = new MemoryStorage();
    disk.append(List.of(new Entry(1, 1, EntryType.NOOP, new byte[0]),
        new Entry(1, 2, EntryType.NORMAL, new byte[] {7})));
    disk.setHardState(new HardState(1, 0, 0));
    RaftCore c = guardedNode(false, disk);
    int fallback = RaftCore.GUARD_FALLBACK_TIMEOUTS * 20;
    for (int i = 0; i < fallback; i++) {
      if (i % 5 == 0) {
        c.step(new Message.Heartbeat(1, 3, 1, 2, i));
      }
      c.tick();
      if (i < fallback - 1) {
        assertThat(c.commitIndex()).as("tick %d: no commit index before its log matched", i).isZero();
      }
      drain(c);
    }
    assertThat(c.rejoinGuarded()).isFalse();
    c.step(new Message.Heartbeat(1, 3, 1, 2, fallback));
    assertThat(c.commitIndex()).isEqualTo(2);
    drain(c);
    c.step(new RequestVote(2, 3, 1, 2, 1, false));
    assertThat(drain(c)).as("term 1 counts as voted (for its leader)")
        .containsExactly(new RequestVoteResponse(3, 2, 1, false));
  }

  @Test
  @DisplayName("a majority wiped: the wiped nodes elect no leader among themselves (an empty log"
      + " would throw the survivor's away); the survivor leads and they catch up from it")
  void wipedMajorityFollowsTheSurvivor() {
    for (boolean preVote : new boolean[] {false, true}) {
      for (int startDelay : new int[] {0, 7, 30}) {
        TestCluster cl = new TestCluster(config(3, preVote));
        cl.elect(1);
        cl.propose(1, "a");
        cl.propose(1, "b");
        cl.tickAll(3);
        assertThat(cl.appliedData(3)).containsExactly("a", "b");
        cl.isolate(1);
        cl.isolate(2);
        cl.tickAll(startDelay); // node 3 alone: it may campaign in vain meanwhile
        cl.wipe(1, true);
        cl.wipe(2, true);
        cl.heal();
        int leader = 0;
        for (int i = 0; i < 600 && leader == 0; i++) {
          cl.tickAll(1);
          for (int id = 1; id <= 2; id++) {
            assertThat(cl.core(id).role()).as("wiped node %d (pre-vote %s, delay %d) at tick %d", id,
                preVote, startDelay, i).isNotEqualTo(Role.LEADER);
          }
          leader = cl.core(3).role() == Role.LEADER ? 3 : 0;
        }
        assertThat(leader).as("the survivor leads (pre-vote %s, delay %d)", preVote, startDelay)
            .isEqualTo(3);
        cl.propose(3, "c");
        cl.tickAll(30);
        for (int id = 1; id <= 3; id++) {
          assertThat(cl.appliedData(id)).as("node %d", id).containsExactly("a", "b", "c");
        }
        assertThat(cl.core(1).rejoinGuarded()).isFalse();
        assertThat(cl.core(2).rejoinGuarded()).isFalse();
      }
    }
  }

  @Test
  @DisplayName("a brand-new cluster of guarded nodes elects its first leader; the followers' guards"
      + " end an election timeout later with their vote recorded")
  void freshGuardedClusterElectsALeader() {
    for (boolean preVote : new boolean[] {false, true}) {
      TestCluster cl = new TestCluster(config(3, preVote).withRejoinGuard(true));
      for (int id = 1; id <= 3; id++) {
        assertThat(cl.core(id).rejoinGuarded()).isTrue();
      }
      for (int i = 0; i < 100 && leaderOf(cl) == 0; i++) {
        cl.tickAll(1);
      }
      int leader = leaderOf(cl);
      assertThat(leader).as("pre-vote %s", preVote).isPositive();
      long term = cl.core(leader).term();
      assertThat(cl.core(leader).rejoinGuarded()).isFalse();
      cl.tickAll(21);
      for (int id = 1; id <= 3; id++) {
        assertThat(cl.core(id).rejoinGuarded()).as("node %d", id).isFalse();
        assertThat(cl.disks.get(id).initialHardState().vote()).isEqualTo(leader);
        assertThat(cl.disks.get(id).initialHardState().term()).isEqualTo(term);
      }
      cl.propose(leader, "a");
      cl.tickAll(3);
      for (int id = 1; id <= 3; id++) {
        assertThat(cl.appliedData(id)).containsExactly("a");
      }
    }
  }

  @Test
  @DisplayName("a wiped node catches up, ends its guard after following the leader for an election"
      + " timeout, then votes and campaigns normally")
  void wipedNodeVotesNormallyAfterFollowingALeader() {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    cl.propose(1, "a");
    cl.tickAll(3);
    long term = cl.core(1).term();
    RaftCore three = cl.wipe(3, true);
    cl.propose(1, "b");
    cl.tickAll(2);
    assertThat(three.lastIndex()).isEqualTo(cl.core(1).lastIndex());
    assertThat(three.rejoinGuarded()).isTrue();
    // Still guarded: no pre-vote for a candidate with a longer log, even for a later term.
    three.step(new PreVote(2, 3, term + 1, 100, term));
    assertThat(cl.takeQueued()).contains(new PreVoteResponse(3, 2, term, false));
    cl.tickAll(20);
    assertThat(three.rejoinGuarded()).isFalse();
    assertThat(three.leader()).isEqualTo(1);

    // Node 2 can be elected with node 3's vote alone.
    cl.isolate(1);
    cl.elect(2);
    assertThat(cl.core(2).term()).isGreaterThan(term);
    // And node 3 can be elected itself.
    cl.heal();
    cl.tickAll(4);
    cl.isolate(2);
    cl.elect(3);
    cl.heal();
    cl.propose(3, "c");
    cl.tickAll(4);
    assertThat(cl.appliedData(1)).containsExactly("a", "b", "c");
    assertThat(cl.appliedData(3)).containsExactly("a", "b", "c");
  }

  @Test
  @DisplayName("a leader can hand leadership to a guarded follower (TimeoutNow ends its guard)")
  void transferToAGuardedFollower() {
    TestCluster cl = new TestCluster(config(3, true));
    cl.elect(1);
    cl.propose(1, "a");
    cl.tickAll(3);
    long term = cl.core(1).term();
    RaftCore three = cl.wipe(3, true);
    cl.propose(1, "b");
    cl.tickAll(2);
    assertThat(three.rejoinGuarded()).isTrue();
    assertThat(cl.core(1).transferLeadership(3)).isTrue();
    cl.deliver();
    assertThat(three.role()).isEqualTo(Role.LEADER);
    assertThat(three.term()).isEqualTo(term + 1);
    assertThat(three.rejoinGuarded()).isFalse();
  }

  @Test
  @DisplayName("a leader replicates again to a follower that lost its log, in a few messages (no"
      + " endless probing at the match index it acknowledged before)")
  void leaderReplicatesAgainToAFollowerThatLostItsLog() {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    cl.propose(1, "a");
    cl.propose(1, "b");
    cl.tickAll(3);
    RaftCore three = cl.wipe(3, false);
    assertThat(three.lastIndex()).isZero();
    int before = cl.delivered.size();
    cl.propose(1, "c");
    cl.tickAll(4);
    assertThat(cl.delivered.size() - before).as("messages to catch up").isLessThan(40);
    assertThat(three.lastIndex()).isEqualTo(cl.core(1).lastIndex());
    assertThat(cl.core(1).followerMatchIndexes()).containsEntry(3, cl.core(1).lastIndex());
    assertThat(cl.appliedData(3)).containsExactly("a", "b", "c");
  }

  @Test
  @DisplayName("an idle leader replicates again to a follower that lost its log: the follower"
      + " answers a heartbeat whose commit index it lacks with a rejection")
  void idleLeaderReplicatesAgainToAFollowerThatLostItsLog() {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    cl.propose(1, "a");
    cl.propose(1, "b");
    cl.tickAll(3);
    RaftCore three = cl.wipe(3, true);
    cl.tickAll(4); // heartbeats only, nothing new to replicate
    assertThat(three.lastIndex()).isEqualTo(cl.core(1).lastIndex());
    assertThat(cl.appliedData(3)).containsExactly("a", "b");
  }

  @Test
  @DisplayName("a guarded node takes no commit index from heartbeats before its log matched the"
      + " leader's in this term")
  void guardedNodeCommitsOnlyAfterItsLogMatched() {
    MemoryStorage disk = new MemoryStorage();
    disk.append(List.of(new Entry(1, 1, EntryType.NOOP, new byte[0]),
        new Entry(1, 2, EntryType.NORMAL, new byte[] {7})));
    disk.setHardState(new HardState(1, 0, 0));
    RaftCore c = new RaftCore(config(3, false).withId(3).withRejoinGuard(true), disk,
        TestSnapshots.NONE, new SplittableRandom(3));
    c.step(new Message.Heartbeat(1, 3, 1, 2, 1));
    assertThat(c.commitIndex()).as("its entries may predate the wipe").isZero();
    drain(c);
    c.step(new Message.AppendEntries(1, 3, 1, 2, 1, List.of(), 2));
    assertThat(c.commitIndex()).isEqualTo(2);
    c.step(new Message.Heartbeat(1, 3, 1, 2, 2));
    assertThat(c.commitIndex()).isEqualTo(2);

    RaftCore plain = new RaftCore(config(3, false).withId(3), disk, TestSnapshots.NONE,
        new SplittableRandom(3));
    plain.step(new Message.Heartbeat(1, 3, 1, 2, 1));
    assertThat(plain.commitIndex()).isEqualTo(2);
  }

  private static int leaderOf(TestCluster cl) {
    for (int id = 1; id <= 3; id++) {
      if (cl.core(id).role() == Role.LEADER) {
        return id;
      }
    }
    return 0;
  }

  /** Node 3 on {@code disk}, guarded, with the longest election timeout (20 ticks). */
  private static RaftCore guardedNode(boolean preVote, MemoryStorage disk) {
    return new RaftCore(config(3, preVote).withId(3).withRejoinGuard(true), disk,
        TestSnapshots.NONE, TestRandom.LONGEST_TIMEOUT);
  }

  private static RaftCore guardedNode(boolean preVote) {
    return guardedNode(preVote, new MemoryStorage());
  }


  private static void tick(RaftCore c, int n) {
    for (int i = 0; i < n; i++) {
      c.tick();
    }
  }

  @Test
  @DisplayName("the guard ends exactly electionTicksMax ticks after the node's log first matched a"
      + " leader's (a later match does not restart the wait); it then counts as having voted for"
      + " that leader")
  void guardEndsElectionTicksMaxAfterTheFirstMatch() {
    for (int firstMatch : new int[] {0, 3}) {
      MemoryStorage disk = new MemoryStorage();
      RaftCore c = guardedNode(false, disk);
      tick(c, firstMatch);
      c.step(new Message.AppendEntries(1, 3, 1, 0, 0,
          List.of(new Entry(1, 1, EntryType.NOOP, new byte[0])), 0));
      LeaderHarness.persist(c, disk);
      tick(c, 7);
      c.step(new Message.AppendEntries(1, 3, 1, 1, 1, List.of(), 1));
      assertThat(LeaderHarness.persist(c, disk).messages()).singleElement().isInstanceOfSatisfying(
          Message.AppendEntriesResponse.class, r -> assertThat(r.success()).isTrue());
      tick(c, 12); // 19 ticks since the first match
      assertThat(c.rejoinGuarded()).as("first match at tick %d", firstMatch).isTrue();
      assertThat(c.ready().hardState()).as("no vote recorded yet").isEmpty();
      c.tick();
      assertThat(c.rejoinGuarded()).isFalse();
      assertThat(c.ready().hardState()).contains(new HardState(1, 1, 1));
    }
  }

  @Test
  @DisplayName("the guard's fallback counts GUARD_FALLBACK_TIMEOUTS election timeouts from the"
      + " first sign of a log, not from the node's start")
  void fallbackCountsFromTheFirstEvidence() {
    RaftCore c = guardedNode(true);
    assertFallbackAfterPreVoteAtTick5(c, 5);
  }

  /**
   * At tick 5 node 2 asks {@code c} for a pre-vote with a non-empty log; {@code c}'s fallback must
   * come exactly at tick {@code evidenceAt} plus the fallback wait, without it campaigning: it then
   * counts as having voted (for itself) in its term, and votes for node 2.
   */
  private static void assertFallbackAfterPreVoteAtTick5(RaftCore c, int evidenceAt) {
    tick(c, 5);
    long term = c.term();
    c.step(new PreVote(2, 3, term + 1, 4, 1));
    drain(c);
    tick(c, evidenceAt + RaftCore.GUARD_FALLBACK_TIMEOUTS * 20 - 6);
    assertThat(c.role()).isEqualTo(Role.FOLLOWER);
    assertThat(c.ready().hardState()).as("no vote recorded before the fallback").isEmpty();
    c.step(new PreVote(2, 3, term + 1, 4, 1));
    assertThat(drain(c)).containsExactly(new PreVoteResponse(3, 2, term, false));
    c.tick();
    assertThat(c.rejoinGuarded()).isTrue();
    assertThat(c.ready().hardState()).contains(new HardState(term, 3, 0));
    drain(c);
    c.step(new PreVote(2, 3, term + 1, 4, 1));
    assertThat(drain(c)).containsExactly(new PreVoteResponse(3, 2, term + 1, true));
  }

  @Test
  @DisplayName("a vote request with an empty log is no sign of an existing cluster: after listening"
      + " for GUARD_LISTEN_TIMEOUTS election timeouts a guarded node grants it and campaigns itself"
      + " (a brand-new cluster must elect someone)")
  void emptyLogVoteRequestIsNoEvidence() {
    RaftCore c = guardedNode(true);
    c.step(new PreVote(2, 3, 1, 0, 0));
    assertThat(drain(c)).as("still listening for servers with a log")
        .containsExactly(new PreVoteResponse(3, 2, 0, false));
    int listen = RaftCore.GUARD_LISTEN_TIMEOUTS * 20;
    tick(c, listen - 1);
    assertThat(c.role()).as("no campaign while listening").isEqualTo(Role.FOLLOWER);
    assertThat(drain(c)).isEmpty();
    c.tick();
    assertThat(c.role()).isEqualTo(Role.PRE_CANDIDATE);
    drain(c);
    c.step(new PreVote(2, 3, 1, 0, 0));
    assertThat(drain(c)).containsExactly(new PreVoteResponse(3, 2, 1, true));
    c.step(new RequestVote(2, 3, 1, 0, 0, false));
    assertThat(drain(c)).containsExactly(new RequestVoteResponse(3, 2, 1, true));
    assertThat(c.rejoinGuarded()).isTrue();
  }

  @Test
  @DisplayName("a guarded node's own non-empty log is a sign of an existing cluster from its start:"
      + " it never campaigns, and its fallback counts from its start")
  void ownLogIsEvidenceFromTheStart() {
    MemoryStorage disk = new MemoryStorage();
    disk.append(List.of(new Entry(1, 1, EntryType.NOOP, new byte[0])));
    disk.setHardState(new HardState(1, 0, 0));
    // The pre-vote at tick 5 is more evidence; it does not move the start.
    assertFallbackAfterPreVoteAtTick5(guardedNode(true, disk), 0);
  }

  @Test
  @DisplayName("a guarded candidate that has since seen a log gives up at its next timeout and"
      + " follows instead of campaigning again")
  void guardedCandidateStepsBackAfterSeeingALog() {
    for (boolean preVote : new boolean[] {false, true}) {
      RaftCore c = guardedNode(preVote);
      tick(c, RaftCore.GUARD_LISTEN_TIMEOUTS * 20);
      assertThat(c.role()).isEqualTo(preVote ? Role.PRE_CANDIDATE : Role.CANDIDATE);
      long term = c.term();
      c.step(new PreVote(2, 3, term + 1, 4, 1)); // a candidate with a log: evidence
      drain(c);
      tick(c, 20);
      assertThat(c.role()).as("pre-vote %s", preVote).isEqualTo(Role.FOLLOWER);
      assertThat(c.term()).isEqualTo(term);
    }
  }

  @Test
  @DisplayName("TimeoutNow from the leader ends the guard at once")
  void timeoutNowEndsTheGuardAtOnce() {
    RaftCore c = guardedNode(false);
    c.step(new Message.TimeoutNow(1, 3, 0));
    assertThat(c.rejoinGuarded()).isFalse();
    assertThat(c.role()).isEqualTo(Role.CANDIDATE);
  }
}
