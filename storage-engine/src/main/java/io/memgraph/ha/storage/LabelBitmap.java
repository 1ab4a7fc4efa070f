package io.memgraph.ha.storage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A label index: one bit per vertex id (125 KB per million vertices), set when a vertex may carry the
 * label in some version a reader can still see. It is a superset: readers check the vertex at their
 * snapshot, and the garbage collector clears bits no reader needs. Iteration is in id order for free.
 */
final class LabelBitmap {
  private static final int WORDS_PER_CHUNK = 1 << 10; // 65,536 ids per chunk
  private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(long[].class);

  private volatile long[][] chunks = new long[0][];

  void set(long id) {
    int ci = (int) (id >>> 16);
    long[][] c = chunks;
    if (ci >= c.length) {
      c = Arrays.copyOf(c, Math.max(ci + 1, c.length * 2));
      chunks = c;
    }
    long[] chunk = c[ci];
    if (chunk == null) {
      chunk = new long[WORDS_PER_CHUNK];
      c[ci] = chunk;
      chunks = c;
    }
    int wi = (int) ((id >>> 6) & (WORDS_PER_CHUNK - 1));
    WORD.setRelease(chunk, wi, (long) WORD.getAcquire(chunk, wi) | (1L << (id & 63)));
  }

  void clear(long id) {
    long[][] c = chunks;
    int ci = (int) (id >>> 16);
    if (ci >= c.length || c[ci] == null) {
      return;
    }
    long[] chunk = c[ci];
    int wi = (int) ((id >>> 6) & (WORDS_PER_CHUNK - 1));
    WORD.setRelease(chunk, wi, (long) WORD.getAcquire(chunk, wi) & ~(1L << (id & 63)));
  }

  /** The first set id &gt;= from, or -1. */
  long next(long from) {
    long[][] c = chunks;
    long id = Math.max(0, from);
    while (true) {
      int ci = (int) (id >>> 16);
      if (ci >= c.length) {
        return -1;
      }
      long[] chunk = c[ci];
      if (chunk == null) {
        id = ((long) ci + 1) << 16;
        continue;
      }
      int wi = (int) ((id >>> 6) & (WORDS_PER_CHUNK - 1));
      long word = (long) WORD.getAcquire(chunk, wi) & (-1L << (id & 63));
      while (word == 0) {
        wi++;
        if (wi == WORDS_PER_CHUNK) {
          break;
        }
        word = (long) WORD.getAcquire(chunk, wi);
      }
      if (word != 0) {
        return ((long) ci << 16) | ((long) wi << 6) | Long.numberOfTrailingZeros(word);
      }
      id = ((long) ci + 1) << 16;
    }
  }
}
