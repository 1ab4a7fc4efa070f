package io.memgraph.ha.bolt.server;

/** The states of a Bolt connection on the server, as named by the Bolt server-state specification. */
public enum ServerState {
  /** Handshake done; waiting for HELLO (Bolt 1: INIT). */
  NEGOTIATION,
  /** Bolt 5.1+: HELLO done, waiting for LOGON. */
  AUTHENTICATION,
  /** Ready for RUN, BEGIN, ROUTE, LOGOFF, TELEMETRY. */
  READY,
  /** An auto-commit result is open for PULL/DISCARD. */
  STREAMING,
  /** In an explicit transaction with no open result. */
  TX_READY,
  /** In an explicit transaction with at least one open result. */
  TX_STREAMING,
  /** A request failed; everything is IGNORED until RESET (Bolt 1: or ACK_FAILURE). */
  FAILED,
  /** A RESET is on its way; everything before it is IGNORED. */
  INTERRUPTED,
  /** The connection is finished and will be closed. */
  DEFUNCT
}
