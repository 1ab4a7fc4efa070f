package io.memgraph.ha.bolt.messaging;

import java.util.List;
import java.util.Map;

/**
 * A message from client to server, independent of the Bolt version it travelled in. Version
 * differences are settled by the codecs: Bolt 1 INIT becomes a {@link Hello} whose extra map holds
 * the user agent and the auth token, PULL_ALL becomes {@code Pull(-1, -1)}, DISCARD_ALL becomes
 * {@code Discard(-1, -1)}, a 4.3 ROUTE's bare database name becomes {@code extra.db}.
 */
public sealed interface Request {

  /** The message name used in errors and logs, e.g. {@code "RUN"}. */
  String name();

  /** Signature {@code 0x01}: HELLO (Bolt 3+) or INIT (Bolt 1). */
  record Hello(Map<String, Object> extra) implements Request {
    @Override
    public String name() {
      return "HELLO";
    }
  }

  /** Signature {@code 0x6A}: LOGON (Bolt 5.1+), the auth token. */
  record Logon(Map<String, Object> auth) implements Request {
    @Override
    public String name() {
      return "LOGON";
    }
  }

  /** Signature {@code 0x6B}: LOGOFF (Bolt 5.1+). */
  record Logoff() implements Request {
    @Override
    public String name() {
      return "LOGOFF";
    }
  }

  /** Signature {@code 0x02}: GOODBYE (Bolt 3+). */
  record Goodbye() implements Request {
    @Override
    public String name() {
      return "GOODBYE";
    }
  }

  /** Signature {@code 0x0F}: RESET. */
  record Reset() implements Request {
    @Override
    public String name() {
      return "RESET";
    }
  }

  /** Signature {@code 0x0E}: ACK_FAILURE (Bolt 1 and 2 only). */
  record AckFailure() implements Request {
    @Override
    public String name() {
      return "ACK_FAILURE";
    }
  }

  /** Signature {@code 0x10}: RUN; {@code extra} is empty in Bolt 1. */
  record Run(String query, Map<String, Object> parameters, Map<String, Object> extra) implements Request {
    @Override
    public String name() {
      return "RUN";
    }
  }

  /**
   * Signature {@code 0x3F}: PULL (Bolt 4+) or PULL_ALL.
   *
   * @param n how many records, -1 for all
   * @param qid which result of the transaction, -1 for the last one
   */
  record Pull(long n, long qid) implements Request {
    /** PULL_ALL and PULL {n: -1}. */
    public static final Pull ALL = new Pull(-1, -1);

    @Override
    public String name() {
      return "PULL";
    }
  }

  /**
   * Signature {@code 0x2F}: DISCARD (Bolt 4+) or DISCARD_ALL.
   *
   * @param n how many records, -1 for all
   * @param qid which result of the transaction, -1 for the last one
   */
  record Discard(long n, long qid) implements Request {
    /** DISCARD_ALL and DISCARD {n: -1}. */
    public static final Discard ALL = new Discard(-1, -1);

    @Override
    public String name() {
      return "DISCARD";
    }
  }

  /** Signature {@code 0x11}: BEGIN (Bolt 3+). */
  record Begin(Map<String, Object> extra) implements Request {
    @Override
    public String name() {
      return "BEGIN";
    }
  }

  /** Signature {@code 0x12}: COMMIT (Bolt 3+). */
  record Commit() implements Request {
    @Override
    public String name() {
      return "COMMIT";
    }
  }

  /** Signature {@code 0x13}: ROLLBACK (Bolt 3+). */
  record Rollback() implements Request {
    @Override
    public String name() {
      return "ROLLBACK";
    }
  }

  /**
   * Signature {@code 0x66}: ROUTE (Bolt 4.3+).
   *
   * @param routingContext the routing context, including {@code address}
   * @param bookmarks the client's bookmarks
   * @param extra {@code db} and (4.4+) {@code imp_user}
   */
  record Route(Map<String, Object> routingContext, List<String> bookmarks, Map<String, Object> extra)
      implements Request {
    @Override
    public String name() {
      return "ROUTE";
    }
  }

  /** Signature {@code 0x54}: TELEMETRY (Bolt 5.4+), the driver API in use. */
  record Telemetry(long api) implements Request {
    @Override
    public String name() {
      return "TELEMETRY";
    }
  }
}
