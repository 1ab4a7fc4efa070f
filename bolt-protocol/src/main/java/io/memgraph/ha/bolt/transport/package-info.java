/**
 * Bolt below the message level, as Netty handlers that each do one job: the server side of the
 * handshake ({@link io.memgraph.ha.bolt.transport.ServerHandshakeDecoder}), chunk reassembly with a
 * maximum message size ({@link io.memgraph.ha.bolt.transport.ChunkDecoder}) and chunking
 * ({@link io.memgraph.ha.bolt.transport.ChunkEncoder}, {@link io.memgraph.ha.bolt.transport.Chunking}),
 * and Bolt over WebSocket for browser drivers on the same port
 * ({@link io.memgraph.ha.bolt.transport.WebSocketUpgrade}, {@code WebSocketFrames}).
 */
package io.memgraph.ha.bolt.transport;
