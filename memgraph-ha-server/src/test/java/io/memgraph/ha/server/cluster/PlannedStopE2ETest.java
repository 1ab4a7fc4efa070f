package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;

/**
 * A leader stopped with SIGTERM hands leadership over before it stops; a write that reaches it
 * meanwhile must be refused before it runs (so a proxy or a routing driver can send it to the new
 * leader at once), not run and then refused at its commit.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class PlannedStopE2ETest {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aWriteThatArrivesDuringTheHandoverIsRefusedBeforeItRuns(@TempDir Path dir) throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.FAST, dir)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(15));
            try (Session s = cluster.driver(leader).session()) {
                s.run("CREATE (:P {id: 0})").consume();
            }
            cluster.awaitCaughtUp(0, Duration.ofSeconds(15));
            // With equal logs the handover picks the follower with the lowest id: stopped with
            // SIGSTOP, it never campaigns, so the handover lasts until it gives up (two election
            // timeouts), a window in which to send a write.
            int target = cluster.servers().stream().mapToInt(ClusterServer::id).filter(id -> id != leader).min()
                    .orElseThrow();
            signal("STOP", cluster.server(target).pid());
            Throwable refused;
            try {
                cluster.server(leader).terminate();
                Thread.sleep(200); // the shutdown hook has begun the handover
                try (Session s = cluster.driver(leader).session()) {
                    refused = catchThrowable(() -> s.run("CREATE (:P {id: $id})", Map.of("id", 1)).consume());
                }
            } finally {
                signal("CONT", cluster.server(target).pid());
            }
            assertThat(refused).as("the write during the handover").isNotNull();
            assertThat(refused.getMessage()).as("refused before it ran, not at its commit")
                    .doesNotContain("cannot commit writes");
            if (refused instanceof ClientException e) {
                assertThat(e.code()).isEqualTo("Neo.ClientError.Cluster.NotALeader");
                assertThat(e.getMessage()).contains("cannot run write transactions");
            } else {
                // or the server closed the connection first, as it stopped
                assertThat(refused).isInstanceOfAny(ServiceUnavailableException.class, SessionExpiredException.class);
            }
            cluster.server(leader).awaitTermination(Duration.ofSeconds(20));
            int next = cluster.awaitLeader(Duration.ofSeconds(15));
            assertThat(cluster.countNodes(next, "P")).as("only the write before the stop").isEqualTo(1);
        }
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("kill -" + name + " " + pid).isTrue();
    }
}
