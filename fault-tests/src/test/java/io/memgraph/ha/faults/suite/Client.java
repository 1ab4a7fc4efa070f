package io.memgraph.ha.faults.suite;

import io.memgraph.ha.faults.history.History;
import io.memgraph.ha.faults.history.Op;
import java.util.Random;
import java.util.function.Function;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * One concurrent client: a thread's view of the driver and the history. After an operation with an
 * unknown outcome the client takes a new process id (that operation may still be in flight, and a
 * process has one operation open at a time).
 */
final class Client {
    /** What {@link #call} returns when the operation did not complete OK. */
    static final Object NOT_OK = new Object();

    private final int slot;
    private final int clients;
    private final Driver driver;
    private final History history;
    final Random random;
    private int process;

    Client(int slot, int clients, Driver driver, History history, long seed) {
        this.slot = slot;
        this.clients = clients;
        this.driver = driver;
        this.history = history;
        this.random = new Random(seed * 31 + slot);
        this.process = slot;
    }

    /** This client's number, 0..clients-1. */
    int slot() {
        return slot;
    }

    /**
     * Runs one operation in a session of its own and records its invocation and completion.
     *
     * @param body runs the operation and returns its result for the history
     * @return the result, or {@link #NOT_OK}
     */
    Object call(String f, String key, Object argument, Function<Session, Object> body) {
        Op invoke = history.invoke(process, f, key, argument);
        try (Session session = driver.session()) {
            Object result = body.apply(session);
            history.complete(invoke, Op.Type.OK, result, null);
            return result;
        } catch (RuntimeException e) {
            Op.Type type = Outcomes.classify(e);
            history.complete(invoke, type, null, Outcomes.describe(e));
            if (type == Op.Type.INFO) {
                process += clients;
            }
            return NOT_OK;
        }
    }
}
