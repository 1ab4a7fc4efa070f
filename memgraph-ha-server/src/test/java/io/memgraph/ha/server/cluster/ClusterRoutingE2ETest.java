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
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/**
 * Every server of a running cluster answers HELLO with its cluster metadata and Bolt ROUTE with the
 * real routing table (WRITE: the leader; READ: the followers and the leader; ROUTE: all; ttl 10 s),
 * whichever server the client asks. Spoken with the project's own Bolt client, so the test sees the
 * raw fields the drivers and the proxy read. {@code SHOW DATABASES} (through the Neo4j driver, in
 * WRITE sessions, followers included) lists the same servers, one row each, the leader the writer;
 * {@code SHOW SERVERS} names all three; {@code SHOW SETTINGS} and {@code dbms.queryJmx()} (as
 * cypher-shell's {@code :sysinfo} sends it) answer on every server with its own figures.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterRoutingE2ETest {

    @Test
    void everyServerAnswersTheRealRoutingTableHelloMetadataAndShowDatabases(@TempDir Path dir) {
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
                showDatabases(cluster, s, leader, all);
                showServers(cluster, s, leader);
            }
        }
    }

    /**
     * Server {@code s} lists every server hosting {@code memgraph}, in a WRITE session and the
     * {@code system} database (as Neo4j Browser asks, a follower too): the leader the one writer,
     * itself and the leader online, and on the leader (which hears from everyone) every server.
     */
    private static void showDatabases(ClusterHarness cluster, ClusterServer s, int leader, List<String> all) {
        SessionConfig system = SessionConfig.builder().withDatabase("system").withDefaultAccessMode(AccessMode.WRITE)
                .build();
        try (Session session = cluster.driver(s.id()).session(system)) {
            List<Record> rows = session.run("SHOW DATABASES YIELD name, address, role, writer, currentStatus,"
                    + " serverID, currentPrimariesCount").list();
            assertThat(rows).extracting(r -> r.get("address").asString()).as("on server %d", s.id())
                    .containsExactlyInAnyOrderElementsOf(all);
            for (Record r : rows) {
                int id = Integer.parseInt(r.get("serverID").asString());
                assertThat(r.get("name").asString()).isEqualTo("memgraph");
                assertThat(r.get("role").asString()).isEqualTo("primary");
                assertThat(r.get("writer").asBoolean()).as("server %d's row on server %d", id, s.id())
                        .isEqualTo(id == leader);
                assertThat(r.get("address").asString()).isEqualTo(cluster.server(id).boltAddress());
                if (id == s.id() || id == leader || s.id() == leader) {
                    assertThat(r.get("currentStatus").asString()).as("server %d's row on server %d", id, s.id())
                            .isEqualTo("online");
                }
            }
            // NeoDash's database picker, and the settings Neo4j Browser reads, on any server
            assertThat(session.run("SHOW DATABASES yield name, currentStatus WHERE currentStatus = 'online'"
                    + " RETURN DISTINCT name").list(r -> r.get(0).asString())).containsExactly("memgraph");
            assertThat(session.run("CALL dbms.clientConfig() YIELD name, value WHERE name = 'dbms.security.auth_enabled'")
                    .single().get("value").asString()).isEqualTo("false");
            assertThat(session.run("CALL dbms.showCurrentUser()").single().get("username").asString()).isEmpty();
        }
    }

    /**
     * Server {@code s} lists every server of the cluster in {@code SHOW SERVERS}, in a WRITE session
     * (a follower too): all three by name and Bolt address, itself and the leader {@code Available},
     * and on the leader every one. Its settings and metrics ({@code :sysinfo}'s query) are its own.
     */
    private static void showServers(ClusterHarness cluster, ClusterServer s, int leader) {
        SessionConfig write = SessionConfig.builder().withDatabase("system").withDefaultAccessMode(AccessMode.WRITE)
                .build();
        try (Session session = cluster.driver(s.id()).session(write)) {
            List<Record> rows = session.run("SHOW SERVERS YIELD serverId, name, address, state, health, hosting")
                    .list();
            assertThat(rows).extracting(r -> r.get("name").asString()).as("on server %d", s.id())
                    .containsExactly("server-1", "server-2", "server-3");
            for (Record r : rows) {
                int id = Integer.parseInt(r.get("serverId").asString());
                assertThat(r.get("address").asString()).isEqualTo(cluster.server(id).boltAddress());
                assertThat(r.get("state").asString()).isEqualTo("Enabled");
                assertThat(r.get("hosting").asList()).containsExactly("memgraph");
                if (id == s.id() || id == leader || s.id() == leader) {
                    assertThat(r.get("health").asString()).as("server %d's row on server %d", id, s.id())
                            .isEqualTo("Available");
                }
            }
            assertThat(session.run("SHOW SETTINGS 'server-id' YIELD value").single().get(0).asString())
                    .isEqualTo(String.valueOf(s.id()));
            String sysinfo = "UNWIND $metrics AS metric CALL dbms.queryJmx(metric.name) YIELD name, attributes"
                    + " RETURN attributes.Count.value AS value";
            long applied = session.run(sysinfo, Map.of("metrics", List.of(Map.of("name",
                    "neo4j.metrics:name=neo4j.database.memgraph.transaction.last_committed_tx_id"))))
                    .single().get("value").asLong();
            assertThat(applied).as("server %d's last applied index (no writes yet)", s.id()).isZero();
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
