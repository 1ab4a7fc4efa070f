package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClusterServerStopTest {
    @Test
    void aProcessCountsAsStoppedOnlyOnceEveryThreadOfItIs() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            Path tasks = Path.of("/proc", Long.toString(sleeper.pid()), "task");
            assertThat(ClusterServer.allStopped(tasks)).isFalse();
            assertThat(ClusterServer.awaitStopped(sleeper.pid(), Duration.ofMillis(50))).isFalse();

            assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(sleeper.pid())).start()
                    .waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ClusterServer.awaitStopped(sleeper.pid(), Duration.ofSeconds(1))).isTrue();
            assertThat(ClusterServer.allStopped(tasks)).isTrue();

            assertThat(new ProcessBuilder("kill", "-CONT", Long.toString(sleeper.pid())).start()
                    .waitFor(10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ClusterServer.allStopped(tasks) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(ClusterServer.allStopped(tasks)).isFalse();
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
