package io.memgraph.ha.bench.systems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemgraphClusterTest {
    @Test
    void gcLogOptionMakesAJvmLogItsCollectorAndSafepointsToAFileNamedByItsPid(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder(ChildProcesses.java(), "-Xmx64m", "-XX:+UseG1GC", MemgraphCluster.gcLogOption(dir),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Path log = dir.resolve("gc-" + p.pid() + ".log");
        assertThat(log).exists();
        // wall-clock time and uptime on every line, then what the collector logs at its start
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(0)).matches("\\[\\d{4}-\\d\\d-\\d\\dT[0-9:.]+[+-]\\d{4}\\]\\[\\d+ms\\] Using G1");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void gcLogOptionRefusesADirectoryThatWouldBreakTheOption() {
        assertThatThrownBy(() -> MemgraphCluster.gcLogOption(Path.of("/tmp/a b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/tmp/a b");
        assertThatThrownBy(() -> MemgraphCluster.gcLogOption(Path.of("/tmp/a:b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/tmp/a:b");
    }
}
