package io.memgraph.ha.faults.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An invocation paired with its completion; an operation that never completed (the run ended
 * first) has a null completion and counts as {@link Op.Type#INFO}.
 *
 * @param invoke the invocation
 * @param completion the completion, or null
 */
public record Operation(Op invoke, Op completion) {

    /** OK, FAIL or INFO; INFO when there is no completion. */
    public Op.Type outcome() {
        return completion == null ? Op.Type.INFO : completion.type();
    }

    /** The completion's time, or {@link Long#MAX_VALUE} when the outcome is unknown. */
    public long end() {
        return outcome() == Op.Type.INFO ? Long.MAX_VALUE : completion.nanos();
    }

    /** The result of an OK operation (null otherwise). */
    public Object result() {
        return completion == null ? null : completion.value();
    }

    /**
     * Pairs the events of a history by id, in invocation order.
     *
     * @throws IllegalArgumentException when a completion has no invocation before it
     */
    public static List<Operation> pair(List<Op> history) {
        Map<Long, Op> open = new LinkedHashMap<>();
        Map<Long, Operation> done = new LinkedHashMap<>();
        List<Long> order = new ArrayList<>();
        for (Op op : history) {
            if (op.isInvoke()) {
                open.put(op.id(), op);
                order.add(op.id());
            } else {
                Op invoke = open.remove(op.id());
                if (invoke == null) {
                    throw new IllegalArgumentException("a completion without an invocation before it: " + op);
                }
                done.put(op.id(), new Operation(invoke, op));
            }
        }
        List<Operation> result = new ArrayList<>(order.size());
        for (long id : order) {
            Operation o = done.get(id);
            result.add(o != null ? o : new Operation(open.get(id), null));
        }
        return result;
    }
}
