package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.messaging.Fields;
import io.memgraph.ha.bolt.messaging.RequestCodec;
import io.memgraph.ha.bolt.messaging.RequestCodecs;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import java.util.List;
import java.util.Map;

/**
 * Bolt 4.4 gives ROUTE an extra map ({@code db}, {@code imp_user}), adds {@code imp_user} to BEGIN
 * and RUN, and the {@code "utc"} patch: a client that lists it in HELLO {@code patch_bolt} gets it
 * echoed back and from then on date-times travel in the UTC-based form of Bolt 5.
 */
public class BoltV44 extends BoltV43 {

  private static final BoltVersion VERSION = new BoltVersion(4, 4);

  /** The patch that switches date-times to the UTC-based structures. */
  public static final String UTC_PATCH = "utc";

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  protected void requests(Map<Byte, RequestCodec<?>> table) {
    super.requests(table);
    put(table, RequestCodecs.ROUTE);
  }

  @Override
  public List<String> acceptedPatches(Map<String, Object> helloExtra) {
    return Fields.optionalStringList(helloExtra, "patch_bolt", "HELLO").contains(UTC_PATCH)
        ? List.of(UTC_PATCH)
        : List.of();
  }

  @Override
  public StructShape structShape(List<String> patches) {
    return patches.contains(UTC_PATCH) ? StructShape.V4_4_UTC : StructShape.LEGACY;
  }

  @Override
  public Map<String, Object> helloSuccess(
      String serverAgent, String connectionId, Map<String, Object> hints, List<String> patches) {
    Map<String, Object> m = super.helloSuccess(serverAgent, connectionId, hints, patches);
    if (!patches.isEmpty()) {
      m.put("patch_bolt", patches);
    }
    return m;
  }

  @Override
  public TxOptions txOptions(Map<String, Object> extra, String message) {
    TxOptions o = super.txOptions(extra, message);
    String impUser = Fields.optionalString(extra, "imp_user", message);
    return new TxOptions(o.bookmarks(), o.timeout(), o.metadata(), o.readOnly(), o.database(), impUser,
        o.notificationFilters());
  }
}
