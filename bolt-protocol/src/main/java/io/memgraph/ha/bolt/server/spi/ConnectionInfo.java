package io.memgraph.ha.bolt.server.spi;

import java.net.SocketAddress;
import java.util.Map;

/**
 * Facts about one client connection, known once HELLO (Bolt 1: INIT) has been received.
 *
 * @param connectionId server-unique id of the connection (also sent to the client as {@code connection_id})
 * @param remoteAddress the client's address
 * @param localAddress the server address the client connected to
 * @param protocolVersion the negotiated Bolt version as {@code "MAJOR.MINOR"}, e.g. {@code "5.4"}
 * @param userAgent the client's {@code user_agent} (never null, may be empty)
 * @param boltAgent the client's {@code bolt_agent} map (Bolt 5.3+), empty when not sent
 * @param routingContext the HELLO {@code routing} map (Bolt 4.1+), or {@code null} when the client
 *     asked for no routing (a {@code bolt://} URI)
 */
public record ConnectionInfo(
    String connectionId,
    SocketAddress remoteAddress,
    SocketAddress localAddress,
    String protocolVersion,
    String userAgent,
    Map<String, Object> boltAgent,
    Map<String, Object> routingContext) {

  /** Normalises absent maps and strings so that backends never see {@code null} where it means "empty". */
  public ConnectionInfo {
    userAgent = userAgent == null ? "" : userAgent;
    boltAgent = boltAgent == null ? Map.of() : boltAgent;
  }
}
