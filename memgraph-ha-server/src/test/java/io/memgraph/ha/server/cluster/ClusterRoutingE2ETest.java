package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every server of a running cluster answers HELLO with its cluster metadata and Bolt ROUTE with the
 * real routing table (WRITE: the leader; READ: the followers and the leader; ROUTE: all; ttl 10 s),
 * whichever server the client asks. Spoken with the project's own Bolt client, so the test sees the
 * raw fields the drivers and the proxy read.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterRoutingE2ETest {

    @Test
    void everyServerAnswersTheRealRoutingTableAndHelloMetadata(@TempDir Path dir) {
        try (ClusterHarness cluster = ClusterHarness.start(ClusterHarness.defaultSize(), RaftTiming.STEADY, dir)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(15));
            String leaderAddress = cluster.server(leader).boltAddress();
            List<String> all = cluster.servers().stream().map(ClusterServer::boltAddress).toList();
            awaitEveryoneFollows(cluster, leader);
            for (ClusterServer s : cluster.servers()) {
                try (BoltClientConnection c = BoltClientConnection.connect(ClusterServer.HOST, s.boltPort(),
                        Duration.ofSeconds(10))) {
                    c.handshake(new BoltVersion(4, 4));
                    Response hello = c.hello(BoltClientConnection.helloExtra("routing-test", Map.of("scheme", "none")));
                    assertThat(hello).isInstanceOf(Response.Success.class);
                    Map<String, Object> meta = ((Response.Success) hello).metadata();
                    assertThat(meta.get("server_id")).isEqualTo((long) s.id());
                    assertThat(meta.get("role")).isEqualTo(s.id() == leader ? "leader" : "follower");
                    assertThat(meta.get("leader")).as("server %d names the leader", s.id()).isEqualTo(leaderAddress);
                    assertThat(((Number) meta.get("term")).longValue()).isPositive();

                    Response route = c.request(new Request.Route(Map.of("address", s.boltAddress()), List.of(),
                            new HashMap<>()));
                    assertThat(route).as("ROUTE on server %d", s.id()).isInstanceOf(Response.Success.class);
                    Map<?, ?> rt = (Map<?, ?>) ((Response.Success) route).metadata().get("rt");
                    assertThat(((Number) rt.get("ttl")).longValue()).isEqualTo(10L);
                    Map<String, List<String>> byRole = new HashMap<>();
                    for (Object o : (List<?>) rt.get("servers")) {
                        Map<?, ?> entry = (Map<?, ?>) o;
                        List<String> addresses = new ArrayList<>();
                        ((List<?>) entry.get("addresses")).forEach(a -> addresses.add((String) a));
                        byRole.put((String) entry.get("role"), addresses);
                    }
                    assertThat(byRole.get("WRITE")).as("WRITE on server %d", s.id()).containsExactly(leaderAddress);
                    assertThat(byRole.get("ROUTE")).containsExactlyInAnyOrderElementsOf(all);
                    assertThat(byRole.get("READ")).containsExactlyInAnyOrderElementsOf(all);
                    assertThat(byRole.get("READ").get(byRole.get("READ").size() - 1))
                            .as("followers come before the leader among readers").isEqualTo(leaderAddress);
                }
            }
        }
    }

    /** Waits (bounded) until every server names {@code leader} in SHOW RAFT INFO. */
    private static void awaitEveryoneFollows(ClusterHarness cluster, int leader) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (ClusterServer s : cluster.servers()) {
            while (((Number) cluster.raftInfo(s.id(), Duration.ofSeconds(5)).get("leader_id")).intValue() != leader) {
                assertThat(System.nanoTime() - deadline).as("server %d names leader %d in time", s.id(), leader)
                        .isNegative();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }
}
