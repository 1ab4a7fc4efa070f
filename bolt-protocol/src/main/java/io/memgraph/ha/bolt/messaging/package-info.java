/**
 * Bolt messages as records ({@link io.memgraph.ha.bolt.messaging.Request},
 * {@link io.memgraph.ha.bolt.messaging.Response}) and the wire form of each
 * ({@link io.memgraph.ha.bolt.messaging.RequestCodecs}, {@link io.memgraph.ha.bolt.messaging.ResponseCodec}),
 * built on the PackStream reader and writer.
 */
package io.memgraph.ha.bolt.messaging;
