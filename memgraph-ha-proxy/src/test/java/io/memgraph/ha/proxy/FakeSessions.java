package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.server.BoltServer;
import io.memgraph.ha.bolt.server.spi.BoltBackend;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.RecordSink;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Pieces of fake Bolt servers for the proxy's tests. */
final class FakeSessions {
    private FakeSessions() {
    }

    /** A fake server on 127.0.0.1, on a port of its own; subclasses {@link #start} it. */
    static class Server implements AutoCloseable {
        BoltServer server;
        int port;

        /** Serves the sessions {@code backend} opens. */
        void start(BoltBackend backend) {
            server = BoltServer.builder(backend).host("127.0.0.1").port(0).workerThreads(4).build();
            port = server.start();
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /**
     * A Bolt 5.4 client connected to {@code port} and logged on (no auth); closed when {@code open}
     * is.
     */
    static BoltClientConnection client(int port, List<AutoCloseable> open, Duration timeout) throws Exception {
        BoltClientConnection client = BoltClientConnection.connect("127.0.0.1", port, timeout);
        open.add(client::close);
        client.handshake(new BoltVersion(5, 4));
        assertThat(client.hello(BoltClientConnection.helloExtra("proxy-test", Map.of("scheme", "none"))))
                .isInstanceOf(Response.Success.class);
        assertThat(client.logon(Map.of("scheme", "none"))).isInstanceOf(Response.Success.class);
        return client;
    }

    /** The result of the query "rows n": one column {@code n}, the rows 1..n. */
    static ResultStream rows(String query) {
        long rows = Long.parseLong(query.substring("rows ".length()));
        return new ResultStream() {
            private long next = 1;

            @Override
            public List<String> fields() {
                return List.of("n");
            }

            @Override
            public boolean pull(long n, RecordSink sink) {
                for (long i = 0; (n < 0 || i < n) && next <= rows; i++) {
                    sink.accept(List.of(next++));
                }
                return next <= rows;
            }

            @Override
            public boolean discard(long n) {
                next = n < 0 ? rows + 1 : Math.min(rows + 1, next + n);
                return next <= rows;
            }

            @Override
            public Map<String, Object> summary() {
                return Map.of("type", "r");
            }
        };
    }

    /** A session that accepts everything and does nothing; tests override what they watch. */
    abstract static class Quiet implements BoltSession {
        @Override
        public void authenticate(Map<String, Object> authToken) { }

        @Override
        public void begin(TxOptions options) { }

        @Override
        public String commit() {
            return "bm";
        }

        @Override
        public void rollback() { }

        @Override
        public Map<String, Object> route(Map<String, Object> routingContext, List<String> bookmarks, String database,
                String impersonatedUser) {
            return Map.of();
        }

        @Override
        public void interrupt() { }

        @Override
        public void reset() { }

        @Override
        public void close() { }
    }
}
