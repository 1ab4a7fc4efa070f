package io.memgraph.ha.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bench.workloads.CrashRestart;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoalsTest {
    static Sample sample(String workload, int clients, String system, double throughput) {
        return new Sample(workload, clients, system, throughput, throughput > 5000 ? 1 : 3, throughput > 5000 ? 2 : 9, 0);
    }

    /** Creates 7x and reads 5x Neo4j at 32 clients, one-hop 2.5x at 8; proxy 5% behind the leader, 2.2x etcd. */
    static Results results() {
        Results r = new Results();
        r.add(sample(Workloads.CREATE, 8, Systems.OURS, 6000));
        r.add(sample(Workloads.CREATE, 8, Systems.NEO4J, 1000));
        r.add(sample(Workloads.CREATE, 32, Systems.OURS, 7000));
        r.add(sample(Workloads.CREATE, 32, Systems.NEO4J, 1000));
        r.add(sample(Workloads.POINT_READ, 32, Systems.OURS, 5000));
        r.add(sample(Workloads.POINT_READ, 32, Systems.NEO4J, 1000));
        r.add(sample(Workloads.ONE_HOP, 8, Systems.OURS, 2500));
        r.add(sample(Workloads.ONE_HOP, 8, Systems.NEO4J, 1000));
        r.add(sample(Workloads.CLUSTER_WRITE, 32, Systems.OURS_PROXY, 950));
        r.add(sample(Workloads.CLUSTER_WRITE, 32, Systems.OURS_LEADER, 1000));
        r.add(sample(Workloads.CLUSTER_WRITE, 32, Systems.ETCD, 431.8));
        r.failover(List.of(900L, 1300L, 800L));
        r.plannedRestarts(List.of(150L, 120L));
        return r;
    }

    private static Goals.Outcome goal(List<Goals.Outcome> all, String start) {
        return all.stream().filter(o -> o.goal().startsWith(start)).findFirst().orElseThrow();
    }

    @Test
    void holdsEachFigureAgainstItsGoal() {
        List<Goals.Outcome> all = Goals.evaluate(results());
        assertThat(all).hasSize(9);
        assertThat(goal(all, "single server creates")).isEqualTo(new Goals.Outcome(
                "single server creates at 32 clients >= 6x Neo4j", "7.00x", Goals.Verdict.MET));
        assertThat(goal(all, "single server indexed point reads").verdict()).isEqualTo(Goals.Verdict.MISSED);
        assertThat(goal(all, "no single-server workload")).isEqualTo(new Goals.Outcome(
                "no single-server workload below 3x Neo4j", "lowest 2.50x (one-hop expand, 8 clients)",
                Goals.Verdict.MISSED));
        assertThat(goal(all, "proxy overhead")).isEqualTo(new Goals.Outcome(
                "proxy overhead <= 10% (cluster writes, every client count)", "worst 5.0% at 32 clients",
                Goals.Verdict.MET));
        assertThat(goal(all, "failover through").verdict()).isEqualTo(Goals.Verdict.MISSED);
        assertThat(goal(all, "failover after a silent death").verdict()).isEqualTo(Goals.Verdict.NOT_RUN);
        assertThat(goal(all, "planned restart")).isEqualTo(new Goals.Outcome(
                "planned restart of the leader pauses writers through the proxy < 200 ms", "longest 150 ms of 2 restarts",
                Goals.Verdict.MET));
    }

    @Test
    void onePlannedRestartThatPausesWritersTooLongMissesTheGoal() {
        Results r = results();
        r.plannedRestarts(List.of(200L));
        assertThat(goal(Goals.evaluate(r), "planned restart")).isEqualTo(new Goals.Outcome(
                "planned restart of the leader pauses writers through the proxy < 200 ms", "longest 200 ms of 3 restarts",
                Goals.Verdict.MISSED));
    }

    @Test
    void silentDeathsAreJudgedByTheirP99() {
        Results r = results();
        r.silentFailover(List.of(900L, 1100L, 1000L));
        assertThat(goal(Goals.evaluate(r), "failover after a silent death")).isEqualTo(new Goals.Outcome(
                "failover after a silent death (SIGSTOP, as a power loss) p99 <= 1.2 s", "p99 1100 ms of 3",
                Goals.Verdict.MET));
        r.silentFailover(List.of(1250L));
        assertThat(goal(Goals.evaluate(r), "failover after a silent death")).isEqualTo(new Goals.Outcome(
                "failover after a silent death (SIGSTOP, as a power loss) p99 <= 1.2 s", "p99 1250 ms of 4",
                Goals.Verdict.MISSED));
    }

    @Test
    void aCrashRestartIsJudgedOnlyWithAMillionVertices() {
        Results r = results();
        r.crashRestart(new CrashRestart.Outcome(1_000_000, 2_000_000, 120, 9.5));
        assertThat(goal(Goals.evaluate(r), "restart after kill -9")).isEqualTo(new Goals.Outcome(
                "restart after kill -9 with 1M vertices + 2M edges <= 10 s", "9.50 s with 1,000,000 + 2,000,000",
                Goals.Verdict.MET));
        r.crashRestart(new CrashRestart.Outcome(1_000_000, 2_000_000, 120, 10.5));
        assertThat(goal(Goals.evaluate(r), "restart after kill -9").verdict()).isEqualTo(Goals.Verdict.MISSED);
        r.crashRestart(new CrashRestart.Outcome(100_000, 200_000, 12, 2.0));
        assertThat(goal(Goals.evaluate(r), "restart after kill -9").verdict()).isEqualTo(Goals.Verdict.NOT_RUN);
    }

    @Test
    void aClientCountThatWasNotRunIsNotJudged() {
        Goals.Outcome cluster = goal(Goals.evaluate(results()), "cluster writes");
        assertThat(cluster.verdict()).isEqualTo(Goals.Verdict.NOT_RUN);
        assertThat(cluster.measured()).isEqualTo("2.20x at 32 clients (128 not run)");
    }

    @Test
    void nothingMeasuredMeansNothingJudged() {
        assertThat(Goals.evaluate(new Results())).extracting(Goals.Outcome::verdict)
                .containsOnly(Goals.Verdict.NOT_RUN);
    }

    @Test
    void ratiosAreOursOverThePeer() {
        Results r = results();
        assertThat(r.ratio(Workloads.CREATE, 8, Systems.OURS, Systems.NEO4J)).hasValue(6.0);
        assertThat(r.ratio(Workloads.CREATE, 128, Systems.OURS, Systems.NEO4J)).isEmpty();
        assertThat(r.clientCounts(Workloads.CREATE)).containsExactly(8, 32);
        assertThat(Results.percentile(List.of(1L, 2L, 3L, 4L), 50)).isEqualTo(2);
        assertThat(Results.percentile(List.of(1L, 2L, 3L, 4L), 99)).isEqualTo(4);
    }
}
