package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.BatchNotCommittedException;
import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.StorageException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code CALL { } IN TRANSACTIONS [OF n ROWS] [ON ERROR ...] [REPORT STATUS AS s]}: reads all input
 * rows first (the outer query's reads end before the first commit), then per batch of {@code n}
 * rows (default 1000) runs the subquery for each row as {@link Flow.Apply} does, commits the batch
 * as its own transaction ({@link ExecContext#commitBatch}) and passes the batch's rows on. An input
 * that reads nothing of the graph (LOAD CSV, UNWIND, WITH) holds no cursor over the transaction a
 * commit ends, so it is read one batch at a time instead: a file of a million rows is never held
 * whole.
 *
 * <p>A batch fails when its subquery raises a query error (see {@link #batchError}) or its commit
 * is refused ({@link BatchNotCommittedException}). {@code FAIL} (the default) fails the query, the
 * batches before staying committed. {@code CONTINUE} and {@code BREAK} roll the batch back, count
 * nothing of it, and pass each of its input rows on once with the subquery's columns null; then
 * {@code CONTINUE} goes on with the next batch, {@code BREAK} passes the later rows on the same way
 * without running them. The status report ({@link #status}) goes with every row.
 */
public final class ApplyInTransactions implements Operator {
    /** Rows per batch when the query does not say. */
    public static final long DEFAULT_BATCH = 1000;
    final Flow.Apply apply;
    final Expression batchSize;
    final Expression concurrency;
    final boolean streamInput;
    final Clause.OnError onError;
    final int statusSlot;

    /**
     * Batches of {@code apply}'s input; {@code batchSize} null for the default; {@code concurrency}
     * (of {@code IN n CONCURRENT TRANSACTIONS}) null when not given, else checked and then not
     * used: the batches run one after another, a valid order of concurrent ones; with
     * {@code streamInput} the input is pulled a batch at a time (it must not read the graph); a
     * failing batch handled as {@code onError} says; {@code statusSlot} is the slot of the
     * {@code REPORT STATUS} variable, or -1 without it.
     */
    public ApplyInTransactions(Flow.Apply apply, Expression batchSize, Expression concurrency, boolean streamInput,
                               Clause.OnError onError, int statusSlot) {
        this.apply = apply;
        this.batchSize = batchSize;
        this.concurrency = concurrency;
        this.streamInput = streamInput;
        this.onError = onError;
        this.statusSlot = statusSlot;
    }

    /**
     * Whether {@code e}, raised while a batch's subquery ran, is that batch's failure, which
     * {@code ON ERROR CONTINUE | BREAK} may take: a query error (type, arithmetic, argument,
     * constraint, deleted entity, LOAD CSV inside the subquery) or a storage refusal. Not a query
     * stopped from outside (cancelled, past its time or memory limit: the limits are the whole
     * query's) and not a bug: those fail the query.
     */
    static boolean batchError(RuntimeException e) {
        return !(e instanceof QueryStoppedException) && (e instanceof CypherException || e instanceof StorageException);
    }

    /**
     * The {@code REPORT STATUS} value, with Neo4j's keys: {@code transactionId} is {@code batch-<k>},
     * the batch's number in this query (1 for the first), null for a batch never started.
     */
    static Map<String, Object> status(boolean started, boolean committed, int batch, String errorMessage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", started);
        m.put("committed", committed);
        m.put("transactionId", started ? "batch-" + batch : null);
        m.put("errorMessage", errorMessage);
        return java.util.Collections.unmodifiableMap(m);
    }

    static long positive(ExecContext ctx, Expression e, String clause) {
        long n = ctx.eval().evaluateCount(e, clause);
        if (n < 1) {
            throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                    "Invalid input. '" + n + "' is not a valid value. Must be a positive integer.", e.position());
        }
        return n;
    }

    @Override
    public Cursor start(ExecContext ctx) {
        ctx.requireBatches();
        Cursor in = apply.input.open(ctx);
        long n = batchSize == null ? DEFAULT_BATCH : positive(ctx, batchSize, "OF ... ROWS");
        if (concurrency != null) {
            positive(ctx, concurrency, "IN ... CONCURRENT TRANSACTIONS");
        }
        MemoryScope memory = ctx.memory().child(); // what this cursor keeps, released as a whole
        MemoryScope subMemory = memory.child();
        return new Cursor() {
            List<Object[]> inputs;
            int nextInput;
            final ArrayDeque<Object[]> out = new ArrayDeque<>();
            boolean inputEnded;
            /** Batches started so far. */
            int batches;
            /** A batch failed under ON ERROR BREAK: the later rows pass on without running. */
            boolean broken;

            @Override
            public boolean next(Frame f) {
                if (inputs == null) {
                    inputs = streamInput ? List.of() : Flow.drain(in, f, ctx, memory);
                    inputEnded = !streamInput;
                }
                while (out.isEmpty()) {
                    if (nextInput == inputs.size() && !inputEnded) {
                        memory.releaseAll();
                        inputs = batch(f);
                        nextInput = 0;
                    }
                    if (nextInput == inputs.size()) {
                        inputs = List.of();
                        nextInput = 0;
                        memory.releaseAll();
                        return false;
                    }
                    int end = (int) Math.min(inputs.size(), nextInput + n);
                    List<Object[]> rows = new ArrayList<>(inputs.subList(nextInput, end));
                    for (; nextInput < end; nextInput++) {
                        inputs.set(nextInput, null);
                    }
                    if (broken) {
                        passOn(rows, f, status(false, false, 0, null));
                    } else {
                        runBatch(rows, f);
                    }
                }
                f.restore(out.poll());
                return true;
            }

            /** Runs and commits one batch; a failure ON ERROR takes rolls it back instead. */
            private void runBatch(List<Object[]> rows, Frame f) {
                int batch = ++batches;
                Map<String, Long> counters = ctx.countersSnapshot();
                RuntimeException failure;
                try {
                    for (Object[] row : rows) {
                        f.restore(row);
                        runSubquery(f);
                    }
                    ctx.commitBatch();
                    setStatus(status(true, true, batch, null));
                    return;
                } catch (BatchNotCommittedException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    if (!batchError(e)) {
                        throw e;
                    }
                    failure = e;
                }
                if (onError == Clause.OnError.FAIL) {
                    throw failure;
                }
                out.clear();
                subMemory.releaseAll();
                ctx.rollbackBatch(counters);
                passOn(rows, f, status(true, false, batch, failure.getMessage()));
                broken = onError == Clause.OnError.BREAK;
            }

            /** Queues each of {@code rows} once, the subquery's columns null, with {@code status}. */
            private void passOn(List<Object[]> rows, Frame f, Map<String, Object> status) {
                for (Object[] row : rows) {
                    f.restore(row);
                    for (int slot : apply.returnTo) {
                        f.set(slot, null);
                    }
                    if (statusSlot >= 0) {
                        f.set(statusSlot, status);
                    }
                    out.add(f.copy());
                }
            }

            /** Puts {@code status} into every queued row (all of them are the batch's). */
            private void setStatus(Map<String, Object> status) {
                if (statusSlot >= 0) {
                    for (Object[] row : out) {
                        row[statusSlot] = status;
                    }
                }
            }

            /** Up to one batch of input rows (fewer at the end of the input). */
            private List<Object[]> batch(Frame f) {
                List<Object[]> rows = Flow.drain(in, f, ctx, memory, n);
                inputEnded = rows.size() < n;
                return rows;
            }

            /** The subquery for the row in {@code f}: its rows (or the row itself for a unit subquery) queued. */
            private void runSubquery(Frame f) {
                Frame subFrame = apply.argument(f);
                Cursor c = ctx.openIn(subMemory, apply.subquery);
                boolean produced = false;
                while (c.next(subFrame)) {
                    ctx.tick();
                    produced = true;
                    if (apply.returnFrom.length > 0) {
                        apply.copyReturns(subFrame, f);
                        out.add(f.copy());
                    }
                }
                subMemory.releaseAll();
                if (apply.returnFrom.length == 0 || (!produced && apply.optional)) {
                    for (int slot : apply.returnTo) {
                        f.set(slot, null);
                    }
                    out.add(f.copy());
                }
            }
        };
    }

    @Override
    public String describe() {
        return "ApplyInTransactions";
    }

    @Override
    public List<Operator> children() {
        return apply.children();
    }
}
