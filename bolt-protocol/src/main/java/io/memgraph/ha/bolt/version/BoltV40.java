package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.messaging.Fields;
import io.memgraph.ha.bolt.messaging.RequestCodec;
import io.memgraph.ha.bolt.messaging.RequestCodecs;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import java.util.List;
import java.util.Map;

/**
 * Bolt 4.0 adds PULL and DISCARD with {@code n} (batches; {@code has_more} in the SUCCESS) and
 * {@code qid} (several open results in a transaction, RUN SUCCESS carries {@code qid}), and the
 * {@code db} field in BEGIN and RUN and in the stream summary.
 *
 * <p>The SUCCESS that ends a stream says {@code has_more: false}, as Memgraph's does: Memgraph's C
 * client (mgclient, under pymgclient and GQLAlchemy) reads the key from every PULL summary and
 * crashes without it; Neo4j's drivers take a missing key and {@code false} alike.
 */
public class BoltV40 extends BoltV3 {

  private static final BoltVersion VERSION = new BoltVersion(4, 0);

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  protected void requests(Map<Byte, RequestCodec<?>> table) {
    super.requests(table);
    put(table, RequestCodecs.PULL);
    put(table, RequestCodecs.DISCARD);
  }

  @Override
  public TxOptions txOptions(Map<String, Object> extra, String message) {
    TxOptions o = super.txOptions(extra, message);
    String db = Fields.optionalString(extra, "db", message);
    return new TxOptions(o.bookmarks(), o.timeout(), o.metadata(), o.readOnly(), db, o.impersonatedUser(),
        o.notificationFilters());
  }

  @Override
  public void runSuccess(Map<String, Object> m, List<String> fields, long firstMillis, long qid) {
    super.runSuccess(m, fields, firstMillis, qid);
    if (qid >= 0) {
      m.put("qid", qid);
    }
  }

  @Override
  public void hasMore(Map<String, Object> m) {
    m.put("has_more", true);
  }

  @Override
  public void streamEnd(Map<String, Object> m, Map<String, Object> summary, long lastMillis, String database) {
    super.streamEnd(m, summary, lastMillis, database);
    m.put("has_more", false);
    if (database != null) {
      m.putIfAbsent("db", database);
    }
  }
}
