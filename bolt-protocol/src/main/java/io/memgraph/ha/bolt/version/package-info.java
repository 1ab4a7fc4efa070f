/**
 * One class per Bolt version ({@link io.memgraph.ha.bolt.version.BoltV1} ...
 * {@link io.memgraph.ha.bolt.version.BoltV54}), each extending the previous one with exactly what
 * it adds; {@link io.memgraph.ha.bolt.version.BoltProtocols} lists the supported ones.
 */
package io.memgraph.ha.bolt.version;
