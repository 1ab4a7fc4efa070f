package io.memgraph.ha.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bench.workloads.CrashRestart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    private static final String SECTION = ReportWriter.BEGIN + "\nnew figures\n" + ReportWriter.END;

    @Test
    void replacesOnlyTheTextBetweenTheMarkers() {
        String doc = "# Benchmarks\n\nhand-written intro\n\n" + ReportWriter.BEGIN + "\nold figures\nmore\n"
                + ReportWriter.END + "\n\n## Storage engine\n\nhand-written rest\n";
        String out = ReportWriter.replaceSection(doc, SECTION);
        assertThat(out).isEqualTo("# Benchmarks\n\nhand-written intro\n\n" + SECTION
                + "\n\n## Storage engine\n\nhand-written rest\n");
        assertThat(ReportWriter.replaceSection(out, SECTION)).isEqualTo(out);
    }

    @Test
    void appendsTheSectionWhenTheDocumentHasNoMarkers() {
        assertThat(ReportWriter.replaceSection("# B\n\ntext\n", SECTION)).isEqualTo("# B\n\ntext\n\n" + SECTION + "\n");
        assertThat(ReportWriter.replaceSection("", SECTION)).isEqualTo(SECTION + "\n");
    }

    @Test
    void refusesBrokenMarkers() {
        assertThatThrownBy(() -> ReportWriter.replaceSection("a\n" + ReportWriter.BEGIN + "\nb\n", SECTION))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReportWriter.replaceSection(ReportWriter.END + "\n" + ReportWriter.BEGIN, SECTION))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesTheFileKeepingTheRest(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("benchmarks.md");
        Files.writeString(file, "intro\n" + ReportWriter.BEGIN + "\nold\n" + ReportWriter.END + "\nrest\n");
        ReportWriter.write(file, SECTION);
        assertThat(Files.readString(file)).isEqualTo("intro\n" + SECTION + "\nrest\n");
    }

    @Test
    void rendersTablesWithRatiosGoalsAndTheMachine() {
        Results r = GoalsTest.results();
        MachineInfo m = new MachineInfo("Test CPU", 2, 23.4, "Linux 6.1", "2026-12-03 12:00 UTC");
        m.version("Neo4j", "5.26.19");
        String out = ReportWriter.render(r, m, "bin/bench --quick", Map.of(Workloads.CREATE, "img/bench-create.png"));
        assertThat(out).startsWith(ReportWriter.BEGIN).endsWith(ReportWriter.END)
                .contains("| CPU | Test CPU |", "| RAM | 23.4 GiB |", "Neo4j 5.26.19", "`bin/bench --quick`")
                .contains("| create one node | clients | memgraph_ha ops/s | p50 ms | p99 ms | Neo4j ops/s")
                .contains("| | 32 | 7000 | 1.00 | 2.00 | 1000 | 3.00 | 9.00 | 7.00x |")
                .contains("![create one node: throughput by clients](img/bench-create.png)")
                .contains("| proxy overhead |", "| 5.0% |")
                .contains("| failover through the proxy p99 <= 1.2 s | p99 1300 ms of 3 kills | **missed** |")
                .contains("| | 2 | 120 | 150 |", "All (ms): [120, 150]");
    }

    @Test
    void rendersSilentDeathsInATableOfTheirOwn() {
        Results r = GoalsTest.results();
        String without = ReportWriter.render(r, new MachineInfo("Test CPU", 2, 23.4, "Linux 6.1", "2026-12-03 12:00 UTC"),
                "bin/bench", Map.of());
        assertThat(without).doesNotContain("failover after a silent death: SIGSTOP")
                .contains("| failover after a silent death (SIGSTOP, as a power loss) p99 <= 1.2 s | - | not run |");
        r.silentFailover(List.of(950L, 800L));
        String with = ReportWriter.render(r, new MachineInfo("Test CPU", 2, 23.4, "Linux 6.1", "2026-12-03 12:00 UTC"),
                "bin/bench", Map.of());
        assertThat(with).contains("| failover after a silent death: SIGSTOP of the leader (it refuses no connection,")
                .contains("| deaths | p50 ms | p99 ms | max ms |", "| | 2 | 800 | 950 | 950 |", "All (ms): [800, 950]")
                .contains("| failover after a silent death (SIGSTOP, as a power loss) p99 <= 1.2 s | p99 950 ms of 2 | met |");
    }

    @Test
    void rendersTheSystemsOwnCpuPerOperationWhenMeasured() {
        Results r = new Results();
        r.add(new Sample(Workloads.POINT_READ, 8, Systems.OURS, 5000, 1, 2, 0, 40.0, Double.NaN));
        r.add(new Sample(Workloads.POINT_READ, 8, Systems.NEO4J, 1000, 3, 9, 0, 380.4, Double.NaN));
        r.add(new Sample(Workloads.POINT_READ, 32, Systems.OURS, 7000, 1, 2, 0, Double.NaN, Double.NaN));
        r.add(new Sample(Workloads.POINT_READ, 32, Systems.NEO4J, 1000, 3, 9, 0, 300.0, Double.NaN));
        assertThat(ReportWriter.cpuTable(r, Workloads.POINT_READ)).containsExactly(
                "| indexed point read by id: CPU µs per operation of the system's own processes | clients"
                        + " | memgraph_ha | Neo4j | Neo4j / memgraph_ha |",
                "|---|---:|---:|---:|---:|",
                "| | 8 | 40 | 380 | 9.51x |",
                "| | 32 | - | 300 | - |",
                "");
        assertThat(ReportWriter.cpuTable(GoalsTest.results(), Workloads.CREATE)).as("nothing measured").isEmpty();
    }

    @Test
    void rendersTheLoadGeneratorsCpuBesideEachSystemsWhenMeasured() {
        Results r = new Results();
        r.add(new Sample(Workloads.CREATE, 32, Systems.OURS, 20000, 1, 2, 0, 50.2, 44.6));
        r.add(new Sample(Workloads.CREATE, 32, Systems.NEO4J, 5000, 3, 9, 0, 300.0, 61.0));
        r.add(new Sample(Workloads.CREATE, 128, Systems.OURS, 22000, 1, 2, 0, 45.0, Double.NaN));
        r.add(new Sample(Workloads.CREATE, 128, Systems.NEO4J, 5500, 3, 9, 0, 290.0, 58.4));
        assertThat(ReportWriter.cpuTable(r, Workloads.CREATE)).containsExactly(
                "| create one node: CPU µs per operation of the system's own processes, and of the load generator"
                        + " on the same cores | clients | memgraph_ha | Neo4j | load generator with memgraph_ha"
                        + " | load generator with Neo4j | Neo4j / memgraph_ha |",
                "|---|---:|---:|---:|---:|---:|---:|",
                "| | 32 | 50 | 300 | 45 | 61 | 5.98x |",
                "| | 128 | 45 | 290 | - | 58 | 6.44x |",
                "");
    }

    @Test
    void rendersTheRestartAfterKillMinusNine() {
        Results r = GoalsTest.results();
        r.crashRestart(new CrashRestart.Outcome(1_000_000, 2_000_000, 95.25, 7.5));
        MachineInfo m = new MachineInfo("Test CPU", 2, 23.4, "Linux 6.1", "2026-12-03 12:00 UTC");
        String out = ReportWriter.render(r, m, "bin/bench", Map.of());
        assertThat(out).contains("| restart after kill -9: memgraph_ha with a graph loaded over Bolt in transactions"
                + " of 20,000 rows |", "| | 1,000,000 | 2,000,000 | 95.3 | 7.50 |",
                "| restart after kill -9 with 1M vertices + 2M edges <= 10 s | 7.50 s with 1,000,000 + 2,000,000 | met |");
    }
}
