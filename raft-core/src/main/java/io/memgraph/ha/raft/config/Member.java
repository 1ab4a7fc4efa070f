package io.memgraph.ha.raft.config;

import java.net.InetSocketAddress;

/**
 * One server of the cluster as listed in {@code coordination.json}.
 *
 * @param id server id, 1..N
 * @param host IP literal or host name peers use to reach this server's rpc port
 * @param port the rpc port, 1..65535
 */
public record Member(int id, String host, int port) {

  /** An unresolved socket address for connecting to this member. */
  public InetSocketAddress address() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** {@code host:port}, with IPv6 literals in brackets. */
  public String endpoint() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
