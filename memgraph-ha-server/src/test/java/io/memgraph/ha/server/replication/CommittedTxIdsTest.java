package io.memgraph.ha.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.RejectReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The remembered ids' snapshot layouts: the compact format 2 and the format 1 still read. */
class CommittedTxIdsTest {

    private static byte[] committed(long index) {
        return ApplyResultCodec.encode(new ApplyResult(index, null, null));
    }

    private static byte[] written(CommittedTxIds ids) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ids.write(out);
        }
        return bytes.toByteArray();
    }

    private static CommittedTxIds read(byte[] bytes, int maxIds) throws IOException {
        CommittedTxIds ids = new CommittedTxIds(maxIds, CommittedTxIds.RETENTION_MILLIS);
        ids.read(new DataInputStream(new ByteArrayInputStream(bytes)), "test snapshot");
        return ids;
    }

    @Test
    void everyIdResultAndTheOrderSurviveTheCompactLayout() throws IOException {
        Map<String, byte[]> expected = new LinkedHashMap<>();
        expected.put("proxy-00ff00ff00ff00ff-9", committed(100));
        expected.put("proxy-00ff00ff00ff00ff-10", committed(101));
        expected.put("proxy-00ff00ff00ff00ff-11", committed(99)); // indexes need not grow
        expected.put("a\uD83D\uDE00", committed(5)); // shares "a" and half a surrogate pair with the next
        expected.put("a\uD83D\uDE03", committed(6));
        expected.put("fenced-é", ApplyResultCodec.encode(new ApplyResult(7, RejectReason.NOT_COMMITTED,
                "did not commit and never will")));
        expected.put("odd", new byte[] {0, 1}); // not a plain commit's encoding: kept byte for byte
        expected.put("", committed(Long.MAX_VALUE / 3));
        CommittedTxIds ids = new CommittedTxIds(expected.size(), CommittedTxIds.RETENTION_MILLIS);
        long millis = 1_700_000_000_000L;
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            ids.record(e.getKey(), millis, e.getValue());
            millis -= 7; // a new leader's clock may be behind the old one's
        }

        byte[] bytes = written(ids);
        CommittedTxIds back = read(bytes, expected.size());

        assertThat(back.size()).isEqualTo(expected.size());
        expected.forEach((id, result) -> assertThat(back.resultOf(id)).as(id).isEqualTo(result));
        assertThat(written(back)).isEqualTo(bytes);
        // insertion order is eviction order: one more id pushes out the first, and only it
        back.record("newest", millis, committed(1));
        assertThat(back.resultOf("proxy-00ff00ff00ff00ff-9")).isNull();
        assertThat(back.resultOf("proxy-00ff00ff00ff00ff-10")).isEqualTo(committed(101));
    }

    @Test
    void aProxysIdsTakeAFewBytesEach() throws IOException {
        CommittedTxIds ids = new CommittedTxIds();
        for (int i = 0; i < 10_000; i++) {
            ids.record("proxy-0123456789abcdef-" + (1_000_000 + i), 1_700_000_000_000L + i / 10,
                    committed(5_000_000L + 2 * i));
        }

        byte[] bytes = written(ids);

        // format 1 took 53 bytes for each of these
        assertThat(bytes.length).isLessThan(10_000 * 8);
        assertThat(read(bytes, CommittedTxIds.MAX_IDS).resultOf("proxy-0123456789abcdef-1009999"))
                .isEqualTo(committed(5_000_000L + 2 * 9_999));
    }

    @Test
    void formatOneIsStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(1234);
            out.writeInt(2);
            out.writeUTF("first");
            out.writeLong(1000);
            out.writeInt(9);
            out.write(committed(42));
            out.writeUTF("second");
            out.writeLong(1234);
            out.writeInt(2);
            out.write(new byte[] {3, 4});
        }
        CommittedTxIds ids = new CommittedTxIds();

        ids.readFormat1(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), "old snapshot");

        assertThat(ids.size()).isEqualTo(2);
        assertThat(ids.resultOf("first")).isEqualTo(committed(42));
        assertThat(ids.resultOf("second")).containsExactly(3, 4);
    }

    @Test
    void malformedBytesAreAnErrorNamingTheSource() throws IOException {
        CommittedTxIds one = new CommittedTxIds();
        one.record("abc", 1, committed(1));
        byte[] good = written(one);
        byte[] sharesTooMuch = good.clone();
        sharesTooMuch[9] = 5; // the first id claims 5 characters of an empty previous id
        byte[] badTag = good.clone();
        badTag[good.length - 2] = 7;

        assertThatThrownBy(() -> read(sharesTooMuch, 10)).isInstanceOf(IOException.class)
                .hasMessageContaining("test snapshot").hasMessageContaining("malformed");
        assertThatThrownBy(() -> read(badTag, 10)).isInstanceOf(IOException.class)
                .hasMessageContaining("result tag 7");
        assertThatThrownBy(() -> read(good, 0)).isInstanceOf(IOException.class)
                .hasMessageContaining("out of range");
    }
}
