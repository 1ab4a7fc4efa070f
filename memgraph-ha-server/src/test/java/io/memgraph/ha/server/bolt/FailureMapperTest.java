package io.memgraph.ha.server.bolt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.error.CypherSyntaxException;
import io.memgraph.ha.query.exec.QueryStoppedException;
import io.memgraph.ha.query.exec.StatusException;
import io.memgraph.ha.raft.core.RefusalReason;
import io.memgraph.ha.raft.node.NotLeaderException;
import io.memgraph.ha.raft.node.OutcomeUnknownException;
import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.RejectReason;
import io.memgraph.ha.storage.StorageException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class FailureMapperTest {

    @Test
    void theBugLogLineHidesThePasswordOfAUserStatement() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(FailureMapper.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            BoltFailureException f = FailureMapper.map(new IllegalStateException("boom"),
                    "CREATE USER ada SET PASSWORD 'hunter2'");
            assertThat(f.code()).isEqualTo(BoltFailureException.UNKNOWN_ERROR);
            assertThat(f.getMessage()).doesNotContain("hunter2");
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).isEqualTo("Bug while running query 'CREATE USER ada SET PASSWORD '******''");
        });
    }

    @Test
    void syntaxErrorKeepsLineAndColumn() {
        String query = "MATCH (n)\nRETRN n";
        CypherSyntaxException e = new CypherSyntaxException(CypherErrorKind.UNEXPECTED_SYNTAX,
                "Invalid input 'RETRN'", query, new Position(10, 2, 1));
        BoltFailureException f = FailureMapper.map(e, query);
        assertThat(f.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(f.getMessage()).startsWith("Invalid input 'RETRN'").contains("line 2, column 1");
    }

    @Test
    void cypherErrorsKeepTheirStatusCodes() {
        assertThat(FailureMapper.map(new CypherException(CypherErrorKind.PARAMETER_MISSING, "Expected parameter(s): x"),
                "RETURN $x").code()).isEqualTo("Neo.ClientError.Statement.ParameterMissing");
        assertThat(FailureMapper.map(new CypherException(CypherErrorKind.TYPE_MISMATCH, "bad type"), "q").code())
                .isEqualTo("Neo.ClientError.Statement.TypeError");
        assertThat(FailureMapper.map(new CypherException(CypherErrorKind.UNDEFINED_VARIABLE, "Variable `x` not defined"),
                "q").code()).isEqualTo("Neo.ClientError.Statement.SemanticError");
        assertThat(FailureMapper.map(StatusException.deleteConnectedNode(4), "q").code())
                .isEqualTo(FailureMapper.CONSTRAINT_VALIDATION_FAILED);
    }

    @Test
    void stoppedQueriesAreTerminatedOrTimedOut() {
        BoltFailureException terminated = FailureMapper.map(QueryStoppedException.terminated(), "q");
        assertThat(terminated.code()).isEqualTo(BoltFailureException.TERMINATED);
        BoltFailureException timedOut = FailureMapper.map(QueryStoppedException.timedOut(1), "q");
        assertThat(timedOut.code()).isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut");
        assertThat(timedOut.getMessage()).contains("--query-execution-time-sec");
    }

    @Test
    void boltFailuresPassThrough() {
        BoltFailureException original = new BoltFailureException("Neo.ClientError.Statement.AccessMode", "no");
        assertThat(FailureMapper.map(original, "q")).isSameAs(original);
    }

    @Test
    void storageErrors() {
        BoltFailureException edges = FailureMapper.map(
                new StorageException("vertex 3 still has edges; delete them first or use detach delete"), "q");
        assertThat(edges.code()).isEqualTo(FailureMapper.CONSTRAINT_VALIDATION_FAILED);
        assertThat(FailureMapper.map(new StorageException("vertex 9 does not exist"), "q").code())
                .isEqualTo(FailureMapper.SEMANTIC_ERROR);
    }

    @Test
    void bugsAreUnknownErrorsWithOneLine() {
        BoltFailureException f = FailureMapper.map(new NullPointerException("x\nis null"), "RETURN 1");
        assertThat(f.code()).isEqualTo("Neo.DatabaseError.General.UnknownError");
        assertThat(f.getMessage()).doesNotContain("\n").contains("NullPointerException").contains("x is null");
    }

    @Test
    void rejectedCommits() {
        BoltFailureException conflict = FailureMapper.rejected(new ApplyResult(5, RejectReason.CONFLICT,
                "vertex 1 changed after snapshot 3"));
        assertThat(conflict.code()).isEqualTo("Neo.TransientError.Transaction.Outdated");
        assertThat(conflict.getMessage()).contains("vertex 1 changed after snapshot 3").contains("retry");
        BoltFailureException constraint = FailureMapper.rejected(new ApplyResult(5, RejectReason.CONSTRAINT_VIOLATION,
                "unique constraint :Person(email) violated"));
        assertThat(constraint.code()).isEqualTo("Neo.ClientError.Schema.ConstraintValidationFailed");
        assertThat(constraint.getMessage()).isEqualTo("unique constraint :Person(email) violated");
        assertThat(FailureMapper.rejected(new ApplyResult(5, RejectReason.INVALID, "index exists")).code())
                .isEqualTo(FailureMapper.SEMANTIC_ERROR);
        BoltFailureException fenced = FailureMapper.rejected(new ApplyResult(5, RejectReason.NOT_COMMITTED,
                "The transaction with ha_tx_id 'x' did not commit and never will"));
        assertThat(fenced.code()).isEqualTo("Neo.TransientError.Transaction.NotCommitted")
                .isEqualTo(FailureMapper.NOT_COMMITTED);
        assertThat(fenced.getMessage()).isEqualTo("The transaction with ha_tx_id 'x' did not commit and never will");
        assertThatThrownBy(() -> FailureMapper.rejected(new ApplyResult(5, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void raftCommitFailuresSayWhetherTheOutcomeIsKnown() {
        BoltFailureException timeout = FailureMapper.commitFailure(new OutcomeUnknownException(
                OutcomeUnknownException.Reason.REPLICATION_TIMEOUT, 42, 3, "not committed within 20000 ms"), null);
        assertThat(timeout.code()).isEqualTo("Neo.TransientError.Cluster.ReplicationTimeout");
        assertThat(timeout.getMessage()).contains("outcome of the commit is unknown").contains("index 42");
        BoltFailureException known = FailureMapper.commitFailure(
                new NotLeaderException(2, RefusalReason.NOT_LEADER), "10.0.0.2:7687");
        assertThat(known.code()).isEqualTo("Neo.ClientError.Cluster.NotALeader");
        assertThat(known.getMessage()).contains("10.0.0.2:7687");
        assertThat(FailureMapper.commitFailure(new NotLeaderException(2, RefusalReason.NOT_LEADER), null)
                .getMessage()).contains("server 2");
        assertThat(FailureMapper.commitFailure(new NotLeaderException(0, RefusalReason.NOT_LEADER), null)
                .getMessage()).contains("leader is unknown");
        assertThat(FailureMapper.commitFailure(new RejectedExecutionException("65536 proposals in flight"), null)
                .code()).isEqualTo("Neo.TransientError.General.DatabaseUnavailable");
    }
}
