package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.BatchNotCommittedException;
import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.query.TransactionBatches;
import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.RejectReason;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import io.memgraph.ha.storage.auth.PasswordKdf;
import io.memgraph.ha.query.exec.Procedures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real in-memory storage and engine, with one auto-committed transaction per query. */
final class Db {
    final Storage storage = new Storage();
    final QueryEngine engine;
    Map<String, Object> lastStats = Map.of();
    /** Batches committed by CALL { } IN TRANSACTIONS so far. */
    int batchCommits;
    /** Batches rolled back by CALL { } IN TRANSACTIONS ... ON ERROR CONTINUE | BREAK so far. */
    int batchRollbacks;
    /** Batch commits asked for so far, refused ones too. */
    int batchCommitsAsked;
    /** When positive, the batch commit asked for with this number is refused as a write conflict. */
    int refuseBatchCommit;

    Db() {
        engine = new QueryEngine(storage);
    }

    /** An engine whose LOAD CSV reads what {@code csvFiles} allows. */
    Db(io.memgraph.ha.query.csv.CsvFiles csvFiles) {
        engine = new QueryEngine(storage, "1", Procedures.builtIn("Memgraph HA", "dev", "1"), csvFiles);
    }

    /** An engine whose user statements derive credentials with {@code kdf}. */
    Db(PasswordKdf kdf) {
        engine = new QueryEngine(storage, "1", Procedures.builtIn("Memgraph HA", "dev", "1"), kdf);
    }

    /** An engine whose SHOW DATABASES lists the servers {@code hosts} gives. */
    Db(io.memgraph.ha.query.show.Databases.Hosts hosts) {
        engine = new QueryEngine(storage, "1", Procedures.builtIn("Memgraph HA", "dev", "1"), new PasswordKdf(),
                io.memgraph.ha.query.csv.CsvFiles.NONE, hosts);
    }

    /** Runs and commits; returns rows as column-to-value maps. Fails the test if commit is refused. */
    List<Map<String, Object>> run(String query, Object... params) {
        Result r = runResult(query, params);
        if (!r.commit().committed()) {
            throw new AssertionError("commit refused: " + r.commit());
        }
        return r.rows();
    }

    record Result(List<Map<String, Object>> rows, ApplyResult commit, Map<String, Object> stats) {}

    Result runResult(String query, Object... params) {
        return runResult(QueryControl.unlimited(), query, params);
    }

    /** As {@link #runResult(String, Object...)}, under {@code control} (its cancellation and limits). */
    Result runResult(QueryControl control, String query, Object... params) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put((String) params[i], params[i + 1]);
        }
        Transaction[] tx = {storage.begin()};
        // CALL { } IN TRANSACTIONS: each batch commits to the storage and the query goes on in a new one
        TransactionBatches batches = new TransactionBatches() {
            @Override
            public Transaction commitAndBegin(Transaction done) {
                if (++batchCommitsAsked == refuseBatchCommit) {
                    done.close(); // nothing of it is written, as after a conflict found at commit
                    throw new BatchNotCommittedException("Neo.TransientError.Transaction.Outdated",
                            "Cannot commit: refused by the test");
                }
                ApplyResult r = storage.commit(done);
                done.close();
                if (!r.committed()) {
                    throw new BatchNotCommittedException(r.reason() == RejectReason.CONSTRAINT_VIOLATION
                            ? "Neo.ClientError.Schema.ConstraintValidationFailed"
                            : "Neo.TransientError.Transaction.Outdated", r.message());
                }
                batchCommits++;
                tx[0] = storage.begin();
                return tx[0];
            }

            @Override
            public Transaction rollbackAndBegin(Transaction done) {
                done.close();
                batchRollbacks++;
                tx[0] = storage.begin();
                return tx[0];
            }
        };
        try {
            List<Map<String, Object>> rows = new ArrayList<>();
            Map<String, Object> stats;
            try (Execution ex = engine.execute(tx[0], query, p, control, batches)) {
                rows.addAll(rowsOf(ex));
                stats = ex.stats();
            }
            lastStats = stats;
            return new Result(rows, storage.commit(tx[0]), stats);
        } finally {
            tx[0].close();
        }
    }

    /** Every row of {@code ex}, as column-to-value maps. */
    static List<Map<String, Object>> rowsOf(Execution ex) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> cols = ex.columns();
        ex.pull(-1, row -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < cols.size(); i++) {
                m.put(cols.get(i), row[i]);
            }
            rows.add(m);
        });
        return rows;
    }

    /** Runs {@code query} in {@code tx}, which the caller commits or rolls back, and returns its rows. */
    List<Map<String, Object>> runIn(Transaction tx, String query) {
        try (Execution ex = engine.execute(tx, query, Map.of(), QueryControl.unlimited())) {
            return rowsOf(ex);
        }
    }

    /** The type {@code query} reports (read, write, ...), planned in a transaction rolled back unrun. */
    io.memgraph.ha.query.QueryType typeOf(String query) {
        Transaction tx = storage.begin();
        try (Execution ex = engine.execute(tx, query, Map.of(), QueryControl.unlimited())) {
            return ex.type();
        } finally {
            tx.close();
        }
    }

    /**
     * Runs {@code query} to its end under {@code control} in a transaction that is rolled back, and
     * returns the status code of the error it stops with (fails the test when it does not).
     */
    String failureUnder(QueryControl control, String query) {
        return failure(control, query).statusCode();
    }

    /**
     * The error {@code query} fails with in an explicit transaction (one that cannot commit
     * batches), which is rolled back; fails the test when there is none.
     */
    io.memgraph.ha.query.error.CypherException failureInExplicitTransaction(String query) {
        return failure(QueryControl.unlimited(), query);
    }

    private io.memgraph.ha.query.error.CypherException failure(QueryControl control, String query) {
        Transaction tx = storage.begin();
        try (Execution ex = engine.execute(tx, query, Map.of(), control)) {
            ex.pull(-1, r -> { });
        } catch (io.memgraph.ha.query.error.CypherException e) {
            return e;
        } finally {
            tx.close();
        }
        throw new AssertionError("no error for " + query);
    }

    /** A graph of {@code n} :K nodes (i = 1..n), each joined to every other by one :E relationship. */
    static Db complete(int n) {
        Db db = new Db();
        db.run("UNWIND range(1, $n) AS i CREATE (:K {i: i})", "n", (long) n);
        db.run("MATCH (a:K), (b:K) WHERE a.i < b.i CREATE (a)-[:E]->(b)");
        return db;
    }

    /** Rows as lists of values (for compact assertions). */
    List<List<Object>> values(String query, Object... params) {
        List<List<Object>> out = new ArrayList<>();
        for (Map<String, Object> row : run(query, params)) {
            out.add(new ArrayList<>(row.values()));
        }
        return out;
    }

    /** The single value of a one-row, one-column result. */
    Object single(String query, Object... params) {
        List<List<Object>> v = values(query, params);
        if (v.size() != 1 || v.get(0).size() != 1) {
            throw new AssertionError("expected one value, got " + v);
        }
        return v.get(0).get(0);
    }

    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    /** Builds the social graph the tests share. */
    void social() {
        run("CREATE (alice:Person {name:'Alice', age:30, city:'London'}),"
                + " (bob:Person {name:'Bob', age:25, city:'Paris'}),"
                + " (carol:Person {name:'Carol', age:35, city:'London'}),"
                + " (dave:Person:Admin {name:'Dave', age:40}),"
                + " (acme:Company {name:'Acme'}),"
                + " (alice)-[:KNOWS {since:2010}]->(bob),"
                + " (bob)-[:KNOWS {since:2015}]->(carol),"
                + " (carol)-[:KNOWS {since:2018}]->(dave),"
                + " (alice)-[:KNOWS {since:2020}]->(carol),"
                + " (alice)-[:WORKS_AT {role:'dev'}]->(acme),"
                + " (bob)-[:WORKS_AT {role:'ops'}]->(acme)");
    }
}
