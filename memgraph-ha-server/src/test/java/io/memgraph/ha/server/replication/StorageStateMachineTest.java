package io.memgraph.ha.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.RejectReason;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state machine over storage: index gaps (Raft no-ops), results, snapshots, determinism. */
class StorageStateMachineTest {

    /** A write set that creates a vertex with {@code v} and sets it on {@code existing} if >= 0. */
    private static byte[] write(Storage storage, long existing, long v) {
        Transaction t = storage.begin();
        long id = t.createVertex();
        t.setVertexProperty(id, "v", v);
        if (existing >= 0) {
            t.setVertexProperty(existing, "v", v);
        }
        return t.prepare().toBytes();
    }

    @Test
    void appliesAtRaftIndexesWithGapsForNoopsAndReportsTheIndex() {
        Storage storage = new Storage();
        StorageStateMachine sm = new StorageStateMachine(storage);
        // Index 1 is the first term's no-op, which RaftNode does not hand over.
        ApplyResult first = ApplyResultCodec.decode(sm.apply(2, write(storage, -1, 1)));
        assertThat(first.committed()).isTrue();
        assertThat(first.index()).isEqualTo(2);
        ApplyResult second = ApplyResultCodec.decode(sm.apply(5, write(storage, -1, 2)));
        assertThat(second.index()).isEqualTo(5);
        assertThat(storage.lastAppliedIndex()).isEqualTo(5);
        assertThat(sm.appliedCount()).isEqualTo(2);
        assertThatThrownBy(() -> sm.apply(5, write(storage, -1, 3))).hasMessageContaining("not after");
    }

    @Test
    void aConflictIsRejectedTheSameWayOnEveryReplica() {
        Storage leader = new Storage();
        StorageStateMachine sm = new StorageStateMachine(leader);
        List<byte[]> log = new ArrayList<>();
        log.add(write(leader, -1, 0));
        sm.apply(2, log.get(0));
        // Two transactions from the same snapshot both change vertex 0: the second one loses.
        byte[] a = write(leader, 0, 10);
        byte[] b = write(leader, 0, 20);
        log.add(a);
        log.add(b);
        byte[] ra = sm.apply(3, a);
        byte[] rb = sm.apply(4, b);
        assertThat(ApplyResultCodec.decode(ra).committed()).isTrue();
        ApplyResult rejected = ApplyResultCodec.decode(rb);
        assertThat(rejected.reason()).isEqualTo(RejectReason.CONFLICT);
        assertThat(rejected.index()).isEqualTo(4);
        assertThat(rejected.message()).isNotBlank();
        StorageStateMachine replica = new StorageStateMachine(new Storage());
        replica.apply(2, log.get(0));
        assertThat(replica.apply(3, a)).isEqualTo(ra);
        assertThat(replica.apply(4, b)).isEqualTo(rb);
        // A malformed entry is rejected (and consumes its index) instead of stopping the node.
        ApplyResult invalid = ApplyResultCodec.decode(sm.apply(6, new byte[] {1, 2, 3}));
        assertThat(invalid.reason()).isEqualTo(RejectReason.INVALID);
        assertThat(leader.lastAppliedIndex()).isEqualTo(6);
    }

    @Test
    void aSnapshotRestoresTheStateAndLaterEntriesApplyAboveIt() throws Exception {
        Storage storage = new Storage();
        StorageStateMachine sm = new StorageStateMachine(storage);
        for (int i = 0; i < 5; i++) {
            sm.apply(2 + 2L * i, write(storage, -1, i));
        }
        ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
        // Raft snapshots at its applied index 11 (a no-op after the last write set at 10).
        sm.writeSnapshot(11, snapshot);
        Storage restored = new Storage();
        StorageStateMachine sm2 = new StorageStateMachine(restored);
        sm2.restore(new ByteArrayInputStream(snapshot.toByteArray()));
        assertThat(restored.lastAppliedIndex()).isEqualTo(10);
        assertThat(sm2.restoredCount()).isEqualTo(1);
        restored.resetIdAllocation();
        assertThat(restored.nextVertexId()).isEqualTo(5);
        ApplyResult next = ApplyResultCodec.decode(sm2.apply(12, write(restored, -1, 99)));
        assertThat(next.committed()).isTrue();
        Transaction t = restored.begin();
        assertThat(t.vertexProperty(5, "v")).isEqualTo(99L);
        assertThat(t.vertexProperty(4, "v")).isEqualTo(4L);
        t.close();
    }

    @Test
    void resultCodecRoundTripsEveryReason() {
        assertThat(ApplyResultCodec.decode(ApplyResultCodec.encode(new ApplyResult(7, null, null))))
                .isEqualTo(new ApplyResult(7, null, null));
        for (RejectReason r : RejectReason.values()) {
            ApplyResult result = new ApplyResult(Long.MAX_VALUE, r, "why: é " + r);
            assertThat(ApplyResultCodec.decode(ApplyResultCodec.encode(result))).isEqualTo(result);
        }
        assertThatThrownBy(() -> ApplyResultCodec.decode(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        byte[] unknown = ApplyResultCodec.encode(new ApplyResult(1, null, null));
        unknown[0] = 99;
        assertThatThrownBy(() -> ApplyResultCodec.decode(unknown)).hasMessageContaining("99");
    }
}
