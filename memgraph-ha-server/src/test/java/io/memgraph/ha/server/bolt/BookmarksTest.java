package io.memgraph.ha.server.bolt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BookmarksTest {

    @Test
    void formatAndParse() {
        assertThat(Bookmarks.of(42)).isEqualTo("memgraph-ha:42");
        assertThat(Bookmarks.newestIndex(List.of("memgraph-ha:3", "memgraph-ha:17", "memgraph-ha:5"))).isEqualTo(17);
        assertThat(Bookmarks.newestIndex(List.of())).isZero();
    }

    @Test
    void foreignBookmarksAreRefused() {
        for (String bad : List.of("FB:kcwQ", "memgraph-ha:", "memgraph-ha:x1", "memgraph-ha:-4")) {
            assertThatThrownBy(() -> Bookmarks.newestIndex(List.of(bad)))
                    .isInstanceOfSatisfying(BoltFailureException.class, e -> {
                        assertThat(e.code()).isEqualTo("Neo.ClientError.Transaction.InvalidBookmark");
                        assertThat(e.getMessage()).contains(bad);
                    });
        }
    }

    @Test
    void waitsUntilTheIndexIsApplied() throws Exception {
        AtomicLong applied = new AtomicLong(3);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            applied.set(7);
        });
        t.start();
        long start = System.nanoTime();
        Bookmarks.awaitApplied(List.of("memgraph-ha:7"), applied::get, Duration.ofSeconds(5), () -> false);
        assertThat(applied.get()).isEqualTo(7);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        t.join(5000);
    }

    @Test
    void aBookmarkFromTheFutureTimesOut() {
        assertThatThrownBy(() -> Bookmarks.awaitApplied(List.of("memgraph-ha:9"), () -> 2, Duration.ofMillis(30),
                () -> false))
                .isInstanceOfSatisfying(BoltFailureException.class, e -> {
                    assertThat(e.code()).isEqualTo("Neo.TransientError.Transaction.BookmarkTimeout");
                    assertThat(e.getMessage()).contains("memgraph-ha:9").contains("applied index 2");
                });
    }

    @Test
    void resetStopsTheWait() {
        assertThatThrownBy(() -> Bookmarks.awaitApplied(List.of("memgraph-ha:9"), () -> 2, Duration.ofSeconds(30),
                () -> true))
                .isInstanceOfSatisfying(BoltFailureException.class,
                        e -> assertThat(e.code()).isEqualTo(BoltFailureException.TERMINATED));
    }
}
