package io.memgraph.ha.server.bolt;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.server.spi.ResultStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerProceduresTest {
    private final ServerProcedures procedures = new ServerProcedures("1.2.3");

    private static List<List<Object>> all(ResultStream r) {
        List<List<Object>> rows = new ArrayList<>();
        boolean more = r.pull(-1, rows::add);
        assertThat(more).isFalse();
        return rows;
    }

    @Test
    void pingAnswersSuccess() {
        ResultStream r = procedures.answer("  CALL   db.ping() ;");
        assertThat(r.fields()).containsExactly("success");
        assertThat(all(r)).containsExactly(List.of(true));
        assertThat(r.summary()).containsEntry("type", "r");
        assertThat(procedures.answer("\n\tcall db.ping")).isNotNull();
    }

    @Test
    void firstWordCheckSkipsLeadingWhiteSpaceAndIgnoresCase() {
        assertThat(CypherBoltSession.startsWithWord(" \n show raft info", "SHOW")).isTrue();
        assertThat(CypherBoltSession.startsWithWord("SHOW", "SHOW")).isTrue();
        assertThat(CypherBoltSession.startsWithWord("SHO", "SHOW")).isFalse();
        assertThat(CypherBoltSession.startsWithWord("MATCH (n) RETURN 'SHOW'", "SHOW")).isFalse();
        assertThat(CypherBoltSession.startsWithWord("   ", "SHOW")).isFalse();
    }

    @Test
    void componentsReportTheVersion() {
        ResultStream r = procedures.answer("CALL dbms.components() YIELD versions");
        assertThat(r.fields()).containsExactly("versions");
        assertThat(all(r)).containsExactly(List.of(List.of("5.26.0")), List.of(List.of("1.2.3")));
        assertThat(all(procedures.answer("CALL dbms.components()"))).containsExactly(
                List.of("Neo4j Kernel", List.of("5.26.0"), "community"), List.of("Memgraph HA", List.of("1.2.3"), "community"));
        assertThat(procedures.answer("call dbms.components()").fields()).containsExactly("name", "versions", "edition");
    }

    @Test
    void discardEndsTheResult() {
        assertThat(procedures.answer("CALL db.ping()").discard(-1)).isFalse();
    }

    @Test
    void everythingElseGoesToTheEngine() {
        assertThat(procedures.answer("CALL db.labels()")).isNull();
        assertThat(procedures.answer("RETURN 'CALL db.ping()'")).isNull();
        assertThat(procedures.answer("MATCH (n) RETURN n")).isNull();
    }

    @Test
    void textualTransactionCommands() {
        assertThat(CypherBoltSession.TextCommand.of(" begin ")).isEqualTo(CypherBoltSession.TextCommand.BEGIN);
        assertThat(CypherBoltSession.TextCommand.of("COMMIT;")).isEqualTo(CypherBoltSession.TextCommand.COMMIT);
        assertThat(CypherBoltSession.TextCommand.of("Rollback")).isEqualTo(CypherBoltSession.TextCommand.ROLLBACK);
        assertThat(CypherBoltSession.TextCommand.of("BEGIN TRANSACTION")).isNull();
        assertThat(CypherBoltSession.TextCommand.of("RETURN 'BEGIN'")).isNull();
    }
}
