package io.memgraph.ha.faults.checker;

import io.memgraph.ha.faults.history.Op;
import io.memgraph.ha.faults.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Liveness under faults that leave a majority able to serve: while such a fault lasts, the cluster
 * must serve the clients again without waiting for the fault to heal. For each fault window, the
 * recovery is the time from the fault's start to the first OK completion of an operation invoked
 * after that start (an operation invoked before it may have been answered by the server that was
 * hit, which says nothing about the cluster having recovered). A window with no such completion
 * before it ended is an anomaly: the clients waited for the heal.
 *
 * <p>Safety checks cannot see a cluster that stalls until the fault heals: everything completes,
 * correctly, afterwards. Without check-quorum, for example, a leader that receives nothing goes on
 * sending heartbeats, the followers never elect, and no write commits until the links heal (the
 * fault suite, seed 12, with the step-down turned off: "unavailable" for its ONE_WAY_LOSS).
 * It judges the clients as a whole: one client whose operation waits on a lost server while the
 * others are served is not found here.
 */
public final class AvailabilityChecker {

    /**
     * One fault's window, on the history's clock.
     *
     * @param name the fault, for the anomaly's text
     * @param startNanos when it began
     * @param endNanos when it was healed
     */
    public record Window(String name, long startNanos, long endNanos) {
        public Window {
            if (endNanos < startNanos) {
                throw new IllegalArgumentException("a window ends before it starts: " + name);
            }
        }
    }

    private AvailabilityChecker() {
    }

    /**
     * The time from {@code w}'s start to the first OK completion of an operation invoked at or after
     * it and completed before its end; empty when there is none.
     */
    public static OptionalLong recovery(List<Operation> operations, Window w) {
        long first = Long.MAX_VALUE;
        for (Operation o : operations) {
            if (o.outcome() == Op.Type.OK && o.invoke().nanos() >= w.startNanos()
                    && o.completion().nanos() <= w.endNanos()) {
                first = Math.min(first, o.completion().nanos());
            }
        }
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first - w.startNanos());
    }

    /**
     * One anomaly per window of at least {@code minWindowNanos} in which no operation invoked during
     * it completed OK before it ended. Shorter windows are not judged: a leader lost for less than
     * an election (and a proxy's look for the next) may just be waited out.
     */
    public static List<String> check(List<Op> history, List<Window> windows, long minWindowNanos) {
        List<Operation> operations = Operation.pair(history);
        List<String> anomalies = new ArrayList<>();
        for (Window w : windows) {
            if (w.endNanos() - w.startNanos() >= minWindowNanos && recovery(operations, w).isEmpty()) {
                anomalies.add("unavailable: no operation invoked during " + w.name() + " completed before it was healed ("
                        + TimeUnit.NANOSECONDS.toMillis(w.endNanos() - w.startNanos()) + " ms)");
            }
        }
        return anomalies;
    }
}
