package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaderWatchTest {
    private static final String LEADER = "10.0.0.1:7687";
    private final LeaderLocator locator = new LeaderLocator(List.of(new Endpoint("10.0.0.1", 7687),
            new Endpoint("10.0.0.2", 7687), new Endpoint("10.0.0.3", 7687)));
    private final LeaderWatch watch = new LeaderWatch(locator);
    private final AtomicInteger probes = new AtomicInteger();
    private DefaultEventLoop loop;

    @BeforeEach
    void start() {
        loop = new DefaultEventLoop();
        locator.pollWith(loop, (endpoint, answer, failed) -> {
            probes.incrementAndGet();
            failed.run();
        });
        locator.learn(LEADER, Map.of("role", "leader", "term", 3L));
    }

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Sweeps every 50 ms, as the proxy does, for {@code millis}. */
    private void sweepFor(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() - until < 0) {
            watch.sweep();
            Thread.sleep(LeaderWatch.SWEEP_MILLIS);
        }
    }

    @Test
    void aLeaderOwingAnswersAndSilentIsSuspected() throws Exception {
        watch.activity(LEADER).sent();
        sweepFor(LeaderWatch.SILENCE_MILLIS + 150);
        assertThat(probes.get()).as("the servers asked who leads").isPositive();
    }

    @Test
    void aLeaderThatAnswersIsNot() throws Exception {
        LeaderWatch.Activity a = watch.activity(LEADER);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LeaderWatch.SILENCE_MILLIS * 2);
        while (System.nanoTime() - until < 0) {
            a.sent();
            watch.sweep();
            Thread.sleep(LeaderWatch.SWEEP_MILLIS);
            a.answered(); // busy, each request answered within a sweep
        }
        assertThat(probes.get()).isZero();
    }

    @Test
    void aLeaderOwingNothingIsNotSuspectedHoweverLongItIsQuiet() throws Exception {
        LeaderWatch.Activity a = watch.activity(LEADER);
        a.sent();
        a.answered();
        sweepFor(LeaderWatch.SILENCE_MILLIS + 150);
        assertThat(probes.get()).isZero();
    }
}
