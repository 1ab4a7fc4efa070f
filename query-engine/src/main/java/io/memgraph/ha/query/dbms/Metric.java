package io.memgraph.ha.query.dbms;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Objects;

/**
 * One figure the server measures, named as Neo4j 5 names its metric: {@code dbms.vm.heap.used},
 * {@code database.memgraph.ids_in_use.node}. {@code dbms.queryJmx()} shows it as Neo4j's metrics
 * bean {@code neo4j.metrics:name=neo4j.<name>}, with the attribute {@code Value} (a gauge) or
 * {@code Count} (a counter).
 *
 * @param name the name after Neo4j's default prefix {@code neo4j.}
 * @param description what it measures
 * @param value the figure now
 * @param counter whether it only grows (attribute {@code Count}) rather than goes up and down ({@code Value})
 */
public record Metric(String name, String description, Object value, boolean counter) {
    /** The metrics bean domain Neo4j uses with its default metrics prefix {@code neo4j}. */
    public static final String DOMAIN = "neo4j.metrics";
    /** Neo4j's default metrics prefix, before every metric's name. */
    public static final String PREFIX = "neo4j.";

    /** Checks the name. */
    public Metric {
        Objects.requireNonNull(name, "name");
    }

    /** A figure that goes up and down. */
    public static Metric gauge(String name, String description, Object value) {
        return new Metric(name, description, value, false);
    }

    /** A figure that only grows. */
    public static Metric counter(String name, String description, Object value) {
        return new Metric(name, description, value, true);
    }

    /** The JVM's heap and threads now, as Neo4j's {@code dbms.vm.*} metrics. */
    public static List<Metric> jvm() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return List.of(
                gauge("dbms.vm.heap.committed", "Heap memory (bytes) the JVM has committed.", heap.getCommitted()),
                gauge("dbms.vm.heap.used", "Heap memory (bytes) in use now.", heap.getUsed()),
                gauge("dbms.vm.heap.max", "The most heap memory (bytes) the JVM may use.", heap.getMax()),
                gauge("dbms.vm.threads", "Live threads, daemon or not.",
                        (long) ManagementFactory.getThreadMXBean().getThreadCount()));
    }
}
