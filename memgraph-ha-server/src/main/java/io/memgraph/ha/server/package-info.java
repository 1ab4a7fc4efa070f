/**
 * The {@code memgraph_ha} process: {@link io.memgraph.ha.server.MemgraphHa} reads the flags, sets up
 * logging and runs a single server (storage, query engine, Bolt listener) until SIGTERM.
 */
package io.memgraph.ha.server;
