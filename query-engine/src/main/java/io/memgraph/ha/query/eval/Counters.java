package io.memgraph.ha.query.eval;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The named counters of one query, behind Memgraph's {@code counter(name, initial [, increment])}: the
 * first call for a name returns {@code initial}, each call after it the previous value plus its own
 * {@code increment} (1 when left out, never 0). Counters live as long as the query's evaluator, so two
 * queries never share one. Thread-safe.
 */
final class Counters {
    /** The value the next call for each name returns. */
    private final ConcurrentHashMap<String, Long> next = new ConcurrentHashMap<>();

    /** One call of {@code counter()} with its evaluated arguments. */
    long next(List<Object> args) {
        if (!(args.get(0) instanceof String name)) {
            throw Errors.argumentType("counter", 1, "a String", args.get(0));
        }
        if (!(args.get(1) instanceof Long initial)) {
            throw Errors.argumentType("counter", 2, "an Integer", args.get(1));
        }
        long step = 1;
        if (args.size() > 2) {
            if (!(args.get(2) instanceof Long l)) {
                throw Errors.argumentType("counter", 3, "an Integer", args.get(2));
            }
            if (l == 0) {
                throw Errors.argumentValue("The increment of counter('" + name + "', ...) must not be 0");
            }
            step = l;
        }
        long increment = step;
        long[] value = new long[1];
        next.compute(name, (k, v) -> {
            value[0] = v == null ? initial : v;
            try {
                return Math.addExact(value[0], increment);
            } catch (ArithmeticException e) {
                throw Errors.overflow("counter('" + name + "') after " + value[0] + " + " + increment);
            }
        });
        return value[0];
    }
}
