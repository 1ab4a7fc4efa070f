package io.memgraph.ha.faults.checker;

import io.memgraph.ha.faults.history.Op;
import io.memgraph.ha.faults.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bank workload's check: every successful read of all balances (one transaction) sees every
 * account, no negative balance, and the constant total.
 */
public final class BankChecker {
    /** The read of all balances; it completes OK with a map of account to balance. */
    public static final String READ = "read-all";

    private BankChecker() {
    }

    /**
     * @return the anomalies, one line each; empty when every read is right
     */
    public static List<String> check(List<Op> events, int accounts, long total) {
        List<String> anomalies = new ArrayList<>();
        for (Operation o : Operation.pair(events)) {
            if (!READ.equals(o.invoke().f()) || o.outcome() != Op.Type.OK) {
                continue;
            }
            String problem = checkBalances("read (op " + o.invoke().id() + ")", (Map<?, ?>) o.result(), accounts, total);
            if (problem != null) {
                anomalies.add(problem);
            }
        }
        return anomalies;
    }

    /**
     * Checks one read of all balances (account to balance).
     *
     * @param what names the read in the anomaly
     * @return the anomaly, or null when the read is right
     */
    public static String checkBalances(String what, Map<?, ?> balances, int accounts, long total) {
        long sum = 0;
        boolean negative = false;
        for (Object v : balances.values()) {
            long b = ((Number) v).longValue();
            sum += b;
            negative |= b < 0;
        }
        if (balances.size() == accounts && sum == total && !negative) {
            return null;
        }
        return "bank: " + what + " saw " + balances + ": " + balances.size() + " accounts summing to " + sum
                + ", expected " + accounts + " summing to " + total + " and none negative";
    }
}
