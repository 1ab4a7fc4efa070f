package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.raft.node.RaftNode;
import io.memgraph.ha.raft.node.StateMachine;
import io.memgraph.ha.raft.transport.RaftTransport;
import io.memgraph.ha.server.replication.StorageStateMachine;
import io.memgraph.ha.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of one server confirms its leadership for a read without a ReadIndex round: no other
 * server can lead, and once it is ready in its term its applied state holds every acknowledged
 * write. Reads of a larger cluster keep their round (the cluster E2E tests).
 */
class SoleServerReadsTest {
    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private RaftNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.halt();
        }
        background.shutdownNow();
    }

    /** The graph's state machine, except that applying {@link #BLOCK} holds the apply thread until released. */
    private static final class HoldingStateMachine implements StateMachine {
        static final byte[] BLOCK = {42};
        final StorageStateMachine inner;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HoldingStateMachine(Storage storage) {
            this.inner = new StorageStateMachine(storage);
        }

        @Override
        public byte[] apply(long index, byte[] data) {
            if (Arrays.equals(data, BLOCK)) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new byte[0];
            }
            return inner.apply(index, data);
        }

        @Override
        public void writeSnapshot(long index, OutputStream out) throws IOException {
            inner.writeSnapshot(index, out);
        }

        @Override
        public void restore(InputStream in) throws IOException {
            inner.restore(in);
        }
    }

    @Test
    void aReadOnASoleServerNeedsNoRoundThroughTheRaftAndApplyThreads() throws Exception {
        RaftTransport transport = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0),
                RaftTransport.Options.DEFAULTS);
        CoordinationConfig cluster = CoordinationConfig.local("127.0.0.1", transport.localPort());
        Storage storage = new Storage();
        HoldingStateMachine machine = new HoldingStateMachine(storage);
        node = RaftNode.builder(1, cluster, RaftConfig.DEFAULTS, dir, machine).transport(transport).start();
        try {
            Leadership leadership = new Leadership(node, storage, id -> Optional.empty(), background);
            leadership.start();
            assertThat(leadership.awaitWritable(Duration.ofSeconds(10))).isTrue();
            long term = leadership.admitWrite(Duration.ofSeconds(5), () -> false);
            assertThat(leadership.admitsWithoutWaiting(false, false)).as("a write on the ready leader").isTrue();
            assertThat(leadership.admitsWithoutWaiting(true, true)).as("a leader read on a sole server").isTrue();

            // An entry commits and its apply hangs: a ReadIndex round could not complete now (it waits
            // until the commit index is applied). Nothing unapplied was acknowledged, so a read of the
            // applied state is still linearizable, and a sole server needs no round to know it leads.
            node.propose(HoldingStateMachine.BLOCK);
            assertThat(machine.entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(leadership.confirmLeaderIn(term, Duration.ofSeconds(1)))
                    .as("the end of a write-mode transaction that wrote nothing").isCompleted();
            leadership.admitRead(Duration.ofSeconds(1), () -> false, true); // a read-mode transaction: no barrier

            assertThat(leadership.confirmLeaderIn(term - 1, Duration.ofSeconds(1)))
                    .as("a transaction of an older term is not confirmed").isCompletedExceptionally();
            machine.release.countDown();
            node.halt();
            assertThat(leadership.confirmLeaderIn(term, Duration.ofSeconds(1)))
                    .as("a stopped server confirms nothing").isCompletedExceptionally();
            assertThat(leadership.admitsWithoutWaiting(true, true)).as("a leader read on a stopped server").isFalse();
        } finally {
            machine.release.countDown();
        }
    }
}
