package io.memgraph.ha.server.replication;

import io.memgraph.ha.storage.ApplyResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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
    /**
     * A memory bound: at most this many ids, about 70 MB of heap at worst (a proxy's ids take about
     * 27 bytes of text and 36 of bookkeeping each; see the layout below).
     */
    static final int MAX_IDS = 1_000_000;
    /** The encoded length of a plain commit's result: status byte and index. */
    private static final int PLAIN_COMMIT_BYTES = 9;
    /** In {@link #index}: the result is not a plain commit's and is kept in {@link #otherResults}. */
    private static final long OTHER_RESULT = -1;
    private static final int MIN_CAPACITY = 16;
    private static final int MIN_TEXT_CAPACITY = 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /*
     * Layout: no object per id. The ids form a ring in insertion order (which is eviction order);
     * the id with sequence number s sits in slot s & (capacity - 1) of the parallel arrays. Its
     * UTF-8 bytes lie back to back with the others' in the ring of bytes `text` (byte position p
     * at p & (text.length - 1)), from textStart[slot] to the next id's start. `table` finds an id by its keyed hash:
     * open addressing with linear probing, each cell a slot + 1 or 0 when empty, at most half full.
     * A plain commit's result (status 0 and the index, all but a few results) is kept as its index;
     * any other result as bytes in otherResults, by sequence number.
     */
    private final int maxIds;
    private final long retentionMillis;
    private long newestMillis;

    private long head; // sequence number of the oldest id
    private int size;
    private long[] millis;
    private long[] index;
    private long[] textStart;
    private int[] hash;
    private byte[] text;
    private long textHead; // byte position of the oldest id's first byte
    private long textTail; // byte position after the newest id's last byte
    private int[] table;
    private final Map<Long, byte[]> otherResults = new HashMap<>();
    private long seed = ThreadLocalRandom.current().nextLong(); // of the hashes in `hash` and `table`

    CommittedTxIds() {
        this(MAX_IDS, RETENTION_MILLIS);
    }

    CommittedTxIds(int maxIds, long retentionMillis) {
        this.maxIds = maxIds;
        this.retentionMillis = retentionMillis;
        allocate(MIN_CAPACITY, MIN_TEXT_CAPACITY);
    }

    /** The remembered result of {@code txId} (committed or fenced), or null when it is not remembered. */
    byte[] resultOf(String txId) {
        return resultOf(key(txId));
    }

    /**
     * An id as this table finds it: its UTF-8 bytes and their keyed hash, worked out once for the
     * lookup of an entry's id and the record that may follow it. Valid for this table until its
     * content is replaced (the hash is keyed per table).
     */
    record Key(byte[] bytes, int hash) {
    }

    /** {@code txId} as this table's key. */
    Key key(String txId) {
        byte[] bytes = txId.getBytes(StandardCharsets.UTF_8);
        return new Key(bytes, hashOf(bytes));
    }

    /** The remembered result of the id {@code key}, or null when it is not remembered. */
    byte[] resultOf(Key key) {
        int slot = find(key);
        if (slot < 0) {
            return null;
        }
        long i = index[slot];
        return i == OTHER_RESULT ? otherResults.get(sequenceOf(slot))
                : ApplyResultCodec.encode(new ApplyResult(i, null, null));
    }

    /** Ages the window to {@code leaderMillis} (time never goes back here) and evicts what fell out. */
    void advance(long leaderMillis) {
        newestMillis = Math.max(newestMillis, leaderMillis);
        evict();
    }

    /**
     * Remembers that {@code txId} ended with {@code result}: committed, or fenced as not committed.
     * An id already remembered keeps its place in the eviction order and takes the new time and
     * result (callers record only ids they did not find).
     */
    void record(String txId, long leaderMillis, byte[] result) {
        record(key(txId), leaderMillis, result);
    }

    /** {@link #record(String, long, byte[])} with the id as this table's key. */
    void record(Key key, long leaderMillis, byte[] result) {
        put(key, leaderMillis, result);
        advance(leaderMillis);
    }

    /** Remembers {@code id} with its time and result, in place when it is remembered; no eviction. */
    private void put(Key id, long leaderMillis, byte[] result) {
        int slot = find(id);
        if (slot >= 0) {
            otherResults.remove(sequenceOf(slot));
            setResult(slot, sequenceOf(slot), leaderMillis, result);
        } else {
            append(id, leaderMillis, result);
        }
    }

    private void evict() {
        while (size > 0 && (size > maxIds || millis[slot(head)] < newestMillis - retentionMillis)) {
            removeOldest();
        }
        if (size * 8 < capacity() && capacity() > MIN_CAPACITY) {
            // shrink to twice what is in use: room to grow again before the next doubling
            allocate(powerOfTwoFrom(MIN_CAPACITY, 2L * size), powerOfTwoFrom(MIN_TEXT_CAPACITY, 2 * (textTail - textHead)));
        }
    }

    int size() {
        return size;
    }

    /** The slots the arrays have now (for tests: they grow with the ids and shrink when the ids age out). */
    int capacityForTests() {
        return capacity();
    }

    /** The longest run of occupied cells in the table (for tests: a lookup probes at most that many). */
    int longestRunForTests() {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < 2 * table.length; i++) { // twice round: a run may wrap
            run = table[i & (table.length - 1)] == 0 ? 0 : run + 1;
            longest = Math.max(longest, Math.min(run, size));
        }
        return longest;
    }

    /** Takes over the content of {@code other}, which must not be used afterwards. */
    void replaceWith(CommittedTxIds other) {
        newestMillis = other.newestMillis;
        head = other.head;
        size = other.size;
        millis = other.millis;
        index = other.index;
        textStart = other.textStart;
        hash = other.hash;
        text = other.text;
        textHead = other.textHead;
        textTail = other.textTail;
        table = other.table;
        seed = other.seed;
        otherResults.clear();
        otherResults.putAll(other.otherResults);
    }

    // --- the ring and the table --------------------------------------------------------------------

    private int capacity() {
        return millis.length;
    }

    private int slot(long sequence) {
        return (int) sequence & (capacity() - 1);
    }

    private long sequenceOf(int slot) {
        return head + ((slot - head) & (capacity() - 1));
    }

    private int lengthOf(long sequence) {
        long end = sequence + 1 < head + size ? textStart[slot(sequence + 1)] : textTail;
        return (int) (end - textStart[slot(sequence)]);
    }

    /**
     * A hash of the id's bytes keyed with this table's random seed: ids are chosen by clients, and
     * ids made to collide under a fixed hash would turn every lookup into a scan of the table.
     */
    private int hashOf(byte[] id) {
        long h = seed ^ id.length;
        int i = 0;
        for (; i + 8 <= id.length; i += 8) {
            h = mix(h ^ mix(seed + (long) LONGS.get(id, i)));
        }
        long last = 0;
        for (; i < id.length; i++) {
            last = last << 8 | (id[i] & 0xFF);
        }
        h = mix(h ^ mix(seed + last));
        return (int) (h ^ (h >>> 32));
    }

    /** The finalizer of MurmurHash3's 64-bit variant: every input bit moves every output bit. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        return k ^ (k >>> 33);
    }

    /** The slot of {@code id}, or -1 when it is not remembered. */
    private int find(Key id) {
        int h = id.hash();
        int mask = table.length - 1;
        for (int cell = h & mask; ; cell = (cell + 1) & mask) {
            int entry = table[cell];
            if (entry == 0) {
                return -1;
            }
            int slot = entry - 1;
            if (hash[slot] == h && sameId(slot, id.bytes())) {
                return slot;
            }
        }
    }

    private boolean sameId(int slot, byte[] id) {
        long sequence = sequenceOf(slot);
        if (lengthOf(sequence) != id.length) {
            return false;
        }
        long p = textStart[slot];
        int mask = text.length - 1;
        for (int i = 0; i < id.length; i++) {
            if (text[(int) (p + i) & mask] != id[i]) {
                return false;
            }
        }
        return true;
    }

    /** Adds an id not remembered yet as the newest; no eviction. */
    private void append(Key key, long leaderMillis, byte[] result) {
        byte[] id = key.bytes();
        if (size == capacity() || textTail - textHead + id.length > text.length) {
            allocate(size == capacity() ? capacity() * 2 : capacity(), textCapacityFor(id.length, text.length));
        }
        long sequence = head + size;
        int slot = slot(sequence);
        int mask = text.length - 1;
        for (int i = 0; i < id.length; i++) {
            text[(int) (textTail + i) & mask] = id[i];
        }
        textStart[slot] = textTail;
        textTail += id.length;
        hash[slot] = key.hash();
        setResult(slot, sequence, leaderMillis, result);
        size++;
        insertCell(slot);
    }

    private void setResult(int slot, long sequence, long leaderMillis, byte[] result) {
        millis[slot] = leaderMillis;
        long plain = plainCommitIndex(result);
        index[slot] = plain >= 0 ? plain : OTHER_RESULT;
        if (plain < 0) {
            otherResults.put(sequence, result);
        }
    }

    private void insertCell(int slot) {
        int mask = table.length - 1;
        int cell = hash[slot] & mask;
        while (table[cell] != 0) {
            cell = (cell + 1) & mask;
        }
        table[cell] = slot + 1;
    }

    private void removeOldest() {
        int slot = slot(head);
        int mask = table.length - 1;
        int cell = hash[slot] & mask;
        while (table[cell] != slot + 1) {
            cell = (cell + 1) & mask;
        }
        // backward-shift deletion: move up every later entry of the run that may not stay behind the hole
        int hole = cell;
        for (int next = (hole + 1) & mask; table[next] != 0; next = (next + 1) & mask) {
            int home = hash[table[next] - 1] & mask;
            boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
            if (movable) {
                table[hole] = table[next];
                hole = next;
            }
        }
        table[hole] = 0;
        if (index[slot] == OTHER_RESULT) {
            otherResults.remove(head);
        }
        head++;
        size--;
        textHead = size == 0 ? textTail : textStart[slot(head)];
    }

    /** The smallest power of two from {@code atLeast} on that holds the text in use and {@code more} bytes. */
    private int textCapacityFor(int more, int atLeast) {
        return powerOfTwoFrom(atLeast, textTail - textHead + more);
    }

    /** The smallest of {@code start} (a power of two) doubled as often as needed to reach {@code n}. */
    private static int powerOfTwoFrom(int start, long n) {
        int cap = start;
        while (cap < n) {
            cap *= 2;
        }
        return cap;
    }

    /**
     * New arrays of {@code cap} slots (a power of two, at least the size) and {@code textCap} bytes
     * (a power of two, at least the text in use), the ids copied over in order, the table rebuilt.
     */
    private void allocate(int cap, int textCap) {
        long[] oldMillis = millis;
        long[] oldIndex = index;
        long[] oldStart = textStart;
        int[] oldHash = hash;
        byte[] oldText = text;
        int oldMask = oldMillis == null ? 0 : oldMillis.length - 1;
        millis = new long[cap];
        index = new long[cap];
        textStart = new long[cap];
        hash = new int[cap];
        text = new byte[textCap];
        table = new int[2 * cap];
        for (long p = textHead; p < textTail; p++) {
            text[(int) p & (textCap - 1)] = oldText[(int) p & (oldText.length - 1)];
        }
        for (long s = head; s < head + size; s++) {
            int from = (int) s & oldMask;
            int to = slot(s);
            millis[to] = oldMillis[from];
            index[to] = oldIndex[from];
            textStart[to] = oldStart[from];
            hash[to] = oldHash[from];
            insertCell(to);
        }
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
        enc.varLong(size);
        byte[] prev = new byte[0];
        int prevLength = 0;
        boolean prevAscii = true;
        byte[] cur = new byte[64];
        long prevMillis = 0;
        long prevIndex = 0;
        for (long sequence = head; sequence < head + size; sequence++) {
            int slot = slot(sequence);
            int length = lengthOf(sequence);
            if (cur.length < length) {
                cur = new byte[Math.max(length, 2 * cur.length)];
            }
            int mask = text.length - 1;
            for (int i = 0; i < length; i++) {
                cur[i] = text[(int) (textStart[slot] + i) & mask];
            }
            boolean curAscii = ascii(cur, length);
            if (prevAscii && curAscii) {
                // one UTF-16 unit per byte: the shared prefix in bytes is the one in units
                int shared = 0;
                while (shared < Math.min(prevLength, length) && prev[shared] == cur[shared]) {
                    shared++;
                }
                enc.varLong(shared);
                enc.varLong(length - shared);
                enc.bytes(cur, shared, length - shared);
            } else {
                String prevId = new String(prev, 0, prevLength, StandardCharsets.UTF_8);
                String id = new String(cur, 0, length, StandardCharsets.UTF_8);
                int shared = sharedPrefix(prevId, id);
                enc.varLong(shared);
                enc.utf8(id, shared);
            }
            long m = millis[slot];
            enc.varLong(zigzag(m - prevMillis));
            if (index[slot] != OTHER_RESULT) {
                enc.varLong(0);
                enc.varLong(zigzag(index[slot] - prevIndex));
                prevIndex = index[slot];
            } else {
                byte[] result = otherResults.get(sequence);
                enc.varLong(1);
                enc.varLong(result.length);
                enc.bytes(result, 0, result.length);
            }
            byte[] swap = prev;
            prev = cur;
            cur = swap;
            prevLength = length;
            prevAscii = curAscii;
            prevMillis = m;
        }
        enc.flush();
    }

    private static boolean ascii(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
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
                bytes(b, 0, b.length);
                return;
            }
            varLong(n);
            ensure(n);
            for (int i = from; i < s.length(); i++) {
                buf[pos++] = (byte) s.charAt(i); // the common case: ASCII, one byte per char
            }
        }

        void bytes(byte[] b, int offset, int length) throws IOException {
            if (length > buf.length - pos) {
                flush();
                out.write(b, offset, length);
                return;
            }
            System.arraycopy(b, offset, buf, pos, length);
            pos += length;
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
        CommittedTxIds read = new CommittedTxIds(maxIds, retentionMillis);
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
            read.put(read.key(id), millis, result);
            prevId = id;
            prevMillis = millis;
        }
        read.newestMillis = newest;
        replaceWith(read);
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
        CommittedTxIds read = new CommittedTxIds(maxIds, retentionMillis);
        for (int i = 0; i < n; i++) {
            String id = in.readUTF();
            long millis = in.readLong();
            read.put(read.key(id), millis, readResult(in, source, in.readInt()));
        }
        read.newestMillis = newest;
        replaceWith(read);
    }
}
