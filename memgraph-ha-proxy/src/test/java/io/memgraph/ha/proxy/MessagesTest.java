package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Signatures;
import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The few message bodies the proxy reads or rewrites itself. */
class MessagesTest {

    private static final BoltProtocol BOLT_54 = BoltProtocols.forVersion(new BoltVersion(5, 4)).orElseThrow();
    private static final StructShape SHAPE = BOLT_54.structShape(List.of());

    private static ByteBuf success(Map<String, Object> metadata) {
        return Messages.success(ByteBufAllocator.DEFAULT, metadata);
    }

    @Test
    void hasMoreReadsOnlyTheTopLevelKeyItNeeds() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("nodes-created", 1L);
        stats.put("has_more", true); // nested: not the summary's
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("stats", stats);
        done.put("notifications", List.of(Map.of("code", "x")));
        done.put("type", "w");
        assertThat(Messages.hasMore(success(done))).isFalse();

        Map<String, Object> more = new LinkedHashMap<>(done);
        more.put("has_more", true);
        assertThat(Messages.hasMore(success(more))).isTrue();
        more.put("has_more", false);
        assertThat(Messages.hasMore(success(more))).isFalse();
        assertThat(Messages.hasMore(success(Map.of()))).isFalse();
    }

    @Test
    void aBodyThatCannotBeReadHasNoMore() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("type", "r");
        meta.put("has_more", true); // last: the cut below takes its value and part of its key
        ByteBuf cut = success(meta);
        cut.writerIndex(cut.writerIndex() - 3);
        assertThat(Messages.hasMore(cut)).isFalse();
        assertThat(Messages.hasMore(Unpooled.wrappedBuffer(new byte[] {(byte) 0xB1, Signatures.SUCCESS, 0x01})))
                .isFalse();
    }

    private static long checksum(Map<String, Object> metadata) {
        CRC32C crc = new CRC32C();
        Messages.checksum(success(metadata), Set.of("type", "stats", "has_more"), crc);
        return crc.getValue();
    }

    @Test
    void aChecksumCoversTheChosenKeysOnly() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("nodes-created", 1L);
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("t_last", 3L);
        first.put("stats", stats);
        first.put("type", "w");
        Map<String, Object> again = new LinkedHashMap<>(first);
        again.put("t_last", 9L);
        again.put("bookmark", "b7");
        assertThat(checksum(again)).as("other keys left out").isEqualTo(checksum(first));

        Map<String, Object> otherStats = new LinkedHashMap<>(first);
        otherStats.put("stats", Map.of("nodes-created", 2L));
        assertThat(checksum(otherStats)).isNotEqualTo(checksum(first));
        Map<String, Object> noType = new LinkedHashMap<>(first);
        noType.remove("type");
        assertThat(checksum(noType)).isNotEqualTo(checksum(first));
        Map<String, Object> noMore = new LinkedHashMap<>(first);
        noMore.put("has_more", false);
        assertThat(checksum(noMore)).as("has_more: false is no has_more (servers before and after it was sent)")
                .isEqualTo(checksum(first));
        Map<String, Object> more = new LinkedHashMap<>(first);
        more.put("has_more", true);
        assertThat(checksum(more)).isNotEqualTo(checksum(first));
    }

    @Test
    void notificationsAndStatusesStayOutOfTheReplayChecksum() {
        // they may differ between servers (an unknown label is per execution); the rows and counters may not
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("type", "r");
        Map<String, Object> noted = new LinkedHashMap<>(plain);
        noted.put("notifications", List.of(Map.of("code", "Neo.ClientNotification.Statement.UnknownLabelWarning",
                "severity", "WARNING", "position", Map.of("offset", 9L, "line", 1L, "column", 10L))));
        noted.put("statuses", List.of(Map.of("gql_status", "01N50", "diagnostic_record",
                Map.of("_severity", "WARNING")), Map.of("gql_status", "00000")));
        ProxySession.Transcript first = new ProxySession.Transcript();
        first.answer(Signatures.SUCCESS, success(plain));
        ProxySession.Transcript replay = new ProxySession.Transcript();
        replay.answer(Signatures.SUCCESS, success(noted));
        assertThat(replay.crc.getValue()).isEqualTo(first.crc.getValue());
    }

    @Test
    void txMetadataIsAddedToARunAndItsQueryAndParametersKeptAsBytes() {
        ByteBuf run = Unpooled.buffer();
        BOLT_54.encodeRequest(new Request.Run("CREATE (:N {id: $id})", Map.of("id", 7L),
                Map.of("mode", "w", "tx_metadata", Map.of("app", "shop"), "bookmarks", List.of("b1"))),
                new PackStreamWriter(run, SHAPE));
        Messages.Extra extra = Messages.extra(run, SHAPE);
        assertThat(extra.map()).containsEntry("mode", "w").containsEntry("bookmarks", List.of("b1"));

        ByteBuf sent = Messages.withTxMetadata(ByteBufAllocator.DEFAULT, run, SHAPE, extra,
                Map.of(Messages.HA_TX_ID, "proxy-1"));
        assertThat(sent.slice(sent.readerIndex(), extra.start()))
                .isEqualTo(run.slice(run.readerIndex(), extra.start()));
        Request.Run decoded = (Request.Run) BOLT_54.decodeRequest(new PackStreamReader(sent, SHAPE));
        assertThat(decoded.query()).isEqualTo("CREATE (:N {id: $id})");
        assertThat(decoded.parameters()).isEqualTo(Map.of("id", 7L));
        assertThat(decoded.extra()).containsEntry("mode", "w").containsEntry("bookmarks", List.of("b1"))
                .containsEntry("tx_metadata", Map.of("app", "shop", Messages.HA_TX_ID, "proxy-1"));
        assertThat(run.readerIndex()).as("the client's body is left as it was").isZero();
    }

    @Test
    void aRunWithAnEmptyExtraMapKeepsItsQueryAndParameters() {
        ByteBuf run = Unpooled.buffer();
        BOLT_54.encodeRequest(new Request.Run("CREATE (:N {id: $id})", Map.of("id", 7L),
                Map.of("mode", "w", "tx_metadata", Map.of(Messages.HA_TX_ID, "proxy-1"), "db", "memgraph")),
                new PackStreamWriter(run, SHAPE));
        ByteBuf inTx = Messages.withEmptyExtra(ByteBufAllocator.DEFAULT, run, SHAPE);
        Request.Run decoded = (Request.Run) BOLT_54.decodeRequest(new PackStreamReader(inTx, SHAPE));
        assertThat(decoded.query()).isEqualTo("CREATE (:N {id: $id})");
        assertThat(decoded.parameters()).isEqualTo(Map.of("id", 7L));
        assertThat(decoded.extra()).isEmpty();
        assertThat(inTx.isReadable()).as("nothing after the extra map").isFalse();
        assertThat(run.readerIndex()).as("the client's body is left as it was").isZero();
    }

    private static ByteBuf run(String query) {
        ByteBuf run = Unpooled.buffer();
        BOLT_54.encodeRequest(new Request.Run(query, Map.of(), Map.of()), new PackStreamWriter(run, SHAPE));
        return run;
    }

    @Test
    void aQueryMayCommitInBatchesWhenItSaysTransactionsOrPeriodicInAnyCase() {
        assertThat(Messages.mayCommitInBatches(run("UNWIND range(1, 9) AS i CALL { WITH i CREATE (:N {i: i}) }"
                + " IN TRANSACTIONS OF 2 ROWS"), SHAPE)).isTrue();
        assertThat(Messages.mayCommitInBatches(run("call { create () } in /* a comment */ transactions"), SHAPE))
                .isTrue();
        assertThat(Messages.mayCommitInBatches(run("CREATE (:N {note: 'no transactions here'})"), SHAPE))
                .as("a mention elsewhere only makes the proxy careful").isTrue();
        assertThat(Messages.mayCommitInBatches(run("CREATE (:Transaction {id: 1})"), SHAPE)).isFalse();
        // the procedures rewritten into batches
        assertThat(Messages.mayCommitInBatches(run("CALL apoc.periodic.commit('MATCH (n:Old) WITH n LIMIT $limit"
                + " DETACH DELETE n RETURN count(*)', {limit: 1000})"), SHAPE)).isTrue();
        assertThat(Messages.mayCommitInBatches(run("CALL apoc.periodic.iterate('MATCH (n) RETURN n',"
                + " 'SET n.x = 1', {})"), SHAPE)).isTrue();
        assertThat(Messages.mayCommitInBatches(run("CALL Periodic.Delete({batch_size: 10})"), SHAPE)).isTrue();
        // their queries and settings given as parameters: the procedure's name still says periodic
        assertThat(Messages.mayCommitInBatches(run("CALL apoc.periodic.iterate($outer, $inner, {batchSize: $size,"
                + " params: $p})"), SHAPE)).isTrue();
        assertThat(Messages.mayCommitInBatches(run("CALL periodic.delete($config) YIELD success RETURN success"),
                SHAPE)).isTrue();
        // the export procedures read and commit nothing, in batches or not
        assertThat(Messages.mayCommitInBatches(run("CALL apoc.export.json.all(null, {stream: true, batchSize: 100})"
                + " YIELD data RETURN data"), SHAPE)).isFalse();
        assertThat(Messages.mayCommitInBatches(run("CALL apoc.export.csv.query('MATCH (n) RETURN n', 'n.csv', {})"),
                SHAPE)).isFalse();
        assertThat(Messages.mayCommitInBatches(run("CALL export_util.cypher_all('', {stream: true})"), SHAPE))
                .isFalse();
        assertThat(Messages.mayCommitInBatches(Messages.reset(ByteBufAllocator.DEFAULT), SHAPE))
                .as("not a RUN").isFalse();
        // vector index statements and procedures commit once, with their transaction
        for (String once : List.of("CREATE VECTOR INDEX docs IF NOT EXISTS FOR (d:Doc) ON d.embedding OPTIONS"
                + " {indexConfig: {`vector.dimensions`: 384}}", "CREATE VECTOR INDEX v ON :Doc(e) WITH CONFIG"
                + " {\"dimension\": 2, \"capacity\": 10}", "DROP VECTOR INDEX v",
                "MATCH (d:Doc {id: $id}) CALL db.create.setNodeVectorProperty(d, 'embedding', $v)",
                "CALL db.index.vector.queryNodes('docs', 10, $q) YIELD node, score RETURN node, score",
                "CALL vector_search.search('v', 10, $q) YIELD node, distance, similarity RETURN node")) {
            assertThat(Messages.mayCommitInBatches(run(once), SHAPE)).as(once).isFalse();
        }
        // planner hints, Neo4j's and Memgraph's, say USING and INDEX, not TRANSACTIONS: they commit once
        for (String hinted : List.of("MATCH (n:P) USING INDEX SEEK n:P(a) USING SCAN n:P WHERE n.a = 1 SET n.b = 2",
                "MATCH (a:A)-->(b) USING JOIN ON b USING RANGE INDEX a:A(x) WHERE a.x > 1 DELETE b",
                "USING INDEX :P(a), :Q MATCH (n:P) WHERE n.a = 1 SET n.b = 2")) {
            assertThat(Messages.mayCommitInBatches(run(hinted), SHAPE)).as(hinted).isFalse();
        }
        // so do full-text index statements and searches, the search text given as a parameter as tools give it
        for (String once : List.of("CREATE FULLTEXT INDEX $name IF NOT EXISTS FOR (n:Chunk|Doc) ON EACH [n.text,"
                + " n.title] OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}",
                "CREATE FULLTEXT INDEX rels FOR ()-[r:MENTIONS]-() ON EACH [r.text]", "DROP INDEX keyword",
                "CREATE TEXT INDEX reports ON :Report(title)", "CREATE TEXT EDGE INDEX e ON :CITES", "DROP TEXT INDEX t",
                "CALL db.index.fulltext.queryNodes('keyword', $query, {limit: $k}) YIELD node, score"
                        + " RETURN node.text AS text, score",
                "CALL db.index.fulltext.queryRelationships('rels', 'graph AND database~') YIELD relationship",
                "CALL db.index.fulltext.listAvailableAnalyzers()",
                "CALL text_search.search_all('reports', $q) YIELD node, score RETURN node",
                "CALL text_search.regex_search_edges('e', 'wor.*s') YIELD edge RETURN edge")) {
            assertThat(Messages.mayCommitInBatches(run(once), SHAPE)).as(once).isFalse();
        }
        assertThat(Messages.mayCommitInBatches(run("CALL db.index.fulltext.queryNodes('docs', 'bank transactions')"
                + " YIELD node RETURN node"), SHAPE)).as("search text written in the query only makes it careful")
                .isTrue();
    }
}
