package io.memgraph.ha.storage;

/**
 * One undo step of a vertex or edge: "before commit {@code commit}, field {@code kind} was
 * {@code old}". Records keep their newest version in place and a chain of these, newest first; a
 * reader at snapshot S undoes every delta with commit &gt; S. Each delta replaces a whole field (the
 * old property array, label array or adjacency prefix), so undoing is idempotent, which is what lets
 * a reader race with the apply thread safely. Chains are cut behind the oldest open snapshot.
 */
final class Delta {
  static final byte CREATED = 1; // undo: the object did not exist
  static final byte DELETED = 2; // undo: the object existed
  static final byte LABELS = 3; // old: int[] label ids
  static final byte PROPS = 4; // old: byte[] property blob (may be null)
  static final byte OUT = 5; // old: EdgeRecord[] out adjacency, oldCount entries valid
  static final byte IN = 6; // old: EdgeRecord[] in adjacency, oldCount entries valid
  /** Undo: only the stamp was older (a write that left every field as it was); no field. */
  static final byte STAMP = 7;

  final long commit;
  final long prevStamp;
  final byte kind;
  final Object old;
  final int oldCount;
  volatile Delta next;

  Delta(long commit, long prevStamp, byte kind, Object old, int oldCount, Delta next) {
    this.commit = commit;
    this.prevStamp = prevStamp;
    this.kind = kind;
    this.old = old;
    this.oldCount = oldCount;
    this.next = next;
  }

  /** Cuts the chain behind {@code horizon}; returns the new head (null when nothing remains). */
  static Delta trim(Delta head, long horizon) {
    if (head == null || head.commit <= horizon) {
      return null;
    }
    Delta d = head;
    while (d.next != null && d.next.commit > horizon) {
      d = d.next;
    }
    d.next = null;
    return head;
  }
}
