package io.memgraph.ha.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bench.systems.MemgraphServer;
import io.memgraph.ha.bench.workloads.CypherWorkload;
import io.memgraph.ha.bench.workloads.GraphData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/** The load generator and the workloads against one real memgraph_ha server process, about a second each. */
class LoadGeneratorSmokeTest {
    @Test
    void drivesARealServerAndMeasuresEveryWorkload(@TempDir Path dir) throws Exception {
        try (MemgraphServer server = new MemgraphServer(dir)) {
            server.start();
            try (Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none(),
                    Config.builder().withoutEncryption().withMaxConnectionPoolSize(8).build())) {
                GraphData.load(driver, server.awaitIndexes(), 200, 3);
                assertThat(GraphData.countPersons(driver)).isEqualTo(200);
                List<CypherWorkload> all = new java.util.ArrayList<>(CypherWorkload.singleServer(200));
                all.addAll(CypherWorkload.managedTransactions(200));
                for (CypherWorkload w : all) {
                    Measurement m = LoadGenerator.run(w.on(driver), 2, Duration.ofMillis(200));
                    assertThat(m.ops()).as(w.key()).isPositive();
                    assertThat(m.errors()).as(w.key() + ": " + m.firstError()).isZero();
                    assertThat(m.millisAt(99)).isGreaterThanOrEqualTo(m.millisAt(50)).isPositive();
                }
                Map<String, Measurement> both = SideBySide.measure(List.of(
                        new SideBySide.Contender("a", CypherWorkload.singleServer(200).get(1).on(driver)),
                        new SideBySide.Contender("b", CypherWorkload.singleServer(200).get(0).on(driver))),
                        4, Duration.ZERO, Duration.ofMillis(150), 2);
                assertThat(both).containsOnlyKeys("a", "b");
                assertThat(both.get("a").seconds()).isBetween(0.3, 5.0);
            }
        }
    }

    @Test
    void countsFailuresAndGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Measurement m = LoadGenerator.run(i -> r -> {
            if (calls.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("every other one fails");
            }
            return LoadGenerator.done();
        }, 1, Duration.ofMillis(50));
        assertThat(m.ops()).isPositive();
        assertThat(m.errors()).isBetween(m.ops() - 1, m.ops() + 1);
        assertThat(m.firstError()).contains("every other one fails");
        assertThat(m.plus(m).ops()).isEqualTo(2 * m.ops());
    }

    @Test
    void eachClientStartsItsNextOperationWhenTheLastCompletesOnAnotherThread() throws Exception {
        ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger mostInFlight = new AtomicInteger();
            Set<Integer> closed = ConcurrentHashMap.newKeySet();
            Measurement m = LoadGenerator.run(i -> new LoadGenerator.Client() {
                int calls;

                @Override
                public CompletionStage<?> execute(SplittableRandom random) {
                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    boolean fails = ++calls % 3 == 0;
                    CompletableFuture<Void> answer = new CompletableFuture<>();
                    io.schedule(() -> {
                        inFlight.decrementAndGet();
                        if (fails) {
                            answer.completeExceptionally(new IllegalStateException("every third one fails"));
                        } else {
                            answer.complete(null);
                        }
                    }, 1, TimeUnit.MILLISECONDS);
                    return answer;
                }

                @Override
                public void close() {
                    closed.add(i);
                }
            }, 3, Duration.ofMillis(200));
            assertThat(m.ops()).as("ops on three clients of about 1 ms each in 200 ms").isBetween(30L, 600L);
            assertThat(m.errors()).isBetween(m.ops() / 2 - 3, m.ops() / 2 + 3);
            assertThat(m.firstError()).isEqualTo("java.lang.IllegalStateException: every third one fails");
            assertThat(mostInFlight.get()).as("one operation per client at a time, the clients side by side")
                    .isEqualTo(3);
            assertThat(closed).containsExactlyInAnyOrder(0, 1, 2);
        } finally {
            io.shutdownNow();
        }
    }

    @Test
    void theWarmUpRunsEveryContenderAtTheClientCountForItsTime() throws Exception {
        Map<String, AtomicInteger> ops = Map.of("a", new AtomicInteger(), "b", new AtomicInteger());
        Set<Integer> clients = ConcurrentHashMap.newKeySet();
        List<SideBySide.Contender> contenders = ops.entrySet().stream().map(e -> new SideBySide.Contender(e.getKey(),
                i -> {
                    clients.add(i);
                    return r -> {
                        e.getValue().incrementAndGet();
                        return LoadGenerator.done();
                    };
                })).toList();
        long t0 = System.nanoTime();
        SideBySide.warmUp(contenders, 3, Duration.ofMillis(100));
        assertThat(System.nanoTime() - t0).as("two contenders of 100 ms each").isGreaterThanOrEqualTo(200_000_000L);
        assertThat(ops.get("a").get()).isPositive();
        assertThat(ops.get("b").get()).isPositive();
        assertThat(clients).containsExactlyInAnyOrder(0, 1, 2);
        SideBySide.warmUp(contenders, 3, Duration.ZERO); // none: nothing runs
    }

    @Test
    void eachRoundCountsOnlyTheCpuItsSystemUsedMeanwhile() throws Exception {
        long[] clock = {1_000_000};
        java.util.function.LongSupplier cpu = () -> clock[0] += 2_000_000; // 2 ms more at every reading
        long[] clientClock = {0};
        java.util.function.LongSupplier clientCpu = () -> clientClock[0] += 3_000_000; // 3 ms more each time
        Map<String, Measurement> m = SideBySide.measure(List.of(
                new SideBySide.Contender("a", i -> r -> LoadGenerator.done(), cpu),
                new SideBySide.Contender("b", i -> r -> LoadGenerator.done())),
                1, Duration.ZERO, Duration.ofMillis(20), 2, clientCpu);
        assertThat(m.get("a").cpuNanos()).as("two rounds of 2 ms each").isEqualTo(4_000_000);
        assertThat(m.get("a").cpuMicrosPerOp()).isEqualTo(4_000.0 / m.get("a").ops());
        assertThat(m.get("b").cpuNanos()).as("not measured").isEqualTo(-1);
        assertThat(m.get("b").cpuMicrosPerOp()).isNaN();
        assertThat(Measurement.empty().plus(m.get("a")).plus(m.get("b")).cpuNanos()).isEqualTo(-1);
        assertThat(m.get("a").clientCpuNanos()).as("the load generator's, two rounds of 3 ms each").isEqualTo(6_000_000);
        assertThat(m.get("b").clientCpuNanos()).as("measured for every system").isEqualTo(6_000_000);
        assertThat(m.get("b").clientCpuMicrosPerOp()).isEqualTo(6_000.0 / m.get("b").ops());
        assertThat(SideBySide.measure(List.of(new SideBySide.Contender("c", i -> r -> LoadGenerator.done())), 1,
                Duration.ZERO, Duration.ofMillis(5), 1).get("c").clientCpuNanos())
                .as("this process's own CPU by default").isNotNegative();
    }

    @Test
    void processCpuReadsTheCpuTimeOfLiveProcesses() {
        long self = ProcessCpu.of(() -> List.of(ProcessHandle.current())).getAsLong();
        assertThat(self).as("this JVM has used CPU").isPositive();
        assertThat(ProcessCpu.of(() -> List.of(ProcessHandle.current(), ProcessHandle.current())).getAsLong())
                .isGreaterThanOrEqualTo(2 * self);
        assertThat(ProcessCpu.of(List::of).getAsLong()).as("no process").isEqualTo(-1);
    }

    @Test
    void roundsAlternateTheOrder() {
        assertThat(SideBySide.schedule(List.of("A", "B"), 4))
                .containsExactly(List.of("A", "B"), List.of("B", "A"), List.of("A", "B"), List.of("B", "A"));
    }
}
