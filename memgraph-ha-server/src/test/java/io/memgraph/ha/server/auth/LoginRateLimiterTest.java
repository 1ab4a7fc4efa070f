package io.memgraph.ha.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Failed logins per address on a clock the test moves. */
class LoginRateLimiterTest {
    private long now = 1_000_000_000L;
    private final LoginRateLimiter limiter = new LoginRateLimiter(5, Duration.ofSeconds(60), 100, () -> now);

    private void advance(long seconds) {
        now += TimeUnit.SECONDS.toNanos(seconds);
    }

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            limiter.failed(address);
        }
    }

    @Test
    void fiveFailuresWithinTheWindowBlockTheAddressUntilTheOldestAgesOut() {
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.failed("10.0.0.1")).isFalse();
            advance(1);
        }
        assertThat(limiter.blocked("10.0.0.1")).isFalse();
        assertThat(limiter.failed("10.0.0.1")).as("the fifth failure blocks").isTrue();
        assertThat(limiter.blocked("10.0.0.1")).isTrue();
        advance(55); // the first failure was 59 s ago
        assertThat(limiter.blocked("10.0.0.1")).isTrue();
        advance(1); // now 60 s ago: four remain in the window
        assertThat(limiter.blocked("10.0.0.1")).isFalse();
        assertThat(limiter.failed("10.0.0.1")).as("one more guess, then blocked again").isTrue();
        assertThat(limiter.blocked("10.0.0.1")).isTrue();
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowNeverBlock() {
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.failed("10.0.0.1")).isFalse();
            assertThat(limiter.blocked("10.0.0.1")).isFalse();
            advance(15); // one every 15 s: at most 4 within any 60 s
        }
    }

    @Test
    void addressesAreCountedApartAndBlockedOnesStayBlockedWhenOthersSucceed() {
        fail("10.0.0.1", 5);
        fail("10.0.0.2", 4);
        assertThat(limiter.blocked("10.0.0.1")).isTrue();
        assertThat(limiter.blocked("10.0.0.2")).isFalse();
        assertThat(limiter.blocked("10.0.0.3")).isFalse();
        // A success reports nothing to the limiter: the counts stay as they are.
        assertThat(limiter.blocked("10.0.0.1")).isTrue();
        assertThat(limiter.failed("10.0.0.2")).isTrue();
    }

    @Test
    void theTableIsBoundedAndDropsExpiredAddressesFirst() {
        for (int i = 0; i < 100; i++) {
            limiter.failed("old-" + i);
        }
        assertThat(limiter.trackedAddresses()).isEqualTo(100);
        advance(61);
        fail("blocked", 5);
        assertThat(limiter.trackedAddresses()).as("every expired address went").isEqualTo(1);
        for (int i = 0; i < 1_000; i++) {
            limiter.failed("flood-" + i);
        }
        assertThat(limiter.trackedAddresses()).isEqualTo(100);
        // Nothing has expired, so the least recently failed addresses made room, the blocked one first.
        assertThat(limiter.blocked("blocked")).isFalse();
        assertThat(limiter.blocked("flood-999")).isFalse();
    }

    @Test
    void aBlockedAddressThatKeepsTryingIsNotCountedTwice() {
        fail("10.0.0.1", 5);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.blocked("10.0.0.1")).isTrue(); // refused attempts are not failures
        }
        advance(60);
        assertThat(limiter.blocked("10.0.0.1")).isFalse();
        assertThat(limiter.trackedAddresses()).isZero();
    }
}
