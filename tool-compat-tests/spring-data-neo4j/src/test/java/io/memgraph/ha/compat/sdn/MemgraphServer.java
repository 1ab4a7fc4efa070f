package io.memgraph.ha.compat.sdn;

import io.memgraph.ha.server.e2e.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.neo4j.cypherdsl.core.renderer.Configuration;
import org.neo4j.cypherdsl.core.renderer.Dialect;
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

    /** System property: the Cypher-DSL dialect SDN renders with (a {@link Dialect} name); SDN's default when empty. */
    public static final String DIALECT_PROPERTY = "sdn.dialect";

    /**
     * The Cypher-DSL configuration: SDN 8's default, or the dialect the system property {@value
     * #DIALECT_PROPERTY} names. SDN 7 renders for Neo4j 4 ({@code id()}) unless told
     * {@code NEO4J_5}, as its documentation tells Neo4j 5 users to do.
     */
    public static Configuration cypherDslConfiguration() {
        String dialect = System.getProperty(DIALECT_PROPERTY, "");
        return dialect.isEmpty() ? Configuration.defaultConfig()
                : Configuration.newConfig().withDialect(Dialect.valueOf(dialect)).build();
    }

    /** A driver of the server, as an application would configure it: no encryption, no auth. */
    public static Driver driver() {
        return GraphDatabase.driver(boltUri(), AuthTokens.none(), Config.builder()
                .withoutEncryption()
                .withConnectionTimeout(10, TimeUnit.SECONDS)
                .build());
    }
}
