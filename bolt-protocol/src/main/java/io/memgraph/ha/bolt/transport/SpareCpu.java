package io.memgraph.ha.bolt.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much CPU the machine had to spare over the last tenth of a second, in cores: its idle time
 * from {@code /proc/stat}, plus the time this process's event loops spent polling (which is spare
 * too: they poll only while they have nothing to do). Event loops poll only while a good part of
 * a core is spare ({@link SpinningSelect}), so that polling never takes CPU that other threads
 * need.
 *
 * <p>Sampled lazily by whichever loop asks after the interval has passed; reading the file costs a
 * few microseconds ten times a second. Where {@code /proc/stat} cannot be read, nothing is spare
 * and no loop polls.
 */
final class SpareCpu implements SpinningSelect.Gauge {
  private static final Logger LOG = LoggerFactory.getLogger(SpareCpu.class);
  static final long INTERVAL_NANOS = 100_000_000;
  /** Linux reports CPU time in ticks of 1/100 s to user space on every architecture. */
  private static final long NANOS_PER_TICK = 10_000_000;

  private final Path stat;
  private final AtomicBoolean sampling = new AtomicBoolean();
  private final AtomicLong polled = new AtomicLong();
  private volatile double spareCores;
  private volatile long sampledAt;
  // touched only by the thread holding `sampling`
  private long lastIdleTicks = -1;
  private long lastPolled;
  private boolean broken;

  private static final SpareCpu MACHINE = new SpareCpu(Path.of("/proc/stat"));

  SpareCpu(Path stat) {
    this.stat = stat;
    this.sampledAt = System.nanoTime() - INTERVAL_NANOS;
  }

  /** The machine's. */
  static SpareCpu machine() {
    return MACHINE;
  }

  /** Records that an event loop of this process spent {@code nanos} polling. */
  @Override
  public void polled(long nanos) {
    polled.addAndGet(nanos);
  }

  /** Spare cores over the latest interval that ended before {@code now} (System.nanoTime()). */
  @Override
  public double spareCores(long now) {
    long at = sampledAt;
    if (now - at >= INTERVAL_NANOS && sampling.compareAndSet(false, true)) {
      try {
        sample(now, at);
      } finally {
        sampling.set(false);
      }
    }
    return spareCores;
  }

  private void sample(long now, long previous) {
    sampledAt = now;
    if (broken) {
      return;
    }
    long idle;
    try {
      idle = idleTicks(new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      broken = true;
      spareCores = 0;
      LOG.info("Event loops will not poll before blocking: cannot read the CPU's idle time from {} ({})", stat,
          e.toString());
      return;
    }
    long p = polled.get();
    if (lastIdleTicks >= 0) {
      double spareNanos = (idle - lastIdleTicks) * (double) NANOS_PER_TICK + (p - lastPolled);
      spareCores = spareNanos / (now - previous);
    }
    lastIdleTicks = idle;
    lastPolled = p;
  }

  /** The idle and I/O-wait ticks of all CPUs, from the first line of {@code /proc/stat}. */
  static long idleTicks(String procStat) {
    int end = procStat.indexOf('\n');
    String[] f = (end < 0 ? procStat : procStat.substring(0, end)).trim().split("\\s+");
    if (f.length < 6 || !f[0].equals("cpu")) {
      throw new IllegalArgumentException("no 'cpu' line first");
    }
    return Long.parseLong(f[4]) + Long.parseLong(f[5]);
  }
}
