/**
 * Stored user credentials ({@link io.memgraph.ha.storage.auth.Credential}) and the password key
 * derivation that makes them ({@link io.memgraph.ha.storage.auth.PasswordKdf}). The user table itself
 * lives in {@link io.memgraph.ha.storage.Storage}, replicated with the graph.
 */
package io.memgraph.ha.storage.auth;
