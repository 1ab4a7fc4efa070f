package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.proxy.Endpoint;
import io.memgraph.ha.proxy.ProxySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * Users in a real three-server cluster with {@code --auth-enabled=true} and a snapshot every 5
 * entries: a user is created on the leader only, logs in on every follower, survives a follower's
 * restart from a snapshot taken after it was created, leaves every server with the same state hash,
 * and logs in through the proxy, where a wrong password reaches the client as Unauthorized.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterAuthE2ETest {
    private static final String PASSWORD = "cluster-s3cret";
    private static final AuthToken ADA = AuthTokens.basic("ada", PASSWORD);

    private static Driver driver(String uri, AuthToken token) {
        return GraphDatabase.driver(uri, token, Config.builder().withoutEncryption()
                .withConnectionTimeout(10, TimeUnit.SECONDS).withMaxTransactionRetryTime(20, TimeUnit.SECONDS).build());
    }

    /** {@code SHOW USERS} on a server in a READ transaction after {@code bookmarks}, logged in as ada. */
    private static List<String> users(ClusterServer s, List<Bookmark> bookmarks) {
        try (Driver d = driver(s.boltUri(), ADA); Session session = d.session(SessionConfig.builder()
                .withDefaultAccessMode(AccessMode.READ).withBookmarks(bookmarks).build())) {
            return session.run("SHOW USERS").list(r -> r.get("user").asString());
        }
    }

    /** {@code SHOW STATE HASH} of a server: {@code applied_index} and {@code state_hash}. */
    private static Map<String, Object> stateHash(ClusterServer s) {
        try (Driver d = driver(s.boltUri(), ADA); Session session = d.session()) {
            Map<String, Object> m = new TreeMap<>();
            session.run("SHOW STATE HASH").list().forEach(r -> m.put(r.get(0).asString(), r.get(1).asObject()));
            return m;
        }
    }

    private static Neo4jException loginFails(String uri, AuthToken token) {
        Neo4jException e = catchThrowableOfType(Neo4jException.class, () -> {
            try (Driver d = driver(uri, token); Session s = d.session()) {
                s.run("RETURN 1").consume();
            }
        });
        assertThat(e).as("login to %s should fail", uri).isNotNull();
        return e;
    }

    private static long snapshotCount(ClusterServer s) throws IOException {
        Path dir = s.durabilityDirectory().resolve("snapshots");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".bin")).count();
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void usersReplicateSurviveARestartFromASnapshotAndWorkThroughTheProxy(@TempDir Path dir) throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.STEADY.withSnapshotThreshold(5), dir,
                "--auth-enabled=true")) {
            int leaderId = cluster.awaitLeader(Duration.ofSeconds(30));
            ClusterServer leader = cluster.server(leaderId);
            List<ClusterServer> followers = cluster.servers().stream().filter(s -> s.id() != leaderId).toList();

            // A follower refuses the write like any other, with the leader's address.
            try (Driver d = driver(followers.get(0).boltUri(), AuthTokens.none()); Session s = d.session()) {
                ClientException e = catchThrowableOfType(ClientException.class,
                        () -> s.run("CREATE USER ada SET PASSWORD 'x'").consume());
                assertThat(e.code()).isEqualTo("Neo.ClientError.Cluster.NotALeader");
                assertThat(e.getMessage()).contains(leader.boltAddress());
            }

            List<Bookmark> bookmarks;
            try (Driver d = driver(leader.boltUri(), AuthTokens.none()); Session s = d.session()) {
                s.run("CREATE USER ada SET PASSWORD '" + PASSWORD + "'").consume();
                bookmarks = List.copyOf(s.lastBookmarks());
            }
            // Enough writes after it for a snapshot that holds the user on every server.
            try (Driver d = driver(leader.boltUri(), ADA); Session s = d.session()) {
                for (int i = 0; i < 12; i++) {
                    s.run("CREATE (:Entry {i: $i})", Map.of("i", i)).consume();
                }
                bookmarks = List.copyOf(s.lastBookmarks());
            }
            for (ClusterServer f : followers) {
                assertThat(users(f, bookmarks)).as("users on follower %d", f.id()).containsExactly("ada");
                assertThat(loginFails(f.boltUri(), AuthTokens.basic("ada", "wrong")))
                        .isInstanceOf(AuthenticationException.class);
                assertThat(loginFails(f.boltUri(), AuthTokens.none()).code())
                        .isEqualTo("Neo.ClientError.Security.Unauthorized");
            }

            ClusterServer restarted = followers.get(1);
            assertThat(snapshotCount(restarted)).as("snapshots of server %d", restarted.id()).isPositive();
            assertThat(restarted.stop()).isZero();
            restarted.start();
            assertThat(restarted.allOutputLines()).anyMatch(l -> l.contains("snapshot index") && !l.contains(
                    "snapshot index 0"));
            assertThat(users(restarted, bookmarks)).containsExactly("ada");
            assertThat(loginFails(restarted.boltUri(), AuthTokens.basic("ada", "wrong")))
                    .isInstanceOf(AuthenticationException.class);

            // Same log, same state: the users are part of what SHOW STATE HASH hashes.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Map<String, Object> expected = stateHash(leader);
            for (ClusterServer s : cluster.servers()) {
                Map<String, Object> mine = stateHash(s);
                while (!mine.equals(expected) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    expected = stateHash(leader);
                    mine = stateHash(s);
                }
                assertThat(mine).as("state hash of server %d", s.id()).isEqualTo(expected);
            }

            List<Endpoint> endpoints = cluster.servers().stream()
                    .map(s -> new Endpoint(ClusterServer.HOST, s.boltPort())).toList();
            try (BoltProxy proxy = BoltProxy.start(ProxySettings.plain(endpoints))) {
                String uri = "bolt://127.0.0.1:" + proxy.port();
                try (Driver d = driver(uri, ADA); Session s = d.session()) {
                    s.run("CREATE (:ThroughProxy)").consume();
                    assertThat(s.run("MATCH (n:ThroughProxy) RETURN count(n)").single().get(0).asLong()).isEqualTo(1);
                }
                long started = System.nanoTime();
                Neo4jException wrong = loginFails(uri, AuthTokens.basic("ada", "wrong"));
                assertThat(wrong).isInstanceOf(AuthenticationException.class);
                assertThat(wrong.code()).isEqualTo("Neo.ClientError.Security.Unauthorized");
                assertThat(wrong.getMessage()).isEqualTo("The client is unauthorized due to authentication failure.");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered, not retried")
                        .isLessThan(Duration.ofSeconds(5));
                assertThat(loginFails(uri, AuthTokens.none())).isInstanceOf(AuthenticationException.class);
            }
        }
    }
}
