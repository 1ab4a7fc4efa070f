package io.memgraph.ha.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void theFullRunMeasuresEveryClientCountOfTheGoals() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.preset()).isEqualTo("full");
        assertThat(o.clients()).containsExactly(1, 8, 32, 128);
        assertThat(o.jitWarmup()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.kills()).isEqualTo(20);
        assertThat(o.freezes()).isEqualTo(20);
        assertThat(BenchOptions.parse("--freezes=0").freezes()).isZero();
        assertThat(BenchOptions.parse("--quick").freezes()).isEqualTo(3);
        assertThat(o.plannedRestarts()).isEqualTo(5);
        assertThat(BenchOptions.parse("--planned-restarts=0").plannedRestarts()).isZero();
        assertThat(o.wants("single", Workloads.CREATE)).isTrue();
        assertThat(o.wants("failover", "failover")).isTrue();
        assertThat(o.write()).isTrue();
        assertThat(o.docs()).isEqualTo(Path.of("docs/benchmarks.md"));
        assertThat(o.logs()).as("the cluster's output kept in memory only").isNull();
        assertThat(BenchOptions.parse("--logs=/tmp/run").logs()).isEqualTo(Path.of("/tmp/run"));
        assertThat(o.command()).isEqualTo("bin/bench");
    }

    @Test
    void quickIsShorterAndSettingsOverrideItsPreset() {
        BenchOptions o = BenchOptions.parse("--quick", "--clients=4,16", "--run-sec=7", "--no-write");
        assertThat(o.preset()).isEqualTo("quick");
        assertThat(o.clients()).containsExactly(4, 16);
        assertThat(o.run()).isEqualTo(Duration.ofSeconds(7));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.jitWarmup()).isEqualTo(Duration.ofSeconds(10));
        assertThat(BenchOptions.parse("--quick", "--jit-warmup-sec=0").jitWarmup()).isZero();
        assertThat(o.write()).isFalse();
        assertThat(o.command()).isEqualTo("bin/bench --quick --clients=4,16 --run-sec=7 --no-write");
    }

    @Test
    void onlyNamesGroupsOrWorkloads() {
        BenchOptions o = BenchOptions.parse("--only=cluster,point-read");
        assertThat(o.wants("cluster", Workloads.CLUSTER_WRITE)).isTrue();
        assertThat(o.wants("single", Workloads.POINT_READ)).isTrue();
        assertThat(o.wants("single", Workloads.CREATE)).isFalse();
        assertThat(o.wants("failover", "failover")).isFalse();
        assertThat(o.wantsAny("single", List.of(Workloads.CREATE, Workloads.POINT_READ))).isTrue();
    }

    @Test
    void badArgumentsSayWhy() {
        assertThatThrownBy(() -> BenchOptions.parse("--fast")).hasMessage("unknown argument --fast");
        assertThatThrownBy(() -> BenchOptions.parse("--rounds=0")).hasMessage("--rounds must be at least 1, not 0");
        assertThatThrownBy(() -> BenchOptions.parse("--clients=8,x")).hasMessage("--clients needs a whole number, not x");
        assertThatThrownBy(() -> BenchOptions.parse("--colour=blue")).hasMessage("unknown argument --colour=blue");
    }
}
