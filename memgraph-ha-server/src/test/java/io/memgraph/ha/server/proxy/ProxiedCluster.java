package io.memgraph.ha.server.proxy;

import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.RaftTiming;
import java.nio.file.Path;
import java.time.Duration;

/** A three-server cluster of real processes with a leader, and a plain proxy in front of it, for a test class. */
record ProxiedCluster(ClusterHarness cluster, BoltProxy proxy) implements AutoCloseable {

    static ProxiedCluster start(Path dir) throws Exception {
        ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.FAST, dir);
        try {
            cluster.awaitLeader(Duration.ofSeconds(30));
            return new ProxiedCluster(cluster, ProxyClusterE2ETest.proxy(cluster));
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public void close() {
        proxy.close();
        cluster.close();
    }
}
