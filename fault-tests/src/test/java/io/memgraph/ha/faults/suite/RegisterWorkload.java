package io.memgraph.ha.faults.suite;

import io.memgraph.ha.faults.checker.RegisterHistory;
import io.memgraph.ha.faults.checker.Verdict;
import io.memgraph.ha.faults.checker.WglChecker;
import io.memgraph.ha.faults.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers: one node {@code (:Reg {k})} per key with property {@code v}; clients read, write and
 * compare-and-set it; each key's history is checked for linearizability. Every register starts at 0.
 */
final class RegisterWorkload implements Workload {
    private static final Logger LOG = LoggerFactory.getLogger(RegisterWorkload.class);
    private static final long INITIAL = 0L;
    private final int keys;
    private final AtomicLong nextValue = new AtomicLong(1);

    RegisterWorkload(int keys) {
        this.keys = keys;
    }

    @Override
    public String name() {
        return "register";
    }

    @Override
    public boolean owns(String f) {
        return Set.of(RegisterHistory.READ, RegisterHistory.WRITE, RegisterHistory.CAS).contains(f);
    }

    @Override
    public void setUp(Driver driver) {
        try (Session s = driver.session()) {
            for (int i = 0; i < keys; i++) {
                String k = key(i);
                s.executeWrite(tx -> tx.run("CREATE (:Reg {k: $k, v: $v})", Map.of("k", k, "v", INITIAL)).consume());
            }
        }
    }

    private static String key(int i) {
        return "k" + i;
    }

    @Override
    public void step(Client c) {
        String k = key(c.random.nextInt(keys));
        int what = c.random.nextInt(10);
        if (what < 4) {
            c.call(RegisterHistory.READ, k, null, s -> s.executeRead(tx -> {
                List<Record> rows = tx.run("MATCH (r:Reg {k: $k}) RETURN r.v AS v", Map.of("k", k)).list();
                if (rows.size() != 1) {
                    throw new IllegalStateException("register " + k + " has " + rows.size() + " nodes");
                }
                Value v = rows.get(0).get("v");
                return v.isNull() ? null : v.asLong();
            }));
        } else if (what < 7) {
            long v = nextValue.getAndIncrement();
            c.call(RegisterHistory.WRITE, k, v, s -> s.executeWrite(tx -> {
                tx.run("MATCH (r:Reg {k: $k}) SET r.v = $v", Map.of("k", k, "v", v)).consume();
                return v;
            }));
        } else {
            // Expect a small recent value more often than not, so some swaps succeed.
            long current = nextValue.get();
            long expected = c.random.nextInt(3) == 0 ? INITIAL : Math.max(0, current - 1 - c.random.nextInt(4));
            long update = nextValue.getAndIncrement();
            c.call(RegisterHistory.CAS, k, List.of(expected, update), s -> s.executeWrite(tx -> tx.run(
                    "MATCH (r:Reg {k: $k}) WHERE r.v = $old SET r.v = $new RETURN count(r) AS c",
                    Map.of("k", k, "old", expected, "new", update)).single().get("c").asLong() == 1));
        }
    }

    @Override
    public List<String> check(List<Op> events, Driver driver) {
        List<String> anomalies = new ArrayList<>();
        WglChecker checker = new WglChecker(20_000_000, TimeUnit.SECONDS.toNanos(20));
        Map<String, Verdict> verdicts = RegisterHistory.check(events, INITIAL, checker);
        for (Map.Entry<String, Verdict> e : verdicts.entrySet()) {
            Verdict v = e.getValue();
            LOG.info("register {}: {} ({} steps)", e.getKey(), v.result(), v.steps());
            if (!v.ok()) {
                anomalies.add("register " + e.getKey() + ": " + v.result() + ": " + v.detail());
            }
        }
        return anomalies;
    }
}
