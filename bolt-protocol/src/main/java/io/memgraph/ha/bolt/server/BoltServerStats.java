package io.memgraph.ha.bolt.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link BoltServer} counts for a metrics endpoint: connections accepted, and the FAILURE
 * messages it sent by code. Counting is a {@link LongAdder} increment on the connection's event
 * loop; reading sums them.
 */
public final class BoltServerStats {
  private final LongAdder connections = new LongAdder();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

  void connectionAccepted() {
    connections.increment();
  }

  void failureSent(String code) {
    failures.computeIfAbsent(code, k -> new LongAdder()).increment();
  }

  /** Client connections accepted since start (those refused over the connection cap not counted). */
  public long connectionsAccepted() {
    return connections.sum();
  }

  /** FAILURE messages sent since start, by code, in code order. */
  public Map<String, Long> failuresSent() {
    Map<String, Long> out = new TreeMap<>();
    failures.forEach((code, n) -> out.put(code, n.sum()));
    return out;
  }
}
