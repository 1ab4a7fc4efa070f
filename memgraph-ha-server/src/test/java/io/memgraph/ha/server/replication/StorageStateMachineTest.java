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

    private static byte[] entry(String txId, long millis, byte[] writeSet) {
        return new HaEntry(txId, millis, writeSet).encode();
    }

    private static long count(Storage storage) {
        Transaction t = storage.begin();
        try {
            long n = 0;
            for (long id = 0; id < 1000; id++) {
                if (t.vertexExists(id)) {
                    n++;
                }
            }
            return n;
        } finally {
            t.close();
        }
    }

    @Test
    void aCommitSentAgainWithTheSameTxIdIsAnsweredWithTheFirstOutcomeAndNotAppliedTwice() {
        Storage storage = new Storage();
        StorageStateMachine sm = new StorageStateMachine(storage);
        byte[] first = sm.apply(2, entry("tx-1", 1000, write(storage, -1, 1)));
        // The retry ran the query again on a new leader: a different write set, the same id.
        byte[] again = sm.apply(4, entry("tx-1", 2000, write(storage, -1, 2)));
        assertThat(again).isEqualTo(first);
        assertThat(ApplyResultCodec.decode(again).index()).as("the original bookmark").isEqualTo(2);
        assertThat(count(storage)).isEqualTo(1);
        assertThat(sm.duplicatesSkipped()).isEqualTo(1);
        // Another id, and no id at all, apply normally.
        assertThat(ApplyResultCodec.decode(sm.apply(5, entry("tx-2", 2000, write(storage, -1, 3)))).index()).isEqualTo(5);
        assertThat(ApplyResultCodec.decode(sm.apply(6, entry(null, 2000, write(storage, -1, 4)))).index()).isEqualTo(6);
        assertThat(count(storage)).isEqualTo(3);
    }

    @Test
    void aRejectedCommitIsNotRememberedSoItsRetryCanSucceed() {
        Storage storage = new Storage();
        StorageStateMachine sm = new StorageStateMachine(storage);
        sm.apply(2, write(storage, -1, 0));
        byte[] a = write(storage, 0, 10);
        byte[] b = write(storage, 0, 20);
        sm.apply(3, entry("a", 1, a));
        assertThat(ApplyResultCodec.decode(sm.apply(4, entry("b", 1, b))).reason()).isEqualTo(RejectReason.CONFLICT);
        ApplyResult retried = ApplyResultCodec.decode(sm.apply(5, entry("b", 2, write(storage, 0, 30))));
        assertThat(retried.committed()).isTrue();
        assertThat(retried.index()).isEqualTo(5);
    }

    @Test
    void remembersIdsForTheRetentionWindowOfLeaderTimeAndAtMostTheNewestN() {
        Storage storage = new Storage();
        StorageStateMachine sm = new StorageStateMachine(storage, new CommittedTxIds(3, 60_000));
        sm.apply(2, entry("old", 0, write(storage, -1, 1)));
        sm.apply(3, entry("x", 59_000, write(storage, -1, 2)));
        // 60.5 s of leader time later "old" is forgotten, "x" is not.
        sm.apply(4, entry(null, 60_500, write(storage, -1, 3)));
        assertThat(ApplyResultCodec.decode(sm.apply(5, entry("x", 60_500, write(storage, -1, 4)))).index()).isEqualTo(3);
        assertThat(ApplyResultCodec.decode(sm.apply(6, entry("old", 60_500, write(storage, -1, 5)))).index()).isEqualTo(6);
        // At most three ids: a fourth pushes out the oldest ("x").
        sm.apply(7, entry("y", 60_600, write(storage, -1, 6)));
        sm.apply(8, entry("z", 60_700, write(storage, -1, 7)));
        assertThat(ApplyResultCodec.decode(sm.apply(9, entry("x", 60_800, write(storage, -1, 8)))).index()).isEqualTo(9);
    }

    @Test
    void rememberedIdsTravelInSnapshotsAndBareLegacyEntriesAndSnapshotsStillLoad() throws Exception {
        Storage storage = new Storage();
        StorageStateMachine sm = new StorageStateMachine(storage);
        sm.apply(2, write(storage, -1, 1)); // a bare write set, as the single server wrote before ids
        byte[] first = sm.apply(3, entry("kept", 5, write(storage, -1, 2)));
        ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
        sm.writeSnapshot(3, snapshot);
        Storage restored = new Storage();
        StorageStateMachine sm2 = new StorageStateMachine(restored);
        sm2.restore(new ByteArrayInputStream(snapshot.toByteArray()));
        // The same state written again gives the same bytes (replicas compare snapshots).
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        sm2.writeSnapshot(3, again);
        assertThat(again.toByteArray()).isEqualTo(snapshot.toByteArray());
        restored.resetIdAllocation();
        assertThat(sm2.apply(4, entry("kept", 6, write(restored, -1, 3)))).isEqualTo(first);
        assertThat(count(restored)).isEqualTo(2);
        // A storage-only snapshot (older format) restores with no remembered ids.
        ByteArrayOutputStream legacy = new ByteArrayOutputStream();
        storage.writeSnapshot(legacy);
        StorageStateMachine sm3 = new StorageStateMachine(new Storage());
        sm3.restore(new ByteArrayInputStream(legacy.toByteArray()));
        assertThat(count(new Storage())).isZero();
        assertThat(ApplyResultCodec.decode(sm3.apply(4, entry("kept", 6, new byte[] {9}))).reason())
                .isEqualTo(RejectReason.INVALID);
    }

    @Test
    void entryHeaderRoundTripsAndATruncatedHeaderIsRejectedAsInvalid() {
        HaEntry e = new HaEntry("id-é", 123456789L, new byte[] {1, 2, 3});
        HaEntry back = HaEntry.decode(e.encode());
        assertThat(back.txId()).isEqualTo("id-é");
        assertThat(back.leaderMillis()).isEqualTo(123456789L);
        assertThat(back.writeSet()).containsExactly(1, 2, 3);
        assertThat(HaEntry.decode(new byte[] {1, 5}).txId()).isNull();
        byte[] cut = java.util.Arrays.copyOf(e.encode(), 6);
        assertThatThrownBy(() -> HaEntry.decode(cut)).isInstanceOf(IllegalArgumentException.class);
        StorageStateMachine sm = new StorageStateMachine(new Storage());
        assertThat(ApplyResultCodec.decode(sm.apply(2, cut)).reason()).isEqualTo(RejectReason.INVALID);
        assertThatThrownBy(() -> new HaEntry("x".repeat(300), 0, new byte[0])).hasMessageContaining("256");
    }
}
