package io.memgraph.ha.raft.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real file system's part of {@link Disk} that the simulation cannot check. */
class RealDiskTest {

    @Test
    void creatingDirectoriesSyncsTheParentOfEachOneCreated(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        Path target = tmp.resolve("data/raft/segments");
        List<Path> synced = new ArrayList<>();
        RealDisk.createDurably(target, synced::add);
        assertThat(target).isDirectory();
        // "data" existed: its entry for "raft" and raft's entry for "segments" must be made durable
        assertThat(synced).containsExactly(tmp.resolve("data").toAbsolutePath(), tmp.resolve("data/raft").toAbsolutePath());

        synced.clear();
        RealDisk.createDurably(target, synced::add);
        assertThat(synced).as("nothing created, nothing to sync").isEmpty();
    }

    @Test
    void theRealDiskSyncsWithoutError(@TempDir Path tmp) throws Exception {
        Disk.REAL.createDirectories(tmp.resolve("a/b"));
        assertThat(tmp.resolve("a/b")).isDirectory();
    }
}
