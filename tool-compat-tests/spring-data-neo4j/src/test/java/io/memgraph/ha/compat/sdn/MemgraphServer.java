package io.memgraph.ha.compat.sdn;

import io.memgraph.ha.server.e2e.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * The one {@code memgraph_ha} server process of this test JVM (a single server on 127.0.0.1 and an
 * ephemeral port, from the shaded jar), started on first use and stopped when the JVM exits. The
 * Spring contexts of all test classes, cached by Spring's test framework, share it.
 */
public final class MemgraphServer {
    private static ServerProcess server;

    private MemgraphServer() {}

    /** {@code bolt://127.0.0.1:<port>} of the running server. */
    public static synchronized String boltUri() {
        if (server == null) {
            try {
                server = ServerProcess.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start memgraph_ha from " + System.getProperty(ServerProcess.JAR_PROPERTY), e);
            }
            ServerProcess started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "memgraph-ha-stop"));
        }
        return server.boltUri();
    }

    /** A driver of the server, as an application would configure it: no encryption, no auth. */
    public static Driver driver() {
        return GraphDatabase.driver(boltUri(), AuthTokens.none(), Config.builder()
                .withoutEncryption()
                .withConnectionTimeout(10, TimeUnit.SECONDS)
                .build());
    }
}
