package io.memgraph.ha.proxy;

import io.memgraph.ha.bolt.server.BoltServer;
import io.memgraph.ha.bolt.server.spi.BoltBackend;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.RecordSink;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Pieces of fake Bolt servers for the proxy's tests. */
final class FakeSessions {
    private FakeSessions() {
    }

    /** A fake server on 127.0.0.1, on a port of its own; subclasses {@link #start} it. */
    static class Server implements AutoCloseable {
        /** What its HELLO's SUCCESS says (role, leader, term). */
        volatile Map<String, Object> hello = Map.of();
        BoltServer server;
        int port;

        /**
         * Serves the sessions {@code backend} opens. Its close interrupts a request still running
         * (a fake that never answers) as soon as the connections are closed.
         */
        void start(BoltBackend backend) {
            server = BoltServer.builder(backend).host("127.0.0.1").port(0).workerThreads(4)
                    .stopGrace(Duration.ZERO).build();
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
     * A fake server whose HELLO says what {@link #hello} holds and whose query "rows n" returns
     * 1..n; subclasses watch or hold up each query in {@link #beforeRun}.
     */
    static class Rows extends Server {
        Rows() {
            start(info -> new Quiet() {
                @Override
                public Map<String, Object> helloMetadata() {
                    return hello;
                }

                @Override
                public ResultStream run(String query, Map<String, Object> parameters, TxOptions options) {
                    beforeRun();
                    return rows(query);
                }
            });
        }

        /** Called on a worker before each query runs. */
        void beforeRun() {
        }
    }

    /** The result of the query "rows n": one column {@code n}, the rows 1..n. */
    static ResultStream rows(String query) {
        return rows(query, List.of("n"), () -> Map.of("type", "r"));
    }

    /**
     * {@link #rows(String)} with the columns {@code fields}, ending with the summary {@code summary}
     * gives when the stream is exhausted (an auto-commit write commits there).
     */
    static ResultStream rows(String query, List<String> fields, Supplier<Map<String, Object>> summary) {
        long rows = Long.parseLong(query.substring("rows ".length()));
        return new ResultStream() {
            private long next = 1;

            @Override
            public List<String> fields() {
                return fields;
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
                return summary.get();
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
