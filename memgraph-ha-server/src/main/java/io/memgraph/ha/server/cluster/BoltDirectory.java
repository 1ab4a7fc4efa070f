package io.memgraph.ha.server.cluster;

import java.util.Optional;

/** The Bolt addresses ({@code host:port}) of the cluster's servers, as they advertised them. */
@FunctionalInterface
public interface BoltDirectory {

    /** The Bolt address of server {@code serverId}, if it is known here. */
    Optional<String> boltAddress(int serverId);
}
