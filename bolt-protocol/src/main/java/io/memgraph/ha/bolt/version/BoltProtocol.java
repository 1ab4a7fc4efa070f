package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.messaging.Fields;
import io.memgraph.ha.bolt.messaging.InvalidMessageException;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.RequestCodec;
import io.memgraph.ha.bolt.packstream.PackStreamException;
import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructHeader;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.server.spi.Notification;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one Bolt version speaks. Each version is a small subclass of the one before it that
 * overrides only what it adds or changes (the request forms it accepts, the fields it reads from
 * extra maps, the metadata it sends, the structure shape), so that no code elsewhere asks
 * "is the version at least x".
 *
 * <p>Instances are immutable and shared by all connections; see {@link BoltProtocols}.
 */
public abstract class BoltProtocol {

  private final Map<Byte, RequestCodec<?>> bySignature;
  private final Map<Class<?>, RequestCodec<?>> byType;

  /** Builds the request tables from {@link #requests}. */
  protected BoltProtocol() {
    Map<Byte, RequestCodec<?>> table = new LinkedHashMap<>();
    requests(table);
    Map<Class<?>, RequestCodec<?>> types = new HashMap<>();
    for (RequestCodec<?> c : table.values()) {
      types.put(c.type(), c);
    }
    this.bySignature = Collections.unmodifiableMap(table);
    this.byType = Map.copyOf(types);
  }

  /** This protocol's version. */
  public abstract BoltVersion version();

  /**
   * Registers the request forms this version accepts, keyed by signature. Subclasses call
   * {@code super.requests(table)} and then add, replace or remove entries.
   */
  protected abstract void requests(Map<Byte, RequestCodec<?>> table);

  /** The request forms this version accepts. */
  public final Map<Byte, RequestCodec<?>> requestCodecs() {
    return bySignature;
  }

  // ---- structures and patches

  /**
   * The patches (Bolt 4.3/4.4 {@code patch_bolt}) this version accepts from a HELLO extra map; the
   * server echoes them in the HELLO SUCCESS and they change the structure shape from then on.
   */
  public List<String> acceptedPatches(Map<String, Object> helloExtra) {
    return List.of();
  }

  /** The structure layout for this version with the given accepted patches. */
  public StructShape structShape(List<String> patches) {
    return StructShape.LEGACY;
  }

  // ---- decoding and encoding requests

  /**
   * Decodes one whole request message.
   *
   * @throws InvalidMessageException naming the problem: not a structure, an unknown signature for
   *     this version, a wrong field count, a malformed field, trailing bytes
   */
  public final Request decodeRequest(PackStreamReader in) {
    StructHeader header;
    try {
      header = in.readStructHeader();
    } catch (PackStreamException e) {
      throw new InvalidMessageException("a Bolt message must be a structure: " + e.getMessage(), e);
    }
    RequestCodec<?> codec = bySignature.get(header.tag());
    if (codec == null) {
      throw new InvalidMessageException(String.format(
          "unknown message signature 0x%02X for Bolt %s", header.tag() & 0xFF, version()));
    }
    if (header.size() != codec.fieldCount()) {
      throw new InvalidMessageException(codec.name() + " has " + codec.fieldCount() + " field(s) in Bolt "
          + version() + ", got " + header.size());
    }
    Request request;
    try {
      request = codec.read(in);
    } catch (PackStreamException e) {
      throw new InvalidMessageException("malformed " + codec.name() + " message: " + e.getMessage(), e);
    }
    if (in.hasRemaining()) {
      throw new InvalidMessageException(in.buffer().readableBytes() + " unexpected byte(s) after the "
          + codec.name() + " message");
    }
    return request;
  }

  /**
   * Encodes one whole request message in this version's form.
   *
   * @throws IllegalArgumentException if this version has no such message
   */
  @SuppressWarnings("unchecked")
  public final <T extends Request> void encodeRequest(T request, PackStreamWriter out) {
    RequestCodec<T> codec = (RequestCodec<T>) byType.get(request.getClass());
    if (codec == null) {
      throw new IllegalArgumentException("Bolt " + version() + " has no " + request.name() + " message");
    }
    out.writeStructHeader(codec.fieldCount(), codec.signature());
    codec.write(request, out);
  }

  /** {@code true} when this version has the given request message. */
  public final boolean supports(Class<? extends Request> type) {
    return byType.containsKey(type);
  }

  /**
   * {@code true} when a FAILURE takes the GQL shape ({@code gql_status}, {@code description},
   * {@code neo4j_code}, {@code diagnostic_record}) instead of {@code code} and {@code message}: 5.7+.
   */
  public boolean gqlErrors() {
    return false;
  }

  // ---- HELLO and authentication

  /** {@code true} when HELLO (INIT) carries the credentials; from 5.1 on they come in LOGON. */
  public boolean authenticatesInHello() {
    return true;
  }

  /**
   * Checks the HELLO extra map and throws {@link InvalidMessageException} when a field this
   * version requires is missing or has the wrong type.
   */
  public void checkHello(Map<String, Object> extra) {
    if (!(extra.get("user_agent") instanceof String)) {
      throw Fields.wrongType("HELLO", "user_agent", "a string", extra.get("user_agent"));
    }
  }

  /** The routing context of a HELLO, or {@code null}: routing arrived in 4.1. */
  public Map<String, Object> routingContext(Map<String, Object> helloExtra) {
    return null;
  }

  /** Keys of the HELLO extra map that are not part of the auth token. */
  protected static final List<String> HELLO_NON_AUTH_KEYS = List.of("user_agent", "routing", "patch_bolt",
      "bolt_agent", "notifications_minimum_severity", "notifications_disabled_categories",
      "notifications_disabled_classifications");

  /** The auth token inside a HELLO (before 5.1): the extra map without the non-auth keys. */
  public Map<String, Object> authToken(Map<String, Object> helloExtra) {
    Map<String, Object> token = new LinkedHashMap<>(helloExtra);
    HELLO_NON_AUTH_KEYS.forEach(token::remove);
    return token;
  }

  /**
   * The metadata of the HELLO SUCCESS.
   *
   * @param serverAgent the server agent string
   * @param connectionId the connection id
   * @param hints the configured hints
   * @param patches the accepted patches
   */
  public Map<String, Object> helloSuccess(
      String serverAgent, String connectionId, Map<String, Object> hints, List<String> patches) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("server", serverAgent);
    return m;
  }

  /**
   * The notification filter entries of a HELLO, BEGIN or RUN extra map, type-checked; none before
   * Bolt 5.2.
   */
  public Map<String, Object> notificationFilters(Map<String, Object> extra, String message) {
    return Map.of();
  }

  // ---- transactions

  /** The transaction options of a BEGIN or an auto-commit RUN extra map; Bolt 1 has none. */
  public TxOptions txOptions(Map<String, Object> extra, String message) {
    return TxOptions.EMPTY;
  }

  // ---- results

  /**
   * Fills the RUN SUCCESS metadata.
   *
   * @param fields the result's field names
   * @param firstMillis milliseconds until the result was available
   * @param qid the result's id in an explicit transaction, or -1 in auto-commit
   */
  public void runSuccess(Map<String, Object> m, List<String> fields, long firstMillis, long qid) {
    m.put("fields", fields);
    m.put("result_available_after", firstMillis);
  }

  /** Fills the metadata of a PULL/DISCARD SUCCESS that leaves records in the stream. */
  public void hasMore(Map<String, Object> m) {
    throw new IllegalStateException("Bolt " + version() + " always streams the whole result");
  }

  /**
   * Fills the metadata of the SUCCESS that ends a stream: the backend's summary plus timing.
   *
   * @param summary the backend's summary
   * @param lastMillis milliseconds spent streaming
   * @param database the database the result came from, or {@code null} when unknown
   */
  public void streamEnd(Map<String, Object> m, Map<String, Object> summary, long lastMillis, String database) {
    m.putAll(summary);
    m.put("result_consumed_after", lastMillis);
  }

  /** How a stream ended, for the GQL status that Bolt 5.6+ sends first among a summary's statuses. */
  public enum StreamOutcome {
    /** Records were sent. */
    RECORDS,
    /** The client pulled and there were none. */
    NO_RECORDS,
    /** The client discarded without pulling any. */
    DISCARDED
  }

  /**
   * Adds the (already filtered) notifications of a stream's summary to the metadata of the SUCCESS
   * that ends it: a {@code notifications} list when there are any (up to Bolt 5.4).
   *
   * @param notifications what the backend reported, after the client's filters
   * @param outcome how the stream ended
   * @param hasFields whether the result has columns
   */
  public void notifications(Map<String, Object> m, List<Notification> notifications, StreamOutcome outcome,
      boolean hasFields) {
    if (notifications.isEmpty()) {
      return;
    }
    List<Object> list = new ArrayList<>(notifications.size());
    for (Notification n : notifications) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("code", n.code());
      entry.put("title", n.title());
      entry.put("description", n.description());
      entry.put("severity", n.severity());
      entry.put("category", n.category());
      if (n.position() != null) {
        entry.put("position", position(n.position()));
      }
      list.add(entry);
    }
    m.put("notifications", list);
  }

  /** A position as Bolt sends it: {@code offset}, {@code line}, {@code column}. */
  protected static Map<String, Object> position(Notification.Position p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("offset", (long) p.offset());
    m.put("line", (long) p.line());
    m.put("column", (long) p.column());
    return m;
  }

  @Override
  public String toString() {
    return "Bolt " + version();
  }
}
