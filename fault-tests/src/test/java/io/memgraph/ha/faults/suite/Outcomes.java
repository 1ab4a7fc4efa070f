package io.memgraph.ha.faults.suite;

import io.memgraph.ha.faults.history.Op;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * Decides what a client's error says about its transaction: {@link Op.Type#FAIL} only when the
 * error says it certainly did not commit, else {@link Op.Type#INFO} (outcome unknown).
 */
final class Outcomes {
    private Outcomes() {
    }

    /** FAIL or INFO for {@code e}. */
    static Op.Type classify(Throwable e) {
        String code = e instanceof Neo4jException n ? n.code() : null;
        if (code == null || code.isEmpty()) {
            // Connection lost, timeouts, driver-side failures: nobody told us the outcome.
            return Op.Type.INFO;
        }
        if (code.equals("Neo.TransientError.Cluster.ReplicationTimeout")
                || code.equals("Neo.DatabaseError.Cluster.CommitOutcomeUnknown")) {
            return Op.Type.INFO;
        }
        if (code.startsWith("Neo.ClientError.")
                // The proxy answers LeaderSwitch only for a unit that did not commit and never will.
                || code.equals("Neo.TransientError.Cluster.LeaderSwitch")
                || code.equals("Neo.TransientError.Transaction.NotCommitted")
                // Write conflicts: the deterministic abort of the first-committer-wins check.
                || code.startsWith("Neo.TransientError.Transaction.")) {
            return Op.Type.FAIL;
        }
        return Op.Type.INFO;
    }

    /** The error for the history: its code and first line. */
    static String describe(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int nl = message.indexOf('\n');
        if (nl >= 0) {
            message = message.substring(0, nl);
        }
        String code = e instanceof Neo4jException n && n.code() != null ? n.code() : e.getClass().getSimpleName();
        return code + ": " + message;
    }
}
