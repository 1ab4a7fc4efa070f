package io.memgraph.ha.faults.checker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Wing-Gong linearizability check with Lowe's improvements, for one register.
 *
 * <p>The history is a doubly linked list of call and return events in time order. The search
 * walks it from the front: at a call it tries to linearize that operation now (the model must
 * allow it, and the pair (set of linearized operations, register state) must be new: Lowe's cache,
 * which prunes every configuration already explored); a linearized operation's call and return
 * are lifted out of the list and the walk starts over. Reaching a return means the operation it
 * ends was not linearized in time, so the search backtracks: the last linearized operation is put
 * back and the walk continues after its call. The history is linearizable when every operation
 * with a known outcome is linearized; an operation with an unknown outcome returns at +infinity,
 * so it may be linearized at any point after its call, or never.
 *
 * <p>The search is bounded: after {@code maxSteps} steps or at the deadline it answers
 * {@link Verdict.Result#UNKNOWN} rather than run on.
 */
public final class WglChecker {
    private final long maxSteps;
    private final long deadlineNanos;

    /**
     * @param maxSteps the most search steps (call or return visits) before giving up
     * @param maxNanos the most wall time before giving up
     */
    public WglChecker(long maxSteps, long maxNanos) {
        this.maxSteps = maxSteps;
        this.deadlineNanos = maxNanos;
    }

    /**
     * Checks {@code ops} on one register that held {@code initial} before the first of them.
     * Operations that failed must not be passed; reads with an unknown outcome add nothing and may
     * be left out.
     */
    public Verdict check(List<RegisterOp> history, Long initial) {
        long started = System.nanoTime();
        // In call order, so that the linearized set is a full prefix plus a narrow window (see CacheKey).
        List<RegisterOp> ops = new ArrayList<>(history);
        ops.sort(Comparator.comparingLong(RegisterOp::call));
        int n = ops.size();
        Entry head = buildList(ops);
        int mustLinearize = 0;
        for (RegisterOp op : ops) {
            if (!op.unknown()) {
                mustLinearize++;
            }
        }
        BitSet linearized = new BitSet(n);
        Set<CacheKey> cache = new HashSet<>();
        Deque<Frame> stack = new ArrayDeque<>();
        Long state = initial;
        Entry entry = head.next;
        long steps = 0;
        int known = 0;
        int deepest = -1;
        RegisterOp stuckAt = null;
        Long stuckState = null;
        while (head.next != null) {
            if (++steps > maxSteps) {
                return new Verdict(Verdict.Result.UNKNOWN, "gave up after " + maxSteps + " steps", steps);
            }
            if ((steps & 0xFFF) == 0 && System.nanoTime() - started > deadlineNanos) {
                return new Verdict(Verdict.Result.UNKNOWN, "gave up after " + deadlineNanos / 1_000_000 + " ms", steps);
            }
            RegisterOp op = ops.get(entry.op);
            if (entry.isCall) {
                Object next = op.apply(state);
                if (next != RegisterOp.NOT_APPLICABLE) {
                    linearized.set(entry.op);
                    if (cache.add(CacheKey.of(linearized, (Long) next))) {
                        stack.push(new Frame(entry, state));
                        state = (Long) next;
                        if (!op.unknown()) {
                            known++;
                        }
                        entry.lift();
                        entry = head.next;
                        continue;
                    }
                    linearized.clear(entry.op);
                }
                entry = entry.next;
            } else {
                if (op.unknown() || known == mustLinearize) {
                    // Only returns at +infinity are left ahead: every known operation is linearized.
                    return new Verdict(Verdict.Result.LINEARIZABLE, "", steps);
                }
                if (known > deepest) {
                    deepest = known;
                    stuckAt = op;
                    stuckState = state;
                }
                if (stack.isEmpty()) {
                    return new Verdict(Verdict.Result.NOT_LINEARIZABLE, describe(deepest, mustLinearize, stuckAt,
                            stuckState), steps);
                }
                Frame top = stack.pop();
                RegisterOp undone = ops.get(top.call.op);
                if (!undone.unknown()) {
                    known--;
                }
                state = top.state;
                linearized.clear(top.call.op);
                top.call.unlift();
                entry = top.call.next;
            }
        }
        return new Verdict(Verdict.Result.LINEARIZABLE, "", steps);
    }

    private static String describe(int deepest, int total, RegisterOp stuckAt, Long state) {
        return "at most " + deepest + " of " + total + " operations with a known outcome can be ordered; then "
                + stuckAt + " must take effect, but no order allows it (the register would hold " + state
                + " there in the longest order found)";
    }

    /** The list head (a sentinel) followed by every call and return in time order, calls first on ties. */
    private static Entry buildList(List<RegisterOp> ops) {
        List<Entry> events = new ArrayList<>(2 * ops.size());
        for (int i = 0; i < ops.size(); i++) {
            RegisterOp op = ops.get(i);
            Entry call = new Entry(i, true, op.call());
            Entry ret = new Entry(i, false, op.ret());
            call.match = ret;
            events.add(call);
            events.add(ret);
        }
        // Calls before returns at equal times: operations that touch are treated as concurrent.
        events.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> !e.isCall));
        Entry head = new Entry(-1, true, Long.MIN_VALUE);
        Entry last = head;
        for (Entry e : events) {
            last.next = e;
            e.prev = last;
            last = e;
        }
        return head;
    }

    /** A call or return in the doubly linked list. */
    private static final class Entry {
        final int op;
        final boolean isCall;
        final long time;
        Entry match;
        Entry prev;
        Entry next;

        Entry(int op, boolean isCall, long time) {
            this.op = op;
            this.isCall = isCall;
            this.time = time;
        }

        /** Takes this call and its return out of the list. */
        void lift() {
            prev.next = next;
            if (next != null) {
                next.prev = prev;
            }
            match.prev.next = match.next;
            if (match.next != null) {
                match.next.prev = match.prev;
            }
        }

        /** Puts this call and its return back where {@link #lift()} took them from. */
        void unlift() {
            match.prev.next = match;
            if (match.next != null) {
                match.next.prev = match;
            }
            prev.next = this;
            if (next != null) {
                next.prev = this;
            }
        }
    }

    private record Frame(Entry call, Long state) {
    }

    /**
     * Lowe's cache entry: the set of linearized operations and the register state. The set is kept
     * as the length of its full prefix (in call order) and the bits after it, which span only the
     * operations concurrent at that point: a few words, where the whole set would grow with the
     * history and make the cache quadratic in memory.
     */
    private record CacheKey(int prefix, BitSet rest, Long state) {
        static CacheKey of(BitSet linearized, Long state) {
            int prefix = linearized.nextClearBit(0);
            return new CacheKey(prefix, linearized.get(prefix, Math.max(prefix, linearized.length())), state);
        }
    }
}
