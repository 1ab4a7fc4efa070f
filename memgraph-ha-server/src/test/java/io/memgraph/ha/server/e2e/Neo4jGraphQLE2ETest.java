package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.fail;

import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterLogsOnFailure;
import io.memgraph.ha.server.cluster.RaftTiming;
import io.memgraph.ha.server.e2e.ExternalProgram.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Neo4j GraphQL Library (@neo4j/graphql 7.6.3, with graphql 16 and neo4j-driver 6) against
 * real servers: {@code src/test/graphql/graphql-check.mjs} builds a schema (@node types,
 * relationships with properties, an interface, a union, @id, @relayId, @cypher fields and
 * queries, @authorization filters, @limit) and runs GraphQL queries and mutations through
 * {@code graphql}'s {@code graphql()}: filters, sorting, offset and cursor pagination,
 * aggregations, nested create/connect/update/disconnect/delete, BigInt and temporal values, a
 * uniqueness constraint, an application's own transaction. It asserts every answer and prints an
 * {@code ok} line per check; each test expects all of {@link #CHECKS}.
 *
 * <p>It runs against one server over {@code bolt://}, and against a three-server cluster over
 * {@code neo4j://} (the library reads in READ transactions, which the driver routes to followers,
 * and keeps causal consistency with the bookmarks of its {@code executeQueryBookmarkManager}).
 * The first run installs the packages with {@code npm ci} ({@link NodePackages}); it needs
 * Node.js 20 or later on the PATH. {@code DEBUG=@neo4j/graphql:execution node graphql-check.mjs
 * <uri>} shows the Cypher the library sends.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class Neo4jGraphQLE2ETest {
    /** The checks graphql-check.mjs runs, in order: it prints {@code ok <check>: ...} for each. */
    static final List<String> CHECKS = List.of(
            "schema", "database version", "create with nested create", "create with connect", "filters",
            "relationship filters", "sorting and offset pagination", "cursor pagination", "aggregations",
            "cypher fields", "update", "arithmetic and list updates", "nested update", "delete", "unions", "authorization, relay ids and @limit",
            "temporal and BigInt values", "uniqueness constraint", "execution context and query options", "cleanup");

    static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyCheckPassesAgainstOneServer() throws Exception {
        prepare();
        try (ServerProcess server = ServerProcess.start()) {
            Run run = runScript(server.boltUri());
            String problem = problem(run);
            if (problem != null) {
                List<String> log = server.stderr();
                fail("graphql-check.mjs against " + server.boltUri() + " " + problem + "\n--- its output:\n"
                        + run.output() + "\n--- the server's log (its last lines):\n"
                        + String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size())));
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyCheckPassesThroughAClusterWithRouting(@TempDir Path dir) throws Exception {
        prepare();
        try (ClusterHarness cluster = ClusterHarness.start(ClusterHarness.defaultSize(), RaftTiming.STEADY, dir)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            // a follower's address: the driver learns the leader from its routing table
            int follower = leader % cluster.size() + 1;
            String uri = "neo4j://" + cluster.server(follower).boltAddress();
            Run run = runScript(uri);
            String problem = problem(run);
            if (problem != null) {
                cluster.markFailed();
                fail("graphql-check.mjs against the cluster at " + uri + " (leader: server " + leader + ") " + problem
                        + "\n--- its output:\n" + run.output());
            }
        }
    }

    private static void prepare() throws Exception {
        String problem = NodePackages.problem(NodePackages.testDir("graphql"), 20, "the Neo4j GraphQL Library tests");
        if (problem != null) {
            fail(problem);
        }
    }

    private static Run runScript(String uri) throws Exception {
        return ExternalProgram.exec(List.of("node", "graphql-check.mjs", uri), NodePackages.testDir("graphql"), null,
                SCRIPT_TIMEOUT, Map.of());
    }

    private static String problem(Run run) {
        return CheckLines.problem(run, CHECKS, SCRIPT_TIMEOUT);
    }
}
