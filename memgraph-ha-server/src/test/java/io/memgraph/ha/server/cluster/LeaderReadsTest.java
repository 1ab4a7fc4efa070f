package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.raft.node.RaftNode;
import io.memgraph.ha.raft.transport.RaftTransport;
import io.memgraph.ha.server.bolt.FailureMapper;
import io.memgraph.ha.server.replication.StorageStateMachine;
import io.memgraph.ha.storage.Storage;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a read transaction is admitted in a cluster of three: on the ready leader at once, with the
 * leader's term to confirm at its end (so no thread waits for a ReadIndex round before it runs); on
 * a follower at once with nothing to confirm, or refused when the client asked for the leader. That
 * the confirmation at the end keeps a deposed leader from answering a stale read is the fault
 * suite's {@code DeposedLeaderReadTest}.
 */
class LeaderReadsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final List<RaftNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(RaftNode::halt);
        background.shutdownNow();
    }

    @Test
    void theReadyLeaderAdmitsAReadAtOnceAndConfirmsItAtItsEnd() throws Exception {
        RaftTransport[] transports = new RaftTransport[3];
        int[] ports = new int[3];
        for (int i = 0; i < 3; i++) {
            transports[i] = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0), RaftTransport.Options.DEFAULTS);
            ports[i] = transports[i].localPort();
        }
        CoordinationConfig config = CoordinationConfig.local("127.0.0.1", ports);
        List<Leadership> roles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Storage storage = new Storage();
            RaftNode node = RaftNode.builder(i + 1, config, RaftConfig.DEFAULTS, dir.resolve("n" + (i + 1)),
                    new StorageStateMachine(storage)).transport(transports[i]).start();
            nodes.add(node);
            Leadership role = new Leadership(node, storage, id -> Optional.empty(), background);
            role.start();
            roles.add(role);
        }
        int leader = awaitWritableLeader(roles);
        RaftNode node = nodes.get(leader);
        Leadership role = roles.get(leader);
        long term = node.term();

        assertThat(role.admitsWithoutWaiting(true, true)).as("a leader read on the ready leader").isTrue();
        assertThat(role.admitsWithoutWaiting(true, false)).as("a read on the ready leader").isTrue();
        assertThat(role.admitRead(WAIT, () -> false, true)).as("the term to confirm the read in").isEqualTo(term);
        role.confirmLeaderIn(term, WAIT).get(10, TimeUnit.SECONDS); // a majority answers: the read may end

        Leadership follower = roles.get((leader + 1) % 3);
        assertThat(follower.admitsWithoutWaiting(true, false)).as("a read on a follower").isTrue();
        assertThat(follower.admitRead(WAIT, () -> false, false)).as("a follower's read confirms nothing").isEqualTo(-1);
        assertThat(follower.admitsWithoutWaiting(true, true)).as("a leader read on a follower").isFalse();
        assertThatThrownBy(() -> follower.admitRead(WAIT, () -> false, true))
                .isInstanceOfSatisfying(BoltFailureException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureMapper.NOT_A_LEADER));
    }

    private static int awaitWritableLeader(List<Leadership> roles) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < roles.size(); i++) {
                if (roles.get(i).writable()) {
                    return i;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no leader ready for writes within 20 s");
    }
}
