package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
}
