/**
 * The service provider interface between the Bolt server and whatever runs queries: implement
 * {@link io.memgraph.ha.bolt.server.spi.BoltBackend} and pass it to
 * {@link io.memgraph.ha.bolt.server.BoltServer}. Values crossing it use the bolt value model of
 * {@code io.memgraph.ha.bolt.value} and plain Java types.
 */
package io.memgraph.ha.bolt.server.spi;
