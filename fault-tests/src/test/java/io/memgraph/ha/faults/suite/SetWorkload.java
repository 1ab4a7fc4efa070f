package io.memgraph.ha.faults.suite;

import io.memgraph.ha.faults.checker.SetChecker;
import io.memgraph.ha.faults.history.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * Unique inserts {@code CREATE (:Elem {id})}, every other one an auto-commit query, the rest in
 * managed transactions; at the end each id must be there as its outcome says.
 */
final class SetWorkload implements Workload {
    private static final String CREATE = "CREATE (:Elem {id: $id})";
    private final Map<Integer, Long> next = new HashMap<>();

    @Override
    public String name() {
        return "set";
    }

    @Override
    public boolean owns(String f) {
        return SetChecker.ADD.equals(f);
    }

    @Override
    public void setUp(Driver driver) {
        // Nothing: the set starts empty.
    }

    @Override
    public void step(Client c) {
        long id;
        synchronized (next) {
            id = next.merge(c.slot(), 1L, Long::sum) + c.slot() * 10_000_000L;
        }
        if (id % 2 == 0) {
            // an auto-commit query, which drivers never retry: only the proxy hides a failover from it
            c.call(SetChecker.ADD, null, id, s -> s.run(CREATE, Map.of("id", id)).consume());
            return;
        }
        c.call(SetChecker.ADD, null, id, s -> s.executeWrite(tx -> {
            tx.run(CREATE, Map.of("id", id)).consume();
            return null;
        }));
    }

    @Override
    public List<String> check(List<Op> events, Driver driver) {
        Map<Long, Integer> present = new HashMap<>();
        try (Session s = driver.session()) {
            List<Record> rows = s.executeRead(tx -> tx.run("MATCH (e:Elem) RETURN e.id AS id").list());
            for (Record r : rows) {
                present.merge(r.get("id").asLong(), 1, Integer::sum);
            }
        }
        return SetChecker.check(events, present);
    }
}
