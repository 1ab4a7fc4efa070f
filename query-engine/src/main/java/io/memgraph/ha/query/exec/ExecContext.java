package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.csv.CsvFiles;
import io.memgraph.ha.query.eval.ExpressionEvaluator;
import io.memgraph.ha.storage.Transaction;

import java.io.Closeable;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one execution shares: the transaction, the evaluator (parameters, graph access),
 * the cancellation and limits control, the memory scope operators being opened count in, write
 * counters and, for PROFILE, per-operator figures.
 */
public final class ExecContext {
    private static final Logger LOG = LoggerFactory.getLogger(ExecContext.class);
    private Transaction tx;
    private final TransactionGraph graph;
    private io.memgraph.ha.query.TransactionBatches batches;
    private final ExpressionEvaluator evaluator;
    private final QueryControl control;
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final Map<Operator, ProfileStats> profile;
    private final MemoryScope rootMemory;
    private MemoryScope memory;
    private long writesAccounted;
    /** The context that counts the transaction's writes against the memory limit: this one, or the caller's. */
    private final ExecContext writesOwner;
    /** How many statements of procedures such as {@code apoc.cypher.run} this one runs inside (0: none). */
    private final int depth;
    private InnerQueries innerQueries = InnerQueries.NONE;
    private int ticks;
    private CsvFiles csvFiles = CsvFiles.NONE;
    /** Open files of LOAD CSV, closed by {@link #closeResources} whatever way the query ends. */
    private final Set<Closeable> resources = new LinkedHashSet<>();

    /** Per-operator PROFILE figures. */
    public static final class ProfileStats {
        long hits;
        long nanos;

        /** Rows the operator produced. */
        public long hits() {
            return hits;
        }

        /** Time spent in the operator and its inputs. */
        public long nanos() {
            return nanos;
        }
    }

    /**
     * @param profiling collect rows and time per operator
     */
    public ExecContext(Transaction tx, TransactionGraph graph, ExpressionEvaluator evaluator, QueryControl control,
                       boolean profiling) {
        this.tx = tx;
        this.graph = graph;
        this.evaluator = evaluator;
        this.control = control;
        this.profile = profiling ? new IdentityHashMap<>() : null;
        this.rootMemory = new MemoryScope(control, null);
        this.memory = rootMemory;
        this.writesOwner = this;
        this.depth = 0;
        graph.attach(this);
    }

    /**
     * The context of a statement {@code outer}'s procedure runs inside it ({@link CypherStatements}):
     * the same transaction, control and limits, the given graph access and parameters, its memory
     * a child of the scope {@code outer} is in, its writes counted by {@code outer}'s owner.
     */
    private ExecContext(ExecContext outer, TransactionGraph graph, ExpressionEvaluator evaluator) {
        this.tx = outer.tx;
        this.graph = graph;
        this.evaluator = evaluator;
        this.control = outer.control;
        this.profile = null;
        this.rootMemory = outer.memory.child();
        this.memory = rootMemory;
        this.writesOwner = outer.writesOwner;
        this.depth = outer.depth + 1;
        this.innerQueries = outer.innerQueries;
        this.csvFiles = outer.csvFiles;
        graph.attach(this);
    }

    /**
     * A context for a statement run inside this execution, in this transaction, with
     * {@code parameters} (and no others) and pattern expressions planned as {@code scopes} says.
     */
    ExecContext nested(PatternScopes scopes, java.util.Map<String, Object> parameters) {
        TransactionGraph inner = new TransactionGraph(tx, control, scopes);
        return new ExecContext(this, inner, new ExpressionEvaluator(parameters, inner, evaluator.clock()));
    }

    /** How many statements this one runs inside (0 for the query the client sent). */
    int depth() {
        return depth;
    }

    /** Lets procedures such as {@code apoc.cypher.run} plan the statements they are given through {@code queries}. */
    public ExecContext withInnerQueries(InnerQueries queries) {
        this.innerQueries = queries;
        return this;
    }

    /** What plans the statements procedures such as {@code apoc.cypher.run} run. */
    InnerQueries innerQueries() {
        return innerQueries;
    }

    /**
     * The memory scope of the operator being opened: an operator that keeps rows or values takes
     * it in {@link Operator#start} and reserves what it keeps there.
     */
    public MemoryScope memory() {
        return memory;
    }

    /** Opens {@code op} with its cursors counting their memory in {@code scope}. */
    public Cursor openIn(MemoryScope scope, Operator op) {
        MemoryScope outer = memory;
        memory = scope;
        try {
            return op.open(this);
        } finally {
            memory = outer;
        }
    }

    /** Fails when a short-lived value of {@code bytes} would not fit in the query's memory limit. */
    public void checkAllocation(long bytes) {
        control.checkAllocation(bytes);
    }

    /** Lets {@code CALL { } IN TRANSACTIONS} commit through {@code batches} (null: it cannot). */
    public ExecContext inTransactions(io.memgraph.ha.query.TransactionBatches batches) {
        this.batches = batches;
        return this;
    }

    /**
     * Commits what the transaction wrote so far and goes on in a new one (one batch of
     * {@code CALL { } IN TRANSACTIONS}); its writes no longer count against the memory limit.
     */
    void commitBatch() {
        requireBatches();
        switchTo(batches.commitAndBegin(tx));
    }

    /**
     * Discards what the transaction wrote since the last batch and goes on in a new one (a failed
     * batch of {@code CALL { } IN TRANSACTIONS ... ON ERROR CONTINUE | BREAK}); the write counters
     * go back to {@code counters}, taken when the batch began.
     */
    void rollbackBatch(Map<String, Long> counters) {
        requireBatches();
        switchTo(batches.rollbackAndBegin(tx));
        this.counters.clear();
        this.counters.putAll(counters);
    }

    /** Fails unless {@code CALL { } IN TRANSACTIONS} may commit here (an implicit transaction). */
    void requireBatches() {
        if (batches == null) {
            throw new StatusException(io.memgraph.ha.query.error.CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                    "Neo.DatabaseError.Transaction.TransactionStartFailed", "A query with 'CALL { ... } IN"
                    + " TRANSACTIONS' can only be executed in an implicit transaction, but tried to execute in an"
                    + " explicit transaction.");
        }
    }

    private void switchTo(Transaction next) {
        rootMemory.release(writesAccounted);
        writesAccounted = 0;
        tx = next;
        graph.switchTo(next);
    }

    /** Lets {@code LOAD CSV} read the files {@code files} allows. */
    public ExecContext withCsvFiles(CsvFiles files) {
        this.csvFiles = files;
        return this;
    }

    /** What {@code LOAD CSV} may read. */
    CsvFiles csvFiles() {
        return csvFiles;
    }

    /** Keeps {@code resource} to be closed when the query ends, unless {@link #release released} before. */
    <T extends Closeable> T register(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Closes {@code resource} now (its operator is done with it). */
    void release(Closeable resource) {
        if (resources.remove(resource)) {
            closeQuietly(resource);
        }
    }

    /** Closes every resource still open; the query has ended (finished, failed, cut short or stopped). */
    public void closeResources() {
        for (Closeable c : resources) {
            closeQuietly(c);
        }
        resources.clear();
    }

    /** Resources still open (for tests: a file left open is a leak). */
    public int openResources() {
        return resources.size();
    }

    /** Closes {@code c}; a failure is logged and goes no further: the query only read from it. */
    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Closing {} failed: {}", c, e.toString());
        }
    }

    /** The storage transaction (a new one after each batch of {@code CALL { } IN TRANSACTIONS}). */
    public Transaction tx() {
        return tx;
    }

    /** Graph access for expressions and results. */
    public TransactionGraph graph() {
        return graph;
    }

    /** The evaluator for this execution. */
    public ExpressionEvaluator eval() {
        return evaluator;
    }

    /**
     * Counts the transaction's new writes against the memory limit (they stay until the
     * transaction ends, whatever scope wrote them), and checks cancellation and the time limit
     * every 256 calls (cheap enough for inner loops).
     */
    public void tick() {
        writesOwner.accountWrites();
        if ((++ticks & 0xFF) == 0) {
            control.check();
        }
    }

    private void accountWrites() {
        long written = tx.writtenBytes();
        if (written != writesAccounted) {
            long more = written - writesAccounted;
            writesAccounted = written;
            rootMemory.reserve(more);
        }
    }

    /** The query's control: limits, cancellation, and the user it runs for. */
    public QueryControl control() {
        return control;
    }

    /** Checks cancellation and the deadline now. */
    public void check() {
        control.check();
    }

    /** Adds to a Bolt statistics counter. */
    public void count(String key, long delta) {
        if (delta != 0) {
            counters.merge(key, delta, Long::sum);
        }
    }

    /** The non-zero counters. */
    public Map<String, Long> counters() {
        return counters;
    }

    /** A copy of the counters now (to go back to when a batch is rolled back). */
    Map<String, Long> countersSnapshot() {
        return new LinkedHashMap<>(counters);
    }

    boolean profiling() {
        return profile != null;
    }

    /** PROFILE figures of an operator (null when not profiled or never opened). */
    public ProfileStats stats(Operator op) {
        return profile == null ? null : profile.get(op);
    }

    Cursor profile(Operator op, Cursor inner) {
        ProfileStats s = profile.computeIfAbsent(op, o -> new ProfileStats());
        return frame -> {
            long t0 = System.nanoTime();
            boolean r = inner.next(frame);
            s.nanos += System.nanoTime() - t0;
            if (r) {
                s.hits++;
            }
            return r;
        };
    }
}
