package io.memgraph.ha.server.replication;

import io.memgraph.ha.raft.node.StateMachine;
import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.RejectReason;
import io.memgraph.ha.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies committed Raft entries ({@link HaEntry}: a write set and its client transaction id) to
 * {@link Storage}, in log order, on the Raft apply thread.
 *
 * <p>Exactly once: an entry whose {@code ha_tx_id} already committed (within the window of
 * {@link CommittedTxIds}) is not applied again; its result is the first commit's result, so the
 * client that re-sent it gets the original bookmark. Only committed outcomes (and fences, below)
 * are remembered: a rejected transaction changed nothing, so running it again is safe and lets a
 * retry succeed.
 *
 * <p>Resolve fences ({@link HaEntry#isFence()}): a client that does not know whether its commit
 * of id X was applied (the leader died, or the commit timed out) asks through the log. Applied in
 * log order, a fence for X answers the remembered result when X committed earlier (the original
 * bookmark), and otherwise remembers X as not committed and answers {@link RejectReason#NOT_COMMITTED}.
 * A later entry with X (the original commit, still in flight in some log) is then answered with
 * that same result instead of being applied, so the answer "not committed" stays true. A second
 * fence for X answers the same. The fence consumes its index in storage with an empty write set,
 * like any entry that changes nothing.
 *
 * <p>Index numbering: the Raft log also holds a no-op entry per leader term, which RaftNode does
 * not hand to the state machine, so storage sees gaps in the indexes it applies at. Storage
 * accepts any index above its last applied one, so its {@code lastAppliedIndex()} is the index of
 * the last applied write set (at most Raft's applied index), and bookmarks, which name write-set
 * indexes, compare correctly against it. A snapshot taken at Raft index {@code i} holds the state
 * after every entry up to {@code i}; after a restore, Raft re-applies only entries above {@code i}.
 *
 * <p>Snapshot layout: {@code "MGHASM02"}, the remembered transaction ids ({@link CommittedTxIds#write}),
 * then storage's snapshot. Format 1 ({@code "MGHASM01"}, the ids in a longer layout) is still read,
 * and a snapshot that starts with storage's own magic (written before ids existed) restores with none.
 */
public final class StorageStateMachine implements StateMachine {
    /** The payload's magic: format 2, the remembered ids in {@link CommittedTxIds#write}'s compact layout. */
    private static final byte[] MAGIC = "MGHASM02".getBytes(StandardCharsets.US_ASCII);
    /** Format 1 (read only): the ids as written before they were compacted. */
    private static final byte[] MAGIC_FORMAT_1 = "MGHASM01".getBytes(StandardCharsets.US_ASCII);

    private final Storage storage;
    private final CommittedTxIds txIds;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong restored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong fences = new AtomicLong();

    /** @param storage the graph the entries are applied to */
    public StorageStateMachine(Storage storage) {
        this(storage, new CommittedTxIds());
    }

    StorageStateMachine(Storage storage, CommittedTxIds txIds) {
        this.storage = storage;
        this.txIds = txIds;
    }

    @Override
    public byte[] apply(long index, byte[] data) {
        // A malformed entry is rejected as INVALID (and still consumes the index), so every node
        // returns the same result; only an index at or below the last applied one throws, which is
        // a bug that must stop the node.
        HaEntry entry;
        try {
            entry = HaEntry.decode(data);
        } catch (IllegalArgumentException e) {
            if (index <= storage.lastAppliedIndex()) {
                throw new IllegalStateException("index " + index + " is not after the last applied index "
                        + storage.lastAppliedIndex());
            }
            return ApplyResultCodec.encode(new ApplyResult(index, RejectReason.INVALID,
                    "malformed log entry: " + e.getMessage()));
        }
        txIds.advance(entry.leaderMillis());
        if (entry.isFence()) {
            return fence(index, entry);
        }
        CommittedTxIds.Key txId = entry.txId() == null ? null : txIds.key(entry.txId());
        if (txId != null) {
            // Remembered: committed before (the first result), or fenced (not committed, for good).
            byte[] first = txIds.resultOf(txId);
            if (first != null) {
                duplicates.incrementAndGet();
                return first;
            }
        }
        ApplyResult result = storage.apply(index, entry.writeSet());
        byte[] encoded = ApplyResultCodec.encode(result);
        if (txId != null && result.committed()) {
            txIds.record(txId, entry.leaderMillis(), encoded);
        }
        applied.incrementAndGet();
        return encoded;
    }

    /**
     * Applies a resolve fence: the remembered outcome of its id, else "not committed", remembered
     * from now on. Deterministic: depends only on the log (the message names the id and index).
     */
    private byte[] fence(long index, HaEntry entry) {
        // An empty write set changes nothing but moves storage's applied index to the fence, as
        // any applied entry does: bookmarks and SHOW STATE HASH stay in step on every server.
        ApplyResult consumed = storage.apply(index, storage.begin().prepare());
        if (!consumed.committed()) {
            throw new IllegalStateException("storage refused an empty write set at index " + index + ": "
                    + consumed.message());
        }
        fences.incrementAndGet();
        CommittedTxIds.Key txId = txIds.key(entry.txId());
        byte[] first = txIds.resultOf(txId);
        if (first != null) {
            return first;
        }
        byte[] notCommitted = ApplyResultCodec.encode(new ApplyResult(index, RejectReason.NOT_COMMITTED,
                "The transaction with ha_tx_id '" + entry.txId() + "' did not commit and never will (resolve fence"
                        + " at log index " + index + "); it is safe to run it again with a new ha_tx_id"));
        txIds.record(txId, entry.leaderMillis(), notCommitted);
        return notCommitted;
    }

    /** The state as {@link #captureSnapshot} captures it, written at once. */
    @Override
    public void writeSnapshot(long index, OutputStream out) throws IOException {
        try (CapturedSnapshot captured = captureSnapshot(index)) {
            captured.writeTo(out);
        }
    }

    /**
     * Captures the state for a snapshot written on the Raft node's snapshot thread: the remembered
     * ids are encoded now (about 6 bytes each), storage's state is pinned at the last applied index
     * ({@link Storage#capture()}), and both are written later while applies go on.
     */
    @Override
    public CapturedSnapshot captureSnapshot(long index) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(head);
        data.write(MAGIC);
        txIds.write(data);
        data.flush();
        byte[] ids = head.toByteArray();
        Storage.CapturedState state = storage.capture();
        return new CapturedSnapshot() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(ids);
                state.writeTo(out);
            }

            @Override
            public void close() {
                state.close();
            }
        };
    }

    @Override
    public void restore(InputStream in) throws IOException {
        PushbackInputStream pin = new PushbackInputStream(in, MAGIC.length);
        byte[] head = pin.readNBytes(MAGIC.length);
        CommittedTxIds ids = new CommittedTxIds();
        if (Arrays.equals(head, MAGIC)) {
            ids.read(new DataInputStream(pin), "Raft snapshot");
        } else if (Arrays.equals(head, MAGIC_FORMAT_1)) {
            ids.readFormat1(new DataInputStream(pin), "Raft snapshot");
        } else {
            pin.unread(head);
        }
        storage.restore(pin, "Raft snapshot");
        txIds.replaceWith(ids);
        restored.incrementAndGet();
    }

    /** Write sets applied since this object was made (those replayed at start-up included). */
    public long appliedCount() {
        return applied.get();
    }

    /** Snapshots restored since this object was made. */
    public long restoredCount() {
        return restored.get();
    }

    /** Entries not applied because their transaction id had already committed or was fenced. */
    public long duplicatesSkipped() {
        return duplicates.get();
    }

    /** Resolve fences applied since this object was made. */
    public long fencesApplied() {
        return fences.get();
    }
}
