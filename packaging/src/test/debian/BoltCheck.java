import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.memgraph.ha.daemon.ConfigException;
import io.memgraph.ha.daemon.LogSetup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A minimal Bolt client for the package test: runs each query given on the command line in its
 * own auto-commit transaction and prints every record as tab-separated values. It runs inside the
 * test container on the Java runtime the memgraph-ha-proxy package carries, with that package's
 * jar (whose Bolt client it uses) on the class path; cypher-shell is not there.
 *
 * <p>Usage: {@code java -cp memgraph-ha-proxy.jar:. BoltCheck HOST PORT QUERY...}. Exit status 0
 * when every query succeeded, 1 on a FAILURE (printed to standard error) or a connection error.
 */
public final class BoltCheck {
    private BoltCheck() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: BoltCheck HOST PORT QUERY...");
            System.exit(2);
        }
        try {
            LogSetup.configure("WARN", null); // Logback's default would print Netty's DEBUG lines to stdout
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
        try (BoltClientConnection c = BoltClientConnection.connect(args[0], Integer.parseInt(args[1]),
                Duration.ofSeconds(20))) {
            BoltVersion v = c.handshake(new BoltVersion(5, 4), new BoltVersion(4, 4));
            Map<String, Object> none = Map.of("scheme", "none");
            if (v.atLeast(new BoltVersion(5, 1))) {
                expectSuccess(c.hello(BoltClientConnection.helloExtra("package-test/1", Map.of())), "HELLO");
                expectSuccess(c.logon(none), "LOGON");
            } else {
                expectSuccess(c.hello(BoltClientConnection.helloExtra("package-test/1", none)), "HELLO");
            }
            for (int i = 2; i < args.length; i++) {
                expectSuccess(c.run(args[i], Map.of(), Map.of()), args[i]);
                List<Response> rows = c.pull(-1, -1);
                for (Response r : rows) {
                    if (r instanceof Response.RecordMessage rec) {
                        System.out.println(rec.values().stream().map(String::valueOf)
                                .collect(Collectors.joining("\t")));
                    } else {
                        expectSuccess(r, args[i]);
                    }
                }
            }
            c.goodbye();
        } catch (RuntimeException e) {
            System.err.println("BoltCheck: " + e);
            System.exit(1);
        }
    }

    private static void expectSuccess(Response r, String what) {
        if (!(r instanceof Response.Success)) {
            throw new IllegalStateException(what + ": " + r);
        }
    }
}
