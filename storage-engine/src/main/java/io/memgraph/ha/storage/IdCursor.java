package io.memgraph.ha.storage;

import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * A lazy ascending iterator of vertex ids: candidates from a source ({@code nextCandidate(from)}
 * returns the first candidate &gt;= from, or -1) that pass a check in the transaction's view.
 */
final class IdCursor implements PrimitiveIterator.OfLong {
  private final LongUnaryOperator nextCandidate;
  private final LongPredicate accept;
  private long pos;
  private long ready = -1;
  private boolean done;

  IdCursor(LongUnaryOperator nextCandidate, LongPredicate accept) {
    this.nextCandidate = nextCandidate;
    this.accept = accept;
  }

  @Override
  public boolean hasNext() {
    while (ready < 0 && !done) {
      long c = nextCandidate.applyAsLong(pos);
      if (c < 0) {
        done = true;
      } else {
        pos = c + 1;
        if (accept.test(c)) {
          ready = c;
        }
      }
    }
    return ready >= 0;
  }

  @Override
  public long nextLong() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    long r = ready;
    ready = -1;
    return r;
  }
}
