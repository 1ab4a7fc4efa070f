package io.memgraph.ha.server.replication;

import io.memgraph.ha.storage.ApplyResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client transaction ids ({@code ha_tx_id}) of recently committed transactions and the result
 * each commit got, part of the replicated state (and of snapshots), so that a commit sent again by
 * a proxy or driver that did not learn the first outcome is answered with that outcome instead of
 * being applied twice.
 *
 * <p>A resolve fence for an id that is not remembered records the id too, with a
 * {@code NOT_COMMITTED} result: from then on every entry with that id is answered with that result
 * instead of being applied. Both kinds of outcome age out the same way.
 *
 * <p>An id is remembered for {@link #RETENTION_MILLIS} of leader time (the clock the leader stamped
 * into the entries) and among the newest {@link #MAX_IDS} ids; older ids are forgotten. Eviction
 * depends only on the entries, so every server holds the same ids. Used on the apply thread only.
 */
final class CommittedTxIds {
    /** Ten minutes. */
    static final long RETENTION_MILLIS = 10 * 60 * 1000L;
    /** A memory bound: at most this many ids, about 180 MB of heap at worst (a proxy's ids take 178 bytes each). */
    static final int MAX_IDS = 1_000_000;
    /** The encoded length of a plain commit's result: status byte and index. */
    private static final int PLAIN_COMMIT_BYTES = 9;

    /** A remembered outcome: a commit, or a fence's "not committed". */
    record Committed(long leaderMillis, byte[] result) {
    }

    private final LinkedHashMap<String, Committed> ids = new LinkedHashMap<>();
    private final int maxIds;
    private final long retentionMillis;
    private long newestMillis;

    CommittedTxIds() {
        this(MAX_IDS, RETENTION_MILLIS);
    }

    CommittedTxIds(int maxIds, long retentionMillis) {
        this.maxIds = maxIds;
        this.retentionMillis = retentionMillis;
    }

    /** The remembered result of {@code txId} (committed or fenced), or null when it is not remembered. */
    byte[] resultOf(String txId) {
        Committed c = ids.get(txId);
        return c == null ? null : c.result();
    }

    /** Ages the window to {@code leaderMillis} (time never goes back here) and evicts what fell out. */
    void advance(long leaderMillis) {
        newestMillis = Math.max(newestMillis, leaderMillis);
        evict();
    }

    /** Remembers that {@code txId} ended with {@code result}: committed, or fenced as not committed. */
    void record(String txId, long leaderMillis, byte[] result) {
        ids.put(txId, new Committed(leaderMillis, result));
        advance(leaderMillis);
    }

    private void evict() {
        Iterator<Map.Entry<String, Committed>> it = ids.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Committed> e = it.next();
            if (ids.size() > maxIds || e.getValue().leaderMillis() < newestMillis - retentionMillis) {
                it.remove();
            } else {
                break;
            }
        }
    }

    int size() {
        return ids.size();
    }

    /** Takes over the content of {@code other}. */
    void replaceWith(CommittedTxIds other) {
        ids.clear();
        ids.putAll(other.ids);
        newestMillis = other.newestMillis;
    }

    /**
     * Writes the ids in the compact layout that {@link #read} reads for format 2: newest millis
     * (i64), the count (varint), then per id in insertion order: the number of UTF-16 units it
     * shares with the previous id (varint; never splitting a surrogate pair), the rest as UTF-8
     * (varint length, bytes), its leader millis as a zigzag varint difference from the previous
     * id's, and its result: tag 0 and the index as a zigzag varint difference from the previous
     * committed index when the result is a plain commit at that index, else tag 1 and the bytes.
     * A proxy's ids share all but a counter's last digits, so an id takes about 6 bytes instead of
     * the 53 of format 1. Identical contents give identical bytes.
     */
    void write(DataOutputStream out) throws IOException {
        out.writeLong(newestMillis);
        Encoder enc = new Encoder(out);
        enc.varLong(ids.size());
        String prevId = "";
        long prevMillis = 0;
        long prevIndex = 0;
        for (Map.Entry<String, Committed> e : ids.entrySet()) {
            String id = e.getKey();
            int shared = sharedPrefix(prevId, id);
            enc.varLong(shared);
            enc.utf8(id, shared);
            long millis = e.getValue().leaderMillis();
            enc.varLong(zigzag(millis - prevMillis));
            byte[] result = e.getValue().result();
            long index = plainCommitIndex(result);
            if (index >= 0) {
                enc.varLong(0);
                enc.varLong(zigzag(index - prevIndex));
                prevIndex = index;
            } else {
                enc.varLong(1);
                enc.varLong(result.length);
                enc.bytes(result);
            }
            prevId = id;
            prevMillis = millis;
        }
        enc.flush();
    }

    /** Builds the compact layout in a buffer of its own and hands it to the stream in large writes. */
    private static final class Encoder {
        private final DataOutputStream out;
        private final byte[] buf = new byte[1 << 16];
        private int pos;

        Encoder(DataOutputStream out) {
            this.out = out;
        }

        /** Room for {@code n} more bytes ({@code n} at most the buffer's size). */
        private void ensure(int n) throws IOException {
            if (pos + n > buf.length) {
                flush();
            }
        }

        void varLong(long v) throws IOException {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        /** The UTF-8 length (varint) and bytes of {@code s} from {@code from} on. */
        void utf8(String s, int from) throws IOException {
            int n = s.length() - from;
            boolean ascii = n <= HaEntry.MAX_TX_ID_BYTES;
            for (int i = from; i < s.length() && ascii; i++) {
                ascii = s.charAt(i) < 0x80;
            }
            if (!ascii) {
                byte[] b = s.substring(from).getBytes(StandardCharsets.UTF_8);
                varLong(b.length);
                bytes(b);
                return;
            }
            varLong(n);
            ensure(n);
            for (int i = from; i < s.length(); i++) {
                buf[pos++] = (byte) s.charAt(i); // the common case: ASCII, one byte per char
            }
        }

        void bytes(byte[] b) throws IOException {
            if (b.length > buf.length - pos) {
                flush();
                out.write(b);
                return;
            }
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        void flush() throws IOException {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    /** Reads what {@link #write} wrote (format 2), replacing the content. */
    void read(DataInputStream in, String source) throws IOException {
        long newest = in.readLong();
        long n = readVarLong(in, source);
        if (n < 0 || n > maxIds) {
            throw new IOException(source + ": " + n + " remembered transaction ids is out of range");
        }
        LinkedHashMap<String, Committed> read = new LinkedHashMap<>();
        String prevId = "";
        long prevMillis = 0;
        long prevIndex = 0;
        for (long i = 0; i < n; i++) {
            long shared = readVarLong(in, source);
            long length = readVarLong(in, source);
            if (shared < 0 || shared > prevId.length() || length < 0 || length > HaEntry.MAX_TX_ID_BYTES) {
                throw new IOException(source + ": remembered transaction id " + i + " is malformed (shares "
                        + shared + " of " + prevId.length() + " characters, " + length + " more bytes)");
            }
            byte[] rest = new byte[(int) length];
            in.readFully(rest);
            String id = prevId.substring(0, (int) shared) + new String(rest, StandardCharsets.UTF_8);
            long millis = prevMillis + unzigzag(readVarLong(in, source));
            int tag = in.readUnsignedByte();
            byte[] result;
            if (tag == 0) {
                long index = prevIndex + unzigzag(readVarLong(in, source));
                result = ApplyResultCodec.encode(new ApplyResult(index, null, null));
                prevIndex = index;
            } else if (tag == 1) {
                result = readResult(in, source, readVarLong(in, source));
            } else {
                throw new IOException(source + ": remembered transaction id " + i + " has result tag " + tag);
            }
            read.put(id, new Committed(millis, result));
            prevId = id;
            prevMillis = millis;
        }
        ids.clear();
        ids.putAll(read);
        newestMillis = newest;
    }

    /**
     * The commit index when {@code result} is the encoding of a plain commit (status 0 and the
     * index: all that {@link ApplyResultCodec#encode} writes for one, so decoding and encoding it
     * again gives the same bytes), else -1.
     */
    private static long plainCommitIndex(byte[] result) {
        if (result.length != PLAIN_COMMIT_BYTES || result[0] != 0) {
            return -1;
        }
        long index = ApplyResultCodec.decode(result).index();
        return index >= 0 ? index : -1;
    }

    /** The length of the common prefix of {@code a} and {@code b}, not ending inside a surrogate pair. */
    private static int sharedPrefix(String a, String b) {
        int max = Math.min(a.length(), b.length());
        int i = 0;
        while (i < max && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i > 0 && Character.isHighSurrogate(b.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static byte[] readResult(DataInputStream in, String source, long length) throws IOException {
        if (length < 0 || length > 1 << 16) {
            throw new IOException(source + ": a remembered result of " + length + " bytes is out of range");
        }
        byte[] result = new byte[(int) length];
        in.readFully(result);
        return result;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static long readVarLong(DataInputStream in, String source) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException(source + ": a number in the remembered transaction ids is longer than 10 bytes");
    }

    /**
     * Reads format 1, which snapshots held before format 2 (newest millis i64, count i32, then per
     * id: modified UTF-8, millis i64, result length i32 and bytes), replacing the content.
     */
    void readFormat1(DataInputStream in, String source) throws IOException {
        long newest = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > maxIds) {
            throw new IOException(source + ": " + n + " remembered transaction ids is out of range");
        }
        LinkedHashMap<String, Committed> read = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String id = in.readUTF();
            long millis = in.readLong();
            read.put(id, new Committed(millis, readResult(in, source, in.readInt())));
        }
        ids.clear();
        ids.putAll(read);
        newestMillis = newest;
    }
}
