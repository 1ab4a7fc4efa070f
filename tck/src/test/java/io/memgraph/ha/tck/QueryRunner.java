package io.memgraph.ha.tck;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one query the way a single-node server does: a fresh transaction, {@code execute}, pull all
 * rows, {@code Storage.commit}. Rows are converted while the transaction is open. The query runs on
 * its own thread with a deadline in its {@link QueryControl}; if it ignores the deadline, the
 * runner stops waiting after a grace period and abandons the thread, so a runaway scenario cannot
 * hang the build.
 */
final class QueryRunner {
    private static final long GRACE_SECONDS = 5;

    private final Storage storage;
    private final QueryEngine engine;
    private final long timeoutSeconds;

    QueryRunner(Storage storage, QueryEngine engine, long timeoutSeconds) {
        this.storage = storage;
        this.engine = engine;
        this.timeoutSeconds = timeoutSeconds;
    }

    QueryOutcome run(String query, Map<String, Object> parameters) {
        QueryControl control = QueryControl.withTimeoutSeconds(timeoutSeconds);
        FutureTask<QueryOutcome> task = new FutureTask<>(() -> runHere(query, parameters, control));
        Thread worker = new Thread(task, "tck-query");
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(timeoutSeconds + GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            control.cancel();
            worker.interrupt();
            return QueryOutcome.failure(new QueryOutcome.Failure(QueryOutcome.Phase.RUNTIME, null, null, false,
                    "Query did not stop within " + (timeoutSeconds + GRACE_SECONDS)
                            + " s although its deadline was " + timeoutSeconds + " s (abandoned)"));
        } catch (InterruptedException e) {
            control.cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a TCK query", e);
        } catch (ExecutionException e) {
            // runHere catches everything it can classify; what arrives here is a harness bug.
            throw new IllegalStateException("TCK harness failed running: " + query, e.getCause());
        }
    }

    private QueryOutcome runHere(String query, Map<String, Object> parameters, QueryControl control) {
        Transaction tx = storage.begin();
        QueryOutcome.Phase phase = QueryOutcome.Phase.COMPILE;
        try {
            List<String> columns;
            List<List<Object>> rows = new ArrayList<>();
            try (Execution ex = engine.execute(tx, query, parameters, control)) {
                phase = QueryOutcome.Phase.RUNTIME;
                columns = ex.columns();
                ResultConverter converter = new ResultConverter(ex.accessor());
                ex.pull(-1, row -> {
                    List<Object> converted = new ArrayList<>(row.length);
                    for (Object v : row) {
                        converted.add(converter.convert(v));
                    }
                    rows.add(converted);
                });
            }
            ApplyResult result = storage.commit(tx);
            if (!result.committed()) {
                return QueryOutcome.failure(new QueryOutcome.Failure(QueryOutcome.Phase.RUNTIME,
                        "ConstraintVerificationFailed", String.valueOf(result.reason()), false,
                        "Commit rejected: " + result.reason() + ": " + result.message()));
            }
            return QueryOutcome.success(columns, rows);
        } catch (CypherException e) {
            return QueryOutcome.failure(classify(phase, e));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return QueryOutcome.failure(new QueryOutcome.Failure(phase, null, null, false,
                    "Engine crashed with " + e.getClass().getSimpleName() + ": " + e.getMessage() + where(e)));
        } finally {
            tx.close();
        }
    }

    private static QueryOutcome.Failure classify(QueryOutcome.Phase phase, CypherException e) {
        CypherErrorKind kind = e.kind();
        String status = e.statusCode();
        String type = kind.category().tckType();
        boolean compileKind = kind.category() == CypherErrorKind.Category.SYNTAX
                || kind.category() == CypherErrorKind.Category.SEMANTIC
                || kind.category() == CypherErrorKind.Category.SEMANTIC_ERROR;
        if ("Neo.ClientError.Schema.ConstraintValidationFailed".equals(status)) {
            type = "ConstraintVerificationFailed";
            compileKind = false;
        }
        if (status.startsWith("Neo.TransientError.Transaction.Terminated")
                || status.equals("Neo.ClientError.Transaction.TransactionTimedOut")) {
            type = null; // stopped by the harness's deadline, not an error of the query
        }
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return new QueryOutcome.Failure(phase, type, type == null ? null : kind.tckDetail(), compileKind,
                status + " (" + kind.category().tckType() + ": " + kind.tckDetail() + "): " + message);
    }

    /** The innermost engine frame, so crashes group by where they happen. */
    private static String where(Throwable e) {
        for (StackTraceElement el : e.getStackTrace()) {
            if (el.getClassName().startsWith("io.memgraph.ha.")) {
                String cls = el.getClassName().substring(el.getClassName().lastIndexOf('.') + 1);
                return " at " + cls + "." + el.getMethodName() + "(" + el.getFileName() + ":" + el.getLineNumber() + ")";
            }
        }
        return "";
    }
}
