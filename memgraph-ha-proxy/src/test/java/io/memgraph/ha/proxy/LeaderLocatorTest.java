package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaderLocatorTest {
    private final LeaderLocator locator = new LeaderLocator(List.of(new Endpoint("10.0.0.1", 7687),
            new Endpoint("10.0.0.2", 7687), new Endpoint("10.0.0.3", 7687)));

    @Test
    void aLeaderClaimFromAnOlderTermIsIgnored() {
        locator.learn("10.0.0.2:7687", Map.of("role", "leader", "term", 9L));
        assertThat(locator.leader()).isEqualTo("10.0.0.2:7687");
        // server 3 led term 8, was paused, and answers a HELLO before it hears of term 9
        locator.learn("10.0.0.3:7687", Map.of("role", "leader", "term", 8L));
        assertThat(locator.leader()).isEqualTo("10.0.0.2:7687");
        locator.learn("10.0.0.1:7687", Map.of("role", "follower", "leader", "10.0.0.3:7687", "term", 8L));
        assertThat(locator.leader()).isEqualTo("10.0.0.2:7687");
    }

    @Test
    void aNewerTermMovesTheLeaderAndWithNoLeaderKnownAnyClaimIsTaken() {
        locator.learn("10.0.0.2:7687", Map.of("role", "leader", "term", 9L));
        locator.learn("10.0.0.1:7687", Map.of("role", "follower", "leader", "10.0.0.3:7687", "term", 10L));
        assertThat(locator.leader()).isEqualTo("10.0.0.3:7687");
        locator.learn("10.0.0.3:7687", Map.of("role", "follower", "term", 11L)); // its own leadership is over
        assertThat(locator.leader()).isNull();
        // with no leader known, any claim is taken: a cluster started anew counts terms from 1 again
        locator.learn("10.0.0.2:7687", Map.of("role", "leader", "term", 1L));
        assertThat(locator.leader()).isEqualTo("10.0.0.2:7687");
        locator.learn("10.0.0.1:7687", Map.of("role", "leader", "term", 2L));
        assertThat(locator.leader()).isEqualTo("10.0.0.1:7687");
    }

    @Test
    void followersNamingALostLeaderAreNotBelievedUntilTheyKnowANewerTerm() {
        locator.learn("10.0.0.1:7687", Map.of("role", "leader", "term", 4L));
        locator.forget("10.0.0.1:7687"); // its connection failed: it died
        // its followers do not know yet: they name it until their election timeout
        locator.learn("10.0.0.2:7687", Map.of("role", "follower", "leader", "10.0.0.1:7687", "term", 4L));
        locator.learn("10.0.0.3:7687", Map.of("role", "follower", "leader", "10.0.0.1:7687", "term", 3L));
        assertThat(locator.leader()).isNull();
        locator.learn("10.0.0.2:7687", Map.of("role", "follower", "leader", "10.0.0.3:7687", "term", 5L));
        assertThat(locator.leader()).isEqualTo("10.0.0.3:7687");
    }

    @Test
    void aLostLeaderIsBelievedWhenItAnswersItselfOrIsNamedInANewerTerm() {
        locator.learn("10.0.0.1:7687", Map.of("role", "leader", "term", 4L));
        locator.forget("10.0.0.1:7687"); // one connection failed, but the server is alive
        locator.learn("10.0.0.1:7687", Map.of("role", "leader", "term", 4L));
        assertThat(locator.leader()).isEqualTo("10.0.0.1:7687");
        locator.learn("10.0.0.2:7687", Map.of("role", "follower", "leader", "10.0.0.1:7687", "term", 4L));
        assertThat(locator.leader()).isEqualTo("10.0.0.1:7687");

        locator.forget("10.0.0.1:7687");
        locator.learn("10.0.0.2:7687", Map.of("role", "follower", "leader", "10.0.0.1:7687", "term", 6L));
        assertThat(locator.leader()).isEqualTo("10.0.0.1:7687");
    }

    @Test
    void aWaitingSessionIsNotSentBackToTheLeaderThatWasLost() {
        List<String> told = new CopyOnWriteArrayList<>();
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            locator.learn("10.0.0.1:7687", Map.of("role", "leader", "term", 4L));
            locator.forget("10.0.0.1:7687");
            locator.whenLeaderKnown(loop, told::add);
            locator.learn("10.0.0.2:7687", Map.of("role", "follower", "leader", "10.0.0.1:7687", "term", 4L));
            locator.learn("10.0.0.3:7687", Map.of("role", "leader", "term", 5L));
            loop.submit(() -> { }).syncUninterruptibly();
            assertThat(told).containsExactly("10.0.0.3:7687");
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aServerWithoutTermsIsBelieved() {
        locator.learn("10.0.0.2:7687", Map.of());
        assertThat(locator.leader()).isEqualTo("10.0.0.2:7687");
    }

    @Test
    void theListenerHearsOfEveryLeaderReplacedOrForgotten() {
        List<String> lost = new CopyOnWriteArrayList<>();
        locator.onLeaderLost(lost::add);
        locator.learn("10.0.0.1:7687", Map.of("role", "leader", "term", 4L));
        locator.learn("10.0.0.2:7687", Map.of("role", "follower", "leader", "10.0.0.1:7687", "term", 4L));
        assertThat(lost).isEmpty();
        locator.learn("10.0.0.3:7687", Map.of("role", "leader", "term", 5L));
        assertThat(lost).containsExactly("10.0.0.1:7687");
        locator.forget("10.0.0.3:7687");
        assertThat(lost).containsExactly("10.0.0.1:7687", "10.0.0.3:7687");
    }

    @Test
    void aSuspectedLeaderHasTheServersAskedSkippingOneWhoseProbeHangs() throws Exception {
        Map<String, AtomicInteger> probes = new ConcurrentHashMap<>();
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            // the leader, 10.0.0.1, was stopped: a probe of it never comes back; the others answer
            locator.pollWith(loop, (endpoint, answer, failed) -> {
                probes.computeIfAbsent(endpoint.toString(), e -> new AtomicInteger()).incrementAndGet();
                if (!endpoint.host().equals("10.0.0.1")) {
                    answer.accept(endpoint.toString(), Map.of("role", "follower", "leader", "10.0.0.1:7687",
                            "term", 4L));
                }
            });
            locator.learn("10.0.0.1:7687", Map.of("role", "leader", "term", 4L));
            locator.suspect("10.0.0.2:7687"); // not the leader: ignored
            Thread.sleep(100);
            assertThat(probes).isEmpty();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() - until < 0) {
                locator.suspect("10.0.0.1:7687"); // renewed, as the watch's sweeps do
                Thread.sleep(20);
            }
            assertThat(probes.get("10.0.0.1:7687")).as("the stopped server, probed once").hasValue(1);
            assertThat(probes.get("10.0.0.2:7687").get()).as("rounds in 300 ms").isGreaterThan(5);
            // the followers elect 10.0.0.3: the poll finds it, and stops once the suspicion lapses
            List<String> lost = new CopyOnWriteArrayList<>();
            locator.onLeaderLost(lost::add);
            locator.learn("10.0.0.3:7687", Map.of("role", "leader", "term", 5L));
            assertThat(lost).containsExactly("10.0.0.1:7687");
            locator.suspect("10.0.0.1:7687"); // a late sweep: not the leader any more, ignored
            Thread.sleep(LeaderLocator.SUSPICION_TTL_MILLIS + 100);
            int after = probes.get("10.0.0.2:7687").get();
            Thread.sleep(200);
            assertThat(probes.get("10.0.0.2:7687")).as("no rounds once the suspicion lapsed").hasValue(after);
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aLeaderSuspectedOverAndOverIsAskedAboutSlowlyAfterAWhile() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            locator.pollWith(loop, (endpoint, answer, failed) -> {
                probes.incrementAndGet();
                failed.run();
            });
            locator.learn("10.0.0.1:7687", Map.of("role", "leader", "term", 4L));
            // a bulk load through one session: each long transaction owes its answer for 500 ms, then
            // the answer comes and the suspicion lapses before the next transaction's begins
            int transactions = (int) (LeaderLocator.SUSPICION_FAST_MILLIS / 800) + 3;
            int beforeLastTwo = 0;
            for (int t = 0; t < transactions; t++) {
                if (t == transactions - 2) {
                    beforeLastTwo = probes.get();
                }
                for (int i = 0; i < 10; i++) {
                    locator.suspect("10.0.0.1:7687");
                    Thread.sleep(50);
                }
                Thread.sleep(LeaderLocator.SUSPICION_TTL_MILLIS + 100);
            }
            // the last two transactions began more than 3 s after the first suspicion: each leaves
            // about 0.7 s of polling, at the slow rate about 9 probes of the 3 endpoints, at the
            // fast rate about 100
            assertThat(probes.get() - beforeLastTwo).as("probes in the last two transactions").isLessThan(60);
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void eachSearchForTheNextLeaderIsTimedFromTheLossOrTheFirstSuspicionAndMovesAreCounted() throws Exception {
        locator.learn("10.0.0.1:7687", Map.of("role", "leader", "term", 4L));
        locator.forget("10.0.0.1:7687");
        locator.learn("10.0.0.1:7687", Map.of("role", "leader", "term", 4L)); // back: searched, not moved
        assertThat(locator.changes.sum()).isZero();
        assertThat(count()).isEqualTo(1);
        locator.forget("10.0.0.1:7687"); // died
        Thread.sleep(60);
        locator.learn("10.0.0.2:7687", Map.of("role", "leader", "term", 5L));
        assertThat(locator.changes.sum()).isEqualTo(1);
        assertThat(count()).isEqualTo(2);
        assertThat(seconds()).isGreaterThanOrEqualTo(0.06);
        // a silent death: requests wait on the leader unanswered until another server says it leads
        locator.suspect("10.0.0.2:7687");
        Thread.sleep(60);
        locator.suspect("10.0.0.2:7687"); // still waiting
        locator.learn("10.0.0.3:7687", Map.of("role", "leader", "term", 6L));
        assertThat(locator.changes.sum()).isEqualTo(2);
        assertThat(count()).isEqualTo(3);
        assertThat(seconds()).isGreaterThanOrEqualTo(0.12);
        // a move with neither loss nor suspicion is counted, not timed
        locator.learn("10.0.0.1:7687", Map.of("role", "leader", "term", 7L));
        assertThat(locator.changes.sum()).isEqualTo(3);
        assertThat(count()).isEqualTo(3);
    }

    private long count() {
        return (long) sample("memgraph_ha_proxy_leader_search_seconds_count");
    }

    private double seconds() {
        return sample("memgraph_ha_proxy_leader_search_seconds_sum");
    }

    private double sample(String name) {
        return locator.searches.samples("memgraph_ha_proxy_leader_search_seconds", "h").stream()
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow().value();
    }
}
