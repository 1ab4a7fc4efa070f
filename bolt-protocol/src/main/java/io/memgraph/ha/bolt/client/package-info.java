/**
 * The client side of Bolt: {@link io.memgraph.ha.bolt.client.BoltClientConnection}, a small
 * blocking client for the proxy and for tests, on {@link io.memgraph.ha.bolt.client.ClientMessageCodec}.
 */
package io.memgraph.ha.bolt.client;
