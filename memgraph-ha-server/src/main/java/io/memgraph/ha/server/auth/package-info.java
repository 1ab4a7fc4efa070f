/**
 * Who may connect: {@link io.memgraph.ha.server.auth.Authenticator} checks Bolt credentials
 * against the users in the replicated state (when {@code --auth-enabled} is on and a user exists),
 * with {@link io.memgraph.ha.server.auth.LoginRateLimiter} bounding failed attempts per client
 * address.
 */
package io.memgraph.ha.server.auth;
