package io.memgraph.ha.bolt.messaging;

import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The FAILURE of Bolt 5.7+: GQLSTATUS by error class, and the classic code kept for drivers. */
class GqlErrorsTest {

    @ParameterizedTest
    @CsvSource({
        "Neo.ClientError.Statement.SyntaxError, 42001, CLIENT_ERROR",
        "Neo.ClientError.Statement.SemanticError, 42000, CLIENT_ERROR",
        "Neo.ClientError.Statement.TypeError, 22000, CLIENT_ERROR",
        "Neo.ClientError.Statement.ArgumentError, 22000, CLIENT_ERROR",
        "Neo.ClientError.Schema.ConstraintValidationFailed, 22000, CLIENT_ERROR",
        "Neo.TransientError.Transaction.Outdated, 40000, TRANSIENT_ERROR",
        "Neo.TransientError.General.MemoryPoolOutOfMemoryError, 50N42, TRANSIENT_ERROR",
        "Neo.ClientError.Cluster.NotALeader, 50N42, CLIENT_ERROR",
        "Neo.DatabaseError.General.UnknownError, 50N42, DATABASE_ERROR",
    })
    void statusAndClassificationFollowTheCode(String code, String gqlStatus, String classification) {
        Map<String, Object> m = GqlErrors.failureMetadata(code, "what went wrong");
        assertThat(m).containsEntry("neo4j_code", code).containsEntry("message", "what went wrong")
                .containsEntry("gql_status", gqlStatus);
        assertThat((String) m.get("description")).startsWith("error: ").endsWith(". what went wrong");
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) m.get("diagnostic_record");
        assertThat(record).containsEntry("OPERATION", "").containsEntry("OPERATION_CODE", "0")
                .containsEntry("CURRENT_SCHEMA", "/").containsEntry("_classification", classification);
    }

    @Test
    void bothShapesReadBackToTheSameCodeAndMessage() {
        for (boolean gql : new boolean[] {false, true}) {
            ByteBuf buf = Unpooled.buffer();
            ResponseCodec.writeFailure("Neo.ClientError.Statement.SyntaxError", "Invalid input", gql,
                    new PackStreamWriter(buf, StructShape.LEGACY));
            Response r = ResponseCodec.read(new PackStreamReader(buf, StructShape.LEGACY));
            assertThat(r).isEqualTo(new Response.Failure("Neo.ClientError.Statement.SyntaxError", "Invalid input"));
        }
    }
}
