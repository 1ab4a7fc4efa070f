package io.memgraph.ha.server.proxy;

import static io.memgraph.ha.server.e2e.ExternalProgram.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterLogsOnFailure;
import io.memgraph.ha.server.e2e.CheckLines;
import io.memgraph.ha.server.e2e.CypherShell;
import io.memgraph.ha.server.e2e.ExternalProgram.Run;
import io.memgraph.ha.server.e2e.NodePackages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Neo4j JavaScript drivers 4.4, 5 and 6, and Neo4j's {@code cypher-shell}, through the proxy in
 * front of a three-server cluster of real processes.
 *
 * <p>Each driver runs {@code src/test/js/proxy-check.mjs} (every value type both ways, auto-commit,
 * streaming, explicit and managed transactions, error codes, bookmarks) with a {@code bolt://} and
 * a {@code neo4j://} URI of the proxy, and must print every check's {@code ok} line. The first run
 * installs the drivers with {@code npm ci} when {@code src/test/js/node_modules} is missing or older
 * than {@code package-lock.json}. Needs Node.js 18+ and npm on the PATH ({@code .ci/run} installs
 * them); a missing {@code node} fails the tests, it does not skip them. When a run through the
 * proxy fails, the same run directly against the leader is added to the failure message: passing
 * there points at the proxy.
 *
 * <p>Each driver runs both ways: its Node build over TCP, and its browser build ({@code
 * lib/browser/neo4j-web.js}, with the {@code ws} package as the browser's {@code WebSocket}) over
 * Bolt over WebSocket, as Neo4j Browser and other web pages use it.
 *
 * <p>{@code cypher-shell} is {@code bin/cypher-shell} ({@link CypherShell}).
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ProxyJavaScriptDriversE2ETest {

    /** The drivers of package.json (npm aliases) and their versions, for the messages. */
    static final Map<String, String> DRIVERS = Map.of(
            "neo4j-driver-4", "4.4.11",
            "neo4j-driver-5", "5.28.3",
            "neo4j-driver-6", "6.3.0");

    /** The checks every driver must pass: proxy-check.mjs prints {@code ok <check>: ...} for each. */
    static final List<String> CHECKS = List.of(
            "connectivity",
            "value null", "value boolean", "value integer", "value large integer", "value float",
            "value string", "value long string", "value list", "value map", "value bytes",
            "value date", "value time", "value local time", "value datetime with offset",
            "value datetime with zone id", "value local datetime", "value duration",
            "value point 2D", "value point 3D", "value node relationship path",
            "auto-commit run", "streaming", "transaction commit", "transaction rollback",
            "managed write", "managed read", "server error code", "error in transactions",
            "bookmarks", "cleanup");
    /** Checks of the drivers that have the API (5 and 6). */
    static final List<String> CHECKS_5_AND_6 = List.of("executeQuery");

    /** proxy-check.mjs's transports: Node's driver over TCP, or its browser build over WebSocket. */
    static final String TCP = "tcp";
    static final String WEBSOCKET = "websocket";

    static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    static ProxiedCluster fixture;
    static ClusterHarness cluster;
    static BoltProxy proxy;

    @BeforeAll
    static void startCluster(@TempDir Path dir) throws Exception {
        fixture = ProxiedCluster.start(dir);
        cluster = fixture.cluster();
        proxy = fixture.proxy();
    }

    @AfterAll
    static void stopCluster() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Each driver with each scheme, over TCP (Node's build) and over WebSocket (the browser build). */
    static Stream<Arguments> driversAndSchemes() {
        List<Arguments> all = new ArrayList<>();
        for (String transport : List.of(TCP, WEBSOCKET)) {
            for (String driver : List.of("neo4j-driver-4", "neo4j-driver-5", "neo4j-driver-6")) {
                for (String scheme : List.of("bolt", "neo4j")) {
                    all.add(Arguments.of(driver, scheme, transport));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}:// over {2}")
    @MethodSource("driversAndSchemes")
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void javaScriptDriverPassesEveryCheckThroughTheProxy(String driver, String scheme, String transport)
            throws Exception {
        prepareJavaScript();
        String uri = scheme + "://127.0.0.1:" + proxy.port();
        Run run = runScript(driver, uri, transport);
        String problem = problem(driver, transport, run);
        if (problem != null) {
            fail(driver + " (neo4j-driver " + DRIVERS.get(driver) + ") through the proxy at " + uri + " over " + transport
                    + " " + problem + "\n--- its output:\n" + run.output()
                    + "\n--- the same driver directly against the leader, for comparison:\n"
                    + directRun(driver, transport));
        }
    }

    /** What is wrong with a run of proxy-check.mjs, or null when it passed every check. */
    static String problem(String driver, String transport, Run run) {
        List<String> expected = new ArrayList<>(CHECKS);
        if (!driver.equals("neo4j-driver-4")) {
            expected.addAll(CHECKS_5_AND_6);
        }
        if (transport.equals(WEBSOCKET)) {
            expected.add("websocket");
        }
        return CheckLines.problem(run, expected, SCRIPT_TIMEOUT);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void cypherShellRunsQueriesAndTransactionsThroughTheProxy(@TempDir Path work) throws Exception {
        String bolt = "bolt://127.0.0.1:" + proxy.port();
        String routing = "neo4j://127.0.0.1:" + proxy.port();

        Run one = CypherShell.run(work, null, "-a", bolt, "--format", "plain", "RETURN 1 AS x");
        assertThat(one.exitCode()).as("cypher-shell RETURN 1:\n%s", one.output()).isZero();
        assertThat(one.lines()).as(one.output()).containsSubsequence("x", "1");

        Run write = CypherShell.run(work, null, "-a", bolt, "--format", "plain",
                "CREATE (n:CypherShellCheck {name: 'written'}) RETURN n.name AS name");
        assertThat(write.exitCode()).as("cypher-shell CREATE:\n%s", write.output()).isZero();
        assertThat(write.lines()).as(write.output()).containsSubsequence("name", "\"written\"");

        // a script on standard input: a committed and a rolled back explicit transaction, then a read
        String script = """
                :begin
                CREATE (:CypherShellCheck {name: 'committed-1'});
                CREATE (:CypherShellCheck {name: 'committed-2'});
                :commit
                :begin
                CREATE (:CypherShellCheck {name: 'rolled-back'});
                :rollback
                """;
        Run tx = CypherShell.run(work, script, "-a", bolt, "--format", "plain");
        assertThat(tx.exitCode()).as("cypher-shell :begin/:commit/:rollback:\n%s", tx.output()).isZero();

        Run read = CypherShell.run(work, null, "-a", routing, "--format", "plain", "-P", "prefix => 'committed'",
                "MATCH (n:CypherShellCheck) RETURN count(n) AS c, size([x IN collect(n.name) WHERE x STARTS WITH $prefix])"
                        + " AS committed");
        assertThat(read.exitCode()).as("cypher-shell MATCH over neo4j://:\n%s", read.output()).isZero();
        assertThat(read.lines()).as(read.output()).containsSubsequence("c, committed", "3, 2");

        Run error = CypherShell.run(work, null, "-a", bolt, "--format", "plain", "RETURN nope(");
        assertThat(error.exitCode()).as("cypher-shell with a syntax error:\n%s", error.output()).isNotZero();
        assertThat(error.output()).as("the server's syntax error message").contains("line 1, column");
    }

    // ------------------------------------------------------------------ JavaScript

    static Path jsDir() {
        return NodePackages.testDir("js");
    }

    /** Checks node and npm and runs {@code npm ci} when needed ({@link NodePackages}); fails the caller when it cannot. */
    static void prepareJavaScript() throws Exception {
        String problem = NodePackages.problem(jsDir(), 18, "the JavaScript driver tests");
        if (problem != null) {
            fail(problem);
        }
    }

    static Run runScript(String driver, String uri, String transport) throws Exception {
        return exec(List.of("node", "proxy-check.mjs", driver, uri, transport), jsDir(), null, SCRIPT_TIMEOUT, Map.of());
    }

    /** The same driver over bolt:// straight to the current leader: its exit code and the lines that are not ok. */
    private static String directRun(String driver, String transport) {
        try {
            int leader = cluster.awaitLeader(Duration.ofSeconds(15));
            String uri = cluster.server(leader).boltUri();
            Run direct = runScript(driver, uri, transport);
            String problem = problem(driver, transport, direct);
            return uri + " (server " + leader + "): " + (problem == null
                    ? "every check passed there, so the failure above is probably the proxy's"
                    : problem + "; its output:\n" + direct.output());
        } catch (Exception | AssertionError e) {
            return "could not be run: " + e;
        }
    }
}
