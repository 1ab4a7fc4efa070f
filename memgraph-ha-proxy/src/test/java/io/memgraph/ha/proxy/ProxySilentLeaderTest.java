package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A leader that goes silent (stopped, powered off, cut off) closes none of the proxy's connections.
 * Two fake servers: A leads term 1 and, once frozen, answers no query; B follows A until it is made
 * leader of term 2. A read in flight on the frozen A must reach B: without the proxy giving up on A
 * by itself, its client would wait forever.
 */
class ProxySilentLeaderTest extends FakeServerTest {

    /** One fake server: HELLO says what {@link #hello} holds; "rows n" returns 1..n unless frozen. */
    private static final class FakeServer extends FakeSessions.Rows {
        volatile boolean frozen;
        final CountDownLatch thaw = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();

        @Override
        void beforeRun() {
            if (frozen) {
                try {
                    thaw.await(30, TimeUnit.SECONDS); // no answer, the connection open
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            runs.incrementAndGet();
        }

        @Override
        public void close() {
            thaw.countDown();
            super.close();
        }
    }

    private static List<Long> rows(List<Response> pulled) {
        List<Long> out = new ArrayList<>();
        for (Response r : pulled) {
            if (r instanceof Response.RecordMessage rec) {
                out.add(((Number) rec.values().get(0)).longValue());
            }
        }
        return out;
    }

    @Test
    void aReadWaitingOnALeaderThatWentSilentIsSentToTheNewLeader() throws Exception {
        FakeServer a = opened(new FakeServer());
        FakeServer b = opened(new FakeServer());
        BoltProxy proxy = proxyOver(a, b);
        BoltClientConnection client = client(proxy.port(), Duration.ofSeconds(10));
        assertThat(client.run("rows 3", Map.of(), Map.of("mode", "r"))).isInstanceOf(Response.Success.class);
        assertThat(rows(client.pull(-1, -1))).containsExactly(1L, 2L, 3L);
        assertThat(a.runs.get()).isEqualTo(1);

        a.frozen = true;
        Thread electsB = new Thread(() -> {
            try {
                Thread.sleep(300); // the followers' election timeout, after A went silent
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            b.hello = Map.of("role", "leader", "term", 2L);
        });
        electsB.start();
        // answered within the client's 10 s read timeout, by B: A never answers while frozen
        assertThat(client.run("rows 2", Map.of(), Map.of("mode", "r"))).isInstanceOf(Response.Success.class);
        assertThat(rows(client.pull(-1, -1))).containsExactly(1L, 2L);
        electsB.join();
        assertThat(b.runs.get()).as("queries B ran").isEqualTo(1);
        assertThat(proxy.leader()).isEqualTo(b.address());
    }
}
