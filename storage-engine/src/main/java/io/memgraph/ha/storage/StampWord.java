package io.memgraph.ha.storage;

/**
 * The one long a record keeps for its stamp and its deletion: the commit index of the last change
 * (for write-write conflict checks), bit-inverted, so negative, once the object is deleted. One
 * field instead of a stamp and a flag keeps VertexRecord at 56 bytes and EdgeRecord at 48.
 */
final class StampWord {
  private StampWord() {}

  static long stamp(long word) {
    return word < 0 ? ~word : word;
  }

  static boolean deleted(long word) {
    return word < 0;
  }

  /** The word with the stamp {@code commit}, keeping the deletion mark. */
  static long withStamp(long word, long commit) {
    return word < 0 ? ~commit : commit;
  }

  /** The word marked deleted, keeping the stamp. */
  static long markedDeleted(long word) {
    return ~stamp(word);
  }
}
