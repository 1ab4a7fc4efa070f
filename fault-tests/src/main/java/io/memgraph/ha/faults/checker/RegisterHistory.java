package io.memgraph.ha.faults.checker;

import io.memgraph.ha.faults.history.Op;
import io.memgraph.ha.faults.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a history of register operations into per-key {@link RegisterOp} lists and checks each key
 * on its own with a {@link WglChecker}.
 *
 * <p>The operations: {@code read} (invoked with null, completes OK with the value read as a Long),
 * {@code write} (invoked and completed with the value), {@code cas} (invoked with {@code [old,
 * new]}, completes OK with {@code true} when it swapped and {@code false} when the register did not
 * hold {@code old}). Failed operations are left out; a read with an unknown outcome too (it changed
 * nothing); a write or swap with an unknown outcome may take effect any time after its call, or never.
 */
public final class RegisterHistory {
    /** Operation names. */
    public static final String READ = "read";
    public static final String WRITE = "write";
    public static final String CAS = "cas";

    private RegisterHistory() {
    }

    /** The operations of each key, by key. */
    public static Map<String, List<RegisterOp>> byKey(List<Op> events) {
        Map<String, List<RegisterOp>> result = new TreeMap<>();
        for (Operation o : Operation.pair(events)) {
            RegisterOp op = toRegisterOp(o);
            if (op != null) {
                result.computeIfAbsent(o.invoke().key(), k -> new ArrayList<>()).add(op);
            }
        }
        return result;
    }

    /**
     * Checks every key of {@code events} (operations on other functions are ignored); every register
     * held {@code initial} before the history began.
     *
     * @return each key's verdict, by key
     */
    public static Map<String, Verdict> check(List<Op> events, Long initial, WglChecker checker) {
        Map<String, Verdict> verdicts = new TreeMap<>();
        for (Map.Entry<String, List<RegisterOp>> e : byKey(events).entrySet()) {
            verdicts.put(e.getKey(), checker.check(e.getValue(), initial));
        }
        return verdicts;
    }

    private static RegisterOp toRegisterOp(Operation o) {
        Op call = o.invoke();
        Op.Type outcome = o.outcome();
        if (outcome == Op.Type.FAIL) {
            return null;
        }
        long start = call.nanos();
        long end = o.end();
        return switch (call.f()) {
            case READ -> outcome == Op.Type.OK
                    ? new RegisterOp(call.id(), RegisterOp.Kind.READ, asLong(o.result()), null, start, end)
                    : null;
            case WRITE -> new RegisterOp(call.id(), RegisterOp.Kind.WRITE, asLong(call.value()), null, start, end);
            case CAS -> {
                List<?> args = (List<?>) call.value();
                boolean swapped = outcome == Op.Type.INFO || Boolean.TRUE.equals(o.result());
                yield new RegisterOp(call.id(), swapped ? RegisterOp.Kind.CAS : RegisterOp.Kind.CAS_MISS,
                        asLong(args.get(0)), asLong(args.get(1)), start, end);
            }
            default -> null;
        };
    }

    private static Long asLong(Object v) {
        return v == null ? null : ((Number) v).longValue();
    }
}
