package io.memgraph.ha.faults.checker;

import java.util.Objects;

/**
 * One operation on a register, as the linearizability checker sees it: what it did, its arguments
 * and result, and its interval in real time. An operation whose outcome is unknown ends at
 * {@link Long#MAX_VALUE}: it may take effect at any point after its call, or never.
 *
 * @param id the history's operation id (for reports)
 * @param kind what it did
 * @param value the value read, the value written, or the expected value of a compare-and-set
 * @param update the new value of a compare-and-set (null otherwise)
 * @param call when it was invoked
 * @param ret when it completed; {@link Long#MAX_VALUE} when the outcome is unknown
 */
public record RegisterOp(long id, Kind kind, Long value, Long update, long call, long ret) {

    /** The operations of the register model. */
    public enum Kind {
        /** Returned {@code value}. */
        READ,
        /** Set the register to {@code value}. */
        WRITE,
        /** Found {@code value} and set {@code update}. */
        CAS,
        /** Did not find {@code value}, so changed nothing. */
        CAS_MISS
    }

    public RegisterOp {
        Objects.requireNonNull(kind, "kind");
        if (ret < call) {
            throw new IllegalArgumentException("operation " + id + " returns (" + ret + ") before its call (" + call + ")");
        }
    }

    /** True when the outcome is unknown (it may or may not have taken effect). */
    public boolean unknown() {
        return ret == Long.MAX_VALUE;
    }

    /**
     * The register after this operation on {@code state}, or {@link #NOT_APPLICABLE} when the
     * operation cannot have happened in that state.
     */
    Object apply(Long state) {
        return switch (kind) {
            case READ -> Objects.equals(state, value) ? state : NOT_APPLICABLE;
            case WRITE -> value;
            case CAS -> Objects.equals(state, value) ? update : NOT_APPLICABLE;
            case CAS_MISS -> Objects.equals(state, value) ? NOT_APPLICABLE : state;
        };
    }

    /** What {@link #apply} answers for an operation that cannot happen in a state. */
    static final Object NOT_APPLICABLE = new Object() {
        @Override
        public String toString() {
            return "not applicable";
        }
    };

    @Override
    public String toString() {
        String what = switch (kind) {
            case READ -> "read -> " + value;
            case WRITE -> "write " + value;
            case CAS -> "cas " + value + " -> " + update;
            case CAS_MISS -> "cas " + value + " -> " + update + " (no match)";
        };
        return "#" + id + " " + what + " [" + call + ", " + (unknown() ? "?" : String.valueOf(ret)) + "]";
    }
}
