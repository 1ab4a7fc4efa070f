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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The remembered ids: lookups and eviction against a plain map of the same rules, the compact
 * snapshot format 2 and the format 1 still read.
 */
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

    /** The rules, as simply as they can be written: what the compact table must behave like. */
    private static final class Model {
        final LinkedHashMap<String, Object[]> ids = new LinkedHashMap<>(); // id -> {millis, result}
        final int maxIds;
        final long retention;
        long newest;

        Model(int maxIds, long retention) {
            this.maxIds = maxIds;
            this.retention = retention;
        }

        void advance(long millis) {
            newest = Math.max(newest, millis);
            Iterator<Object[]> it = ids.values().iterator();
            while (it.hasNext()) {
                Object[] e = it.next();
                if (ids.size() > maxIds || (long) e[0] < newest - retention) {
                    it.remove();
                } else {
                    break;
                }
            }
        }

        void record(String id, long millis, byte[] result) {
            ids.put(id, new Object[] {millis, result});
            advance(millis);
        }
    }

    private static String randomId(Random random, int n) {
        return switch (random.nextInt(8)) {
            case 0 -> "é-" + n + "-\uD83D\uDE00"; // two- and four-byte characters
            case 1 -> "x".repeat(random.nextInt(200)) + n; // long ones
            case 2 -> n % 1000 == 0 ? "" : "u-" + Long.toHexString(random.nextLong()) + n;
            default -> "proxy-0123456789abcdef-" + n; // the common kind
        };
    }

    @Test
    void behavesLikeAPlainMapOfTheSameRulesThroughGrowthWrapAroundAndShrinking() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            Model model = new Model(1_000, 5_000);
            CommittedTxIds ids = new CommittedTxIds(1_000, 5_000);
            List<String> seen = new ArrayList<>();
            long clock = 1_700_000_000_000L;
            long index = 1;
            for (int op = 0; op < 60_000; op++) {
                // bursts of many ids in little time (the count bound), then quiet spells (the time bound)
                clock += (op / 10_000) % 2 == 0 ? random.nextInt(3) : random.nextInt(40);
                long millis = random.nextInt(50) == 0 ? clock - random.nextInt(100) : clock; // a clock behind
                int what = random.nextInt(100);
                if (what < 70) {
                    String id = randomId(random, seen.size());
                    seen.add(id);
                    byte[] result = random.nextInt(20) == 0
                            ? ApplyResultCodec.encode(new ApplyResult(index, RejectReason.NOT_COMMITTED, "fenced " + id))
                            : committed(index);
                    index += 1 + random.nextInt(3);
                    model.record(id, millis, result);
                    ids.record(id, millis, result);
                } else if (what < 72 && !seen.isEmpty()) {
                    String id = seen.get(seen.size() - 1 - random.nextInt(Math.min(seen.size(), 50)));
                    model.record(id, millis, committed(index));
                    ids.record(id, millis, committed(index++));
                } else if (what < 80) {
                    model.advance(millis);
                    ids.advance(millis);
                }
                if (!seen.isEmpty()) {
                    String probe = seen.get(random.nextInt(seen.size()));
                    Object[] expected = model.ids.get(probe);
                    assertThat(ids.resultOf(probe)).as("seed %d op %d id %s", seed, op, probe)
                            .isEqualTo(expected == null ? null : (byte[]) expected[1]);
                }
                assertThat(ids.resultOf("never-" + op)).isNull();
                assertThat(ids.size()).as("seed %d op %d", seed, op).isEqualTo(model.ids.size());
                if (op % 7_500 == 7_499) {
                    assertSameContent(ids, model, seen);
                    byte[] bytes = written(ids);
                    CommittedTxIds back = read(bytes, 1_000);
                    assertSameContent(back, model, seen);
                    assertThat(written(back)).isEqualTo(bytes);
                }
            }
            // the bursts grew the table and the quiet spells shrank it again
            assertThat(ids.capacityForTests()).isLessThanOrEqualTo(1_024);
        }
    }

    private static void assertSameContent(CommittedTxIds ids, Model model, List<String> seen) {
        assertThat(ids.size()).isEqualTo(model.ids.size());
        for (String id : seen) {
            Object[] expected = model.ids.get(id);
            assertThat(ids.resultOf(id)).as(id).isEqualTo(expected == null ? null : (byte[]) expected[1]);
        }
    }

    @Test
    void aBurstAgedOutGivesItsMemoryBack() {
        CommittedTxIds ids = new CommittedTxIds(CommittedTxIds.MAX_IDS, 1_000);
        for (int i = 0; i < 100_000; i++) {
            ids.record("proxy-0123456789abcdef-" + i, 0, committed(i + 1));
        }
        assertThat(ids.capacityForTests()).isGreaterThanOrEqualTo(100_000);

        ids.record("later", 5_000, committed(100_001));

        assertThat(ids.size()).isEqualTo(1);
        assertThat(ids.capacityForTests()).isLessThan(1_000);
        assertThat(ids.resultOf("later")).isEqualTo(committed(100_001));
        assertThat(ids.resultOf("proxy-0123456789abcdef-99999")).isNull();
    }

    @Test
    void idsMadeToCollideUnderAFixedHashDoNotPileUp() {
        // "Aa" and "BB" have the same String.hashCode, so all 2^12 words of 12 such pairs do too
        CommittedTxIds ids = new CommittedTxIds();
        List<String> colliding = new ArrayList<>();
        for (int bits = 0; bits < 1 << 12; bits++) {
            StringBuilder id = new StringBuilder();
            for (int b = 0; b < 12; b++) {
                id.append((bits >> b & 1) == 0 ? "Aa" : "BB");
            }
            colliding.add(id.toString());
            ids.record(id.toString(), 0, committed(bits + 1));
        }
        assertThat(colliding.stream().map(String::hashCode).distinct()).hasSize(1);

        for (int i = 0; i < colliding.size(); i++) {
            assertThat(ids.resultOf(colliding.get(i))).isEqualTo(committed(i + 1));
        }
        assertThat(ids.longestRunForTests()).isLessThan(100);
    }

    /** Format 2 as the first version of it wrote these ids: a snapshot taken before still reads the same. */
    @Test
    void formatTwoIsByteForByteWhatItWasWhenIntroduced() throws IOException {
        CommittedTxIds ids = new CommittedTxIds();
        ids.record("proxy-00ff00ff00ff00ff-9", 1_700_000_000_000L, committed(100));
        ids.record("proxy-00ff00ff00ff00ff-10", 1_700_000_000_003L, committed(101));
        ids.record("a\uD83D\uDE00", 1_700_000_000_001L, committed(5));
        ids.record("a\uD83D\uDE03", 1_700_000_000_004L, committed(6));
        ids.record("fenced-é", 1_700_000_000_004L, new byte[] {1, 2, 3});
        ids.record("ab", 1_700_000_000_005L, committed(8)); // all of it the next one's start
        ids.record("abc", 1_700_000_000_006L, committed(9));
        ids.record("abd", 1_700_000_000_007L, committed(10));
        ids.record("", 1_700_000_000_009L, committed(7));

        assertThat(HexFormat.of().formatHex(written(ids))).isEqualTo(GOLDEN_FORMAT_2);
    }

    private static final String GOLDEN_FORMAT_2 = "0000018bcfe5680909001870726f78792d303066663030666630306666303066662d3980a0abfef9"
            + "6200c80117023130060002000561f09f98800300bf010104f09f9883060002000966656e6365642d"
            + "c3a9000103010203000261620200040201630200020201640200020000040005";
}
