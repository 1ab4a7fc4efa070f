package io.memgraph.ha.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @Test
    void writesOnePngPerWorkloadWithOneSeriesPerSystem(@TempDir Path dir) throws Exception {
        Results r = GoalsTest.results();
        assertThat(Charts.dataset(r, Workloads.CREATE).getRowKeys()).containsExactly(Systems.OURS, Systems.NEO4J);
        assertThat(Charts.dataset(r, Workloads.CREATE).getColumnKeys()).containsExactly(8, 32);
        Map<String, Path> files = Charts.write(r, dir);
        assertThat(files).containsKeys(Workloads.CREATE, Workloads.CLUSTER_WRITE);
        byte[] png = Files.readAllBytes(files.get(Workloads.CREATE));
        assertThat(java.util.Arrays.copyOf(png, 4)).containsExactly((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(files.get(Workloads.CREATE).getFileName().toString()).isEqualTo("bench-create.png");
    }
}
