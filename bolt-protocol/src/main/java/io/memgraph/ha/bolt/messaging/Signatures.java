package io.memgraph.ha.bolt.messaging;

/** The signature (structure tag) of every Bolt message this module knows. */
public final class Signatures {
  /** HELLO (Bolt 3+) and INIT (Bolt 1). */
  public static final byte HELLO = 0x01;
  /** GOODBYE. */
  public static final byte GOODBYE = 0x02;
  /** ACK_FAILURE (Bolt 1). */
  public static final byte ACK_FAILURE = 0x0E;
  /** RESET. */
  public static final byte RESET = 0x0F;
  /** RUN. */
  public static final byte RUN = 0x10;
  /** BEGIN. */
  public static final byte BEGIN = 0x11;
  /** COMMIT. */
  public static final byte COMMIT = 0x12;
  /** ROLLBACK. */
  public static final byte ROLLBACK = 0x13;
  /** DISCARD and DISCARD_ALL. */
  public static final byte DISCARD = 0x2F;
  /** PULL and PULL_ALL. */
  public static final byte PULL = 0x3F;
  /** TELEMETRY. */
  public static final byte TELEMETRY = 0x54;
  /** ROUTE. */
  public static final byte ROUTE = 0x66;
  /** LOGON. */
  public static final byte LOGON = 0x6A;
  /** LOGOFF. */
  public static final byte LOGOFF = 0x6B;
  /** SUCCESS. */
  public static final byte SUCCESS = 0x70;
  /** RECORD. */
  public static final byte RECORD = 0x71;
  /** IGNORED. */
  public static final byte IGNORED = 0x7E;
  /** FAILURE. */
  public static final byte FAILURE = 0x7F;

  private Signatures() {}
}
