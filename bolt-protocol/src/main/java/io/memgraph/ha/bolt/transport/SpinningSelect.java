package io.memgraph.ha.bolt.transport;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
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
 *
 * <p>And it polls only where a message is due: after the loop flushed an answer to a client
 * ({@link PollAfterFlush} in the client connection's pipeline), whose next message then follows
 * within microseconds. A loop whose connections all wait for something else (a commit's
 * replication and fsync, a backend's answer) blocks at once: polling for them would be in vain,
 * and the CPU it took would be missing from the threads that do that work.
 *
 * <p>Not every client answers that fast: a proxy in front of the server sends the next request
 * only after its own client's round trip. A loop whose last {@link #MAX_MISSES} polls all ran out
 * without a message stops polling and only tries again every {@link #PROBE_EVERY}th time a
 * message is due; one poll that finds one resumes polling.
 */
final class SpinningSelect implements SelectStrategy {
  /** Polling needs this much of the machine idle (or polling) over the last interval. */
  static final double MIN_SPARE_CORES = 0.5;
  /** A gap between two polls longer than this is time the thread was preempted, not polling. */
  static final long PREEMPTED_NANOS = 30_000;
  /** After this many polls in a row that found nothing, polling pauses. */
  static final int MAX_MISSES = 8;
  /** While polling pauses, one in this many due messages is polled for. */
  static final int PROBE_EVERY = 16;

  /** What the machine has to spare, and where the time spent polling is counted. */
  interface Gauge {
    /** Spare cores over the latest interval, as seen at {@code now} ({@link System#nanoTime()}). */
    double spareCores(long now);

    /** Counts {@code nanos} spent polling as spare. */
    void polled(long nanos);
  }

  /** The instance of the loop whose thread this is (set on its first choice). */
  private static final FastThreadLocal<SpinningSelect> LOOP = new FastThreadLocal<>();

  private final long spinNanos;
  private final Gauge spare;
  private boolean registered;
  /** A connection of this loop flushed since the loop last polled: its peer's message is due. */
  private boolean due;
  /** Polls in a row that ran out with nothing ready and no task. */
  private int misses;
  /** Due messages not polled for since polling paused. */
  private int skipped;

  SpinningSelect(long spinNanos, Gauge spare) {
    this.spinNanos = spinNanos;
    this.spare = spare;
  }

  /**
   * Tells the current thread's loop, if it polls, that a connection of it flushed: the peer's
   * next message is due. Called on the loop's thread; elsewhere it does nothing.
   */
  static void flushed() {
    SpinningSelect s = LOOP.getIfExists();
    if (s != null) {
      s.messageDue();
    }
  }

  /** Makes the next choice to block poll first (if the machine has CPU to spare). */
  void messageDue() {
    due = true;
  }

  /** A poll found work: polling goes on (or resumes) at every due message. */
  private void found() {
    misses = 0;
    skipped = 0;
  }

  @Override
  public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
    if (!registered) {
      LOOP.set(this);
      registered = true;
    }
    if (hasTasks) {
      return selectNow.get(); // Netty's own choice: look without waiting, then run the tasks
    }
    if (!due) {
      return SelectStrategy.SELECT;
    }
    due = false;
    if (misses >= MAX_MISSES && ++skipped % PROBE_EVERY != 0) {
      return SelectStrategy.SELECT;
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
          found();
          return ready;
        }
        if (tasks != null && tasks.pendingTasks() > 0) {
          found();
          return 0; // nothing ready: run the tasks handed to the loop meanwhile
        }
        long now = System.nanoTime();
        if (now - last <= PREEMPTED_NANOS) {
          polled += now - last;
        }
        if (now - start >= spinNanos) {
          misses++;
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
