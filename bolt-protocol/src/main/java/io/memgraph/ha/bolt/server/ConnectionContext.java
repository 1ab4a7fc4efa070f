package io.memgraph.ha.bolt.server;

import io.memgraph.ha.bolt.server.spi.BoltBackend;
import java.net.SocketAddress;
import java.util.Map;

/** What the state machine of one connection needs to know about the server and the socket. */
record ConnectionContext(
    BoltBackend backend,
    String serverAgent,
    Map<String, Object> hints,
    String connectionId,
    SocketAddress remoteAddress,
    SocketAddress localAddress) {}
