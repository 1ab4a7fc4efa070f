package io.memgraph.ha.bolt.server;

import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the number of open client connections. A connection over the cap is closed before its
 * handshake is read; refusals are logged at WARN at most once per {@link #WARN_INTERVAL_NANOS}
 * with the count since the last warning, so a burst of clients cannot flood the log.
 */
final class ConnectionLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
  static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final int maxConnections;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong refusedSinceWarning = new AtomicLong();
  private final AtomicLong lastWarningNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

  ConnectionLimiter(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  /** Counts {@code ch} in (until it closes) and returns true, or returns false when the server is full. */
  boolean admit(Channel ch) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      refused(ch);
      return false;
    }
    ch.closeFuture().addListener(f -> open.decrementAndGet());
    return true;
  }

  private void refused(Channel ch) {
    long refused = refusedSinceWarning.incrementAndGet();
    long now = System.nanoTime();
    long last = lastWarningNanos.get();
    if (now - last >= WARN_INTERVAL_NANOS && lastWarningNanos.compareAndSet(last, now)) {
      refusedSinceWarning.addAndGet(-refused);
      LOG.warn("Refusing Bolt connections: the server already has its maximum of {} open connections (max"
          + " connections); {} refused since the previous warning, the latest from {}", maxConnections, refused,
          ch.remoteAddress());
    }
  }
}
