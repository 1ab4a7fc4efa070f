/**
 * The Bolt server: {@link io.memgraph.ha.bolt.server.BoltServer} accepts connections and runs each
 * one's requests through the specification's connection state machine against a
 * {@link io.memgraph.ha.bolt.server.spi.BoltBackend}.
 */
package io.memgraph.ha.bolt.server;
