package io.memgraph.ha.server.replication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Raft log entry of the server: a transaction's write set with the client's transaction id
 * ({@code ha_tx_id} from the Bolt {@code tx_metadata}, for exactly-once commits) and the leader's
 * wall-clock time when it proposed the entry (which ages the remembered ids deterministically).
 *
 * <p>Layout: {@code [0x7E][u16 id length][id UTF-8][i64 leader millis][write set bytes]}. An entry
 * that does not start with {@code 0x7E} is a bare write set (whose first byte is its format
 * version), as the single server wrote before transaction ids existed; it decodes with no id.
 *
 * <p>A <em>resolve fence</em> ({@link #fence}) is an entry with a transaction id and no write set
 * at all: zero bytes after the header. Nothing else has that shape, so decoding stays
 * unambiguous without a new tag: an encoded write set is never empty (it starts with its format
 * version byte and always carries its snapshot index and counts), and a transaction that wrote
 * nothing is never proposed. Every entry written before fences existed decodes exactly as it did
 * (a tagged entry without an id and without a write set still decodes with no id and is rejected
 * as malformed when applied).
 *
 * @param txId the client's transaction id, or null when there is none
 * @param leaderMillis the leader's clock at proposal, or 0 for a bare write set
 * @param writeSet the encoded write set
 */
public record HaEntry(String txId, long leaderMillis, byte[] writeSet) {
    /** The first byte of an entry with a header; never the first byte of a write set. */
    static final byte TAG = 0x7E;
    /** The longest transaction id accepted, in UTF-8 bytes. */
    public static final int MAX_TX_ID_BYTES = 256;

    /** Checks the id's length. */
    public HaEntry {
        if (txId != null && txId.getBytes(StandardCharsets.UTF_8).length > MAX_TX_ID_BYTES) {
            throw new IllegalArgumentException("ha_tx_id is longer than " + MAX_TX_ID_BYTES + " bytes");
        }
    }

    /**
     * A resolve fence for {@code txId}: once applied, the transaction with that id either committed
     * earlier in the log or never will.
     *
     * @param txId the client's transaction id, not null
     * @param leaderMillis the leader's clock at proposal
     */
    public static HaEntry fence(String txId, long leaderMillis) {
        Objects.requireNonNull(txId, "txId");
        return new HaEntry(txId, leaderMillis, new byte[0]);
    }

    /** Whether this entry is a resolve fence (a transaction id and no write set). */
    public boolean isFence() {
        return txId != null && writeSet.length == 0;
    }

    /** The entry's bytes. */
    public byte[] encode() {
        byte[] id = txId == null ? new byte[0] : txId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 2 + id.length + 8 + writeSet.length);
        b.put(TAG).putShort((short) id.length).put(id).putLong(leaderMillis).put(writeSet);
        return b.array();
    }

    /**
     * Decodes an entry.
     *
     * @throws IllegalArgumentException when the header is truncated
     */
    public static HaEntry decode(byte[] data) {
        if (data.length == 0 || data[0] != TAG) {
            return new HaEntry(null, 0, data);
        }
        if (data.length < 3) {
            throw new IllegalArgumentException("entry header truncated at " + data.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        b.get();
        int idLength = b.getShort() & 0xffff;
        if (idLength > MAX_TX_ID_BYTES || b.remaining() < idLength + 8) {
            throw new IllegalArgumentException("entry header with a transaction id of " + idLength
                    + " bytes does not fit in " + data.length + " bytes");
        }
        String id = idLength == 0 ? null : new String(data, 3, idLength, StandardCharsets.UTF_8);
        b.position(3 + idLength);
        long millis = b.getLong();
        return new HaEntry(id, millis, Arrays.copyOfRange(data, b.position(), data.length));
    }
}
