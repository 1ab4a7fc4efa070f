/**
 * The Bolt side of the server: {@link io.memgraph.ha.server.bolt.CypherBoltBackend} runs each
 * connection's requests through the query engine in storage transactions (auto-commit and
 * explicit, bookmarks, access modes, RESET), converts values between the engine and Bolt
 * ({@link io.memgraph.ha.server.bolt.BoltValueConverter}) and errors to Neo4j status codes
 * ({@link io.memgraph.ha.server.bolt.FailureMapper}).
 */
package io.memgraph.ha.server.bolt;
