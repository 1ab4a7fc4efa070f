package io.memgraph.ha.bolt.messaging;

import io.memgraph.ha.bolt.messaging.Request.AckFailure;
import io.memgraph.ha.bolt.messaging.Request.Begin;
import io.memgraph.ha.bolt.messaging.Request.Commit;
import io.memgraph.ha.bolt.messaging.Request.Discard;
import io.memgraph.ha.bolt.messaging.Request.Goodbye;
import io.memgraph.ha.bolt.messaging.Request.Hello;
import io.memgraph.ha.bolt.messaging.Request.Logoff;
import io.memgraph.ha.bolt.messaging.Request.Logon;
import io.memgraph.ha.bolt.messaging.Request.Pull;
import io.memgraph.ha.bolt.messaging.Request.Reset;
import io.memgraph.ha.bolt.messaging.Request.Rollback;
import io.memgraph.ha.bolt.messaging.Request.Route;
import io.memgraph.ha.bolt.messaging.Request.Run;
import io.memgraph.ha.bolt.messaging.Request.Telemetry;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every wire form of every request, as a {@link RequestCodec}. The Bolt version classes pick the
 * forms they speak; these are the facts of the message specification, one constant per form.
 */
public final class RequestCodecs {

  private RequestCodecs() {}

  /** Bolt 1 INIT: {@code user_agent::String, auth_token::Dictionary}. */
  public static final RequestCodec<Hello> INIT = RequestCodec.of("INIT", Signatures.HELLO, 2, Hello.class,
      in -> {
        String userAgent = Fields.string(in, "INIT", "user_agent");
        Map<String, Object> extra = new LinkedHashMap<>(Fields.map(in, "INIT", "auth_token"));
        extra.put("user_agent", userAgent);
        return new Hello(extra);
      },
      (m, out) -> {
        Map<String, Object> auth = new LinkedHashMap<>(m.extra());
        Object agent = auth.remove("user_agent");
        out.writeString(agent == null ? "" : agent.toString());
        out.writeMap(auth);
      });

  /** Bolt 3+ HELLO: {@code extra::Dictionary}. */
  public static final RequestCodec<Hello> HELLO = RequestCodec.of("HELLO", Signatures.HELLO, 1, Hello.class,
      in -> new Hello(Fields.map(in, "HELLO", "extra")),
      (m, out) -> out.writeMap(m.extra()));

  /** Bolt 5.1+ LOGON: {@code auth::Dictionary}. */
  public static final RequestCodec<Logon> LOGON = RequestCodec.of("LOGON", Signatures.LOGON, 1, Logon.class,
      in -> new Logon(Fields.map(in, "LOGON", "auth")),
      (m, out) -> out.writeMap(m.auth()));

  /** Bolt 5.1+ LOGOFF. */
  public static final RequestCodec<Logoff> LOGOFF = RequestCodec.of("LOGOFF", Signatures.LOGOFF, 0, Logoff.class,
      in -> new Logoff(), (m, out) -> {});

  /** Bolt 3+ GOODBYE. */
  public static final RequestCodec<Goodbye> GOODBYE = RequestCodec.of("GOODBYE", Signatures.GOODBYE, 0,
      Goodbye.class, in -> new Goodbye(), (m, out) -> {});

  /** RESET. */
  public static final RequestCodec<Reset> RESET = RequestCodec.of("RESET", Signatures.RESET, 0, Reset.class,
      in -> new Reset(), (m, out) -> {});

  /** Bolt 1 ACK_FAILURE. */
  public static final RequestCodec<AckFailure> ACK_FAILURE = RequestCodec.of("ACK_FAILURE",
      Signatures.ACK_FAILURE, 0, AckFailure.class, in -> new AckFailure(), (m, out) -> {});

  /** Bolt 1 RUN: {@code query::String, parameters::Dictionary}. */
  public static final RequestCodec<Run> RUN_V1 = RequestCodec.of("RUN", Signatures.RUN, 2, Run.class,
      in -> new Run(Fields.string(in, "RUN", "query"), Fields.map(in, "RUN", "parameters"), Map.of()),
      (m, out) -> {
        out.writeString(m.query());
        out.writeMap(m.parameters());
      });

  /** Bolt 3+ RUN: {@code query::String, parameters::Dictionary, extra::Dictionary}. */
  public static final RequestCodec<Run> RUN = RequestCodec.of("RUN", Signatures.RUN, 3, Run.class,
      in -> new Run(Fields.string(in, "RUN", "query"), Fields.map(in, "RUN", "parameters"),
          Fields.map(in, "RUN", "extra")),
      (m, out) -> {
        out.writeString(m.query());
        out.writeMap(m.parameters());
        out.writeMap(m.extra());
      });

  /** Bolt 1 and 3 PULL_ALL (no fields). */
  public static final RequestCodec<Pull> PULL_ALL = RequestCodec.of("PULL_ALL", Signatures.PULL, 0, Pull.class,
      in -> Pull.ALL, (m, out) -> {});

  /** Bolt 1 and 3 DISCARD_ALL (no fields). */
  public static final RequestCodec<Discard> DISCARD_ALL = RequestCodec.of("DISCARD_ALL", Signatures.DISCARD, 0,
      Discard.class, in -> Discard.ALL, (m, out) -> {});

  /** Bolt 4+ PULL: {@code extra::Dictionary(n::Integer, qid::Integer)}; n is required. */
  public static final RequestCodec<Pull> PULL = RequestCodec.of("PULL", Signatures.PULL, 1, Pull.class,
      in -> {
        Map<String, Object> extra = Fields.map(in, "PULL", "extra");
        return new Pull(requiredN(extra, "PULL"), Fields.optionalInteger(extra, "qid", -1, "PULL"));
      },
      (m, out) -> writeNQid(m.n(), m.qid(), out));

  /** Bolt 4+ DISCARD: {@code extra::Dictionary(n::Integer, qid::Integer)}; n is required. */
  public static final RequestCodec<Discard> DISCARD = RequestCodec.of("DISCARD", Signatures.DISCARD, 1,
      Discard.class,
      in -> {
        Map<String, Object> extra = Fields.map(in, "DISCARD", "extra");
        return new Discard(requiredN(extra, "DISCARD"), Fields.optionalInteger(extra, "qid", -1, "DISCARD"));
      },
      (m, out) -> writeNQid(m.n(), m.qid(), out));

  /** Bolt 3+ BEGIN: {@code extra::Dictionary}. */
  public static final RequestCodec<Begin> BEGIN = RequestCodec.of("BEGIN", Signatures.BEGIN, 1, Begin.class,
      in -> new Begin(Fields.map(in, "BEGIN", "extra")),
      (m, out) -> out.writeMap(m.extra()));

  /** Bolt 3+ COMMIT. */
  public static final RequestCodec<Commit> COMMIT = RequestCodec.of("COMMIT", Signatures.COMMIT, 0,
      Commit.class, in -> new Commit(), (m, out) -> {});

  /** Bolt 3+ ROLLBACK. */
  public static final RequestCodec<Rollback> ROLLBACK = RequestCodec.of("ROLLBACK", Signatures.ROLLBACK, 0,
      Rollback.class, in -> new Rollback(), (m, out) -> {});

  /** Bolt 4.3 ROUTE: {@code routing::Dictionary, bookmarks::List<String>, db::String|null}. */
  public static final RequestCodec<Route> ROUTE_V43 = RequestCodec.of("ROUTE", Signatures.ROUTE, 3, Route.class,
      in -> {
        Map<String, Object> routing = Fields.map(in, "ROUTE", "routing");
        var bookmarks = Fields.stringList(in, "ROUTE", "bookmarks");
        String db = Fields.nullableString(in, "ROUTE", "db");
        Map<String, Object> extra = new LinkedHashMap<>();
        if (db != null) {
          extra.put("db", db);
        }
        return new Route(routing, bookmarks, extra);
      },
      (m, out) -> {
        out.writeMap(m.routingContext());
        out.writeList(m.bookmarks());
        Object db = m.extra().get("db");
        if (db == null) {
          out.writeNull();
        } else {
          out.writeString(db.toString());
        }
      });

  /** Bolt 4.4+ ROUTE: {@code routing::Dictionary, bookmarks::List<String>, extra::Dictionary(db, imp_user)}. */
  public static final RequestCodec<Route> ROUTE = RequestCodec.of("ROUTE", Signatures.ROUTE, 3, Route.class,
      in -> new Route(Fields.map(in, "ROUTE", "routing"), Fields.stringList(in, "ROUTE", "bookmarks"),
          Fields.map(in, "ROUTE", "extra")),
      (m, out) -> {
        out.writeMap(m.routingContext());
        out.writeList(m.bookmarks());
        out.writeMap(m.extra());
      });

  /** Bolt 5.4+ TELEMETRY: {@code api::Integer}. */
  public static final RequestCodec<Telemetry> TELEMETRY = RequestCodec.of("TELEMETRY", Signatures.TELEMETRY, 1,
      Telemetry.class, in -> new Telemetry(Fields.integer(in, "TELEMETRY", "api")),
      (m, out) -> out.writeLong(m.api()));

  private static long requiredN(Map<String, Object> extra, String message) {
    if (!extra.containsKey("n")) {
      throw new InvalidMessageException(message + " is missing the required field 'n'");
    }
    long n = Fields.optionalInteger(extra, "n", -1, message);
    if (n == 0 || n < -1) {
      throw new InvalidMessageException(message + " field 'n' must be -1 (all) or positive, got " + n);
    }
    return n;
  }

  private static void writeNQid(long n, long qid, PackStreamWriter out) {
    out.writeMapHeader(qid == -1 ? 1 : 2);
    out.writeString("n");
    out.writeLong(n);
    if (qid != -1) {
      out.writeString("qid");
      out.writeLong(qid);
    }
  }
}
