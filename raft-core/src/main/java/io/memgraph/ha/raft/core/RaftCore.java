package io.memgraph.ha.raft.core;

import io.memgraph.ha.raft.core.Message.AppendEntries;
import io.memgraph.ha.raft.core.Message.AppendEntriesResponse;
import io.memgraph.ha.raft.core.Message.Heartbeat;
import io.memgraph.ha.raft.core.Message.HeartbeatResponse;
import io.memgraph.ha.raft.core.Message.InstallSnapshotChunk;
import io.memgraph.ha.raft.core.Message.InstallSnapshotResponse;
import io.memgraph.ha.raft.core.Message.PreVote;
import io.memgraph.ha.raft.core.Message.PreVoteResponse;
import io.memgraph.ha.raft.core.Message.RequestVote;
import io.memgraph.ha.raft.core.Message.RequestVoteResponse;
import io.memgraph.ha.raft.core.Message.TimeoutNow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pure, deterministic Raft node (the design of etcd's raft library). Inputs are {@link #tick()},
 * {@link #step(Message)}, {@link #propose(byte[])}, {@link #readIndex(long)} and
 * {@link #transferLeadership(int)}; all output is collected into a {@link Ready}. There are no
 * threads, clocks, sockets or files inside: the same inputs (and random seed) give the same outputs.
 *
 * <p>Driver loop, on one thread: feed inputs; {@code if (hasReady()) { rd = ready(); handle rd as
 * described in {@link Ready}; advance(rd); }}. Inputs must not be fed between {@code ready()} and
 * {@code advance(rd)}.
 *
 * <p>Not thread-safe.
 */
public final class RaftCore {

  private static final Logger LOG = LoggerFactory.getLogger(RaftCore.class);
  /**
   * A guarded node that saw signs of an existing log but no leader starts voting again after this
   * many maximum election timeouts (for a candidate whose log is at least as up to date as every
   * log it saw), so that a cluster where most nodes are guarded cannot stall.
   */
  static final int GUARD_FALLBACK_TIMEOUTS = 10;
  /**
   * A guarded node that has seen no sign of a log neither votes nor campaigns for this many maximum
   * election timeouts after it started: long enough to hear a surviving server, which asks for
   * votes (a log in the request) at least once per election timeout while it has no leader.
   */
  static final int GUARD_LISTEN_TIMEOUTS = 2;

  private final CoreConfig config;
  private final int id;
  private final SnapshotSource snapshots;
  private final RandomGenerator random;
  private final RaftLog log;
  private final Storage storage;

  private long term;
  private int vote;
  private int leader;
  private Role role = Role.FOLLOWER;

  private final Map<Integer, Progress> progress = new TreeMap<>();
  private final Map<Integer, Boolean> votes = new HashMap<>();
  private final ReadIndexTracker reads = new ReadIndexTracker();

  private int electionElapsed;
  private int heartbeatElapsed;
  private int randomizedElectionTimeout;
  /** Ticks since this core was created: restarted nodes refuse votes for a while under leases. */
  private long now;
  /**
   * The last pre-vote ignored because its leader still seemed alive ({@link #now}, or -1): one who
   * learnt first that the leader is gone is waiting for this node to know it too.
   */
  private long ignoredPreVoteAt = -1;
  /** That pre-vote, which a busy follower may grant later ({@link #peerUnreachable}). */
  private PreVote ignoredPreVote;
  /** When {@link #peerUnreachable} last cut the election timeout short ({@link #now}, or -1). */
  private long refusalAt = -1;
  /**
   * Candidate: the other candidates of this term that asked this node for its vote, a split vote
   * ({@link #splitVote}); cleared with the term's votes.
   */
  private final Set<Integer> splitWith = new HashSet<>();
  /** Candidate with a split vote: {@link #electionElapsed} when it first saw one, and its timeout then. */
  private int splitSeenAt;
  private int splitTimeoutBefore;
  /** How many of {@link #splitWith} campaign again before this node. */
  private int precedingSplitCandidates;
  private int leadTransferee;
  private boolean transferAttemptedInTerm;
  /** Leader: new entries or a new commit index must be sent at the next {@link #ready()}. */
  private boolean appendsPending;
  private boolean commitBroadcastPending;

  // Follower side of snapshot streaming.
  private SnapshotMeta incomingSnapshot;
  private int incomingFrom;
  private long incomingTerm;
  private long incomingNextOffset;
  /** All chunks of this snapshot arrived; waiting for {@link #snapshotReceived}. */
  private SnapshotMeta verifying;

  // Output collected until the next ready().
  private final List<Message> outbox = new ArrayList<>();
  private final List<SnapshotChunk> chunks = new ArrayList<>();
  private SnapshotMeta toInstall;
  private final List<ReadState> readStates = new ArrayList<>();
  private final List<Long> abortedReads = new ArrayList<>();
  private long lastSnapshotRequested;
  /** Entry bytes handed out for applying since the last snapshot was requested or installed. */
  private long bytesSinceSnapshot;
  /** The size of the last snapshot written or installed, as the application reported it. */
  private long lastSnapshotSize;

  // Entries handed out for applying and not yet reported applied (CoreConfig.maxApplying*).
  private long reportedApplied;
  /**
   * Committed entries the application may be behind (not reported by {@link #appliedTo}) before
   * a follower counts as too busy to lead soon: about a second's work on a JVM just started.
   */
  static final int BUSY_BACKLOG = 4096;
  /** The index of the last snapshot handed out for installing (0: none since start). */
  private long installingIndex;
  /** Per Ready handed out: {last index, entry bytes}; dropped once reported applied. */
  private final ArrayDeque<long[]> applyingBatches = new ArrayDeque<>();
  private long applyingBytes;

  private SoftState prevSoft;
  private HardState prevHard;

  // The rejoin guard (CoreConfig.rejoinGuard): this node started with no durable state, so it may
  // have voted, before its directory was wiped, in a term that is still in progress.
  private boolean guarded;
  /**
   * Tick of the first sign that the cluster has a log, -1 if none: a vote request with a non-empty
   * log, a message from a leader, or this node's own non-empty log. From then on a guarded node
   * does not campaign.
   */
  private long guardEvidenceAt = -1;
  /**
   * Tick when this node's log first matched a leader's (it accepted AppendEntries or a snapshot),
   * -1 if never.
   */
  private long guardMatchedAt = -1;
  /**
   * The last term in which this node's log matched its leader's. Until it does, a guarded node
   * takes no commit index from heartbeats: the leader's view of its log may predate the wipe.
   */
  private long guardMatchedTerm = -1;
  /**
   * The most up-to-date log a guarded node saw a sign of: last index and term of a candidate's log,
   * of a leader's entries or snapshot; 0 and 0 if none. After the fallback wait it votes only for
   * a candidate whose log is at least as up to date: never for one with less (an empty log
   * above all), which would throw away what the server it saw holds.
   */
  private long guardFloorIndex;
  private long guardFloorTerm;
  /** The fallback wait is over: the guarded node votes for candidates at or above the floor. */
  private boolean guardFallback;

  /**
   * Starts (or restarts) a node from what {@code storage} holds: the hard state, the snapshot
   * meta (the application must have restored its state machine from that snapshot) and the log.
   * Committed entries after the snapshot are handed out again for the application to re-apply.
   *
   * @param config settings in ticks
   * @param storage the durable log, read-only for the core
   * @param snapshots the application's stored snapshot, read when streaming to a follower
   * @param random seeded source for election timeouts (determinism in tests)
   */
  public RaftCore(CoreConfig config, Storage storage, SnapshotSource snapshots,
      RandomGenerator random) {
    this.config = config;
    this.id = config.id();
    this.storage = storage;
    this.snapshots = snapshots;
    this.random = random;
    this.log = new RaftLog(storage);
    HardState hs = storage.initialHardState();
    this.term = hs.term();
    this.vote = hs.vote();
    if (vote != 0 && !config.voters().contains(vote)) {
      throw new IllegalStateException("persisted vote " + vote + " is not a voter "
          + config.voters());
    }
    this.reportedApplied = log.applied();
    this.prevHard = new HardState(term, vote, log.committed());
    this.prevSoft = softState();
    resetTimers();
    this.guarded = config.rejoinGuard() && config.voters().size() > 1;
    if (guarded) {
      if (log.lastIndex() > 0) {
        guardEvidenceAt = 0;
        raiseGuardFloor(log.lastIndex(), log.lastTerm());
      }
      LOG.info("node {} starts with the rejoin guard on (no durable state when it first started):"
          + " it neither campaigns nor votes for a candidate with a non-empty log until it has"
          + " followed a leader for an election timeout", id);
    }
    LOG.debug("node {} starting at term {} vote {} commit {} log [{}, {}] snapshot {}", id, term,
        vote, log.committed(), log.firstIndex(), log.lastIndex(), log.snapshotMeta());
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** This node's id. */
  public int id() {
    return id;
  }

  /** Current term. */
  public long term() {
    return term;
  }

  /** Current role. */
  public Role role() {
    return role;
  }

  /** The known leader of the current term, 0 if unknown. */
  public int leader() {
    return leader;
  }

  /** The commit index known to this node. */
  public long commitIndex() {
    return log.committed();
  }

  /** The index of the last entry handed out to the application in an advanced Ready. */
  public long appliedIndex() {
    return log.applied();
  }

  /** Index of the last entry in this node's log (durable or not). */
  public long lastIndex() {
    return log.lastIndex();
  }

  /** Term of the entry at {@code index}, or -1 if compacted or absent. */
  public long termAt(long index) {
    return log.term(index);
  }

  /**
   * On a leader, each follower's match index (the highest index known to be durable on it);
   * empty on other roles. For status reporting.
   */
  public Map<Integer, Long> followerMatchIndexes() {
    Map<Integer, Long> out = new TreeMap<>();
    progress.forEach((peer, pr) -> out.put(peer, pr.match));
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * True while the rejoin guard is on ({@link CoreConfig#rejoinGuard()}). A node that starts with
   * no durable state may have voted in the current term before its directory was wiped; voting
   * again in that term could elect two leaders in one term. And its empty log is no evidence that
   * the cluster is new: the other servers may hold the data, or, when most of them were wiped too,
   * only one of them. While guarded it therefore
   * <ul>
   *   <li>grants no vote or pre-vote to a candidate whose last log index is above 0;
   *   <li>for its first {@link #GUARD_LISTEN_TIMEOUTS} times {@code electionTicksMax} ticks neither
   *       votes nor campaigns, listening for the servers that have a log;
   *   <li>once it has seen any sign of an existing log (a leader's message, a vote request with a
   *       non-empty log) neither campaigns nor votes for a candidate with an empty log: only a
   *       brand-new cluster, where every log is empty, elects its first leader that way.
   * </ul>
   * After {@link #GUARD_FALLBACK_TIMEOUTS} times {@code electionTicksMax} ticks with signs of a log,
   * a node that hears from a leader then (one that sends only heartbeats, because it knows the node
   * to hold its entries: a server restarted before its guard ended) ends its guard as below. One
   * with no leader, so that a cluster where most nodes are guarded cannot stall, counts as having
   * voted in its current term and from then on grants votes to candidates whose log is at least as
   * up to date as every log it saw (its floor), and campaigns itself only if its own log is such a
   * log (not empty, and at or above the floor: a server that kept its log). The guard
   * ends, and the node counts as having voted in its current term (for its leader, or for itself
   * if it knows none; persisted with the hard state), when
   * <ul>
   *   <li>{@code electionTicksMax} ticks have passed since its log first matched a leader's (it
   *       accepted AppendEntries or a snapshot; higher terms are adopted meanwhile),
   *   <li>its leader hands leadership to it ({@link Message.TimeoutNow}), or
   *   <li>it becomes leader (possible only before it saw any sign of a log).
   * </ul>
   * Until its log matched its leader's in the current term, a guarded node also takes no commit
   * index from heartbeats (the leader's view of its log may predate the wipe). A driver keeps the
   * guard on across restarts until this turns false after a handled Ready.
   */
  public boolean rejoinGuarded() {
    return guarded;
  }

  /** The settings. */
  public CoreConfig config() {
    return config;
  }

  /** Role, term and leader now. */
  public SoftState softState() {
    return new SoftState(term, role, leader);
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs

  /**
   * Advances logical time by one tick: election timeouts, heartbeats, check-quorum. A follower
   * that is busy when its timeout runs out (still installing a snapshot, or far behind in
   * applying: see {@link #peerUnreachable}) waits once more the timeout's random span, so that a
   * follower ready to lead campaigns first.
   */
  public void tick() {
    now++;
    if (guarded) {
      checkGuardExpired();
    }
    if (role == Role.LEADER) {
      tickLeader();
    } else {
      electionElapsed++;
      // The only voter need not wait for anyone: it elects itself on its first tick.
      if (electionElapsed >= randomizedElectionTimeout || config.voters().size() == 1) {
        if (config.voters().size() > 1 && postponedWhileBusy()) {
          return;
        }
        electionElapsed = 0;
        campaign(config.preVote() ? Role.PRE_CANDIDATE : Role.CANDIDATE, false);
      }
    }
  }

  /**
   * Tells the core that nothing listens on {@code peer}'s Raft port any more (a connection to it
   * was refused): its process is gone. When that peer is this follower's leader, the election
   * timeout, which only waits for evidence that the leader is dead, is cut short: the follower
   * campaigns at its next tick plus {@code rank} staggers of {@link #refusalStagger()} ticks, its
   * rank being the number of the other voters (the dead leader aside) with a lower id, and grants
   * pre-votes to those who know the same. The survivors, who all hear of the refusal within a
   * round trip of each other, so campaign one at a time in the order of their ids: the first wins
   * at once unless its log is behind, and no two of them split the vote as two random draws a tick
   * apart would.
   * A follower that ignored a survivor's pre-vote within the last heartbeat interval (it still
   * believed in the leader then) campaigns at its next tick instead: that survivor, a pre-candidate
   * until its own timeout, grants it; and a pre-candidate asked by one whose log is behind its own
   * asks that one again, in case its first request was ignored the same way.
   * A follower whose application is still installing a snapshot (handed out in a Ready, not yet
   * reported by {@link #appliedTo}) or more than {@value #BUSY_BACKLOG} committed entries behind
   * takes its turn after all the others: as leader it could take no write before it caught up,
   * which on a JVM just started took seconds. Such a follower that ignored a survivor's pre-vote
   * does not campaign at once but answers that pre-vote now, so the survivor that asked wins. (Its
   * ordinary election timeout is put off likewise; see {@link #tick()}.)
   * A leader that answers after all restarts the timeout with its next message, as ever. A machine
   * that is cut off or powered off refuses nothing; its followers wait the whole random timeout.
   *
   * <p>Ignored under {@link ReadMode#LEASE}: a leader's lease assumes that its followers wait
   * {@code electionTicksMin} after its last contact. Otherwise timing is never part of safety.
   */
  public void peerUnreachable(int peer) {
    peerUnreachable(peer, false);
  }

  /**
   * {@link #peerUnreachable(int)}, from a driver that also says whether its application is busy
   * with work that keeps it from applying entries for a while (writing a snapshot, say): such a
   * follower takes its turn after the others, as one still installing a snapshot or more than
   * {@value #BUSY_BACKLOG} committed entries behind does.
   */
  public void peerUnreachable(int peer, boolean applicationBusy) {
    if (role != Role.FOLLOWER || peer != leader || peer == id || config.readMode() == ReadMode.LEASE
        || electionElapsed >= config.electionTicksMin()) {
      return;
    }
    long rank = config.voters().stream().filter(v -> v != peer && v < id).count();
    String busy = applicationBusy ? "its application is busy" : busyReason();
    String after = "";
    if (busy != null) {
      rank += config.voters().size() - 1; // after every survivor's own turn
      after = " (" + busy + ", so after the others)";
    }
    boolean ignoredAPreVote = ignoredPreVoteAt >= 0 && now - ignoredPreVoteAt <= config.heartbeatTicks()
        && ignoredPreVote.term() > term;
    if (ignoredAPreVote && busy == null) {
      // A survivor that knew first asked for a pre-vote a moment ago and waits for its timeout
      // now: it grants ours, so campaigning at once beats waiting for our turn.
      rank = 0;
    }
    // The lowest campaigns on its next tick; nobody later than the longest timeout.
    int ticks = (int) Math.min(1 + rank * refusalStagger(),
        Math.max(1, config.electionTicksMax() - config.electionTicksMin()));
    LOG.info("node {}: leader {} refuses connections (its process is gone); campaigning in {} ticks"
        + " instead of {}{}", id, peer, ticks, randomizedElectionTimeout - electionElapsed, after);
    electionElapsed = config.electionTicksMin();
    randomizedElectionTimeout = config.electionTicksMin() + ticks;
    refusalAt = now;
    if (ignoredAPreVote && busy != null) {
      // As leader it would take no write before it caught up. The survivor that asked waits, a
      // pre-candidate, for its timeout: the pre-vote it missed makes its majority now, as this
      // node is out of the dead leader's lease (granted only if its log is up to date, as ever).
      PreVote pv = ignoredPreVote;
      LOG.info("node {}: answering now the pre-vote that node {} asked for {} ticks ago", id,
          pv.from(), now - ignoredPreVoteAt);
      handleVoteRequest(pv.from(), pv.term(), pv.lastLogIndex(), pv.lastLogTerm(), true);
    }
  }

  /**
   * Why this node, as leader, could take no write for a while, or null: it is still installing a
   * snapshot, or its application is more than {@value #BUSY_BACKLOG} committed entries behind.
   */
  private String busyReason() {
    if (installingSnapshot()) {
      return "still installing snapshot " + installingIndex;
    }
    long behind = log.committed() - reportedApplied;
    return behind > BUSY_BACKLOG ? "its application is " + behind + " entries behind" : null;
  }

  /**
   * Whether a follower whose election timeout ran out waits a while longer: while it is busy
   * ({@link #busyReason()}), once more the timeout's random span plus a tick, so that a follower
   * ready to lead, which heard the leader last at the same time, times out first. One still busy
   * then campaigns anyway. Not after {@link #peerUnreachable}, which puts a busy node last already.
   */
  private boolean postponedWhileBusy() {
    if (role != Role.FOLLOWER || (refusalAt >= 0 && now - refusalAt <= electionElapsed)) {
      return false;
    }
    int span = timeoutSpan();
    if (electionElapsed >= randomizedElectionTimeout + span) {
      return false;
    }
    String busy = busyReason();
    if (busy == null) {
      return false;
    }
    if (electionElapsed == randomizedElectionTimeout) {
      LOG.info("node {}: election timeout, but {}: campaigning {} ticks later, after a follower ready"
          + " to lead", id, busy, span);
    }
    return true;
  }

  /**
   * The ticks between two survivors' campaigns after a refusal: half a heartbeat interval, far more
   * than the pre-vote round trip that two campaigns must not overlap in, and at most the timeout's
   * random span shared among the survivors but one, so the last campaigns about when a follower
   * not told would have at the latest; at least one tick.
   */
  private int refusalStagger() {
    int span = config.electionTicksMax() - config.electionTicksMin();
    int others = Math.max(1, config.voters().size() - 2);
    return Math.max(1, Math.min(config.heartbeatTicks() / 2, span / others));
  }

  private void checkGuardExpired() {
    long max = config.electionTicksMax();
    if (guardMatchedAt >= 0 && now - guardMatchedAt >= max) {
      endGuard("its log matched a leader's " + (now - guardMatchedAt) + " ticks ago");
    } else if (guardEvidenceAt >= 0 && now - guardEvidenceAt >= GUARD_FALLBACK_TIMEOUTS * max
        && role == Role.FOLLOWER && leader != 0 && electionElapsed < max) {
      // A leader it hears from sends only heartbeats: it holds every entry the leader knows it to
      // hold (a server restarted before its guard ended), so no append will come to match.
      endGuard("leader " + leader + " sent no entries to match for " + (now - guardEvidenceAt)
          + " ticks");
    } else if (!guardFallback && guardEvidenceAt >= 0
        && now - guardEvidenceAt >= GUARD_FALLBACK_TIMEOUTS * max) {
      guardFallback = true;
      countAsVoted();
      LOG.warn("node {} (rejoin guard) saw a log {} ticks ago but no leader since: from term {} on"
          + " it votes for a candidate whose log is at least as up to date as the most up-to-date"
          + " log it saw (index {}, term {}), itself included; if no server with such a log runs,"
          + " no leader is elected", id, now - guardEvidenceAt, term + 1,
          guardFloorIndex, guardFloorTerm);
    }
  }

  private void endGuard(String why) {
    guarded = false;
    countAsVoted();
    LOG.info("node {} ends its rejoin guard in term {} ({}); it counts as having voted for {} in"
        + " this term", id, term, why, vote);
  }

  /** It may have voted in this term before the wipe: it must never vote in it again. */
  private void countAsVoted() {
    if (vote == 0 && role != Role.LEADER) {
      vote = leader != 0 ? leader : id;
    }
  }

  /**
   * Whether a guarded node may vote for, or itself be, a candidate whose log ends at
   * {@code lastIndex} and {@code lastTerm} (see {@link #rejoinGuarded()}).
   */
  private boolean guardAllowsCandidate(long lastIndex, long lastTerm) {
    if (guardEvidenceAt < 0) {
      // as far as this node knows, a brand-new cluster: once it has listened for a while
      return lastIndex == 0 && now >= (long) GUARD_LISTEN_TIMEOUTS * config.electionTicksMax();
    }
    return guardFallback && lastIndex > 0
        && (lastTerm > guardFloorTerm || (lastTerm == guardFloorTerm && lastIndex >= guardFloorIndex));
  }

  private void raiseGuardFloor(long index, long term) {
    if (term > guardFloorTerm || (term == guardFloorTerm && index > guardFloorIndex)) {
      guardFloorIndex = index;
      guardFloorTerm = term;
    }
  }

  /** A guarded node's log now matches its leader's (accepted AppendEntries or snapshot). */
  private void noteGuardMatched() {
    if (guarded) {
      guardMatchedTerm = term;
      if (guardMatchedAt < 0) {
        guardMatchedAt = now;
      }
    }
  }

  /** Records what a guarded node learns from {@code m} about an existing cluster. */
  private void noteGuardEvidence(Message m) {
    boolean logExists = m instanceof AppendEntries || m instanceof Heartbeat
        || m instanceof InstallSnapshotChunk
        || (m instanceof PreVote pv && pv.lastLogIndex() > 0)
        || (m instanceof RequestVote rv && rv.lastLogIndex() > 0);
    if (m instanceof PreVote pv) {
      raiseGuardFloor(pv.lastLogIndex(), pv.lastLogTerm());
    } else if (m instanceof RequestVote rv) {
      raiseGuardFloor(rv.lastLogIndex(), rv.lastLogTerm());
    } else if (m instanceof AppendEntries ae) {
      raiseGuardFloor(ae.prevLogIndex(), ae.prevLogTerm());
      if (!ae.entries().isEmpty()) {
        Entry last = ae.entries().get(ae.entries().size() - 1);
        raiseGuardFloor(last.index(), last.term());
      }
    } else if (m instanceof InstallSnapshotChunk c) {
      raiseGuardFloor(c.meta().index(), c.meta().term());
    }
    if (logExists && guardEvidenceAt < 0) {
      guardEvidenceAt = now;
      LOG.info("node {} (rejoin guard) saw a non-empty log ({} from node {} in term {}): it no"
          + " longer campaigns until its guard ends", id, m.getClass().getSimpleName(), m.from(),
          m.term());
    }
  }

  private void tickLeader() {
    heartbeatElapsed++;
    electionElapsed++;
    if (electionElapsed >= config.electionTicksMin()) {
      electionElapsed = 0;
      if (config.checkQuorum()) {
        int active = 1;
        for (Progress pr : progress.values()) {
          if (pr.recentActive) {
            active++;
          }
          pr.recentActive = false;
        }
        if (active < config.quorum()) {
          LOG.info("node {} steps down in term {}: heard from {} of {} nodes in an election timeout",
              id, term, active, config.voters().size());
          becomeFollower(term, 0);
          return;
        }
      }
      if (leadTransferee != 0) {
        LOG.info("node {} aborts leadership transfer to {}: timed out", id, leadTransferee);
        leadTransferee = 0;
      }
    }
    if (heartbeatElapsed >= config.heartbeatTicks()) {
      heartbeatElapsed = 0;
      broadcastHeartbeat();
    }
    for (Map.Entry<Integer, Progress> e : progress.entrySet()) {
      Progress pr = e.getValue();
      if (pr.state == Progress.State.SNAPSHOT
          && ++pr.snapshotStalledTicks >= 2 * config.heartbeatTicks()) {
        // Go-back-N: no acknowledged progress for two heartbeat intervals means a chunk or its
        // acknowledgement was lost; resend from the last acknowledged offset.
        // The follower may also have restarted and lost its partial snapshot: it then reports a
        // smaller offset than it acknowledged before, so go back to what it said last.
        pr.snapshotStalledTicks = 0;
        pr.snapshotAckedOffset = Math.min(pr.snapshotAckedOffset, pr.snapshotReportedOffset);
        pr.snapshotNextOffset = pr.snapshotAckedOffset;
        pr.snapshotAllSent = false;
        sendSnapshotChunks(e.getKey(), pr);
      }
    }
  }

  /**
   * Handles a message from a peer. Messages for another node, from unknown nodes or from stale
   * terms are ignored (or answered so the stale sender learns the term).
   */
  public void step(Message m) {
    if (m.to() != id || m.from() == id || !config.voters().contains(m.from())) {
      LOG.warn("node {} ignores misaddressed message {}", id, m);
      return;
    }
    if (guarded) {
      noteGuardEvidence(m);
    }
    if (m.term() > term) {
      if (m instanceof PreVote || m instanceof RequestVote) {
        boolean force = m instanceof RequestVote rv && rv.leadershipTransfer();
        boolean inLease = config.checkQuorum() && leader != 0
            && electionElapsed < config.electionTicksMin();
        boolean restartFence = config.readMode() == ReadMode.LEASE
            && now < config.electionTicksMin();
        if (!force && (inLease || restartFence)) {
          // Leader stickiness (thesis 4.2.3): a live leader must not be disrupted, and leases
          // depend on it.
          if (m instanceof PreVote pv && m.from() != leader) {
            ignoredPreVoteAt = now;
            ignoredPreVote = pv;
          }
          return;
        }
      }
      if (m instanceof PreVote || (m instanceof PreVoteResponse r && r.granted())) {
        // Pre-vote traffic never changes terms.
      } else if (m instanceof AppendEntries || m instanceof Heartbeat
          || m instanceof InstallSnapshotChunk) {
        becomeFollower(m.term(), m.from());
      } else {
        becomeFollower(m.term(), 0);
      }
    } else if (m.term() < term) {
      if ((config.checkQuorum() || config.preVote())
          && (m instanceof AppendEntries || m instanceof Heartbeat
              || m instanceof InstallSnapshotChunk)) {
        // A stale leader (e.g. after a partition healed) learns the new term and steps down;
        // without this, pre-vote could leave it unaware forever.
        send(new AppendEntriesResponse(id, m.from(), term, false, 0, 0, 0, 0));
      } else if (m instanceof PreVote) {
        send(new PreVoteResponse(id, m.from(), term, false));
      }
      return;
    }

    if (m instanceof PreVote pv) {
      handleVoteRequest(pv.from(), pv.term(), pv.lastLogIndex(), pv.lastLogTerm(), true);
    } else if (m instanceof RequestVote rv) {
      handleVoteRequest(rv.from(), rv.term(), rv.lastLogIndex(), rv.lastLogTerm(), false);
    } else {
      stepByRole(m);
    }
  }

  private void stepByRole(Message m) {
    switch (role) {
      case LEADER -> stepLeader(m);
      case PRE_CANDIDATE, CANDIDATE -> stepCandidate(m);
      default -> stepFollower(m);
    }
  }

  /**
   * Proposes an application command. Only a leader that is not transferring leadership accepts;
   * the entry is then in its log but not yet sent (it leaves with the next {@link #ready()}).
   */
  public ProposeResult propose(byte[] data) {
    if (role != Role.LEADER) {
      return new ProposeResult.Refused(RefusalReason.NOT_LEADER, leader);
    }
    if (leadTransferee != 0) {
      return new ProposeResult.Refused(RefusalReason.LEADERSHIP_TRANSFER_IN_PROGRESS, id);
    }
    Entry e = new Entry(term, log.lastIndex() + 1, EntryType.NORMAL, data);
    log.append(e);
    appendsPending = true;
    return new ProposeResult.Accepted(e.index(), e.term());
  }

  /**
   * Requests a linearizable read (ReadIndex, thesis 6.4). The matching {@link ReadState} is
   * reported once a majority confirmed this node's leadership after the request (or at once under
   * a valid lease); the read may be served once the applied index reaches it.
   */
  public ReadIndexResult readIndex(long requestId) {
    if (role != Role.LEADER) {
      return new ReadIndexResult.Refused(RefusalReason.NOT_LEADER, leader);
    }
    if (leadTransferee != 0) {
      return new ReadIndexResult.Refused(RefusalReason.LEADERSHIP_TRANSFER_IN_PROGRESS, id);
    }
    if (!committedInCurrentTerm()) {
      // Until its no-op commits, a new leader does not know the latest commit index.
      reads.awaitTermCommit(requestId);
    } else {
      startRead(requestId);
    }
    return new ReadIndexResult.Pending(requestId);
  }

  private void startRead(long requestId) {
    long index = log.committed();
    if (config.voters().size() == 1) {
      readStates.add(new ReadState(requestId, index));
      return;
    }
    if (config.readMode() == ReadMode.LEASE && leaseValid()) {
      readStates.add(new ReadState(requestId, index));
      return;
    }
    if (reads.add(requestId, index)) {
      broadcastHeartbeat();
    }
  }

  private boolean committedInCurrentTerm() {
    return log.term(log.committed()) == term;
  }

  /**
   * A lease started when a heartbeat round that a majority acknowledged was sent; followers that
   * acknowledged it refuse votes for {@code electionTicksMin} of their ticks after receiving it.
   * Two ticks of margin cover tick phase differences between nodes. Once a transfer was attempted
   * in this term there is no lease: a late TimeoutNow lets its target bypass stickiness.
   */
  private boolean leaseValid() {
    if (transferAttemptedInTerm) {
      return false;
    }
    long confirmed = majorityHeartbeatRound();
    long sent = reads.sentAt(confirmed);
    return sent >= 0 && now < sent + config.electionTicksMin() - 2;
  }

  /**
   * Hands leadership to {@code target} (thesis 3.10): proposals are refused meanwhile; once the
   * target's log is up to date it gets {@link TimeoutNow}. Aborted after an election timeout.
   *
   * @return false if this node is not leader or {@code target} is not another voter
   */
  public boolean transferLeadership(int target) {
    if (role != Role.LEADER || target == id || !progress.containsKey(target)) {
      return false;
    }
    if (leadTransferee == target) {
      return true;
    }
    leadTransferee = target;
    transferAttemptedInTerm = true;
    electionElapsed = 0;
    Progress pr = progress.get(target);
    if (pr.match == log.lastIndex()) {
      send(new TimeoutNow(id, target, term));
    } else {
      sendAppend(target, pr, true);
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Elections (paper 5.2, thesis 9.6 pre-vote)

  private void campaign(Role kind, boolean transfer) {
    if (guarded && !transfer && !guardAllowsCandidate(log.lastIndex(), log.lastTerm())) {
      // A rejoining node must not cast a (self-)vote in a term it may have voted in already, nor
      // lead with a log behind one another server may hold.
      LOG.debug("node {} does not campaign: rejoin guard", id);
      if (role == Role.PRE_CANDIDATE || role == Role.CANDIDATE) {
        becomeFollower(term, 0);
      }
      return;
    }
    if (kind == Role.PRE_CANDIDATE) {
      becomePreCandidate();
    } else {
      becomeCandidate();
      if (config.preVote() && !transfer) {
        shortenCandidateTimeout();
      }
    }
    long voteTerm = kind == Role.PRE_CANDIDATE ? term + 1 : term;
    if (recordVote(id, true) >= config.quorum()) {
      // Single-node cluster: we already have a majority.
      if (kind == Role.PRE_CANDIDATE) {
        campaign(Role.CANDIDATE, false);
      } else {
        becomeLeader();
      }
      return;
    }
    for (int peer : config.voters()) {
      if (peer == id) {
        continue;
      }
      if (kind == Role.PRE_CANDIDATE) {
        send(new PreVote(id, peer, voteTerm, log.lastIndex(), log.lastTerm()));
      } else {
        send(new RequestVote(id, peer, voteTerm, log.lastIndex(), log.lastTerm(), transfer));
      }
    }
  }

  private void handleVoteRequest(int from, long msgTerm, long lastIndex, long lastTerm,
      boolean pre) {
    // We can vote for the same candidate again (a retransmission), or for anyone if we have not
    // voted in this term and know no leader; a pre-vote for a future term is always considered.
    boolean canVote = vote == from || (vote == 0 && leader == 0) || (pre && msgTerm > term);
    if (guarded && !guardAllowsCandidate(lastIndex, lastTerm)) {
      // A candidate with a log means an existing cluster, whose current term this node may have
      // voted in before its directory was wiped; an empty log may be behind one the cluster has.
      LOG.debug("node {} refuses its {}vote to node {} in term {}: rejoin guard", id,
          pre ? "pre-" : "", from, msgTerm);
      canVote = false;
    }
    if (canVote && log.isUpToDate(lastIndex, lastTerm)) {
      if (pre) {
        send(new PreVoteResponse(id, from, msgTerm, true));
      } else {
        electionElapsed = 0;
        vote = from;
        send(new RequestVoteResponse(id, from, term, true));
      }
    } else if (pre) {
      send(new PreVoteResponse(id, from, term, false));
      if (canVote && role == Role.PRE_CANDIDATE && msgTerm == term + 1 && !votes.containsKey(from)) {
        // It asks in the same round as we do, with a log behind ours: it may have ignored our
        // request while it still believed in the leader, and would now wait out its timeout.
        // Asking again costs one message; it grants, as it is out of its lease now.
        send(new PreVote(id, from, term + 1, log.lastIndex(), log.lastTerm()));
      }
    } else {
      send(new RequestVoteResponse(id, from, term, false));
      if (role == Role.CANDIDATE && vote == id) {
        splitVote(from, lastIndex, lastTerm);
      }
    }
  }

  /**
   * Another candidate of this node's term asks for its vote: each voted for itself, so the vote is
   * split unless the others' votes decide it (they cannot when the dead leader's vote is the one
   * missing, as with the two survivors of a leader that died silently and timed out within a vote
   * round of each other). Rather than both waiting out their random candidate timeouts and maybe
   * splitting again, the two agree on an order both can compute: the one with the more up-to-date
   * log first, on equal logs the lower id. The first campaigns again at its next tick and wins the
   * next term at once (the other, a candidate out of any lease, grants its pre-vote and its vote);
   * one preceded by k such candidates waits k staggers of {@link #refusalStagger()} ticks more, in
   * case the first fails. Only ever shortens the candidate's timeout; timing is never part of
   * safety.
   */
  private void splitVote(int other, long otherLastIndex, long otherLastTerm) {
    if (splitWith.isEmpty()) {
      splitSeenAt = electionElapsed;
      splitTimeoutBefore = randomizedElectionTimeout;
    }
    if (!splitWith.add(other)) {
      return; // a retransmission
    }
    boolean otherAhead = log.isUpToDate(otherLastIndex, otherLastTerm)
        && !(otherLastIndex == log.lastIndex() && otherLastTerm == log.lastTerm() && id < other);
    if (otherAhead) {
      precedingSplitCandidates++;
    }
    int ticks = 1 + precedingSplitCandidates * refusalStagger();
    int timeout = Math.min(splitTimeoutBefore, splitSeenAt + ticks);
    if (timeout != randomizedElectionTimeout) {
      LOG.info("node {}: split vote in term {} with node {}; campaigning again in {} ticks", id,
          term, other, Math.max(0, timeout - electionElapsed));
      randomizedElectionTimeout = timeout;
    }
  }

  private void stepCandidate(Message m) {
    if (m instanceof AppendEntries || m instanceof Heartbeat
        || m instanceof InstallSnapshotChunk) {
      // A leader exists in our term: we lost this election.
      becomeFollower(term, m.from());
      stepFollower(m);
    } else if (m instanceof PreVoteResponse r && role == Role.PRE_CANDIDATE) {
      tally(r.from(), r.granted());
    } else if (m instanceof RequestVoteResponse r && role == Role.CANDIDATE) {
      tally(r.from(), r.granted());
    }
    // Anything else (stale responses, TimeoutNow while campaigning) needs no action.
  }

  private void tally(int from, boolean granted) {
    int granted0 = recordVote(from, granted);
    int rejected = (int) votes.values().stream().filter(v -> !v).count();
    if (granted0 >= config.quorum()) {
      if (role == Role.PRE_CANDIDATE) {
        campaign(Role.CANDIDATE, false);
      } else {
        becomeLeader();
      }
    } else if (rejected >= config.quorum()) {
      becomeFollower(term, 0);
    }
  }

  private int recordVote(int from, boolean granted) {
    votes.putIfAbsent(from, granted);
    return (int) votes.values().stream().filter(v -> v).count();
  }

  private void stepFollower(Message m) {
    if (m instanceof AppendEntries ae) {
      electionElapsed = 0;
      leader = ae.from();
      handleAppendEntries(ae);
    } else if (m instanceof Heartbeat hb) {
      electionElapsed = 0;
      leader = hb.from();
      handleHeartbeat(hb);
    } else if (m instanceof InstallSnapshotChunk c) {
      electionElapsed = 0;
      leader = c.from();
      handleSnapshotChunk(c);
    } else if (m instanceof TimeoutNow t) {
      if (guarded) {
        // A planned handover: the leader vouches that this node is up to date.
        endGuard("leadership transfer from node " + t.from());
      }
      LOG.info("node {} starts an election in term {} on leadership transfer from {}", id,
          term + 1, t.from());
      campaign(Role.CANDIDATE, true);
    }
    // Vote responses from an old campaign and responses meant for a leader need no action.
  }

  // ---------------------------------------------------------------------------------------------
  // Follower side of replication (paper 5.3) and snapshots (paper 7)

  private void handleAppendEntries(AppendEntries m) {
    if (m.prevLogIndex() < log.committed()) {
      // Everything up to our commit index matches any leader's log (leader completeness).
      noteGuardMatched();
      send(new AppendEntriesResponse(id, m.from(), term, true, log.committed(), 0, 0, 0));
      return;
    }
    long lastNew = log.maybeAppend(m.prevLogIndex(), m.prevLogTerm(), m.leaderCommit(),
        m.entries());
    if (lastNew >= 0) {
      noteGuardMatched();
      send(new AppendEntriesResponse(id, m.from(), term, true, lastNew, 0, 0, 0));
      return;
    }
    long[] hint = log.findConflictByTerm(Math.min(m.prevLogIndex(), log.lastIndex()),
        m.prevLogTerm());
    send(new AppendEntriesResponse(id, m.from(), term, false, 0, m.prevLogIndex(), hint[0],
        hint[1]));
  }

  private void handleHeartbeat(Heartbeat m) {
    if (m.commit() > log.lastIndex()) {
      // The heartbeat's commit is at most what we acknowledged holding, and acknowledged entries
      // are durable: we lost our log (a wiped directory). A rejection tells the leader where we
      // really are, so it replicates again instead of sending heartbeats forever.
      LOG.debug("node {}: leader {} counts entries up to {} as ours, but our log ends at {}", id,
          m.from(), m.commit(), log.lastIndex());
      send(new AppendEntriesResponse(id, m.from(), term, false, 0, m.commit(), log.lastIndex(),
          log.lastTerm()));
    }
    if (!guarded || guardMatchedTerm == term) {
      log.commitTo(Math.min(m.commit(), log.lastIndex()));
    }
    send(new HeartbeatResponse(id, m.from(), term, m.context()));
  }

  private void handleSnapshotChunk(InstallSnapshotChunk m) {
    SnapshotMeta meta = m.meta();
    if (meta.index() <= log.committed() || log.matchTerm(meta.index(), meta.term())) {
      // We already hold everything the snapshot covers; just fast-forward the commit index.
      noteGuardMatched();
      log.commitTo(meta.index());
      incomingSnapshot = null;
      send(new InstallSnapshotResponse(id, m.from(), term, meta, 0, true));
      return;
    }
    if (toInstall != null) {
      // A verified snapshot waits for the next Ready to install it. A new stream's chunks would
      // reach the driver in that same Ready, before the install, and replace the file it is about
      // to install: the leader is told to start this one over, after the install.
      send(new InstallSnapshotResponse(id, m.from(), term, meta, 0, false));
      return;
    }
    // A stream is one leader's snapshot file in one term: two nodes' snapshots of the same index
    // need not be byte-identical, so chunks of different streams must never be mixed.
    boolean sameStream = meta.equals(incomingSnapshot) && m.from() == incomingFrom
        && term == incomingTerm;
    if (m.offset() == 0 && !sameStream) {
      verifying = null;
      incomingSnapshot = meta;
      incomingFrom = m.from();
      incomingTerm = term;
      incomingNextOffset = 0;
      sameStream = true;
    }
    if (!sameStream || m.offset() != incomingNextOffset) {
      // Out of order, duplicate, or a stream we do not have the start of: say where we are.
      long at = sameStream ? incomingNextOffset : 0;
      send(new InstallSnapshotResponse(id, m.from(), term, meta, at, false));
      return;
    }
    if (meta.equals(verifying)) {
      // Everything arrived already; the driver is checking it. Say how much we hold.
      send(new InstallSnapshotResponse(id, m.from(), term, meta, incomingNextOffset, false));
      return;
    }
    chunks.add(new SnapshotChunk(meta, m.offset(), m.data(), m.done()));
    incomingNextOffset += m.data().length;
    if (m.done()) {
      // Nothing changes before the driver has checked the assembled file (its checksum): a
      // damaged snapshot must never replace the log. See snapshotReceived.
      verifying = meta;
    } else {
      send(new InstallSnapshotResponse(id, m.from(), term, meta, incomingNextOffset, false));
    }
  }

  /**
   * The driver's verdict on a snapshot whose last chunk it stored (a chunk with
   * {@link SnapshotChunk#last()} in a Ready): call it after {@link #advance} of that Ready. If
   * {@code intact}, the snapshot is installed: the next Ready carries
   * {@link Ready#snapshotToInstall()} and the leader learns it. If not (checksum mismatch, chunks
   * that could not be assembled), the partial transfer is forgotten and the leader is told to
   * start over from offset 0; its stalled-transfer timer then resends the snapshot. The driver
   * may also report a transfer it could not store before the last chunk.
   */
  public void snapshotReceived(SnapshotMeta meta, boolean intact) {
    if (!intact) {
      if (!meta.equals(verifying) && !meta.equals(incomingSnapshot)) {
        return; // a newer transfer replaced it already
      }
      LOG.info("node {} discards damaged snapshot {} from node {}; asking for it again", id, meta,
          incomingFrom);
      verifying = null;
      incomingSnapshot = null;
      incomingNextOffset = 0;
      send(new InstallSnapshotResponse(id, incomingFrom, term, meta, 0, false));
      return;
    }
    if (!meta.equals(verifying)) {
      LOG.debug("node {} ignores the verdict on snapshot {}: no longer expected", id, meta);
      return;
    }
    verifying = null;
    incomingSnapshot = null;
    if (meta.index() <= log.committed() || log.matchTerm(meta.index(), meta.term())) {
      // Entries arriving meanwhile already cover the snapshot.
      log.commitTo(meta.index());
      send(new InstallSnapshotResponse(id, incomingFrom, term, meta, 0, true));
      return;
    }
    LOG.info("node {} installs snapshot {} from leader {} in term {}", id, meta, incomingFrom,
        term);
    noteGuardMatched();
    log.restore(meta);
    toInstall = meta;
    installingIndex = meta.index();
    bytesSinceSnapshot = 0;
    send(new InstallSnapshotResponse(id, incomingFrom, term, meta, incomingNextOffset, true));
  }

  // ---------------------------------------------------------------------------------------------
  // Leader side

  private void stepLeader(Message m) {
    Progress pr = progress.get(m.from());
    if (pr == null) {
      return;
    }
    if (m instanceof AppendEntriesResponse r) {
      pr.recentActive = true;
      handleAppendResponse(r, pr);
    } else if (m instanceof HeartbeatResponse r) {
      pr.recentActive = true;
      handleHeartbeatResponse(r, pr);
    } else if (m instanceof InstallSnapshotResponse r) {
      pr.recentActive = true;
      handleSnapshotResponse(r, pr);
    }
    // Same-term AppendEntries cannot exist (election safety); stale vote responses: ignore.
  }

  private void handleAppendResponse(AppendEntriesResponse r, Progress pr) {
    int peer = r.from();
    if (!r.success()) {
      long probeHint = r.hintTerm() > 0
          ? log.findConflictByTerm(r.hintIndex(), r.hintTerm())[0]
          : r.hintIndex();
      long matchBefore = pr.match;
      if (pr.maybeDecrTo(r.rejectedIndex(), probeHint)) {
        if (pr.match < matchBefore) {
          LOG.info("node {}: follower {} no longer has index {} it acknowledged (log lost, e.g. a"
              + " wiped directory, or a stale rejection); replicating again from index {}", id,
              peer, matchBefore, pr.match + 1);
        }
        if (pr.state == Progress.State.REPLICATE) {
          pr.becomeProbe();
        }
        sendAppend(peer, pr, true);
      }
      return;
    }
    boolean wasPaused = pr.isPaused();
    if (pr.maybeUpdate(r.matchIndex())) {
      if (pr.state == Progress.State.PROBE) {
        pr.becomeReplicate();
      } else if (pr.state == Progress.State.REPLICATE) {
        pr.inflights.freeLe(r.matchIndex());
      }
      if (maybeCommit()) {
        commitBroadcastPending = true;
      }
      sendAppends(peer, pr, false);
      if (peer == leadTransferee && pr.match == log.lastIndex()) {
        LOG.info("node {} sends TimeoutNow to {}: its log is up to date", id, peer);
        send(new TimeoutNow(id, peer, term));
      }
    } else if (wasPaused && !pr.isPaused()) {
      sendAppends(peer, pr, false);
    }
  }

  private void handleHeartbeatResponse(HeartbeatResponse r, Progress pr) {
    int peer = r.from();
    pr.probeSent = false;
    if (pr.state == Progress.State.REPLICATE && pr.inflights.full()) {
      pr.inflights.freeFirst();
    }
    if (pr.match < log.lastIndex() && pr.state != Progress.State.SNAPSHOT) {
      sendAppend(peer, pr, true);
    }
    if (r.context() > pr.ackedHeartbeat && r.context() <= reads.lastRound()) {
      pr.ackedHeartbeat = r.context();
      long confirmed = majorityHeartbeatRound();
      readStates.addAll(reads.confirm(confirmed));
      reads.pruneBefore(confirmed);
      if (reads.hasUnsentReads()) {
        broadcastHeartbeat();
      }
    }
  }

  private long majorityHeartbeatRound() {
    long[] acked = new long[config.voters().size()];
    int i = 0;
    acked[i++] = reads.lastRound();
    for (Progress p : progress.values()) {
      acked[i++] = p.ackedHeartbeat;
    }
    return Quorum.majorityValue(acked);
  }

  private void handleSnapshotResponse(InstallSnapshotResponse r, Progress pr) {
    int peer = r.from();
    if (r.installed()) {
      pr.match = Math.max(pr.match, r.meta().index());
      pr.next = Math.max(pr.next, pr.match + 1);
      if (pr.state == Progress.State.SNAPSHOT) {
        LOG.info("node {}: follower {} installed snapshot {}", id, peer, r.meta());
        pr.becomeProbe();
      }
      if (maybeCommit()) {
        commitBroadcastPending = true;
      }
      sendAppend(peer, pr, true);
      return;
    }
    if (pr.state != Progress.State.SNAPSHOT || !r.meta().equals(pr.snapshot)) {
      return;
    }
    pr.snapshotReportedOffset = r.nextOffset();
    if (r.nextOffset() > pr.snapshotAckedOffset) {
      pr.snapshotAckedOffset = r.nextOffset();
      pr.snapshotStalledTicks = 0;
    }
    // Chunks before the follower's position need not be sent again.
    pr.snapshotNextOffset = Math.max(pr.snapshotNextOffset, pr.snapshotAckedOffset);
    sendSnapshotChunks(peer, pr);
  }

  /** Sends as many AppendEntries as flow control allows. */
  private void sendAppends(int peer, Progress pr, boolean sendIfEmpty) {
    boolean first = true;
    while (sendAppend(peer, pr, first && sendIfEmpty)) {
      first = false;
      if (pr.state != Progress.State.REPLICATE || pr.next > log.lastIndex()) {
        break;
      }
    }
  }

  /**
   * Sends one AppendEntries (or starts a snapshot if the needed entries are compacted).
   *
   * @return true if a message was sent
   */
  private boolean sendAppend(int peer, Progress pr, boolean sendIfEmpty) {
    if (pr.isPaused()) {
      return false;
    }
    long prevIndex = pr.next - 1;
    long prevTerm = log.term(prevIndex);
    List<Entry> entries;
    try {
      entries = prevTerm == RaftLog.UNKNOWN ? null : log.entriesFrom(pr.next, config.maxSizePerMsg());
    } catch (LogCompactedException e) {
      entries = null;
    }
    if (entries == null) {
      return startSnapshot(peer, pr);
    }
    if (entries.isEmpty() && !sendIfEmpty) {
      return false;
    }
    send(new AppendEntries(id, peer, term, prevIndex, prevTerm, entries, log.committed()));
    if (pr.state == Progress.State.REPLICATE) {
      if (!entries.isEmpty()) {
        long last = entries.get(entries.size() - 1).index();
        pr.next = last + 1;
        pr.inflights.add(last);
      }
    } else {
      pr.probeSent = true;
    }
    return true;
  }

  private boolean startSnapshot(int peer, Progress pr) {
    SnapshotMeta meta = log.snapshotMeta();
    Optional<Long> size = snapshots.size(meta);
    if (meta.index() == 0 || size.isEmpty()) {
      // Retried on every probe; warn once per meta so a slow snapshot writer does not flood logs.
      if (!meta.equals(pr.unavailableSnapshotWarned)) {
        pr.unavailableSnapshotWarned = meta;
        LOG.warn("node {} cannot send snapshot {} to follower {} (next index {} < first index {}):"
            + " the SnapshotSource does not have it", id, meta, peer, pr.next, log.firstIndex());
      }
      return false;
    }
    LOG.info("node {} streams snapshot {} ({} bytes) to follower {} (next index {} < first {})",
        id, meta, size.get(), peer, pr.next, log.firstIndex());
    pr.becomeSnapshot(meta, size.get());
    sendSnapshotChunks(peer, pr);
    return true;
  }

  private void sendSnapshotChunks(int peer, Progress pr) {
    long window = (long) config.snapshotChunkBytes() * config.snapshotChunksInflight();
    while (!pr.snapshotAllSent && pr.snapshotNextOffset - pr.snapshotAckedOffset < window) {
      long offset = pr.snapshotNextOffset;
      int len = (int) Math.min(config.snapshotChunkBytes(), pr.snapshotSize - offset);
      Optional<byte[]> data = snapshots.read(pr.snapshot, offset, len);
      if (data.isEmpty()) {
        // The application replaced the snapshot (a newer compaction): start over with it.
        LOG.info("node {}: snapshot {} for follower {} is gone, restarting with the current one",
            id, pr.snapshot, peer);
        pr.becomeProbe();
        pr.next = Math.min(pr.next, log.firstIndex() - 1);
        startSnapshot(peer, pr);
        return;
      }
      boolean done = offset + data.get().length >= pr.snapshotSize;
      send(new InstallSnapshotChunk(id, peer, term, pr.snapshot, offset, data.get(), done));
      pr.snapshotNextOffset = offset + data.get().length;
      pr.snapshotAllSent = done;
    }
  }

  private void broadcastHeartbeat() {
    long context = reads.nextRound(now);
    for (Map.Entry<Integer, Progress> e : progress.entrySet()) {
      long commit = Math.min(log.committed(), e.getValue().match);
      send(new Heartbeat(id, e.getKey(), term, commit, context));
    }
    if (progress.isEmpty()) {
      readStates.addAll(reads.confirm(context));
    }
  }

  /** Paper 5.3/5.4.2: commit the highest index on a majority, if its entry is from our term. */
  private boolean maybeCommit() {
    long[] matches = new long[config.voters().size()];
    int i = 0;
    matches[i++] = log.durableLastIndex();
    for (Progress pr : progress.values()) {
      matches[i++] = pr.match;
    }
    boolean wasCommittedInTerm = committedInCurrentTerm();
    boolean advanced = log.maybeCommit(Quorum.majorityValue(matches), term);
    if (advanced && !wasCommittedInTerm) {
      for (long requestId : reads.drainAwaitingTermCommit()) {
        startRead(requestId);
      }
    }
    return advanced;
  }

  // ---------------------------------------------------------------------------------------------
  // Role transitions

  private void resetTimers() {
    electionElapsed = 0;
    heartbeatElapsed = 0;
    randomizedElectionTimeout = config.electionTicksMin() + random.nextInt(timeoutSpan());
  }

  /** How many election timeouts a follower draws from: electionTicksMin..electionTicksMax. */
  private int timeoutSpan() {
    return config.electionTicksMax() - config.electionTicksMin() + 1;
  }

  private void reset(long newTerm) {
    if (term != newTerm) {
      term = newTerm;
      vote = 0;
    }
    leader = 0;
    votes.clear();
    splitWith.clear();
    precedingSplitCandidates = 0;
    progress.clear();
    leadTransferee = 0;
    transferAttemptedInTerm = false;
    appendsPending = false;
    commitBroadcastPending = false;
    abortedReads.addAll(reads.abortAll());
    resetTimers();
  }

  private void becomeFollower(long newTerm, int newLeader) {
    if (role == Role.LEADER) {
      LOG.info("node {} is no longer leader (term {} -> {})", id, term, newTerm);
    }
    reset(newTerm);
    role = Role.FOLLOWER;
    leader = newLeader;
  }

  private void becomePreCandidate() {
    // Pre-vote must not change the term or the vote (thesis 9.6).
    votes.clear();
    leader = 0;
    role = Role.PRE_CANDIDATE;
    resetTimers();
  }

  private void becomeCandidate() {
    reset(term + 1);
    vote = id;
    role = Role.CANDIDATE;
  }

  /**
   * A candidate that passed pre-vote (a majority hears from no leader) gives up sooner than a
   * follower waits: after a split vote (two candidates in one term, as when the two survivors of a
   * dead leader time out within one vote round of each other) a whole election timeout would
   * double the failover. Its timeout is drawn from [b, 2b] ticks, b = max(heartbeat, electionTicksMax
   * - electionTicksMin): long enough for votes that wait on an fsync, still randomized, and never
   * longer than a follower's.
   */
  private void shortenCandidateTimeout() {
    int b = Math.max(config.heartbeatTicks(), config.electionTicksMax() - config.electionTicksMin());
    randomizedElectionTimeout = Math.min(randomizedElectionTimeout, b + random.nextInt(b + 1));
  }

  private void becomeLeader() {
    reset(term);
    role = Role.LEADER;
    leader = id;
    for (int peer : config.voters()) {
      if (peer != id) {
        Progress pr = new Progress(log.lastIndex() + 1, config.maxInflightMsgs());
        pr.recentActive = true;
        progress.put(peer, pr);
      }
    }
    // The no-op commits every earlier entry once it is committed (paper 5.4.2).
    log.append(Entry.noop(term, log.lastIndex() + 1));
    appendsPending = true;
    LOG.info("node {} became leader in term {} (last index {})", id, term, log.lastIndex());
    if (guarded) {
      endGuard("it became leader");
    }
  }

  private void send(Message m) {
    outbox.add(m);
  }

  // ---------------------------------------------------------------------------------------------
  // Ready / advance

  private void flushLeader() {
    if (role != Role.LEADER || !(appendsPending || commitBroadcastPending)) {
      return;
    }
    for (Map.Entry<Integer, Progress> e : progress.entrySet()) {
      sendAppends(e.getKey(), e.getValue(), commitBroadcastPending);
    }
    appendsPending = false;
    commitBroadcastPending = false;
  }

  private HardState hardState() {
    return new HardState(term, vote, log.committed());
  }

  private boolean snapshotDue(long appliedAfter) {
    long threshold = config.snapshotThreshold();
    if (threshold < 0) {
      return false;
    }
    long base = Math.max(log.snapshotMeta().index(), lastSnapshotRequested);
    if (appliedAfter - base >= threshold) {
      return true;
    }
    long bytes = config.snapshotBytes();
    return bytes > 0 && bytesSinceSnapshot >= Math.max(bytes, lastSnapshotSize / 2);
  }

  /**
   * The application wrote or restored a snapshot of {@code bytes} bytes. With
   * {@link CoreConfig#snapshotBytes()}, the next snapshot is asked for only after at least half as
   * many entry bytes have been applied, so writing snapshots costs at most about twice the log.
   */
  public void snapshotSize(long bytes) {
    lastSnapshotSize = Math.max(0, bytes);
  }

  /**
   * The application has applied everything up to {@code index} (entries handed out in Readies, or
   * an installed snapshot). With {@link CoreConfig#maxApplyingEntries()} or
   * {@link CoreConfig#maxApplyingBytes()}, committed entries beyond those limits stay in the log
   * and are handed out by a later Ready, after this report, so a slow state machine holds back
   * the apply queue instead of letting it grow without bound. It also ends a snapshot's install,
   * which {@link #peerUnreachable} takes into account; a driver that never reports leaves every
   * installed snapshot counted as still installing. May be called at any time except between
   * {@link #ready()} and {@link #advance}.
   */
  public void appliedTo(long index) {
    if (index <= reportedApplied) {
      return;
    }
    reportedApplied = index;
    while (!applyingBatches.isEmpty() && applyingBatches.peekFirst()[0] <= index) {
      applyingBytes -= applyingBatches.pollFirst()[1];
    }
  }

  /**
   * True when committed entries wait in the log because the apply limits are reached: only an
   * {@link #appliedTo} report lets them out. Without limits, never.
   */
  public boolean applyHeldBack() {
    return applyLimited() && log.hasNextCommitted() && applyBudget() == 0;
  }

  /** Whether a snapshot handed out for installing has not been reported applied yet. */
  boolean installingSnapshot() {
    return installingIndex > reportedApplied;
  }

  /** Entries handed out for applying and not yet reported applied. */
  public long applyingEntries() {
    return Math.max(0, log.applied() - reportedApplied);
  }

  private boolean applyLimited() {
    return config.maxApplyingEntries() > 0 || config.maxApplyingBytes() > 0;
  }

  /** How many more committed entries may be handed out now (the entry-count budget). */
  private long applyBudget() {
    if (!applyLimited()) {
      return Long.MAX_VALUE;
    }
    long count = config.maxApplyingEntries() > 0
        ? config.maxApplyingEntries() - applyingEntries() : Long.MAX_VALUE;
    boolean bytesLeft = config.maxApplyingBytes() == 0 || applyingBytes < config.maxApplyingBytes();
    return bytesLeft ? Math.max(0, count) : 0;
  }

  private List<Entry> nextCommitted() {
    long count = applyBudget();
    if (count == 0) {
      return List.of();
    }
    long bytes = config.maxApplyingBytes() > 0 ? config.maxApplyingBytes() - applyingBytes
        : Long.MAX_VALUE;
    return log.nextCommitted(count, bytes);
  }

  /** True if {@link #ready()} has something for the driver. */
  public boolean hasReady() {
    flushLeader();
    return !softState().equals(prevSoft) || !hardState().equals(prevHard)
        || log.hasUnstableEntries() || !chunks.isEmpty() || toInstall != null
        || (log.hasNextCommitted() && applyBudget() > 0) || !outbox.isEmpty() || !readStates.isEmpty()
        || !abortedReads.isEmpty();
  }

  /** Collects all pending output; see {@link Ready} for what the driver must do with it. */
  public Ready ready() {
    flushLeader();
    SoftState soft = softState();
    HardState hard = hardState();
    List<Entry> committed = nextCommitted();
    long appliedAfter = committed.isEmpty() ? log.applied()
        : committed.get(committed.size() - 1).index();
    Optional<SnapshotMeta> snapshotRequest = Optional.empty();
    for (Entry e : committed) {
      bytesSinceSnapshot += e.sizeBytes();
    }
    if (!committed.isEmpty() && snapshotDue(appliedAfter)) {
      snapshotRequest = Optional.of(new SnapshotMeta(appliedAfter,
          committed.get(committed.size() - 1).term()));
      lastSnapshotRequested = appliedAfter;
      bytesSinceSnapshot = 0;
    }
    Ready rd = new Ready(
        soft.equals(prevSoft) ? Optional.empty() : Optional.of(soft),
        hard.equals(prevHard) ? Optional.empty() : Optional.of(hard),
        log.unstableEntries(),
        chunks,
        Optional.ofNullable(toInstall),
        committed,
        outbox,
        readStates,
        abortedReads,
        snapshotRequest);
    chunks.clear();
    toInstall = null;
    outbox.clear();
    readStates.clear();
    abortedReads.clear();
    return rd;
  }

  /** The driver has handled {@code rd}: its entries, snapshot and hard state are durable. */
  public void advance(Ready rd) {
    rd.softState().ifPresent(s -> prevSoft = s);
    rd.hardState().ifPresent(h -> prevHard = h);
    rd.snapshotToInstall().ifPresent(log::stableSnapshotTo);
    if (!rd.entries().isEmpty()) {
      Entry last = rd.entries().get(rd.entries().size() - 1);
      log.stableTo(last.index(), last.term());
    }
    if (!rd.committedEntries().isEmpty()) {
      long last = rd.committedEntries().get(rd.committedEntries().size() - 1).index();
      log.appliedTo(last);
      if (applyLimited()) {
        long bytes = 0;
        for (Entry e : rd.committedEntries()) {
          bytes += e.sizeBytes();
        }
        applyingBatches.addLast(new long[] {last, bytes});
        applyingBytes += bytes;
      }
    }
    if (role == Role.LEADER && maybeCommit()) {
      // Our own entries just became durable and that completed a majority.
      commitBroadcastPending = true;
    }
  }

  @Override
  public String toString() {
    return "RaftCore{id=" + id + ", " + role + ", term=" + term + ", leader=" + leader
        + ", commit=" + log.committed() + ", applied=" + log.applied() + ", last="
        + log.lastIndex() + ", progress=" + progress + "}";
  }
}
