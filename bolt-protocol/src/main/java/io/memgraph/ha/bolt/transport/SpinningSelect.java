package io.memgraph.ha.bolt.transport;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

/**
 * An epoll event loop's choice before it blocks: poll for ready sockets for a short while first,
 * and block only if none turns ready, while the machine has CPU to spare (one instance per loop,
 * used by its thread only).
 *
 * <p>A loop that blocks in {@code epoll_wait} is put to sleep and woken by the kernel when the
 * client's next message arrives. A Bolt client often sends it within microseconds (a driver puts
 * the connection back in its pool with a RESET as soon as it has read a result, then sends its
 * next query), and on the two-core virtual machines we measure on the sleep and the wake-up cost
 * a point read at one client about 40 % of its round trip. Polling for {@code spinNanos} first
 * finds that message without them.
 *
 * <p>Polling takes a core, so a loop polls only while the machine has at least {@link
 * #MIN_SPARE_CORES} to spare ({@link SpareCpu}): with a client or two, say, but not under load,
 * where every core is busy and a polling loop would take CPU that the other threads need. Tasks
 * handed to the loop end the polling at once.
 */
final class SpinningSelect implements SelectStrategy {
  /** Polling needs this much of the machine idle (or polling) over the last interval. */
  static final double MIN_SPARE_CORES = 0.5;
  /** A gap between two polls longer than this is time the thread was preempted, not polling. */
  static final long PREEMPTED_NANOS = 30_000;

  /** What the machine has to spare, and where the time spent polling is counted. */
  interface Gauge {
    /** Spare cores over the latest interval, as seen at {@code now} ({@link System#nanoTime()}). */
    double spareCores(long now);

    /** Counts {@code nanos} spent polling as spare. */
    void polled(long nanos);
  }

  private final long spinNanos;
  private final Gauge spare;

  SpinningSelect(long spinNanos, Gauge spare) {
    this.spinNanos = spinNanos;
    this.spare = spare;
  }

  @Override
  public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
    if (hasTasks) {
      return selectNow.get(); // Netty's own choice: look without waiting, then run the tasks
    }
    long start = System.nanoTime();
    if (spare.spareCores(start) < MIN_SPARE_CORES) {
      return SelectStrategy.SELECT;
    }
    EventExecutor loop = ThreadExecutorMap.currentExecutor();
    SingleThreadEventExecutor tasks = loop instanceof SingleThreadEventExecutor s ? s : null;
    long last = start;
    long polled = 0;
    try {
      while (true) {
        int ready = selectNow.get();
        if (ready > 0) {
          return ready;
        }
        if (tasks != null && tasks.pendingTasks() > 0) {
          return 0; // nothing ready: run the tasks handed to the loop meanwhile
        }
        long now = System.nanoTime();
        if (now - last <= PREEMPTED_NANOS) {
          polled += now - last;
        }
        if (now - start >= spinNanos) {
          return SelectStrategy.SELECT;
        }
        last = now;
        Thread.onSpinWait();
      }
    } finally {
      spare.polled(polled);
    }
  }
}
