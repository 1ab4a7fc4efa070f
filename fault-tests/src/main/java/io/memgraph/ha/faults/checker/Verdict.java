package io.memgraph.ha.faults.checker;

/**
 * What a checker concluded.
 *
 * @param result the conclusion
 * @param detail for a failure, what could not be explained; for UNKNOWN, which budget ran out
 * @param steps how much work the search did
 */
public record Verdict(Result result, String detail, long steps) {

    /** The three possible conclusions. */
    public enum Result {
        /** A legal order exists. */
        LINEARIZABLE,
        /** No legal order exists: an anomaly. */
        NOT_LINEARIZABLE,
        /** The search ran out of budget before it could tell. */
        UNKNOWN
    }

    /** True for {@link Result#LINEARIZABLE}. */
    public boolean ok() {
        return result == Result.LINEARIZABLE;
    }
}
