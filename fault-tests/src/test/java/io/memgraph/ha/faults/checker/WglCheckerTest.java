package io.memgraph.ha.faults.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.faults.checker.RegisterOp.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Known linearizable and known non-linearizable register histories, fed to the checker by hand. */
class WglCheckerTest {
    private static final long INF = Long.MAX_VALUE;
    private static final WglChecker CHECKER = new WglChecker(10_000_000, 30_000_000_000L);

    private final List<RegisterOp> ops = new ArrayList<>();

    private WglCheckerTest read(long value, long call, long ret) {
        ops.add(new RegisterOp(ops.size(), Kind.READ, value, null, call, ret));
        return this;
    }

    private WglCheckerTest write(long value, long call, long ret) {
        ops.add(new RegisterOp(ops.size(), Kind.WRITE, value, null, call, ret));
        return this;
    }

    private WglCheckerTest cas(long expected, long update, long call, long ret) {
        ops.add(new RegisterOp(ops.size(), Kind.CAS, expected, update, call, ret));
        return this;
    }

    private WglCheckerTest casMiss(long expected, long update, long call, long ret) {
        ops.add(new RegisterOp(ops.size(), Kind.CAS_MISS, expected, update, call, ret));
        return this;
    }

    private Verdict check() {
        return CHECKER.check(ops, 0L);
    }

    @Test
    void aSequentialHistoryThatFollowsTheModelIsLinearizable() {
        write(1, 0, 1).read(1, 2, 3).cas(1, 2, 4, 5).read(2, 6, 7).casMiss(1, 3, 8, 9).read(2, 10, 11);
        assertThat(check().result()).isEqualTo(Verdict.Result.LINEARIZABLE);
    }

    @Test
    void concurrentWritesMayTakeEffectInEitherOrder() {
        write(1, 0, 10).write(2, 1, 9).read(1, 11, 12).read(1, 13, 14);
        assertThat(check().result()).isEqualTo(Verdict.Result.LINEARIZABLE);
        ops.clear();
        write(1, 0, 10).write(2, 1, 9).read(2, 11, 12);
        assertThat(check().result()).isEqualTo(Verdict.Result.LINEARIZABLE);
    }

    @Test
    void aReadConcurrentWithAWriteMaySeeEitherValue() {
        write(1, 0, 10).read(0, 1, 2).read(1, 3, 4).read(1, 11, 12);
        assertThat(check().result()).isEqualTo(Verdict.Result.LINEARIZABLE);
    }

    @Test
    void lostWriteIsNotLinearizable() {
        // An acknowledged write that no later read sees.
        write(5, 0, 1).read(0, 2, 3);
        Verdict v = check();
        assertThat(v.result()).isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
        assertThat(v.detail()).contains("read -> 0");
    }

    @Test
    void laterWriteLostIsNotLinearizable() {
        write(1, 0, 1).write(2, 2, 3).read(1, 4, 5);
        assertThat(check().result()).isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
    }

    @Test
    void staleReadIsNotLinearizable() {
        // A read sees the new value, a later read the old one again.
        write(1, 0, 1).write(2, 2, 3).read(2, 4, 5).read(1, 6, 7);
        assertThat(check().result()).isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
    }

    @Test
    void staleReadAfterACompletedWriteIsNotLinearizable() {
        write(1, 0, 1).write(2, 2, 3).read(1, 4, 5);
        assertThat(check().result()).isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
    }

    @Test
    void duplicateWriteIsNotLinearizable() {
        // 1 is seen, then 2, then 1 again: the write of 1 took effect twice.
        write(1, 0, 100).write(2, 1, 2).read(1, 3, 4).read(2, 5, 6).read(1, 7, 8);
        assertThat(check().result()).isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
    }

    @Test
    void compareAndSetThatSwappedTwiceIsNotLinearizable() {
        cas(0, 1, 0, 1).write(0, 2, 3).read(0, 4, 5).read(1, 6, 7);
        assertThat(check().result()).isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
    }

    @Test
    void compareAndSetMissWhenTheValueWasThereIsNotLinearizable() {
        write(3, 0, 1).casMiss(3, 4, 2, 3);
        assertThat(check().result()).isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
    }

    @Test
    void aWriteWithUnknownOutcomeMayTakeEffectLateOrNever() {
        write(7, 0, INF).read(0, 1, 2).read(7, 3, 4).read(7, 5, 6);
        assertThat(check().result()).isEqualTo(Verdict.Result.LINEARIZABLE);
        ops.clear();
        write(7, 0, INF).read(0, 1, 2).read(0, 50, 60);
        assertThat(check().result()).as("never took effect").isEqualTo(Verdict.Result.LINEARIZABLE);
        ops.clear();
        write(7, 0, INF);
        assertThat(check().result()).as("only an unknown operation").isEqualTo(Verdict.Result.LINEARIZABLE);
    }

    @Test
    void aWriteWithUnknownOutcomeCannotBeUndoneOrSeenBeforeItsCall() {
        write(7, 0, INF).read(7, 1, 2).read(0, 3, 4);
        assertThat(check().result()).as("seen, then gone").isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
        ops.clear();
        read(7, 0, 1).write(7, 2, INF);
        assertThat(check().result()).as("seen before it was invoked").isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
    }

    @Test
    void anUnknownCompareAndSetTakesEffectAtMostOnce() {
        cas(0, 3, 0, INF).read(3, 5, 6).write(0, 7, 8).read(0, 9, 10);
        assertThat(check().result()).isEqualTo(Verdict.Result.LINEARIZABLE);
        ops.clear();
        cas(0, 3, 0, INF).read(3, 5, 6).write(0, 7, 8).read(3, 9, 10);
        assertThat(check().result()).isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
    }

    @Test
    void randomConcurrentHistoriesOfARealRegisterAreLinearizableAndOneBadReadIsCaught() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            ops.clear();
            simulate(random, 5, 300, 20);
            assertThat(check().result()).as("round " + round).isEqualTo(Verdict.Result.LINEARIZABLE);
            // Replace one read's result by a value nobody wrote.
            int i = random.nextInt(ops.size());
            while (ops.get(i).kind() != Kind.READ) {
                i = (i + 1) % ops.size();
            }
            RegisterOp r = ops.get(i);
            ops.set(i, new RegisterOp(r.id(), Kind.READ, -1L, null, r.call(), r.ret()));
            assertThat(check().result()).as("round " + round + " with a bad read").isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLongHistoryIsCheckedQuicklyInLittleMemory() {
        // About what one key collects in an hour of the fault suite, with about as few unknown
        // outcomes (each one never taken back stays open to the end and widens the search).
        simulate(new Random(3), 7, 100_000, 2000);
        Verdict v = CHECKER.check(ops, 0L);
        assertThat(v.result()).isEqualTo(Verdict.Result.LINEARIZABLE);
    }

    @Test
    void theSearchGivesUpWithUnknownWhenOverBudget() {
        Random random = new Random(7);
        simulate(random, 8, 400, 20);
        Verdict v = new WglChecker(50, 30_000_000_000L).check(ops, 0L);
        assertThat(v.result()).isEqualTo(Verdict.Result.UNKNOWN);
        assertThat(v.detail()).contains("50 steps");
    }

    /**
     * A real register used by {@code processes} clients at once: each operation takes effect at an
     * instant inside its interval, and one write or swap in {@code unknownOneIn} has an unknown outcome
     * (half of those took effect).
     */
    private void simulate(Random random, int processes, int count, int unknownOneIn) {
        long[] free = new long[processes];
        long state = 0;
        long time = 0;
        long nextValue = 1;
        record Pending(int process, RegisterOp op) {
        }
        for (int k = 0; k < count; k++) {
            time += 1 + random.nextInt(3);
            int p = random.nextInt(processes);
            long call = Math.max(time, free[p]);
            long effect = call + random.nextInt(5);
            long ret = effect + 1 + random.nextInt(5);
            free[p] = ret + 1;
            // Effects happen in call order here, so `state` is the register at `effect` for this op.
            int what = random.nextInt(4);
            boolean unknown = random.nextInt(unknownOneIn) == 0;
            RegisterOp op;
            if (what == 0) {
                op = new RegisterOp(ops.size(), Kind.READ, state, null, call, ret);
                unknown = false;
            } else if (what == 1) {
                long v = nextValue++;
                boolean happens = !unknown || random.nextBoolean();
                if (happens) {
                    state = v;
                }
                op = new RegisterOp(ops.size(), Kind.WRITE, v, null, call, unknown ? INF : ret);
            } else {
                long expected = random.nextBoolean() ? state : state + 1000;
                long v = nextValue++;
                if (expected == state) {
                    boolean happens = !unknown || random.nextBoolean();
                    if (happens) {
                        state = v;
                    }
                    op = new RegisterOp(ops.size(), Kind.CAS, expected, v, call, unknown ? INF : ret);
                } else {
                    op = new RegisterOp(ops.size(), Kind.CAS_MISS, expected, v, call, ret);
                }
            }
            ops.add(op);
            time = effect;
        }
    }
}
