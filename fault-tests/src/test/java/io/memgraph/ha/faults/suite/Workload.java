package io.memgraph.ha.faults.suite;

import io.memgraph.ha.faults.history.Op;
import java.util.List;
import org.neo4j.driver.Driver;

/** What the clients do, and how their history is checked. */
interface Workload {
    /** For logs and the history ({@code Op.f} names are the workload's own). */
    String name();

    /** Creates the initial state, before the history begins. */
    void setUp(Driver driver);

    /** One operation by {@code client}, recorded in the history. */
    void step(Client client);

    /**
     * Checks the history against the final state (read through {@code driver} after healing).
     *
     * @return the anomalies, one line each
     */
    List<String> check(List<Op> events, Driver driver);

    /** True when this workload's {@code f} is one of its operations (for per-workload counts). */
    boolean owns(String f);
}
