package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.BatchNotCommittedException;
import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.Functions;
import io.memgraph.ha.query.value.CypherValues;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loop under {@code apoc.periodic.commit} and Memgraph's {@code periodic.delete} (a
 * {@link Clause.Repeat}): for each input row, runs the subquery again and again, each run a batch
 * committed as its own transaction ({@link ExecContext#commitBatch}) before the next starts, while
 * the run's count, the sum of the subquery's one column, is at least {@code atLeast}. Nothing else
 * bounds the loop: a subquery that keeps finding work runs until the query's time limit or a
 * cancellation stops it, which is checked before every run (the runs before stay committed).
 *
 * <p>A run fails as a batch of {@link ApplyInTransactions} does (a query error while it runs, or
 * its commit refused). {@code FAIL} fails the query. {@code BREAK} rolls the run back, counts it
 * (a refused commit in {@code failedCommits}, another error in {@code failedBatches}, the
 * messages with how often each came) and ends the loop, as APOC does. A count that is not an
 * integer fails the query whatever the mode: it is the subquery's mistake, and every run would
 * repeat it.
 *
 * <p>Each input row comes out once, the subquery's column null and the status variable set to
 * {@link #status APOC's counts}.
 */
public final class RepeatInTransactions implements Operator {
    final Flow.Apply apply;
    final Expression atLeast;
    final Clause.OnError onError;
    final int statusSlot;
    final int previousSlot;
    final int totalSlot;
    final String procedure;

    /**
     * Runs of {@code apply}'s subquery; {@code statusSlot} is the slot of the status variable (or
     * -1), {@code previousSlot} and {@code totalSlot} those of the variables set before each run
     * (or -1); {@code procedure} names the call in messages.
     */
    public RepeatInTransactions(Flow.Apply apply, Expression atLeast, Clause.OnError onError, int statusSlot,
                                int previousSlot, int totalSlot, String procedure) {
        if (apply.returnFrom.length != 1) {
            throw new IllegalArgumentException("the repeated subquery returns one column, not "
                    + apply.returnFrom.length);
        }
        this.apply = apply;
        this.atLeast = atLeast;
        this.onError = onError;
        this.statusSlot = statusSlot;
        this.previousSlot = previousSlot;
        this.totalSlot = totalSlot;
        this.procedure = procedure;
    }

    /** What one loop did, in APOC's words; a run is a batch. */
    private static final class Tally {
        long batches;
        long updates;
        long executions;
        long failedBatches;
        final Map<String, Long> batchErrors = new LinkedHashMap<>();
        long failedCommits;
        final Map<String, Long> commitErrors = new LinkedHashMap<>();
    }

    /**
     * The status value: {@code batches} (runs started), {@code updates} (the sum of their counts),
     * {@code executions} (runs whose count was above 0), {@code failedBatches} and
     * {@code batchErrors}, {@code failedCommits} and {@code commitErrors} (each error message with
     * the number of runs it ended), and {@code runtime} in whole seconds.
     */
    static Map<String, Object> status(Tally t, long nanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batches", t.batches);
        m.put("updates", t.updates);
        m.put("executions", t.executions);
        m.put("failedBatches", t.failedBatches);
        m.put("batchErrors", Collections.unmodifiableMap(new LinkedHashMap<>(t.batchErrors)));
        m.put("failedCommits", t.failedCommits);
        m.put("commitErrors", Collections.unmodifiableMap(new LinkedHashMap<>(t.commitErrors)));
        m.put("runtime", nanos / 1_000_000_000L);
        return Collections.unmodifiableMap(m);
    }

    @Override
    public Cursor start(ExecContext ctx) {
        ctx.requireBatches();
        Cursor in = apply.input.open(ctx);
        long least = ApplyInTransactions.positive(ctx, atLeast, procedure);
        MemoryScope memory = ctx.memory().child();
        MemoryScope subMemory = memory.child();
        return new Cursor() {
            List<Object[]> inputs;
            int next;

            @Override
            public boolean next(Frame f) {
                if (inputs == null) {
                    inputs = Flow.drain(in, f, ctx, memory); // no cursor of the outer query across a commit
                }
                if (next == inputs.size()) {
                    inputs = List.of();
                    next = 0;
                    memory.releaseAll();
                    return false;
                }
                f.restore(inputs.get(next));
                inputs.set(next++, null);
                Map<String, Object> status = loop(f);
                f.set(apply.returnTo[0], null);
                if (statusSlot >= 0) {
                    f.set(statusSlot, status);
                }
                return true;
            }

            private Map<String, Object> loop(Frame f) {
                long started = System.nanoTime();
                Tally t = new Tally();
                long count = 0;
                do {
                    ctx.check(); // the one bound of the loop: the time limit, or a cancellation
                    if (previousSlot >= 0) {
                        f.set(previousSlot, count);
                        f.set(totalSlot, t.updates);
                    }
                    t.batches++;
                    Map<String, Long> counters = ctx.countersSnapshot();
                    long n;
                    try {
                        n = run(f);
                        ctx.commitBatch();
                    } catch (NotACount e) { // the run is not committed: the failed query ends its transaction
                        throw notACount(e.value);
                    } catch (BatchNotCommittedException e) {
                        if (onError == Clause.OnError.FAIL) {
                            throw e;
                        }
                        rollBack(counters);
                        t.failedCommits++;
                        t.commitErrors.merge(message(e), 1L, Long::sum);
                        break;
                    } catch (RuntimeException e) {
                        if (onError == Clause.OnError.FAIL || !ApplyInTransactions.batchError(e)) {
                            throw e;
                        }
                        rollBack(counters);
                        t.failedBatches++;
                        t.batchErrors.merge(message(e), 1L, Long::sum);
                        break;
                    }
                    count = n;
                    t.updates += n;
                    if (n > 0) {
                        t.executions++;
                    }
                } while (count >= least);
                return status(t, System.nanoTime() - started);
            }

            /** One run, not committed yet: the sum of the column. */
            private long run(Frame f) {
                Frame subFrame = apply.argument(f);
                Cursor c = ctx.openIn(subMemory, apply.subquery);
                long sum = 0;
                try {
                    while (c.next(subFrame)) {
                        ctx.tick();
                        if (!(subFrame.get(apply.returnFrom[0]) instanceof Long n)) {
                            throw new NotACount(subFrame.get(apply.returnFrom[0]));
                        }
                        sum += n;
                    }
                    return sum;
                } finally {
                    subMemory.releaseAll();
                }
            }

            private void rollBack(Map<String, Long> counters) {
                subMemory.releaseAll();
                ctx.rollbackBatch(counters);
            }
        };
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A run's column held {@code value}, which is not an integer: the run ends there. */
    private static final class NotACount extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Object value;

        NotACount(Object value) {
            super(null, null, false, false);
            this.value = value;
        }
    }

    private CypherException notACount(Object v) {
        String value = v == null ? "null" : Functions.show(v) + " (" + CypherValues.typeName(v) + ")";
        return new CypherException(CypherErrorKind.TYPE_MISMATCH, procedure + "'s statement must return an integer"
                + " count in its one column (the loop ends when it is 0), not " + value);
    }

    @Override
    public String describe() {
        return "RepeatInTransactions";
    }

    @Override
    public List<Operator> children() {
        return apply.children();
    }
}
