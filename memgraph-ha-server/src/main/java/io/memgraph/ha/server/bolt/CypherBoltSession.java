package io.memgraph.ha.server.bolt;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.ConnectionInfo;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import io.memgraph.ha.query.BatchNotCommittedException;
import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.TransactionCommand;
import io.memgraph.ha.query.TransactionBatches;
import io.memgraph.ha.query.show.Databases;
import io.memgraph.ha.server.auth.Authenticator;
import io.memgraph.ha.server.replication.Completions;
import io.memgraph.ha.server.replication.HaEntry;
import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import io.memgraph.ha.storage.WriteSet;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: runs Cypher through the query engine in storage transactions.
 *
 * <ul>
 *   <li>Auto-commit: a RUN outside a transaction begins one, and commits it when the result is
 *       fully consumed or discarded; the last summary carries the bookmark.
 *   <li>Explicit: BEGIN, any number of RUNs (several results may be open at once), COMMIT or
 *       ROLLBACK. Bolt 1 clients use the queries {@code BEGIN}, {@code COMMIT} and
 *       {@code ROLLBACK} instead (accepted in every version, as Memgraph does).
 *   <li>A failing query ends its transaction: the client's RESET (or, in Bolt 1, the textual
 *       transaction being rolled back right away) leaves the session clean.
 *   <li>Resolve: BEGIN with {@code tx_metadata} {@code {ha_tx_id: X, ha_tx_resolve: true}} in write
 *       mode, then COMMIT (no RUN) proposes a resolve fence for X through the log. COMMIT answers
 *       SUCCESS with the bookmark of X's commit when X committed before the fence, otherwise
 *       {@code Neo.TransientError.Transaction.NotCommitted}, and then no commit of X ever applies.
 * </ul>
 *
 * <p>Called by one worker thread at a time; only {@link #interrupt()} comes from another thread.
 */
final class CypherBoltSession implements BoltSession {
    private static final Logger LOG = LoggerFactory.getLogger(CypherBoltSession.class);
    /** The key of the client's transaction id in {@code tx_metadata} (exactly-once commits). */
    static final String HA_TX_ID = "ha_tx_id";
    /** The key in {@code tx_metadata} that makes a transaction a resolve fence for its {@code ha_tx_id}. */
    static final String HA_TX_RESOLVE = "ha_tx_resolve";
    private static final Pattern SHOW_STORAGE_INFO =
            Pattern.compile("\\s*SHOW\\s+STORAGE\\s+INFO\\s*;?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHOW_STATE_HASH =
            Pattern.compile("\\s*SHOW\\s+STATE\\s+HASH\\s*;?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHOW_RAFT_INFO =
            Pattern.compile("\\s*SHOW\\s+RAFT\\s+INFO\\s*;?\\s*", Pattern.CASE_INSENSITIVE);
    /** A transaction an event loop may go on with ({@link #lightTx()}) has run fewer queries than this. */
    static final int LIGHT_TX_QUERIES = 16;
    /** The most time the finished queries of such a transaction took in all. */
    static final long LIGHT_TX_NANOS = 4 * QueryTimings.QUICK_NANOS;

    private final Storage storage;
    private final Committer committer;
    private final QueryEngine engine;
    private final CypherBoltBackend.Settings settings;
    private final ConnectionInfo info;
    /** The client's address as {@code SHOW TRANSACTIONS} shows it, made once per connection. */
    private final String clientAddress;
    /** Cancels this session's running queries; one object for every transaction it registers. */
    private final Runnable cancelRunning = this::cancelRunning;
    private final ServerProcedures procedures;
    private final ClusterRole cluster;
    private final Authenticator authenticator;
    private final QueryTimings timings;
    private final TransactionRegistry transactions;
    /** This session's place among the transactions {@code SHOW TRANSACTIONS} lists. */
    private final TransactionRegistry.Slot slot;
    /** The user the connection logged in as, or {@code ""} when logins are not checked. */
    private volatile String username = "";

    /** Controls of the queries that may be running now; RESET cancels them all. */
    private final Set<QueryControl> running = ConcurrentHashMap.newKeySet();
    private volatile boolean interruptRequested;

    // The explicit transaction (Bolt BEGIN or textual BEGIN), null when there is none.
    private Transaction tx;
    /** What {@code SHOW TRANSACTIONS} sees of {@link #tx}, or null. */
    private RunningTransaction txInfo;
    private boolean textualTx;
    private boolean txReadOnly;
    private Duration txTimeout;
    private boolean txFailed;
    /**
     * The leader term a write transaction began in (it commits only in that term), or a read on the
     * leader (confirmed in that term at its end), or -1.
     */
    private long txTerm = -1;
    /** The client's {@code ha_tx_id} of the explicit transaction, or null. */
    private String txId;
    /** Whether the explicit transaction is a resolve fence for {@link #txId} (it runs no queries). */
    private boolean txResolve;
    /** Results of the explicit transaction the client has not consumed yet. */
    private final List<QueryResult> txResults = new ArrayList<>();
    /** How many queries the explicit transaction ran, and how long those that ended took in all. */
    private int txQueries;
    private long txSpentNanos;
    /**
     * {@link #LIGHT_TX_NANOS}, except in tests that check the query count alone (on a busy machine
     * wall-clock time makes a few quick queries look slow).
     */
    long lightTxNanos = LIGHT_TX_NANOS;

    CypherBoltSession(Storage storage, Committer committer, QueryEngine engine, CypherBoltBackend.Settings settings,
            ClusterRole cluster, Authenticator authenticator, QueryTimings timings, ConnectionInfo info,
            TransactionRegistry transactions) {
        this.storage = storage;
        this.transactions = transactions;
        this.slot = transactions.open();
        this.timings = timings;
        this.authenticator = authenticator;
        this.cluster = cluster;
        this.committer = committer;
        this.engine = engine;
        this.settings = settings;
        this.info = info;
        this.clientAddress = clientAddress(info.remoteAddress());
        this.procedures = new ServerProcedures(settings.version());
    }

    @Override
    public void authenticate(Map<String, Object> authToken) {
        // Only the scheme and principal are logged, never the credentials.
        String user = authenticator.authenticate(authToken, info.remoteAddress());
        username = user == null ? "" : user;
        LOG.debug("Connection {} from {} authenticated (scheme {}, principal {}{})", info.connectionId(),
                info.remoteAddress(), authToken.get("scheme"), authToken.get("principal"),
                user == null ? "; not checked: authentication is off or there are no users" : "");
    }

    /** The one database: what a stream's summary names when the client named none ({@link Databases#NAME}). */
    @Override
    public String defaultDatabase() {
        return Databases.NAME;
    }

    @Override
    public Map<String, Object> helloMetadata() {
        return cluster.helloMetadata();
    }

    @Override
    public ResultStream run(String query, Map<String, Object> parameters, TxOptions options) {
        TextCommand command = TextCommand.of(query);
        if (command != null) {
            return transactionCommand(command, options);
        }
        if (tx != null ? txResolve
                : options.metadata().containsKey(HA_TX_RESOLVE) && haTxResolve(options, haTxId(options))) {
            // Its COMMIT only asks the log about an earlier transaction; writes here would be lost.
            queryFailed(false);
            throw new BoltFailureException(FailureMapper.REQUEST_INVALID, "A resolve transaction (tx_metadata."
                    + HA_TX_RESOLVE + ") runs no queries: send BEGIN, then COMMIT");
        }
        ResultStream procedure = procedures.answer(query);
        if (procedure != null) {
            return procedure;
        }
        if (mayBeAboutServer(query) && engine.aboutServer(query)) {
            return aboutServer(query, parameters, options);
        }
        ResultStream transactionCommand = transactionCommand(query, parameters, options);
        if (transactionCommand != null) {
            return transactionCommand;
        }
        if (startsWithWord(query, "SHOW")) { // no regex for the queries that cannot match
            if (SHOW_RAFT_INFO.matcher(query).matches()) {
                return new StaticRows(List.of("info", "value"), cluster.raftInfo());
            }
            if (SHOW_STATE_HASH.matcher(query).matches()) {
                return new StaticRows(List.of("info", "value"), stateHash());
            }
            if (tx == null && SHOW_STORAGE_INFO.matcher(query).matches()
                    && !Boolean.TRUE.equals(options.metadata().get(ClusterRole.LOCAL_ONLY))) {
                List<List<Object>> peers = cluster.peerStorageInfo();
                if (!peers.isEmpty()) {
                    List<List<Object>> rows = new ArrayList<>(localRows(query));
                    rows.addAll(peers);
                    return new StaticRows(List.of("server id", "storage info", "value"), rows);
                }
            }
        }
        if (tx != null) {
            if (txInfo.terminated()) {
                txFailed = true;
                throw txInfo.terminatedFailure();
            }
            if (txFailed) {
                throw new BoltFailureException(FailureMapper.TRANSACTION_NOT_FOUND,
                        "The transaction failed earlier; roll it back and start a new one");
            }
            return start(tx, false, query, parameters, txReadOnly, txTimeout, txTerm, txId, txInfo);
        }
        String id = haTxId(options);
        long term = admit(options);
        Transaction t = storage.begin();
        RunningTransaction running = track(options, query);
        try {
            return start(t, true, query, parameters, options.readOnly(), options.timeout(), term, id, running);
        } catch (RuntimeException e) {
            slot.end(running);
            t.close();
            throw e;
        }
    }

    /** Makes a new transaction of this session the one {@code SHOW TRANSACTIONS} sees. */
    private RunningTransaction track(TxOptions options, String query) {
        RunningTransaction running = transactions.newTransaction(info.connectionId(), clientAddress, username,
                options.metadata(), query, cancelRunning);
        slot.begin(running);
        return running;
    }

    private static String clientAddress(SocketAddress remote) {
        return remote == null ? "" : hostPort(remote);
    }

    /** {@code host:port} of a socket address ({@code [v6]:port}), as drivers and SHOW TRANSACTIONS write it. */
    private static String hostPort(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /**
     * {@code SHOW TRANSACTIONS} and {@code TERMINATE TRANSACTIONS}: answered here, outside any
     * transaction of this session, from the {@link TransactionRegistry}; null for other queries.
     * Every error of the text (its YIELD, WHERE and RETURN included) comes before anything is
     * terminated; the engine then shapes the rows as for every SHOW command, in a read transaction
     * of their own (a WHERE may read the graph) and under this server's query limits.
     */
    private ResultStream transactionCommand(String query, Map<String, Object> parameters, TxOptions options) {
        if (!TransactionCommand.names(query)) {
            return null; // every other query: its parameters are not converted twice
        }
        TransactionCommand command;
        Map<String, Object> engineParameters;
        try {
            engineParameters = BoltValueConverter.parametersToEngine(parameters);
            command = TransactionCommand.of(query, engineParameters);
        } catch (RuntimeException e) {
            throw FailureMapper.map(e, query);
        }
        if (command == null) {
            return null;
        }
        List<Object[]> table;
        if (!command.terminate()) {
            table = transactions.show(command.ids());
        } else {
            String by = (username.isEmpty() ? "" : "user '" + username + "' on ") + "connection "
                    + info.connectionId() + " from " + clientAddress;
            table = transactions.terminate(command.ids(), by);
        }
        Map<String, Object> given = engineParameters;
        return runAlone(query, options, (t, control) -> engine.answer(command, table, t, given, control));
    }

    /**
     * A query about the server, not the graph ({@link QueryEngine#aboutServer}: {@code SHOW
     * DATABASES}, a standalone {@code CALL dbms.clientConfig()} and the like): answered here on any
     * server, leader or not, in any session and database, outside any transaction of this session.
     */
    private ResultStream aboutServer(String query, Map<String, Object> parameters, TxOptions options) {
        Map<String, Object> engineParameters;
        try {
            engineParameters = BoltValueConverter.parametersToEngine(parameters);
        } catch (RuntimeException e) {
            throw FailureMapper.map(e, query);
        }
        return runAlone(query, options, (t, control) -> engine.execute(t, query, engineParameters, control));
    }

    /**
     * Runs what {@code start} starts to its end in a read transaction of its own (a WHERE may read
     * the graph), under this server's query limits and for this session's user, and returns its rows.
     */
    private ResultStream runAlone(String query, TxOptions options,
            java.util.function.BiFunction<Transaction, QueryControl, Execution> start) {
        QueryControl control = new QueryControl(timeLimit(options.timeout()), settings.queryMemoryLimitBytes(),
                username);
        Transaction t = storage.begin();
        try (Execution e = start.apply(t, control)) {
            return new StaticRows(e.columns(), drain(e));
        } catch (RuntimeException e) {
            throw FailureMapper.map(e, query);
        } finally {
            t.close();
        }
    }

    /** Stops the queries running now at their next check (a TERMINATE of this session's transaction). */
    private void cancelRunning() {
        for (QueryControl c : running) {
            c.cancel();
        }
    }

    /** The failure to send for {@code e}: the termination, when the transaction was terminated. */
    private static BoltFailureException failure(RuntimeException e, String query, RunningTransaction running) {
        return running != null && running.terminated() ? running.terminatedFailure() : FailureMapper.map(e, query);
    }

    /**
     * Yes for a query whose recent runs make it quick ({@link QueryTimings}) when nothing would
     * make it wait: as an auto-commit query, the client's bookmarks are applied and its admission
     * ({@link ClusterRole#admitsWithoutWaiting}) needs no barrier, no readiness and no handover;
     * inside a Bolt transaction, the transaction is still light ({@link #lightTx()}).
     */
    @Override
    public boolean runsWithoutWaiting(String query, TxOptions options) {
        if (interruptRequested || !timings.quick(query)) {
            return false;
        }
        if (tx != null) {
            return lightTx();
        }
        return !options.metadata().containsKey(HA_TX_RESOLVE) && admitsWithoutWaiting(options);
    }

    /** Yes when {@link #admit} would let the transaction in at once (and it is no resolve fence). */
    @Override
    public boolean beginsWithoutWaiting(TxOptions options) {
        return tx == null && !interruptRequested && !options.metadata().containsKey(HA_TX_RESOLVE)
                && admitsWithoutWaiting(options);
    }

    /**
     * Yes when the Bolt transaction is light and every result is consumed: what its commit does
     * before it hands the write set on (preparing it) then costs about what its queries did.
     */
    @Override
    public boolean commitsWithoutWaiting() {
        return tx != null && !interruptRequested && txResults.isEmpty() && lightTx();
    }

    /**
     * A Bolt transaction (not a textual one, nor a resolve fence) that has not failed, has run fewer
     * than {@link #LIGHT_TX_QUERIES} queries, and whose finished queries took at most
     * {@link #LIGHT_TX_NANOS} in all.
     */
    private boolean lightTx() {
        return !textualTx && !txFailed && !txResolve && txQueries < LIGHT_TX_QUERIES
                && txSpentNanos <= lightTxNanos;
    }

    private boolean admitsWithoutWaiting(TxOptions options) {
        if (!options.bookmarks().isEmpty()) {
            try {
                if (Bookmarks.newestIndex(options.bookmarks()) > storage.lastAppliedIndex()) {
                    return false;
                }
            } catch (BoltFailureException e) {
                return false; // a malformed bookmark: the worker answers it
            }
        }
        return cluster.admitsWithoutWaiting(options.readOnly(),
                Boolean.TRUE.equals(options.metadata().get(ClusterRole.LEADER_READ)));
    }

    /**
     * A cheap look at the text before {@link QueryEngine#aboutServer} parses it: a {@code SHOW} or a
     * {@code CALL}, or a query that starts with {@code UNWIND} or {@code WITH} and names a DBMS
     * procedure (cypher-shell's {@code :sysinfo}: {@code UNWIND $metrics AS metric CALL
     * dbms.queryJmx(...)}). Every other query goes on untouched.
     */
    private static boolean mayBeAboutServer(String query) {
        return startsWithWord(query, "SHOW") || startsWithWord(query, "CALL")
                || (startsWithWord(query, "UNWIND") || startsWithWord(query, "WITH")) && query.contains("dbms.");
    }

    /** Whether {@code query}, after leading white space, starts with {@code word} in any case. */
    static boolean startsWithWord(String query, String word) {
        int i = 0;
        while (i < query.length() && Character.isWhitespace(query.charAt(i))) {
            i++;
        }
        return query.regionMatches(true, i, word, 0, word.length());
    }

    /**
     * {@code SHOW STATE HASH}: the SHA-256 of the snapshot of the state at the last applied write
     * set, and that index. Servers that applied the same log have the same hash at the same index.
     */
    private List<List<Object>> stateHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long index;
            try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
                index = storage.writeSnapshot(out);
            }
            return List.of(List.of("applied_index", index), List.of("state_hash", HexFormat.of().formatHex(sha.digest())));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw FailureMapper.map(e, "SHOW STATE HASH");
        }
    }

    /** Every row of a small result, in the Bolt value model. */
    private static List<List<Object>> drain(Execution e) {
        List<List<Object>> rows = new ArrayList<>();
        e.pull(-1, row -> {
            List<Object> values = new ArrayList<>(row.length);
            for (Object v : row) {
                values.add(BoltValueConverter.toBolt(v, e.accessor()));
            }
            rows.add(values);
        });
        return rows;
    }

    /** Runs a small read-only query to its end in a transaction of its own and returns its rows. */
    private List<List<Object>> localRows(String query) {
        Transaction t = storage.begin();
        try (Execution e = engine.execute(t, query, Map.of(), QueryControl.unlimited())) {
            return drain(e);
        } catch (RuntimeException e) {
            throw FailureMapper.map(e, query);
        } finally {
            t.close();
        }
    }

    /**
     * Admits a transaction with {@code options}: its bookmarks reached, then a write needs the
     * leader ({@code NotALeader} elsewhere, before anything runs) and a read on the leader is
     * confirmed at its end (or, on a leader not ready yet, waits for a read barrier first).
     *
     * @return the leader term of a write transaction or of a read to confirm at its end (its write
     *     set is empty, so {@link #commitWritesAsync} confirms it), -1 for any other read
     */
    private long admit(TxOptions options) {
        awaitBookmarks(options);
        if (options.readOnly()) {
            return cluster.admitRead(settings.bookmarkWait(), () -> interruptRequested,
                    Boolean.TRUE.equals(options.metadata().get(ClusterRole.LEADER_READ)));
        }
        return cluster.admitWrite(settings.bookmarkWait(), () -> interruptRequested);
    }

    /** The client's {@code ha_tx_id} from the transaction metadata, or null. */
    private static String haTxId(TxOptions options) {
        Object id = options.metadata().get(HA_TX_ID);
        if (id == null) {
            return null;
        }
        if (!(id instanceof String s) || s.isEmpty()
                || s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > HaEntry.MAX_TX_ID_BYTES) {
            throw new BoltFailureException(FailureMapper.REQUEST_INVALID, "tx_metadata." + HA_TX_ID
                    + " must be a non-empty string of at most " + HaEntry.MAX_TX_ID_BYTES + " bytes");
        }
        return s;
    }

    /**
     * Whether {@code tx_metadata.ha_tx_resolve} asks for a resolve transaction.
     *
     * @param id the transaction's {@code ha_tx_id}, or null
     * @throws BoltFailureException {@code Request.Invalid} when the value is not a boolean or there
     *     is no {@code ha_tx_id} to resolve
     */
    private static boolean haTxResolve(TxOptions options, String id) {
        Object resolve = options.metadata().get(HA_TX_RESOLVE);
        if (resolve == null) {
            return false;
        }
        if (!(resolve instanceof Boolean b)) {
            throw new BoltFailureException(FailureMapper.REQUEST_INVALID, "tx_metadata." + HA_TX_RESOLVE
                    + " must be a boolean");
        }
        if (id == null) {
            throw new BoltFailureException(FailureMapper.REQUEST_INVALID, "tx_metadata." + HA_TX_RESOLVE
                    + " needs tx_metadata." + HA_TX_ID + ", the id of the transaction to resolve");
        }
        return b;
    }

    private QueryResult start(Transaction t, boolean autoCommit, String query, Map<String, Object> parameters,
            boolean readOnly, Duration timeout, long term, String id, RunningTransaction runningTx) {
        if (!autoCommit && engine.changesUsers(query)) {
            queryFailed(false);
            throw new BoltFailureException(FailureMapper.FORBIDDEN_IN_TRANSACTION, "User management queries (CREATE"
                    + " USER, ALTER USER, SET PASSWORD, DROP USER) cannot run in an explicit transaction; run them"
                    + " on their own, as auto-commit queries");
        }
        if (!autoCommit) {
            txQueries++;
        }
        QueryControl control = new QueryControl(timeLimit(timeout), settings.queryMemoryLimitBytes(), username);
        running.add(control);
        if (interruptRequested || runningTx.terminated()) { // a TERMINATE cancels only what it sees running
            control.cancel();
        }
        Execution execution;
        long began = System.nanoTime();
        if (!autoCommit) {
            runningTx.running(query, began); // what SHOW TRANSACTIONS sees it run, since when
        }
        // CALL { } IN TRANSACTIONS commits batch by batch through the result (auto-commit only)
        QueryResult[] owner = new QueryResult[1];
        TransactionBatches batches = !autoCommit ? null : new TransactionBatches() {
            @Override
            public Transaction commitAndBegin(Transaction done) {
                return owner[0].nextBatch(done);
            }

            @Override
            public Transaction rollbackAndBegin(Transaction done) {
                return owner[0].rolledBackBatch(done);
            }
        };
        try {
            execution = engine.execute(t, query, BoltValueConverter.parametersToEngine(parameters), control,
                    batches);
            control.pause(); // the clock runs only while a PULL or DISCARD works on the result
        } catch (RuntimeException e) {
            running.remove(control);
            timings.record(query, System.nanoTime() - began, false);
            queryFailed(autoCommit);
            throw failure(e, query, runningTx);
        }
        if (readOnly && execution.type() != QueryType.READ_ONLY) {
            execution.close();
            running.remove(control);
            timings.record(query, System.nanoTime() - began, false);
            queryFailed(autoCommit);
            throw new BoltFailureException(FailureMapper.ACCESS_MODE, "Writing in read access mode not allowed: "
                    + "the transaction was opened with access mode READ (mode 'r') and this query "
                    + (execution.type() == QueryType.SCHEMA_WRITE ? "changes the schema" : "writes"));
        }
        QueryResult result = new QueryResult(execution, control, autoCommit ? t : null, query, term, id,
                System.nanoTime() - began, runningTx);
        owner[0] = result;
        if (!autoCommit) {
            txResults.add(result);
        }
        return result;
    }

    /** The shorter of the server's limit and the client's (tx_metadata timeout), or null for none. */
    private Duration timeLimit(Duration clientTimeout) {
        Duration limit = settings.queryTimeout();
        if (clientTimeout != null && !clientTimeout.isZero() && !clientTimeout.isNegative()
                && (limit == null || clientTimeout.compareTo(limit) < 0)) {
            limit = clientTimeout;
        }
        return limit;
    }

    /** A query of the explicit transaction failed: the transaction cannot commit any more. */
    private void queryFailed(boolean autoCommit) {
        if (autoCommit || tx == null) {
            return;
        }
        if (textualTx) {
            // Bolt 1 clients acknowledge a failure without RESET: end the transaction here.
            rollbackQuietly();
        } else {
            txFailed = true;
        }
    }

    private void awaitBookmarks(TxOptions options) {
        Bookmarks.awaitApplied(options.bookmarks(), storage::lastAppliedIndex, settings.bookmarkWait(),
                () -> interruptRequested);
    }

    private ResultStream transactionCommand(TextCommand command, TxOptions options) {
        switch (command) {
            case BEGIN -> {
                if (tx != null) {
                    throw new BoltFailureException(FailureMapper.SEMANTIC_ERROR, "Nested transactions are not supported.");
                }
                begin(options);
                textualTx = true;
                return new StaticResult(Map.of("type", "r"));
            }
            case COMMIT -> {
                if (tx == null) {
                    throw new BoltFailureException(FailureMapper.TRANSACTION_NOT_FOUND, "No current transaction to commit.");
                }
                requireTextual("COMMIT");
                String bookmark = commit();
                return new StaticResult(Map.of("type", "w", "bookmark", bookmark));
            }
            case ROLLBACK -> {
                if (tx == null) {
                    throw new BoltFailureException(FailureMapper.TRANSACTION_NOT_FOUND,
                            "No current transaction to rollback.");
                }
                requireTextual("ROLLBACK");
                rollback();
                return new StaticResult(Map.of("type", "r"));
            }
            default -> throw new IllegalStateException("unknown command " + command);
        }
    }

    private void requireTextual(String what) {
        if (!textualTx) {
            throw new BoltFailureException(FailureMapper.SEMANTIC_ERROR, "The query " + what
                    + " cannot end a transaction begun with the Bolt BEGIN message; use the driver's "
                    + what.toLowerCase(Locale.ROOT) + " instead");
        }
    }

    @Override
    public void begin(TxOptions options) {
        if (tx != null) {
            throw new BoltFailureException(FailureMapper.SEMANTIC_ERROR, "Nested transactions are not supported.");
        }
        String id = haTxId(options);
        boolean resolve = haTxResolve(options, id);
        if (resolve && options.readOnly()) {
            throw new BoltFailureException(FailureMapper.REQUEST_INVALID, "tx_metadata." + HA_TX_RESOLVE
                    + " needs a write transaction (access mode 'w'): the fence is written through the leader's log");
        }
        long term = admit(options);
        tx = storage.begin();
        txInfo = track(options, "");
        textualTx = false;
        txReadOnly = options.readOnly();
        txTimeout = options.timeout();
        txFailed = false;
        txTerm = term;
        txId = id;
        txResolve = resolve;
        txQueries = 0;
        txSpentNanos = 0;
    }

    @Override
    public String commit() {
        return join(commitAsync());
    }

    /**
     * Commits the explicit transaction: runs unconsumed results to their end, then proposes its
     * write set; the stage completes when the entry is applied, and no thread waits meanwhile.
     */
    @Override
    public CompletableFuture<String> commitAsync() {
        if (tx == null) {
            throw new BoltFailureException(FailureMapper.TRANSACTION_NOT_FOUND, "No current transaction to commit.");
        }
        RunningTransaction running = txInfo;
        if (txFailed) {
            rollbackQuietly();
            throw running.terminated() ? running.terminatedFailure() : new BoltFailureException(
                    FailureMapper.TRANSACTION_NOT_FOUND, "The transaction failed earlier and was rolled back");
        }
        if (txResolve) {
            Transaction t = tx;
            long term = txTerm;
            String id = txId;
            slot.end(running);
            clearTx();
            t.close();
            return fenceAsync(term, id);
        }
        try {
            // Results the client left unconsumed still run to the end: their writes belong to the
            // transaction (the same as Neo4j, which exhausts open results at commit).
            for (QueryResult r : List.copyOf(txResults)) {
                r.discard(-1);
            }
        } catch (BoltFailureException e) {
            rollbackQuietly();
            throw e;
        }
        if (!running.beginCommit()) { // terminated: while idle, or while its last results ran
            rollbackQuietly();
            throw running.terminatedFailure();
        }
        Transaction t = tx;
        long term = txTerm;
        String id = txId;
        clearTx();
        return commitWritesAsync(t, term, id).whenComplete((bookmark, e) -> slot.end(running));
    }

    /**
     * A batch of {@code CALL { } IN TRANSACTIONS} that storage refused when it was applied (a
     * constraint, a write conflict): known not to be written, so {@code ON ERROR CONTINUE | BREAK}
     * may go on. Every other failure of its commit (outcome unknown, leadership lost, the node
     * stopping) stays a {@link BoltFailureException} and fails the query.
     */
    private static BatchNotCommittedException batchRefused(ApplyResult result) {
        BoltFailureException f = FailureMapper.rejected(result);
        return new BatchNotCommittedException(f.code(), f.getMessage());
    }

    /**
     * Waits for {@code f} on the calling thread (the textual COMMIT of Bolt 1 clients, a batch of
     * CALL IN TRANSACTIONS), unwrapping its failure.
     */
    private static <T> T join(CompletableFuture<T> stage) {
        try {
            return stage.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof BoltFailureException f) {
                throw f;
            }
            if (e.getCause() instanceof BatchNotCommittedException b) {
                throw b; // the engine decides: ON ERROR CONTINUE | BREAK go on, FAIL fails the query
            }
            throw FailureMapper.map(e.getCause() == null ? e : e.getCause(), "COMMIT");
        }
    }

    /**
     * Ends {@code t}: a transaction that wrote nothing is not proposed (its bookmark is the state it
     * read; a write transaction first confirms its leadership, the read barrier it had none of when
     * it began, see {@link ClusterRole#admitWrite}); one that wrote is proposed to Raft. Completes
     * with the bookmark of the committed state once its entry is applied, or exceptionally with the
     * {@link BoltFailureException} to send (the deterministic rejection, or why the outcome is
     * unknown). No thread waits while it replicates.
     */
    private CompletableFuture<String> commitWritesAsync(Transaction t, long term, String id) {
        return commitWritesAsync(t, term, id, FailureMapper::rejected);
    }

    /**
     * As above; a write set that storage refused (applied and not committed, so known not to be
     * written) fails with what {@code refused} makes of its result.
     */
    private CompletableFuture<String> commitWritesAsync(Transaction t, long term, String id,
            Function<ApplyResult, RuntimeException> refused) {
        WriteSet writeSet;
        try {
            writeSet = t.prepare();
        } catch (RuntimeException e) {
            t.close();
            return CompletableFuture.failedFuture(FailureMapper.map(e, "COMMIT"));
        }
        if (writeSet.isEmpty()) {
            if (term < 0) {
                return CompletableFuture.completedFuture(Bookmarks.of(storage.lastAppliedIndex()));
            }
            return cluster.confirmLeaderIn(term, settings.bookmarkWait())
                    .thenApply(confirmed -> Bookmarks.of(storage.lastAppliedIndex()));
        }
        if (term < 0 || !cluster.stillLeaderIn(term)) {
            // The ids this transaction allocated belong to a leadership that ended: nothing was proposed.
            return CompletableFuture.failedFuture(cluster.notALeader());
        }
        return proposeAsync(() -> committer.commit(writeSet, id), refused);
    }

    /**
     * Ends a resolve transaction: proposes the fence for {@code id}. Completes with the bookmark of
     * the transaction's commit when it committed before the fence, else exceptionally with
     * {@code NotCommitted} (or why the fence's own outcome is unknown: the client asks again).
     */
    private CompletableFuture<String> fenceAsync(long term, String id) {
        if (term < 0 || !cluster.stillLeaderIn(term)) {
            // Like a write: answered by the leader of the term that admitted it, or refused unproposed.
            return CompletableFuture.failedFuture(cluster.notALeader());
        }
        return proposeAsync(() -> committer.fence(id), FailureMapper::rejected);
    }

    /**
     * Proposes through {@code proposal} and maps its applied result to a bookmark, a refused one to
     * {@code refused}'s failure, and a proposal that failed (outcome unknown, leadership lost) to
     * its FAILURE.
     */
    private CompletableFuture<String> proposeAsync(Supplier<CompletableFuture<ApplyResult>> proposal,
            Function<ApplyResult, RuntimeException> refused) {
        CompletableFuture<ApplyResult> pending;
        try {
            pending = proposal.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(FailureMapper.commitFailure(e, cluster.leaderBoltAddress()));
        }
        return pending.handle((result, e) -> {
            if (e != null) {
                Throwable cause = Completions.cause(e);
                throw cause instanceof RuntimeException re
                        ? FailureMapper.commitFailure(re, cluster.leaderBoltAddress())
                        : FailureMapper.map(cause, "COMMIT");
            }
            if (!result.committed()) {
                throw refused.apply(result);
            }
            return Bookmarks.of(result.index());
        });
    }

    /**
     * Rolls the explicit transaction back. One admitted as a write that ran without failing then
     * gets its read barrier (see {@link ClusterRole#admitWrite}): a client told that its rollback
     * succeeded may trust what the transaction read.
     */
    @Override
    public void rollback() {
        if (tx == null) {
            throw new BoltFailureException(FailureMapper.TRANSACTION_NOT_FOUND, "No current transaction to rollback.");
        }
        long term = txFailed ? -1 : txTerm;
        rollbackQuietly();
        if (term >= 0) {
            join(cluster.confirmLeaderIn(term, settings.bookmarkWait()));
        }
    }

    private void rollbackQuietly() {
        for (QueryResult r : List.copyOf(txResults)) {
            r.abort();
        }
        Transaction t = tx;
        if (txInfo != null) {
            slot.end(txInfo);
        }
        clearTx();
        if (t != null) {
            t.close();
        }
    }

    private void clearTx() {
        txResults.clear();
        tx = null;
        txInfo = null;
        textualTx = false;
        txReadOnly = false;
        txTimeout = null;
        txFailed = false;
        txTerm = -1;
        txId = null;
        txResolve = false;
        txQueries = 0;
        txSpentNanos = 0;
    }

    @Override
    public Map<String, Object> route(Map<String, Object> routingContext, List<String> bookmarks, String database,
            String impersonatedUser) {
        return cluster.routingTable(advertisedAddress(routingContext), database);
    }

    /** The address the client reached this server at: what it put in its routing context, else the socket's. */
    private String advertisedAddress(Map<String, Object> routingContext) {
        Object address = routingContext == null ? null : routingContext.get("address");
        if (address instanceof String s && !s.isBlank()) {
            return s;
        }
        return hostPort(info.localAddress());
    }

    @Override
    public void interrupt() {
        interruptRequested = true;
        if (!running.isEmpty()) {
            for (QueryControl c : running) {
                c.cancel();
            }
        }
    }

    @Override
    public void reset() {
        rollbackQuietly();
        for (QueryControl c : running) {
            c.cancel();
        }
        running.clear();
        slot.clear();
        interruptRequested = false;
    }

    @Override
    public void close() {
        try {
            reset();
        } catch (RuntimeException e) {
            LOG.warn("Cleaning up connection {} from {} failed", info.connectionId(), info.remoteAddress(), e);
        } finally {
            slot.close();
        }
    }

    /** The queries Bolt 1 clients send to control transactions. */
    enum TextCommand {
        BEGIN, COMMIT, ROLLBACK;

        /** The command {@code query} is, or null when it is an ordinary query. */
        static TextCommand of(String query) {
            if (query.length() > 16) {
                return null;
            }
            String q = query.strip();
            if (q.endsWith(";")) {
                q = q.substring(0, q.length() - 1).strip();
            }
            return switch (q.toUpperCase(Locale.ROOT)) {
                case "BEGIN" -> BEGIN;
                case "COMMIT" -> COMMIT;
                case "ROLLBACK" -> ROLLBACK;
                default -> null;
            };
        }
    }

    /** The empty result of a textual BEGIN, COMMIT or ROLLBACK. */
    private record StaticResult(Map<String, Object> summary) implements ResultStream {
        @Override
        public List<String> fields() {
            return List.of();
        }

        @Override
        public boolean pull(long n, io.memgraph.ha.bolt.server.spi.RecordSink sink) {
            return false;
        }

        @Override
        public boolean discard(long n) {
            return false;
        }
    }

    /**
     * The result of one query. Records are converted to the Bolt value model as they are pulled,
     * while the transaction is open. An auto-commit result commits its transaction when the last
     * record has been pulled or discarded.
     */
    private final class QueryResult implements ResultStream {
        private final Execution execution;
        private final QueryControl control;
        /** The auto-commit transaction (a new one after each batch of IN TRANSACTIONS), or null. */
        private Transaction autoCommitTx;
        /** Whether it runs in the explicit transaction (its time counts towards {@link #lightTx()}). */
        private final boolean inTx;
        private final String query;
        private final long term;
        private final String txId;
        private final List<String> fields;
        private CompletableFuture<Map<String, Object>> summary;
        private boolean done;
        /** Time spent on this query so far (running it, pulling, committing a batch), for {@link QueryTimings}. */
        private long spentNanos;
        /** Whether it must not count as quick: it failed, was cut short or committed in batches. */
        private boolean unclean;
        private boolean timed;
        /** What {@code SHOW TRANSACTIONS} sees of the transaction the query runs in. */
        private final RunningTransaction runningTx;

        QueryResult(Execution execution, QueryControl control, Transaction autoCommitTx, String query, long term,
                String txId, long startNanos, RunningTransaction runningTx) {
            this.runningTx = runningTx;
            this.spentNanos = startNanos;
            this.term = term;
            this.txId = txId;
            this.execution = execution;
            this.control = control;
            this.autoCommitTx = autoCommitTx;
            this.inTx = autoCommitTx == null;
            this.query = query;
            this.fields = List.copyOf(execution.columns());
        }

        @Override
        public List<String> fields() {
            return fields;
        }

        @Override
        public boolean pull(long n, io.memgraph.ha.bolt.server.spi.RecordSink sink) {
            return advance(n, sink);
        }

        @Override
        public boolean discard(long n) {
            return advance(n, null);
        }

        private boolean advance(long n, io.memgraph.ha.bolt.server.spi.RecordSink sink) {
            if (done) {
                return false;
            }
            long began = System.nanoTime();
            control.resume();
            try {
                boolean more = execution.pull(n, sink == null ? row -> { } : row -> {
                    List<Object> values = new ArrayList<>(row.length);
                    for (Object v : row) {
                        values.add(BoltValueConverter.toBolt(v, execution.accessor()));
                    }
                    sink.accept(values);
                });
                if (!more) {
                    finish();
                }
                return more;
            } catch (RuntimeException e) {
                abort();
                queryFailed(autoCommitTx != null);
                throw failure(e, query, runningTx);
            } finally {
                control.pause();
                spentNanos += System.nanoTime() - began;
                timeIfDone();
            }
        }

        /** Tells {@link QueryTimings} how this query went, once, when it has ended. */
        private void timeIfDone() {
            if (done && !timed) {
                timed = true;
                timings.record(query, spentNanos, !unclean);
                if (inTx) {
                    txSpentNanos += spentNanos;
                }
            }
        }

        /**
         * Ends one batch of {@code CALL { } IN TRANSACTIONS}: its writes go through the write path
         * like any auto-commit transaction (Raft, applied before this returns, so the next batch
         * reads them), and the query goes on in a new transaction. The batch's failure fails the
         * query; the batches committed before stay committed.
         */
        Transaction nextBatch(Transaction done) {
            unclean = true; // it waits for a commit: never quick enough for an event loop
            try {
                String bookmark = join(commitWritesAsync(done, term, null, CypherBoltSession::batchRefused));
                LOG.debug("CALL IN TRANSACTIONS batch of '{}' committed at {}", query, bookmark);
            } finally {
                done.close();
            }
            autoCommitTx = storage.begin();
            return autoCommitTx;
        }

        /**
         * A failed batch of {@code ON ERROR CONTINUE | BREAK}: nothing of it was proposed, or its
         * write set was refused when applied; the query goes on in a new transaction.
         */
        Transaction rolledBackBatch(Transaction done) {
            done.close();
            autoCommitTx = storage.begin();
            return autoCommitTx;
        }

        private void finish() {
            if (autoCommitTx != null && !runningTx.beginCommit()) {
                throw runningTx.terminatedFailure(); // terminated after its last row: it must not commit
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", execution.type().code());
            Map<String, Object> stats = execution.stats();
            if (!stats.isEmpty()) {
                m.put("stats", new LinkedHashMap<>(stats));
            }
            done = true;
            execution.close();
            running.remove(control);
            txResults.remove(this);
            if (autoCommitTx == null && txResults.isEmpty()) {
                runningTx.running(""); // the explicit transaction now waits for its client
            }
            if (autoCommitTx != null) {
                RunningTransaction committing = runningTx;
                summary = commitWritesAsync(autoCommitTx, term, txId).whenComplete((b, e) -> slot.end(committing))
                        .thenApply(bookmark -> {
                    m.put("bookmark", bookmark);
                    return m;
                });
            } else {
                summary = CompletableFuture.completedFuture(m);
            }
        }

        @Override
        public Map<String, Object> summary() {
            return join(summaryAsync());
        }

        @Override
        public List<io.memgraph.ha.bolt.server.spi.Notification> notifications() {
            return SummaryNotifications.of(execution.notifications());
        }

        /** Completes when an auto-commit transaction's write set is applied (with its bookmark). */
        @Override
        public CompletableFuture<Map<String, Object>> summaryAsync() {
            if (summary == null) {
                throw new IllegalStateException("summary asked before the result of '" + query + "' was consumed");
            }
            return summary;
        }

        /** Stops the query and, for auto-commit, rolls its transaction back. Idempotent. */
        void abort() {
            done = true;
            unclean = true;
            timeIfDone();
            running.remove(control);
            txResults.remove(this);
            if (autoCommitTx != null) {
                slot.end(runningTx);
            } else if (txResults.isEmpty()) {
                runningTx.running(""); // the explicit transaction now waits for its client
            }
            try {
                execution.close();
            } finally {
                if (autoCommitTx != null) {
                    autoCommitTx.close();
                }
            }
        }

        @Override
        public void close() {
            // Results of an explicit transaction stay until COMMIT (which runs them to the end) or
            // ROLLBACK/RESET (which abort them); an auto-commit result is simply abandoned.
            if (autoCommitTx != null && !done) {
                abort();
            }
        }
    }
}
