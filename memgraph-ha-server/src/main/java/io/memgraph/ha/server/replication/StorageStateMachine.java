package io.memgraph.ha.server.replication;

import io.memgraph.ha.raft.node.StateMachine;
import io.memgraph.ha.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies committed Raft entries (encoded write sets) to {@link Storage}, in log order, on the
 * Raft apply thread.
 *
 * <p>Index numbering: the Raft log also holds a no-op entry per leader term, which RaftNode does
 * not hand to the state machine, so storage sees gaps in the indexes it applies at. Storage
 * accepts any index above its last applied one, so its {@code lastAppliedIndex()} is the index of
 * the last write set (at most Raft's applied index), and bookmarks, which name write-set indexes,
 * compare correctly against it. A snapshot taken at Raft index {@code i} holds the state after every
 * write set up to {@code i}; after a restore, Raft re-applies only entries above {@code i}, all of
 * which are above storage's index.
 */
public final class StorageStateMachine implements StateMachine {
    private final Storage storage;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong restored = new AtomicLong();

    /** @param storage the graph the entries are applied to */
    public StorageStateMachine(Storage storage) {
        this.storage = storage;
    }

    @Override
    public byte[] apply(long index, byte[] data) {
        // A malformed write set is rejected as INVALID (and still consumes the index), so every node
        // returns the same result; only an index at or below the last applied one throws, which is
        // a bug that must stop the node.
        byte[] result = ApplyResultCodec.encode(storage.apply(index, data));
        applied.incrementAndGet();
        return result;
    }

    @Override
    public void writeSnapshot(long index, OutputStream out) throws IOException {
        storage.writeSnapshot(out);
    }

    @Override
    public void restore(InputStream in) throws IOException {
        storage.restore(in, "Raft snapshot");
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
}
