/**
 * The pure Raft algorithm, modelled on etcd's raft library: {@link io.memgraph.ha.raft.core.RaftCore}
 * takes ticks, messages, proposals and read requests and returns all its effects in a
 * {@link io.memgraph.ha.raft.core.Ready} (entries and hard state to persist, snapshot chunks to
 * store and install, messages to send after persisting, committed entries to apply, confirmed
 * reads). It reads already-durable state through {@link io.memgraph.ha.raft.core.Storage} and
 * snapshot bytes through {@link io.memgraph.ha.raft.core.SnapshotSource}; it has no threads,
 * clocks, sockets or files, so tests and the simulation drive it deterministically.
 *
 * <p>One concept per file: {@code RaftCore} (roles and their step functions), {@code RaftLog}
 * (durable plus unstable log, commit and applied indexes), {@code Progress} and {@code Inflights}
 * (per-follower flow control), {@code Quorum} (majority arithmetic), {@code ReadIndexTracker}
 * (ReadIndex and lease bookkeeping).
 */
package io.memgraph.ha.raft.core;
