package io.memgraph.ha.server.replication;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
    /** A memory bound: at most this many ids, about 150 MB at worst. */
    static final int MAX_IDS = 1_000_000;

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

    void write(DataOutputStream out) throws IOException {
        out.writeLong(newestMillis);
        out.writeInt(ids.size());
        for (Map.Entry<String, Committed> e : ids.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue().leaderMillis());
            out.writeInt(e.getValue().result().length);
            out.write(e.getValue().result());
        }
    }

    /** Replaces the content with what {@link #write} wrote. */
    void read(DataInputStream in, String source) throws IOException {
        long newest = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > maxIds) {
            throw new IOException(source + ": " + n + " remembered transaction ids is out of range");
        }
        LinkedHashMap<String, Committed> read = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String id = in.readUTF();
            long millis = in.readLong();
            int length = in.readInt();
            if (length < 0 || length > 1 << 16) {
                throw new IOException(source + ": a remembered result of " + length + " bytes is out of range");
            }
            byte[] result = new byte[length];
            in.readFully(result);
            read.put(id, new Committed(millis, result));
        }
        ids.clear();
        ids.putAll(read);
        newestMillis = newest;
    }
}
