package io.memgraph.ha.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.daemon.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock on the durability directory within one JVM (two processes:
 * {@code ServerLifecycleE2ETest.aSecondServerOnTheSameDirectoryExitsAtOnceNamingItAndTheFirstKeepsWorking}).
 */
class DurabilityLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondLockInTheSameProcessIsRefusedAndTheFirstStaysHeld() throws Exception {
        try (DurabilityLock first = DurabilityLock.acquire(dir)) {
            assertThatThrownBy(() -> DurabilityLock.acquire(dir.resolve(".")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("--durability-directory=" + dir.resolve(".") + ": the directory is in use")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid() + ", started ")
                    .hasMessageContaining("in this process");
            // The refusal did not touch the file, so the holder's line is still there.
            assertThat(Files.readString(dir.resolve("lock"))).startsWith("pid " + ProcessHandle.current().pid() + ",");
        }
        DurabilityLock.acquire(dir).close();
    }

    @Test
    void aLockFileLeftBehindIsTakenOverAndRewritten() throws Exception {
        Files.writeString(dir.resolve("lock"), "pid 1, started long ago, by a server that was killed\nmore\n");
        try (DurabilityLock lock = DurabilityLock.acquire(dir)) {
            assertThat(Files.readString(dir.resolve("lock")))
                    .matches("pid " + ProcessHandle.current().pid() + ", started \\S+Z\n");
        }
    }
}
