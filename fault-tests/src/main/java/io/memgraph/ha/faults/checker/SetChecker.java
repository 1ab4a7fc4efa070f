package io.memgraph.ha.faults.checker;

import io.memgraph.ha.faults.history.Op;
import io.memgraph.ha.faults.history.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The set workload's check: each {@code add} inserts a unique id. At the end every acknowledged id
 * is present exactly once, every failed id is absent, an id with an unknown outcome is present at
 * most once, and no id is present that nobody tried to add.
 */
public final class SetChecker {
    /** The operation name. */
    public static final String ADD = "add";

    private SetChecker() {
    }

    /**
     * @param events the history (operations other than {@code add} are ignored)
     * @param present how many times each id is in the final state
     * @return the anomalies, one line each; empty when the set is right
     */
    public static List<String> check(List<Op> events, Map<Long, Integer> present) {
        List<String> anomalies = new ArrayList<>();
        Map<Long, Operation> attempted = new HashMap<>();
        for (Operation o : Operation.pair(events)) {
            if (ADD.equals(o.invoke().f())) {
                attempted.put(((Number) o.invoke().value()).longValue(), o);
            }
        }
        for (Map.Entry<Long, Operation> e : new TreeMap<>(attempted).entrySet()) {
            int count = present.getOrDefault(e.getKey(), 0);
            Operation o = e.getValue();
            switch (o.outcome()) {
                case OK -> {
                    if (count != 1) {
                        anomalies.add("set: acknowledged id " + e.getKey() + " is present " + count + " times (op "
                                + o.invoke().id() + ")");
                    }
                }
                case FAIL -> {
                    if (count != 0) {
                        anomalies.add("set: id " + e.getKey() + " failed (" + o.completion().error() + ") but is present "
                                + count + " times (op " + o.invoke().id() + ")");
                    }
                }
                default -> {
                    if (count > 1) {
                        anomalies.add("set: id " + e.getKey() + " with unknown outcome is present " + count
                                + " times (op " + o.invoke().id() + ")");
                    }
                }
            }
        }
        for (long id : new TreeMap<>(present).keySet()) {
            if (!attempted.containsKey(id)) {
                anomalies.add("set: id " + id + " is present but nobody added it");
            }
        }
        return anomalies;
    }
}
