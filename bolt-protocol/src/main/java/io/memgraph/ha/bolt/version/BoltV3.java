package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.messaging.Fields;
import io.memgraph.ha.bolt.messaging.InvalidMessageException;
import io.memgraph.ha.bolt.messaging.RequestCodec;
import io.memgraph.ha.bolt.messaging.RequestCodecs;
import io.memgraph.ha.bolt.messaging.Signatures;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Bolt 3 adds explicit transactions (BEGIN, COMMIT, ROLLBACK) and GOODBYE, replaces INIT with
 * HELLO (one extra map holding the user agent and the auth token), gives RUN an extra map
 * ({@code bookmarks}, {@code tx_timeout}, {@code tx_metadata}, {@code mode}), drops ACK_FAILURE
 * (RESET clears failures), sends {@code connection_id} in the HELLO SUCCESS and reports timings as
 * {@code t_first} and {@code t_last}.
 */
public class BoltV3 extends BoltV1 {

  private static final BoltVersion VERSION = new BoltVersion(3, 0);

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  protected void requests(Map<Byte, RequestCodec<?>> table) {
    super.requests(table);
    table.remove(Signatures.ACK_FAILURE);
    put(table, RequestCodecs.HELLO);
    put(table, RequestCodecs.GOODBYE);
    put(table, RequestCodecs.RUN);
    put(table, RequestCodecs.BEGIN);
    put(table, RequestCodecs.COMMIT);
    put(table, RequestCodecs.ROLLBACK);
  }

  @Override
  public Map<String, Object> helloSuccess(
      String serverAgent, String connectionId, Map<String, Object> hints, List<String> patches) {
    Map<String, Object> m = super.helloSuccess(serverAgent, connectionId, hints, patches);
    m.put("connection_id", connectionId);
    return m;
  }

  @Override
  public TxOptions txOptions(Map<String, Object> extra, String message) {
    List<String> bookmarks = Fields.optionalStringList(extra, "bookmarks", message);
    long timeoutMillis = Fields.optionalInteger(extra, "tx_timeout", -1, message);
    if (timeoutMillis < -1) {
      throw new InvalidMessageException(message + " field 'tx_timeout' must not be negative, got " + timeoutMillis);
    }
    Map<String, Object> metadata = Fields.optionalMap(extra, "tx_metadata", message);
    String mode = Fields.optionalString(extra, "mode", message);
    if (mode != null && !mode.equals("r") && !mode.equals("w")) {
      throw new InvalidMessageException(message + " field 'mode' must be \"r\" or \"w\", got \"" + mode + "\"");
    }
    return new TxOptions(bookmarks, timeoutMillis < 0 ? null : Duration.ofMillis(timeoutMillis), metadata,
        "r".equals(mode), null, null, Map.of());
  }

  @Override
  public void runSuccess(Map<String, Object> m, List<String> fields, long firstMillis, long qid) {
    m.put("fields", fields);
    m.put("t_first", firstMillis);
  }

  @Override
  public void streamEnd(Map<String, Object> m, Map<String, Object> summary, long lastMillis, String database) {
    m.putAll(summary);
    m.put("t_last", lastMillis);
  }
}
