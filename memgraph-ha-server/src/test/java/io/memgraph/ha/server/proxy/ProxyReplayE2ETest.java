package io.memgraph.ha.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterLogsOnFailure;
import io.memgraph.ha.server.cluster.RaftTiming;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.exceptions.TransientException;

/**
 * An explicit transaction whose leader is killed between two of its queries: the proxy runs what
 * the client sent so far again on the new leader and lets the transaction go on there when it
 * answers as before; when it answers otherwise (another client changed what it read), the client
 * gets LeaderSwitch and nothing of the transaction is committed.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ProxyReplayE2ETest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTransactionThatReadsTheSameOnTheNewLeaderGoesOnThere(@TempDir Path dir) throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.STEADY, dir);
                BoltProxy proxy = ProxyClusterE2ETest.proxy(cluster);
                Driver driver = ProxyClusterE2ETest.driver("bolt", proxy.port())) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(15));
            try (Session s = driver.session()) {
                s.run("UNWIND range(1, 300) AS i CREATE (:Account {id: i, balance: 100})").consume();
            }
            ProxyClusterE2ETest.pastRejoinGuard();
            try (Session s = driver.session(); Transaction tx = s.beginTransaction()) {
                List<Long> balances = tx.run("MATCH (a:Account) RETURN a.balance AS b ORDER BY a.id").list(
                        r -> r.get("b").asLong());
                assertThat(balances).hasSize(300).containsOnly(100L);
                tx.run("MATCH (a:Account {id: 1}) SET a.balance = a.balance - 40").consume();
                tx.run("CREATE (:Transfer {id: 1})").consume();

                cluster.server(leader).kill9();

                tx.run("MATCH (a:Account {id: 2}) SET a.balance = a.balance + 40").consume();
                assertThat(tx.run("MATCH (a:Account) WHERE a.id <= 2 RETURN sum(a.balance) AS s").single()
                        .get("s").asLong()).as("the transaction's own writes, before and after the kill").isEqualTo(200);
                tx.commit();
            }
            cluster.awaitLeader(Duration.ofSeconds(15));
            try (Session s = driver.session()) {
                assertThat(s.run("MATCH (a:Account) WHERE a.id <= 2 RETURN a.balance AS b ORDER BY a.id")
                        .list(r -> r.get("b").asLong())).containsExactly(60L, 140L);
                assertThat(s.run("MATCH (t:Transfer) RETURN count(t) AS c").single().get("c").asLong())
                        .as("written once").isEqualTo(1);
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTransactionThatWouldReadOtherwiseOnTheNewLeaderFailsWithLeaderSwitch(@TempDir Path dir)
            throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.STEADY, dir);
                BoltProxy proxy = ProxyClusterE2ETest.proxy(cluster);
                Driver driver = ProxyClusterE2ETest.driver("bolt", proxy.port())) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(15));
            try (Session s = driver.session()) {
                s.run("CREATE (:Seat {id: 1})").consume();
            }
            ProxyClusterE2ETest.pastRejoinGuard();
            try (Session s = driver.session(); Transaction tx = s.beginTransaction()) {
                assertThat(tx.run("MATCH (b:Booking) RETURN count(b) AS c").single().get("c").asLong()).isZero();
                try (Session other = driver.session()) {
                    other.run("CREATE (:Booking {by: 'other'})").consume();
                }
                cluster.server(leader).kill9();

                // run again, the count is 1: the client decided on 0, so the transaction cannot go on
                assertThatThrownBy(() -> tx.run("CREATE (:Booking {by: 'me'})").consume())
                        .isInstanceOfSatisfying(TransientException.class, e -> assertThat(e.code())
                                .isEqualTo("Neo.TransientError.Cluster.LeaderSwitch"));
            }
            cluster.awaitLeader(Duration.ofSeconds(15));
            try (Session s = driver.session()) {
                assertThat(s.run("MATCH (b:Booking) RETURN b.by AS by").list(r -> r.get("by").asString()))
                        .containsExactly("other");
            }
        }
    }
}
