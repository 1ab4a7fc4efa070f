package io.memgraph.ha.raft.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The timing and compaction settings from {@code raft.json} (all times in milliseconds).
 *
 * <p>Validation rules, each reported with the file name:
 * <ul>
 *   <li>all five keys are required and must be JSON integers; any other key is an error;</li>
 *   <li>{@code 0 < election_timeout_min < election_timeout_max};</li>
 *   <li>{@code heartbeat_interval > 0} and {@code 2 * heartbeat_interval <= election_timeout_min}
 *       (a follower must see at least two heartbeats before it may start an election; the
 *       original test configuration 200/500/100 is exactly on this bound);</li>
 *   <li>{@code replication_timeout > 0};</li>
 *   <li>{@code log_size_snapshot_threshold} is {@code -1} (never compact) or at least 1;</li>
 *   <li>times are at most {@link #MAX_MILLIS} (a day) so arithmetic on them cannot overflow.</li>
 * </ul>
 *
 * <p>An unknown key is an error, not a warning: the file has five keys and must be identical on all
 * nodes, and a misspelt optional key that is silently ignored is the kind of mistake that only
 * shows up during an outage. Start-up refuses it instead.
 *
 * @param electionTimeoutMin lower bound of the randomized election timeout, ms
 * @param electionTimeoutMax upper bound of the randomized election timeout, ms
 * @param heartbeatInterval leader heartbeat period, ms
 * @param replicationTimeout how long a proposal may wait to commit before its outcome is
 *     unknown, ms
 * @param logSizeSnapshotThreshold applied entries between snapshots; -1 = never snapshot
 */
public record RaftConfig(
    long electionTimeoutMin,
    long electionTimeoutMax,
    long heartbeatInterval,
    long replicationTimeout,
    long logSizeSnapshotThreshold) {

  /** The largest accepted time value: one day in milliseconds. */
  public static final long MAX_MILLIS = 24L * 60 * 60 * 1000;

  static final String ELECTION_TIMEOUT_MIN = "election_timeout_min";
  static final String ELECTION_TIMEOUT_MAX = "election_timeout_max";
  static final String HEARTBEAT_INTERVAL = "heartbeat_interval";
  static final String REPLICATION_TIMEOUT = "replication_timeout";
  static final String LOG_SIZE_SNAPSHOT_THRESHOLD = "log_size_snapshot_threshold";
  private static final List<String> KEYS = List.of(
      ELECTION_TIMEOUT_MIN, ELECTION_TIMEOUT_MAX, HEARTBEAT_INTERVAL, REPLICATION_TIMEOUT,
      LOG_SIZE_SNAPSHOT_THRESHOLD);

  /** The shipped defaults (/etc/memgraph/raft.json). */
  public static final RaftConfig DEFAULTS = new RaftConfig(750, 1000, 100, 20000, 50000);

  /** Validates in the constructor so that no invalid instance exists, whatever its source. */
  public RaftConfig {
    String problem = problem(electionTimeoutMin, electionTimeoutMax, heartbeatInterval,
        replicationTimeout, logSizeSnapshotThreshold);
    if (problem != null) {
      throw new ConfigException("raft config", problem);
    }
  }

  /** Reads and validates {@code file}. */
  public static RaftConfig load(Path file) {
    return fromJson(file.toString(), JsonFiles.read(file));
  }

  /** Parses and validates {@code json}; {@code source} names the file in error messages. */
  public static RaftConfig parse(String source, String json) {
    return fromJson(source, JsonFiles.parse(source, json));
  }

  private static RaftConfig fromJson(String source, JsonNode root) {
    if (!root.isObject()) {
      throw new ConfigException(source, "must be a JSON object with the keys " + KEYS
          + ", found " + JsonFiles.show(root));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new ConfigException(source,
            "unknown key \"" + key + "\"; the allowed keys are " + KEYS);
      }
    }
    Map<String, Long> v = new LinkedHashMap<>();
    for (String key : KEYS) {
      JsonNode n = root.get(key);
      if (n == null) {
        throw new ConfigException(source, "missing required key \"" + key + "\"");
      }
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        throw new ConfigException(source,
            "\"" + key + "\" must be an integer, found " + JsonFiles.show(n));
      }
      v.put(key, n.longValue());
    }
    long min = v.get(ELECTION_TIMEOUT_MIN);
    long max = v.get(ELECTION_TIMEOUT_MAX);
    long hb = v.get(HEARTBEAT_INTERVAL);
    long repl = v.get(REPLICATION_TIMEOUT);
    long threshold = v.get(LOG_SIZE_SNAPSHOT_THRESHOLD);
    String problem = problem(min, max, hb, repl, threshold);
    if (problem != null) {
      throw new ConfigException(source, problem);
    }
    return new RaftConfig(min, max, hb, repl, threshold);
  }

  private static String problem(long min, long max, long hb, long repl, long threshold) {
    String p = positive(ELECTION_TIMEOUT_MIN, min);
    if (p == null) {
      p = positive(ELECTION_TIMEOUT_MAX, max);
    }
    if (p == null) {
      p = positive(HEARTBEAT_INTERVAL, hb);
    }
    if (p == null) {
      p = positive(REPLICATION_TIMEOUT, repl);
    }
    if (p != null) {
      return p;
    }
    if (min >= max) {
      return "\"" + ELECTION_TIMEOUT_MIN + "\" (" + min + ") must be less than \""
          + ELECTION_TIMEOUT_MAX + "\" (" + max + ")";
    }
    if (hb * 2 > min) {
      return "\"" + HEARTBEAT_INTERVAL + "\" (" + hb + ") must be at most half of \""
          + ELECTION_TIMEOUT_MIN + "\" (" + min + "), so that followers see at least two"
          + " heartbeats before they start an election";
    }
    if (threshold != -1 && threshold < 1) {
      return "\"" + LOG_SIZE_SNAPSHOT_THRESHOLD + "\" (" + threshold
          + ") must be -1 (never snapshot) or a positive number of entries";
    }
    return null;
  }

  private static String positive(String key, long value) {
    if (value <= 0) {
      return "\"" + key + "\" (" + value + ") must be a positive number of milliseconds";
    }
    if (value > MAX_MILLIS) {
      return "\"" + key + "\" (" + value + ") must be at most " + MAX_MILLIS + " ms (one day)";
    }
    return null;
  }

  /** True when log compaction is enabled (threshold is not -1). */
  public boolean snapshotsEnabled() {
    return logSizeSnapshotThreshold > 0;
  }

  /** {@link #heartbeatInterval()} as a Duration. */
  public Duration heartbeat() {
    return Duration.ofMillis(heartbeatInterval);
  }

  /** {@link #replicationTimeout()} as a Duration. */
  public Duration replicationTimeoutDuration() {
    return Duration.ofMillis(replicationTimeout);
  }
}
