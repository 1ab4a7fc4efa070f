package io.memgraph.ha.server.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.summary.ResultSummary;

/**
 * A server process with a Neo4j Java driver connected to it, and the few ways tests run queries
 * on it: rows, a write's summary, a failure's code and message. Closing it closes both.
 */
final class OneServer implements AutoCloseable {
    final ServerProcess process;
    final Driver driver;

    private OneServer(ServerProcess process) {
        this.process = process;
        this.driver = GraphDatabase.driver(process.boltUri(), AuthTokens.none());
    }

    /** A fresh server in a temporary directory, with {@code flags} besides the test defaults. */
    static OneServer start(String... flags) throws Exception {
        return new OneServer(ServerProcess.start(flags));
    }

    /** A server on {@code dir} (its own flags, raft.json and durability directory), with {@code extraFlags}. */
    static OneServer startIn(Path dir, String... extraFlags) throws Exception {
        return new OneServer(ServerProcess.startIn(dir, extraFlags));
    }

    /** The rows of an auto-commit query, values as {@code Value.asObject()} gives them. */
    List<List<Object>> rows(String query) {
        return QueryCase.run(driver, query, Map.of());
    }

    /** Runs a query in an auto-commit transaction and returns its summary. */
    ResultSummary write(String query) {
        try (Session s = driver.session()) {
            return s.run(query).consume();
        }
    }

    /** The failure of a query that must fail: its code and message. */
    List<String> failure(String query) {
        try (Session s = driver.session()) {
            s.run(query).consume();
        } catch (Neo4jException e) {
            return List.of(e.code(), e.getMessage());
        }
        throw new AssertionError("no failure for " + query);
    }

    @Override
    public void close() {
        driver.close();
        process.close();
    }
}
