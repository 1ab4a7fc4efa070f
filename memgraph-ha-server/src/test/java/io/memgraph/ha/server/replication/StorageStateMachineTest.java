package io.memgraph.ha.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.raft.node.StateMachine;
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
    void aCapturedSnapshotWrittenAfterLaterEntriesHoldsTheIdsAndStateOfItsIndex() throws Exception {
        Storage storage = new Storage();
        StorageStateMachine sm = new StorageStateMachine(storage);
        sm.apply(2, entry("a", 5, write(storage, -1, 1)));
        byte[] firstB = sm.apply(3, entry("b", 6, write(storage, 0, 2)));
        ByteArrayOutputStream atCapture = new ByteArrayOutputStream();
        sm.writeSnapshot(3, atCapture);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (StateMachine.CapturedSnapshot c = sm.captureSnapshot(3)) {
            // entries after the capture: a new id, a change to vertex 0, a fence
            sm.apply(4, entry("c", 7, write(storage, 0, 3)));
            sm.apply(5, fence("d", 8));
            c.writeTo(captured);
        }
        assertThat(captured.toByteArray()).isEqualTo(atCapture.toByteArray());
        Storage restoredStorage = new Storage();
        StorageStateMachine restored = new StorageStateMachine(restoredStorage);
        restored.restore(new ByteArrayInputStream(captured.toByteArray()));
        assertThat(count(restoredStorage)).isEqualTo(2);
        // "b" is remembered with its first result; "c" and "d" came after the capture
        assertThat(restored.apply(4, entry("b", 9, new byte[] {9}))).isEqualTo(firstB);
        assertThat(ApplyResultCodec.decode(restored.apply(5, fence("c", 9))).reason())
                .isEqualTo(RejectReason.NOT_COMMITTED);
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

    // ---------------------------------------------------------------- resolve fences

    private static byte[] fence(String txId, long millis) {
        return HaEntry.fence(txId, millis).encode();
    }

    @Test
    void aFenceAfterTheCommitAnswersTheFirstResultAndAppliesNothingTwice() {
        Storage storage = new Storage();
        StorageStateMachine sm = new StorageStateMachine(storage);
        byte[] first = sm.apply(2, entry("x", 1000, write(storage, -1, 1)));
        byte[] fenced = sm.apply(4, fence("x", 2000));
        assertThat(fenced).as("the original commit's result").isEqualTo(first);
        assertThat(ApplyResultCodec.decode(fenced).index()).as("the original bookmark").isEqualTo(2);
        // The original sent again after the fence: still the first result, still applied once.
        assertThat(sm.apply(5, entry("x", 2100, write(storage, -1, 2)))).isEqualTo(first);
        assertThat(count(storage)).isEqualTo(1);
        assertThat(sm.appliedCount()).isEqualTo(1);
        assertThat(sm.fencesApplied()).isEqualTo(1);
    }

    @Test
    void aFenceBeforeTheCommitAnswersNotCommittedAndTheLaterCommitIsNotApplied() {
        Storage storage = new Storage();
        StorageStateMachine sm = new StorageStateMachine(storage);
        byte[] fenced = sm.apply(2, fence("y", 1000));
        ApplyResult notCommitted = ApplyResultCodec.decode(fenced);
        assertThat(notCommitted.reason()).isEqualTo(RejectReason.NOT_COMMITTED);
        assertThat(notCommitted.index()).isEqualTo(2);
        assertThat(notCommitted.message()).contains("'y'").contains("did not commit and never will")
                .contains("safe to run it again");
        // The original commit, still in flight in some log, commits after the fence: not applied.
        byte[] late = sm.apply(3, entry("y", 1100, write(storage, -1, 1)));
        assertThat(late).as("the fence's answer").isEqualTo(fenced);
        assertThat(count(storage)).isZero();
        assertThat(sm.appliedCount()).isZero();
        assertThat(sm.duplicatesSkipped()).isEqualTo(1);
        // Another id is not affected.
        assertThat(ApplyResultCodec.decode(sm.apply(4, entry("z", 1200, write(storage, -1, 2)))).committed()).isTrue();
        assertThat(count(storage)).isEqualTo(1);
    }

    @Test
    void aSecondFenceAnswersTheSameAndARejectedCommitIsFencedAsNotCommitted() {
        Storage storage = new Storage();
        StorageStateMachine sm = new StorageStateMachine(storage);
        byte[] once = sm.apply(2, fence("y", 1000));
        assertThat(sm.apply(3, fence("y", 2000))).isEqualTo(once);
        // A transaction whose commit was rejected did not commit: its fence says so, for good.
        sm.apply(4, write(storage, -1, 0));
        byte[] a = write(storage, 0, 10);
        byte[] b = write(storage, 0, 20);
        sm.apply(5, entry("a", 3000, a));
        assertThat(ApplyResultCodec.decode(sm.apply(6, entry("b", 3000, b))).reason()).isEqualTo(RejectReason.CONFLICT);
        assertThat(ApplyResultCodec.decode(sm.apply(7, fence("b", 3100))).reason()).isEqualTo(RejectReason.NOT_COMMITTED);
        assertThat(ApplyResultCodec.decode(sm.apply(8, entry("b", 3200, write(storage, 0, 30)))).reason())
                .isEqualTo(RejectReason.NOT_COMMITTED);
        Transaction t = storage.begin();
        assertThat(t.vertexProperty(0, "v")).isEqualTo(10L);
        t.close();
    }

    @Test
    void aFenceIsInTheSnapshotAndARestoredReplicaStillRefusesTheFencedCommit() throws Exception {
        Storage storage = new Storage();
        StorageStateMachine sm = new StorageStateMachine(storage);
        sm.apply(2, entry("x", 1000, write(storage, -1, 1)));
        byte[] fenced = sm.apply(3, fence("y", 1100));
        ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
        sm.writeSnapshot(3, snapshot);
        Storage restored = new Storage();
        StorageStateMachine sm2 = new StorageStateMachine(restored);
        sm2.restore(new ByteArrayInputStream(snapshot.toByteArray()));
        assertThat(restored.lastAppliedIndex()).isEqualTo(3);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        sm2.writeSnapshot(3, again);
        assertThat(again.toByteArray()).isEqualTo(snapshot.toByteArray());
        restored.resetIdAllocation();
        assertThat(sm2.apply(4, entry("y", 1200, write(restored, -1, 2)))).isEqualTo(fenced);
        assertThat(sm2.apply(5, fence("y", 1300))).isEqualTo(fenced);
        assertThat(count(restored)).isEqualTo(1);
    }

    @Test
    void aFenceAdvancesTheAppliedIndexAndReplicasEndIdentical() throws Exception {
        List<byte[]> log = new ArrayList<>();
        Storage leader = new Storage();
        StorageStateMachine sm = new StorageStateMachine(leader);
        log.add(entry("x", 1000, write(leader, -1, 1)));
        sm.apply(2, log.get(0));
        log.add(fence("y", 1100));
        sm.apply(3, log.get(1));
        assertThat(leader.lastAppliedIndex()).as("the fence consumed its index").isEqualTo(3);
        assertThatThrownBy(() -> sm.apply(3, fence("z", 1200))).hasMessageContaining("not after");
        // A transaction that read before the fence still commits after it (the fence changes no data).
        log.add(entry("w", 1200, write(leader, 0, 5)));
        assertThat(ApplyResultCodec.decode(sm.apply(5, log.get(2))).index()).isEqualTo(5);
        assertThat(leader.lastAppliedIndex()).isEqualTo(5);
        StorageStateMachine replica = new StorageStateMachine(new Storage());
        replica.apply(2, log.get(0));
        replica.apply(3, log.get(1));
        replica.apply(5, log.get(2));
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        sm.writeSnapshot(5, a);
        replica.writeSnapshot(5, b);
        assertThat(b.toByteArray()).isEqualTo(a.toByteArray());
    }

    @Test
    void aFenceEntryRoundTripsAndOldShapesDecodeAsBefore() {
        HaEntry f = HaEntry.decode(fence("id-é", 42));
        assertThat(f.isFence()).isTrue();
        assertThat(f.txId()).isEqualTo("id-é");
        assertThat(f.leaderMillis()).isEqualTo(42);
        assertThat(new HaEntry("id", 1, new byte[] {1, 0, 0, 0}).isFence()).isFalse();
        assertThatThrownBy(() -> HaEntry.fence(null, 1)).isInstanceOf(NullPointerException.class);
        // A tagged entry without an id and without a write set is not a fence: malformed, as before.
        byte[] noIdNoWriteSet = new HaEntry(null, 1, new byte[0]).encode();
        assertThat(HaEntry.decode(noIdNoWriteSet).isFence()).isFalse();
        assertThat(HaEntry.decode(new byte[0]).isFence()).isFalse();
        StorageStateMachine sm = new StorageStateMachine(new Storage());
        assertThat(ApplyResultCodec.decode(sm.apply(2, noIdNoWriteSet)).reason()).isEqualTo(RejectReason.INVALID);
        assertThat(sm.fencesApplied()).isZero();
    }
}
