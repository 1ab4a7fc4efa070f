package io.memgraph.ha.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void readsTheTicksOfAStatLineWhoseNameHasSpacesAndParentheses() {
        String stat = "4242 (bolt (io) 12) S 1 4242 4242 0 -1 4194560 29378 6876931 0 264 617 1703 107376 69757 20 0"
                + " 1 0 3269050 5353472 1019";
        Map.Entry<String, ThreadCpu.Ticks> e = ThreadCpu.parseStat(stat);
        assertThat(e.getKey()).isEqualTo("bolt (io) #");
        assertThat(e.getValue()).isEqualTo(new ThreadCpu.Ticks(617, 1703));
        assertThatThrownBy(() -> ThreadCpu.parseStat("no name here")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void threadsOfAKindCountTogether() {
        assertThat(ThreadCpu.kind("bolt-worker-5-12")).isEqualTo("bolt-worker-5-#");
        assertThat(ThreadCpu.kind("raft-apply-1")).isEqualTo("raft-apply-#");
        assertThat(ThreadCpu.kind("main")).isEqualTo("main");
        assertThat(ThreadCpu.kind("42")).isEqualTo("#");
    }

    @Test
    void seesTheTimeAThreadOfThisProcessSpends() throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        Map<String, ThreadCpu.Ticks> before = ThreadCpu.of(pid);
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread burner = new Thread(() -> {
            burnCpu();
            burnt.countDown();
            try {
                done.await(); // alive, so that its /proc entry is still there
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-burner-7");
        burner.start();
        try {
            assertThat(burnt.await(60, TimeUnit.SECONDS)).isTrue();
            Map<String, ThreadCpu.Ticks> used = ThreadCpu.between(before, ThreadCpu.of(pid));
            ThreadCpu.Ticks burnerTicks = used.get("cpu-burner-#");
            assertThat(burnerTicks).as("the burner among %s", used.keySet()).isNotNull();
            assertThat((burnerTicks.user() + burnerTicks.system()) * ThreadCpu.TICK_NANOS)
                    .as("at least 150 ms of the 300 ms it burnt").isGreaterThanOrEqualTo(150_000_000L);
        } finally {
            done.countDown();
            burner.join();
        }
    }

    @Test
    void theTimeOfThreadsThatEndedBetweenTwoReadingsIsReportedApart() {
        Map<String, ThreadCpu.Ticks> before = Map.of("a-#", new ThreadCpu.Ticks(10, 5), "gone-#",
                new ThreadCpu.Ticks(7, 7), ThreadCpu.PROCESS, new ThreadCpu.Ticks(100, 50));
        Map<String, ThreadCpu.Ticks> after = Map.of("a-#", new ThreadCpu.Ticks(15, 6), ThreadCpu.PROCESS,
                new ThreadCpu.Ticks(130, 60));
        Map<String, ThreadCpu.Ticks> used = ThreadCpu.between(before, after);
        assertThat(used).containsOnlyKeys("a-#", ThreadCpu.ENDED);
        assertThat(used.get("a-#")).isEqualTo(new ThreadCpu.Ticks(5, 1));
        assertThat(used.get(ThreadCpu.ENDED)).isEqualTo(new ThreadCpu.Ticks(25, 9));
        assertThat(ThreadCpu.total(used)).isEqualTo(new ThreadCpu.Ticks(30, 10));
    }

    @Test
    void aThreadThatRanAndEndedBetweenTwoReadingsStillCounts() throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        Map<String, ThreadCpu.Ticks> before = ThreadCpu.of(pid);
        Thread burner = new Thread(ThreadCpuTest::burnCpu, "short-lived-burner");
        burner.start();
        burner.join();
        Map<String, ThreadCpu.Ticks> used = ThreadCpu.between(before, ThreadCpu.of(pid));
        assertThat(used).doesNotContainKey("short-lived-burner");
        ThreadCpu.Ticks ended = used.get(ThreadCpu.ENDED);
        assertThat(ended).as("what ended threads used, among %s", used).isNotNull();
        assertThat((ended.user() + ended.system()) * ThreadCpu.TICK_NANOS)
                .as("at least 150 ms of the 300 ms it burnt").isGreaterThanOrEqualTo(150_000_000L);
    }

    /**
     * Spends 300 ms of this thread's own CPU time (not of wall time: on a loaded machine 300 ms of
     * wall time may hold much less), or gives up after 30 s of wall time.
     */
    private static void burnCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long giveUp = System.nanoTime() + 30_000_000_000L;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - start < 300_000_000L && System.nanoTime() < giveUp) {
            for (int i = 0; i < 10_000; i++) {
                x += Long.numberOfTrailingZeros(x + i);
            }
        }
        sink = x; // keeps the loop from being optimised away
    }

    private static volatile long sink;
}
