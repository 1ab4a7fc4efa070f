package io.memgraph.ha.raft.sim;

import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.Message;
import io.memgraph.ha.raft.core.RaftCore;
import io.memgraph.ha.raft.core.ReadState;
import io.memgraph.ha.raft.core.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Raft safety properties (paper figure 3), checked against the whole simulated cluster after
 * every event. A violation throws {@link AssertionError} naming the property.
 */
final class SafetyChecker {

  private final List<SimNode> nodes;
  /** Election safety: the one leader of each term. */
  private final Map<Long, Integer> leaderOfTerm = new HashMap<>();
  /**
   * Votes (not pre-votes) granted in each term, by candidate: the voters whose grant for that term
   * reached the candidate. A leader of term T must hold grants of T from a majority, itself included.
   */
  private final Map<Long, Map<Integer, Set<Integer>>> grants = new HashMap<>();
  /** Client commands in the committed log: command id to its index (each command id is proposed once). */
  private final Map<Long, Long> commandIndex = new HashMap<>();
  /** Proposals accepted by a leader and not yet decided, by node: index to {term, command}. */
  private final Map<Integer, Map<Long, long[]>> pending = new HashMap<>();
  /** Commands whose proposer learnt they committed (its entry applied at its index and term). */
  private final Set<Long> acknowledged = new HashSet<>();
  /** Commands whose proposer learnt they did not (another entry applied at their index). */
  private final Set<Long> failed = new HashSet<>();
  /** Terms of committed entries, by index (index 0 unused). Never changes once written. */
  private final List<Long> committedTerms = new ArrayList<>(List.of(0L));
  /** State-machine digest after applying each index (index 0 = empty state). */
  private final List<Long> digests = new ArrayList<>(List.of(0L));
  /** Highest commit index any node ever had: everything up to it is committed. */
  private long maxCommit;
  /** Read request id -> maxCommit when it was requested. */
  private final Map<Long, Long> readBound = new HashMap<>();
  private final Map<Integer, Long> checkedCommit = new HashMap<>();
  long readsServed;
  long readsConfirmed;
  long readsAborted;
  long applied;
  long maxTerm;
  long elections;

  SafetyChecker(List<SimNode> nodes) {
    this.nodes = nodes;
  }

  /** The content of every entry any node wrote, by index and term: one entry per pair. */
  private final Map<Long, Map<Long, Integer>> written = new HashMap<>();

  /** A node wrote these entries to its log (not yet durable). */
  void onWritten(SimNode n, List<Entry> entries) {
    for (Entry e : entries) {
      int hash = java.util.Arrays.hashCode(e.data()) * 31 + e.type().ordinal();
      Integer prev = written.computeIfAbsent(e.index(), i -> new HashMap<>()).putIfAbsent(e.term(),
          hash);
      if (prev != null && prev != hash) {
        throw new AssertionError("log matching: node " + n.id + " wrote another entry at index "
            + e.index() + " term " + e.term() + " than one written before");
      }
    }
  }

  /**
   * A node recovered these entries from its disk: each is one that some node wrote, byte for byte
   * (a torn write that recovery kept would differ).
   */
  void onRecovered(SimNode n, List<Entry> entries) {
    for (Entry e : entries) {
      Integer hash = written.getOrDefault(e.index(), Map.of()).get(e.term());
      if (hash == null || hash != java.util.Arrays.hashCode(e.data()) * 31 + e.type().ordinal()) {
        throw new AssertionError("recovery: node " + n.id + " recovered an entry at index "
            + e.index() + " term " + e.term() + " that no node wrote");
      }
    }
  }

  /** Called when a node is about to step {@code m}. */
  void onStep(Message m) {
    if (m instanceof Message.RequestVoteResponse r && r.granted()) {
      grants.computeIfAbsent(r.term(), t -> new HashMap<>())
          .computeIfAbsent(r.to(), c -> new HashSet<>()).add(r.from());
    }
  }

  long maxCommit() {
    return maxCommit;
  }

  /** Called after every simulation event. */
  void afterEvent(boolean fullLogCheck) {
    for (SimNode n : nodes) {
      if (!n.alive) {
        continue;
      }
      RaftCore c = n.core;
      maxTerm = Math.max(maxTerm, c.term());
      if (c.role() == Role.LEADER) {
        Integer prev = leaderOfTerm.putIfAbsent(c.term(), n.id);
        if (prev == null) {
          elections++;
          checkElectedByMajority(n);
          checkLeaderCompleteness(n);
        } else if (prev != n.id) {
          throw new AssertionError("election safety: nodes " + prev + " and " + n.id
              + " are both leader in term " + c.term());
        }
      }
      checkCommitted(n);
    }
    if (fullLogCheck) {
      checkLogMatching();
    }
  }

  /** Election: the new leader holds votes of its own term from a majority (itself included). */
  private void checkElectedByMajority(SimNode n) {
    RaftCore c = n.core;
    Set<Integer> voters = new HashSet<>(grants.getOrDefault(c.term(), Map.of()).getOrDefault(n.id, Set.of()));
    voters.add(n.id);
    if (voters.size() < c.config().quorum()) {
      throw new AssertionError("election: node " + n.id + " became leader in term " + c.term()
          + " with votes of that term from only " + voters + " (quorum " + c.config().quorum() + ")");
    }
  }

  /** Committed entries never change: every node's committed prefix agrees with the record. */
  private void checkCommitted(SimNode n) {
    RaftCore c = n.core;
    long from = checkedCommit.getOrDefault(n.id, 0L) + 1;
    for (long i = from; i <= c.commitIndex(); i++) {
      long t = c.termAt(i);
      if (t < 0) {
        continue; // compacted into a snapshot; the digest check covers it
      }
      if (i < committedTerms.size()) {
        if (committedTerms.get((int) i) == -1L) {
          committedTerms.set((int) i, t);
        } else if (committedTerms.get((int) i) != t) {
          throw new AssertionError("committed entry changed: index " + i + " was committed with term "
              + committedTerms.get((int) i) + " but node " + n.id + " has term " + t);
        }
      } else if (i == committedTerms.size()) {
        committedTerms.add(t);
      } else {
        // A gap can only come from compaction of the indexes in between; record lazily.
        while (committedTerms.size() < i) {
          committedTerms.add(-1L);
        }
        committedTerms.add(t);
      }
    }
    checkedCommit.put(n.id, c.commitIndex());
    maxCommit = Math.max(maxCommit, c.commitIndex());
  }

  /** Leader completeness (paper 5.4): a new leader holds every committed entry. */
  private void checkLeaderCompleteness(SimNode n) {
    RaftCore c = n.core;
    for (int i = 1; i < committedTerms.size(); i++) {
      long want = committedTerms.get(i);
      long have = c.termAt(i);
      if (want < 0 || (have < 0 && i <= c.commitIndex())) {
        continue; // unknown term, or compacted into the leader's snapshot
      }
      if (have != want) {
        throw new AssertionError("leader completeness: new leader " + n.id + " of term "
            + c.term() + " has term " + have + " at committed index " + i + " (committed term "
            + want + ")");
      }
    }
  }

  /** Log matching (paper 5.3): same index and term implies identical prefixes. */
  private void checkLogMatching() {
    for (int a = 0; a < nodes.size(); a++) {
      for (int b = a + 1; b < nodes.size(); b++) {
        SimNode x = nodes.get(a);
        SimNode y = nodes.get(b);
        if (!x.alive || !y.alive) {
          continue;
        }
        long top = Math.min(x.core.lastIndex(), y.core.lastIndex());
        boolean matched = false;
        for (long i = top; i >= 1; i--) {
          long tx = x.core.termAt(i);
          long ty = y.core.termAt(i);
          if (tx < 0 || ty < 0) {
            break;
          }
          if (matched && tx != ty) {
            throw new AssertionError("log matching: nodes " + x.id + " and " + y.id
                + " agree on a later entry but differ at index " + i + " (terms " + tx + ", "
                + ty + ")");
          }
          matched |= tx == ty;
        }
      }
    }
  }

  /** State machine safety: every node applies the same entry at each index. */
  /** A leader accepted {@code command} at {@code index} in {@code term}: its client waits for the outcome. */
  void onProposed(SimNode n, long command, long index, long term) {
    pending.computeIfAbsent(n.id, k -> new HashMap<>()).put(index, new long[] {term, command});
  }

  /** A crashed node's clients never learn the outcome of its pending proposals. */
  void onCrash(SimNode n) {
    pending.remove(n.id);
  }

  long acknowledged() {
    return acknowledged.size();
  }

  /**
   * Client results: a command is committed at most once (one index), a command whose proposer saw
   * another entry applied at its index is never committed, and an acknowledged one is committed at
   * the index it was acknowledged for.
   */
  private void checkClientResult(SimNode n, Entry e) {
    Long command = commandOf(e);
    if (command != null) {
      Long at = commandIndex.putIfAbsent(command, e.index());
      if (at != null && at != e.index()) {
        throw new AssertionError("exactly once: command " + command + " is committed at index " + at
            + " and at index " + e.index());
      }
      if (failed.contains(command)) {
        throw new AssertionError("client result: command " + command + " was reported not committed,"
            + " but node " + n.id + " applied it at index " + e.index());
      }
    }
    Map<Long, long[]> mine = pending.get(n.id);
    long[] p = mine == null ? null : mine.remove(e.index());
    if (p != null) {
      if (e.term() == p[0] && command != null && command == p[1]) {
        acknowledged.add(p[1]);
      } else {
        if (commandIndex.containsKey(p[1])) {
          throw new AssertionError("client result: node " + n.id + " saw another entry at index "
              + e.index() + " than its command " + p[1] + ", which is committed at index "
              + commandIndex.get(p[1]));
        }
        failed.add(p[1]);
      }
    }
  }

  /** After convergence: every acknowledged command is applied on every running node. */
  void checkAcknowledgedEverywhere() {
    for (long command : acknowledged) {
      long index = commandIndex.get(command);
      for (SimNode n : nodes) {
        if (n.alive && n.sm.appliedIndex() < index) {
          throw new AssertionError("client result: acknowledged command " + command + " (index " + index
              + ") is not applied on node " + n.id + " (applied " + n.sm.appliedIndex() + ")");
        }
      }
    }
  }

  private static Long commandOf(Entry e) {
    if (e.type() != io.memgraph.ha.raft.core.EntryType.NORMAL || e.data().length < 8) {
      return null;
    }
    return java.nio.ByteBuffer.wrap(e.data()).getLong(0);
  }

  void onApply(SimNode n, Entry e, SimStateMachine sm) {
    applied++;
    checkClientResult(n, e);
    if (e.index() > n.core.commitIndex()) {
      throw new AssertionError("node " + n.id + " applied index " + e.index()
          + " beyond its commit index " + n.core.commitIndex());
    }
    checkDigest(n, sm, "applying " + e);
  }

  void onRestore(SimNode n, SimStateMachine sm) {
    checkDigest(n, sm, "restoring a snapshot");
  }

  private void checkDigest(SimNode n, SimStateMachine sm, String what) {
    long i = sm.appliedIndex();
    if (i < digests.size()) {
      if (digests.get((int) i) != null && digests.get((int) i) != sm.digest()) {
        throw new AssertionError("state machine safety: node " + n.id + " has a different state"
            + " after index " + i + " (" + what + ")");
      }
      if (digests.get((int) i) == null) {
        digests.set((int) i, sm.digest());
      }
    } else {
      while (digests.size() < i) {
        digests.add(null);
      }
      digests.add(sm.digest());
    }
  }

  void onReadRequested(long requestId) {
    readBound.put(requestId, maxCommit);
  }

  /** Linearizability of ReadIndex: the read index covers every write committed before it. */
  void onReadConfirmed(SimNode n, ReadState rs) {
    readsConfirmed++;
    Long bound = readBound.get(rs.requestId());
    if (bound == null) {
      throw new AssertionError("node " + n.id + " confirmed unknown read " + rs.requestId());
    }
    if (rs.index() < bound) {
      throw new AssertionError("linearizability: read " + rs.requestId() + " confirmed by node "
          + n.id + " at index " + rs.index() + " but index " + bound
          + " was committed before the read was requested");
    }
  }

  void onReadServed(SimNode n, ReadState rs, long appliedIndex) {
    readsServed++;
    long bound = readBound.remove(rs.requestId());
    if (appliedIndex < bound) {
      throw new AssertionError("linearizability: read " + rs.requestId() + " served at applied "
          + appliedIndex + " < " + bound);
    }
  }

  void onReadAborted(long requestId) {
    readsAborted++;
    readBound.remove(requestId);
  }

  /** The term every node recorded as committed at {@code index}, or -1. */
  long committedTerm(long index) {
    return index < committedTerms.size() ? committedTerms.get((int) index) : -1;
  }
}
