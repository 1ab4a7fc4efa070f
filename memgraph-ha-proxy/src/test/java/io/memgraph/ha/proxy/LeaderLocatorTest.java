package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
    void aServerWithoutTermsIsBelieved() {
        locator.learn("10.0.0.2:7687", Map.of());
        assertThat(locator.leader()).isEqualTo("10.0.0.2:7687");
    }
}
