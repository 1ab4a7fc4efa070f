package io.memgraph.ha.faults.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NemesisTest {
    @Test
    void aProcessCountsAsStoppedOnlyOnceEveryThreadOfItIs() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            Path tasks = Path.of("/proc", Long.toString(sleeper.pid()), "task");
            assertThat(Nemesis.allStopped(tasks)).isFalse();

            assertThat(TmpfsDisk.run(List.of("kill", "-STOP", Long.toString(sleeper.pid())))).isNull();
            Nemesis.awaitStopped(sleeper.pid());
            assertThat(Nemesis.allStopped(tasks)).isTrue();

            assertThat(TmpfsDisk.run(List.of("kill", "-CONT", Long.toString(sleeper.pid())))).isNull();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Nemesis.allStopped(tasks) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(Nemesis.allStopped(tasks)).isFalse();
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
