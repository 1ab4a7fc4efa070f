package io.memgraph.ha.bolt.server.spi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The backend side of one Bolt connection.
 *
 * <p>Threading: every method except {@link #interrupt()} is called on a worker thread, one call at
 * a time and in the order the client sent its requests (the server never overlaps two calls of the
 * same session); the one exception is {@link #reset()} of an idle session, below.
 * {@link #interrupt()} is called from another thread while a call may be running.
 *
 * <p>Failures: any method may throw {@link BoltFailureException}; the client receives a FAILURE with
 * its code and message and the connection enters the FAILED state (the server then calls
 * {@link #reset()} when the client sends RESET). Any other runtime exception is reported as
 * {@code Neo.DatabaseError.General.UnknownError} and logged, because it is a bug.
 *
 * <p>Asynchronous completion: the server commits through {@link #commitAsync()} and ends results
 * through {@link ResultStream#summaryAsync()}. Their defaults call the blocking {@link #commit()}
 * and {@link ResultStream#summary()}; a backend whose commit waits for replication overrides them to
 * return a stage that completes later, and no worker thread is held meanwhile. Until the stage
 * completes the connection handles nothing else of the client's and makes no other call on this
 * session except {@link #interrupt()}; its next call (also {@link #close()} when the client went
 * away meanwhile) comes after the stage has completed.
 */
public interface BoltSession extends AutoCloseable {

  /**
   * Checks the client's credentials: the HELLO auth fields before Bolt 5.1, the LOGON token from
   * 5.1 on. A failure here ends the connection, as the specification requires.
   *
   * @param authToken {@code scheme}, {@code principal}, {@code credentials} and the like, as sent
   * @throws BoltFailureException with {@code Neo.ClientError.Security.Unauthorized} to refuse
   */
  void authenticate(Map<String, Object> authToken);

  /** LOGOFF (Bolt 5.1+): forget the authenticated user; {@link #authenticate} follows before any query. */
  default void logoff() {}

  /**
   * Extra metadata merged into the SUCCESS of HELLO (e.g. a cluster role or leader address that a
   * proxy reads). Called once, after {@link #authenticate} for Bolt before 5.1 and right after
   * {@link BoltBackend#open} from 5.1 on. The keys {@code server}, {@code connection_id} and
   * {@code hints} are the server's and are not overridden.
   */
  default Map<String, Object> helloMetadata() {
    return Map.of();
  }

  /**
   * The database a result came from when the client named none in its RUN or BEGIN (Bolt 4.0+):
   * the stream's last SUCCESS carries it as {@code db}, which drivers report as the summary's
   * database (cypher-shell shows it in its prompt). Called once per RUN or BEGIN that names no
   * database; keep it a constant. The default, null, sends no {@code db} then.
   */
  default String defaultDatabase() {
    return null;
  }

  /**
   * Runs a query. Outside an explicit transaction this is an auto-commit transaction that commits
   * when the result is fully consumed or discarded (the final summary then carries its
   * {@code bookmark}); inside one ({@link #begin} was called) it joins that transaction.
   *
   * @param query the query text
   * @param parameters the query parameters (values of the bolt value model)
   * @param options the RUN's transaction options; {@link TxOptions#EMPTY} inside a transaction
   * @return the result, from which the server pulls records as the client asks
   */
  ResultStream run(String query, Map<String, Object> parameters, TxOptions options);

  /**
   * Whether {@code query}, run now, would certainly wait for nothing (no bookmark, no leadership,
   * no lock) and take only microseconds, its first batch of records included: as an auto-commit
   * query with {@code options}, or, inside an explicit transaction ({@link #begin} was called),
   * joining that transaction ({@code options} is then {@link TxOptions#EMPTY}). The server then
   * runs it on the connection's event loop instead of handing it to a worker and its reply back to
   * the loop, which costs two thread wake-ups. A wrong yes stalls every connection of that loop
   * for as long as the query runs, so answer yes only from evidence (this query's recent runs were
   * all short) and a check that cannot block. Called on the event loop, with no other call of this
   * session running; must be cheap. The same holds for {@link #beginsWithoutWaiting} and
   * {@link #commitsWithoutWaiting}. The default is no.
   */
  default boolean runsWithoutWaiting(String query, TxOptions options) {
    return false;
  }

  /**
   * Whether {@link #begin} with {@code options}, called now, would certainly wait for nothing and
   * take only microseconds (see {@link #runsWithoutWaiting}). The default is no.
   */
  default boolean beginsWithoutWaiting(TxOptions options) {
    return false;
  }

  /**
   * Whether {@link #commitAsync}, called now, would return its stage within microseconds: the
   * transaction's results are consumed and what it wrote is small enough to hand on at once (see
   * {@link #runsWithoutWaiting}). The stage itself may take as long as it needs. The default is no.
   */
  default boolean commitsWithoutWaiting() {
    return false;
  }

  /** Begins an explicit transaction. */
  void begin(TxOptions options);

  /**
   * Commits the explicit transaction.
   *
   * @return the bookmark that identifies the committed state, or {@code null} if there is none
   */
  String commit();

  /**
   * Commits the explicit transaction without holding the calling worker thread until it is
   * durable: the server calls this (never {@link #commit()} directly) and sends the COMMIT's
   * SUCCESS, with the bookmark, when the stage completes. The default runs {@link #commit()} and
   * returns its result as a completed stage, so what {@code commit()} throws is thrown from here.
   *
   * <p>The stage may complete on any thread (a replication thread, say): the server only hands the
   * continuation back to its worker pool there. A stage failed with {@link BoltFailureException} is
   * answered exactly as if {@link #commit()} had thrown it (FAILURE with its code, the connection
   * FAILED until RESET); any other failure is logged and answered with
   * {@code Neo.DatabaseError.General.UnknownError}. A {@link java.util.concurrent.CompletionException}
   * is unwrapped first.
   *
   * @return the bookmark that identifies the committed state, or {@code null} if there is none
   */
  default CompletionStage<String> commitAsync() {
    return CompletableFuture.completedStage(commit());
  }

  /** Rolls back the explicit transaction. */
  void rollback();

  /**
   * Answers ROUTE (Bolt 4.3+): the routing table for the database.
   *
   * @param routingContext the ROUTE message's routing context (includes {@code address})
   * @param bookmarks bookmarks the client holds
   * @param database the database name, or {@code null} for the default database
   * @param impersonatedUser the user to impersonate, or {@code null}
   * @return the {@code rt} map: {@code ttl} (seconds), {@code db} and {@code servers}, a list of
   *     {@code {addresses: [...], role: "ROUTE"|"READ"|"WRITE"}}
   */
  Map<String, Object> route(
      Map<String, Object> routingContext, List<String> bookmarks, String database, String impersonatedUser);

  /** TELEMETRY (Bolt 5.4+): which driver API the client used (0 managed tx, 1 explicit tx, 2 implicit, 3 execute_query). */
  default void telemetry(long api) {}

  /**
   * Asks the call running right now (if any) to stop soon; it should then throw
   * {@link BoltFailureException} (e.g. {@code Neo.TransientError.Transaction.Terminated}). Called
   * from another thread when the client sends RESET or goes away, also while a stage of
   * {@link #commitAsync()} or {@link ResultStream#summaryAsync()} is pending (that stage is waited
   * for all the same: its reply comes before the RESET's). Must not block.
   */
  void interrupt();

  /**
   * Returns the session to a clean state after RESET or a failure: rolls back any open transaction
   * and abandons open results. Called in order with the other calls, on a worker thread; except
   * when the session is idle (READY: no transaction, no open result, nothing in flight), which is
   * how drivers send a RESET each time they put a connection back in their pool: then it is called
   * on the connection's network event loop, and must not block.
   */
  void reset();

  /** The connection is gone: releases everything (rolls back an open transaction). Must not throw. */
  @Override
  void close();
}
