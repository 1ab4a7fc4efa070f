package io.memgraph.ha.bench.systems;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * The Neo4j Community peer: an embedded DBMS in a JVM of its own, with the Bolt connector on
 * 127.0.0.1, auth and TLS off, its data under a directory of the bench's choosing. Memory settings
 * are Neo4j's defaults except the page cache, which is fixed (its default is half of this shared
 * machine's RAM). Prints {@value #READY} on standard output once Bolt listens; SIGTERM shuts the
 * DBMS down cleanly.
 *
 * <p>Arguments: home directory, Bolt port, page cache size in MiB.
 */
public final class Neo4jMain {
    /** The line printed once Bolt accepts connections. */
    public static final String READY = "neo4j-bench: ready";

    private Neo4jMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        long pageCacheMiB = Long.parseLong(args[2]);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheMiB * 1024 * 1024)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-bench-shutdown"));
        System.out.println(READY);
        System.out.flush();
        stopped.await();
    }
}
