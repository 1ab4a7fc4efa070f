package io.memgraph.ha.server.cluster;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.memgraph.ha.raft.config.Member;
import io.memgraph.ha.raft.node.RaftNode;
import io.memgraph.ha.server.bolt.ClusterRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects {@code SHOW STORAGE INFO} from the other servers over Bolt, so that the leader reports
 * every server, as the original HA Memgraph did. A server that does not answer in time adds no
 * rows (and a DEBUG line); the query itself never fails because of a peer.
 */
public final class PeerStorageInfo {
    private static final Logger LOG = LoggerFactory.getLogger(PeerStorageInfo.class);

    private final RaftNode node;
    private final BoltDirectory directory;
    private final Duration timeout;

    /**
     * @param node the local Raft node (for the membership and this server's id)
     * @param directory the servers' Bolt addresses
     * @param timeout how long each peer may take
     */
    public PeerStorageInfo(RaftNode node, BoltDirectory directory, Duration timeout) {
        this.node = node;
        this.directory = directory;
        this.timeout = timeout;
    }

    /** The rows {@code [server id, storage info, value]} of every other reachable server. */
    public List<List<Object>> collect() {
        List<List<Object>> rows = new ArrayList<>();
        for (Member m : node.cluster().members()) {
            if (m.id() == node.id()) {
                continue;
            }
            Optional<String> address = directory.boltAddress(m.id());
            if (address.isEmpty()) {
                continue;
            }
            try {
                rows.addAll(ask(address.get()));
            } catch (RuntimeException e) {
                LOG.debug("SHOW STORAGE INFO: server {} at {} did not answer: {}", m.id(), address.get(), e.toString());
            }
        }
        return rows;
    }

    private List<List<Object>> ask(String address) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(address.substring(colon + 1));
        List<List<Object>> rows = new ArrayList<>();
        try (BoltClientConnection c = BoltClientConnection.connect(host, port, timeout)) {
            c.handshake(new BoltVersion(4, 4));
            expectSuccess(c.hello(BoltClientConnection.helloExtra("memgraph_ha/storage-info",
                    Map.of("scheme", "none"))));
            expectSuccess(c.run("SHOW STORAGE INFO", Map.of(),
                    Map.of("mode", "r", "tx_metadata", Map.of(ClusterRole.LOCAL_ONLY, true))));
            for (Response r : c.pull(-1, -1)) {
                if (r instanceof Response.RecordMessage record) {
                    rows.add(record.values());
                } else {
                    expectSuccess(r);
                }
            }
        }
        return rows;
    }

    private static void expectSuccess(Response r) {
        if (!(r instanceof Response.Success)) {
            throw new IllegalStateException("unexpected answer " + r);
        }
    }
}
