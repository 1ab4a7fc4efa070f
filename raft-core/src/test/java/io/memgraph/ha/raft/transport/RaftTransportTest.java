package io.memgraph.ha.raft.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.Member;
import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.EntryType;
import io.memgraph.ha.raft.core.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ConnectTimeoutException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RaftTransportTest {
  /** The sockets every transport of this test uses; {@link EpollRaftTransportTest} runs it all on epoll. */
  RaftTransport.Sockets sockets() {
    return RaftTransport.Sockets.NIO;
  }

  private static final RaftTransport.Options FAST = new RaftTransport.Options(1 << 20, 100_000,
      Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(500), 1);
  private static final RaftTransport.Options SMALL_QUEUE = new RaftTransport.Options(1 << 20, 100,
      Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(500), 1);

  private final List<RaftTransport> open = new ArrayList<>();

  @AfterEach
  void closeAll() {
    open.forEach(RaftTransport::close);
  }

  private RaftTransport listen() throws IOException {
    return listen(FAST);
  }

  private RaftTransport listen(RaftTransport.Options options) throws IOException {
    RaftTransport t = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0), options, null, sockets());
    open.add(t);
    return t;
  }

  private static void awaitConnected(RaftTransport t, int... peers) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (int p : peers) {
      while (!t.isConnected(p)) {
        assertThat(System.nanoTime()).as("connected to " + p).isLessThan(deadline);
        Thread.sleep(5);
      }
    }
  }

  private static void awaitDisconnected(RaftTransport t, int peer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (t.isConnected(peer)) {
      assertThat(System.nanoTime()).as("disconnected from " + peer).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static Message poll(BlockingQueue<Message> q) throws InterruptedException {
    return q.poll(5, TimeUnit.SECONDS);
  }

  private static byte[] frame(ByteBuf body) {
    byte[] b = ByteBufUtil.getBytes(body);
    ByteBuf f = Unpooled.buffer().writeInt(b.length).writeBytes(b);
    return ByteBufUtil.getBytes(f);
  }

  private static byte[] handshake(int from, int to) {
    ByteBuf b = Unpooled.buffer();
    MessageCodec.encodeHandshake(new MessageCodec.Handshake(from, to), b);
    return frame(b);
  }

  /** True if the server closes the connection within 3 s. */
  private static boolean closedByServer(Socket s) throws IOException {
    s.setSoTimeout(3000);
    InputStream in = s.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // connection reset
    }
  }

  @Test
  void threeNodesExchangeMessagesOverLoopback() throws Exception {
    RaftTransport a = listen();
    RaftTransport b = listen();
    RaftTransport c = listen();
    CoordinationConfig cfg = CoordinationConfig.local("127.0.0.1", a.localPort(), b.localPort(),
        c.localPort());
    BlockingQueue<Message> qa = new LinkedBlockingQueue<>();
    BlockingQueue<Message> qb = new LinkedBlockingQueue<>();
    BlockingQueue<Message> qc = new LinkedBlockingQueue<>();
    a.start(cfg, 1, qa::add);
    b.start(cfg, 2, qb::add);
    c.start(cfg, 3, qc::add);
    awaitConnected(a, 2, 3);
    awaitConnected(b, 1, 3);
    awaitConnected(c, 1, 2);

    byte[] data = new byte[100_000];
    data[99_999] = 42;
    a.send(new Message.AppendEntries(1, 2, 5, 0, 0,
        List.of(new Entry(5, 1, EntryType.NORMAL, data)), 0));
    Message got = poll(qb);
    assertThat(got).isInstanceOf(Message.AppendEntries.class);
    assertThat(((Message.AppendEntries) got).entries().get(0).data()).isEqualTo(data);

    for (int i = 0; i < 1000; i++) {
      b.send(new Message.Heartbeat(2, 3, 5, i, i));
    }
    for (int i = 0; i < 1000; i++) {
      Message m = poll(qc);
      assertThat(m).isEqualTo(new Message.Heartbeat(2, 3, 5, i, i));
    }
    c.send(new Message.HeartbeatResponse(3, 1, 5, 7));
    assertThat(poll(qa)).isEqualTo(new Message.HeartbeatResponse(3, 1, 5, 7));
    assertThat(a.rejectedConnections() + b.rejectedConnections() + c.rejectedConnections()).isZero();
  }

  @Test
  void eachNodeLearnsWhatTheOthersAdvertiseInTheHandshake() throws Exception {
    RaftTransport a = listen();
    RaftTransport b = listen();
    RaftTransport c = listen();
    CoordinationConfig cfg = CoordinationConfig.local("127.0.0.1", a.localPort(), b.localPort(),
        c.localPort());
    a.advertise("127.0.0.1:7687");
    b.advertise("127.0.0.1:7688 \u00e9");
    a.start(cfg, 1, m -> { });
    b.start(cfg, 2, m -> { });
    c.start(cfg, 3, m -> { }); // advertises nothing
    assertThatThrownBy(() -> a.advertise("late"))
        .isInstanceOf(IllegalStateException.class);
    awaitInfo(a, 2, "127.0.0.1:7688 \u00e9");
    awaitInfo(c, 2, "127.0.0.1:7688 \u00e9");
    awaitInfo(b, 1, "127.0.0.1:7687");
    awaitInfo(c, 1, "127.0.0.1:7687");
    awaitConnected(c, 1, 2);
    awaitConnected(a, 3);
    awaitConnected(b, 3);
    assertThat(a.peerInfo(3)).isEmpty();
    assertThat(b.peerInfo(3)).isEmpty();
    assertThat(a.peerInfo(1)).as("not its own").isEmpty();
    assertThat(a.advertisedInfo()).isEqualTo("127.0.0.1:7687");
    assertThatThrownBy(() -> listen().advertise("x".repeat(MessageCodec.MAX_INFO_BYTES + 1)))
        .isInstanceOf(IllegalArgumentException.class);

    // A restarted peer's new handshake replaces what it advertised before.
    int portB = b.localPort();
    b.close();
    open.remove(b);
    RaftTransport b2 = RaftTransport.listen(new InetSocketAddress("127.0.0.1", portB), FAST, null, sockets());
    open.add(b2);
    b2.advertise("127.0.0.1:9999");
    b2.start(cfg, 2, m -> { });
    awaitInfo(a, 2, "127.0.0.1:9999");
    awaitInfo(c, 2, "127.0.0.1:9999");
  }

  private static void awaitInfo(RaftTransport t, int peer, String info)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!t.peerInfo(peer).equals(java.util.Optional.of(info))) {
      assertThat(System.nanoTime()).as("info of " + peer + " is " + t.peerInfo(peer))
          .isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void peerWithAnUnknownIdIsRejected() throws Exception {
    RaftTransport a = listen();
    BlockingQueue<Message> qa = new LinkedBlockingQueue<>();
    a.start(CoordinationConfig.local("127.0.0.1", a.localPort(), 1), 1, qa::add);
    try (Socket s = new Socket("127.0.0.1", a.localPort())) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.write(handshake(9, 1));
      out.write(frame(encoded(new Message.Heartbeat(9, 1, 1, 0, 0))));
      out.flush();
      assertThat(closedByServer(s)).isTrue();
    }
    assertThat(a.rejectedConnections()).isEqualTo(1);
    assertThat(qa).isEmpty();
  }

  @Test
  void peerConnectingFromAnotherAddressThanListedIsRejected() throws Exception {
    RaftTransport a = listen();
    BlockingQueue<Message> qa = new LinkedBlockingQueue<>();
    // Server 2 is listed at 127.0.0.2; the connection below comes from 127.0.0.1.
    a.start(new CoordinationConfig(List.of(new Member(1, "127.0.0.1", a.localPort()),
        new Member(2, "127.0.0.2", 1))), 1, qa::add);
    try (Socket s = new Socket("127.0.0.1", a.localPort())) {
      s.getOutputStream().write(handshake(2, 1));
      s.getOutputStream().flush();
      assertThat(closedByServer(s)).isTrue();
    }
    assertThat(a.rejectedConnections()).isEqualTo(1);
    // The same id from the listed address is accepted (Linux routes all of 127/8 to loopback).
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      s.connect(new InetSocketAddress("127.0.0.1", a.localPort()));
      s.getOutputStream().write(handshake(2, 1));
      s.getOutputStream().write(frame(encoded(new Message.TimeoutNow(2, 1, 4))));
      s.getOutputStream().flush();
      assertThat(poll(qa)).isEqualTo(new Message.TimeoutNow(2, 1, 4));
    }
  }

  @Test
  void garbageHandshakeWrongTargetAndSilenceAreRejected() throws Exception {
    RaftTransport a = listen();
    a.start(CoordinationConfig.local("127.0.0.1", a.localPort(), 1), 1, m -> { });
    try (Socket s = new Socket("127.0.0.1", a.localPort())) {
      s.getOutputStream().write(new byte[] {0, 0, 0, 3, 'G', 'E', 'T'});
      assertThat(closedByServer(s)).isTrue();
    }
    try (Socket s = new Socket("127.0.0.1", a.localPort())) {
      s.getOutputStream().write(handshake(2, 3));
      assertThat(closedByServer(s)).isTrue();
    }
    try (Socket s = new Socket("127.0.0.1", a.localPort())) {
      assertThat(closedByServer(s)).as("closed after the handshake timeout").isTrue();
    }
    assertThat(a.rejectedConnections()).isEqualTo(3);
  }

  @Test
  void oversizedFrameAndForgedSenderCloseTheConnection() throws Exception {
    RaftTransport a = listen();
    BlockingQueue<Message> qa = new LinkedBlockingQueue<>();
    a.start(CoordinationConfig.local("127.0.0.1", a.localPort(), 1), 1, qa::add);
    try (Socket s = new Socket("127.0.0.1", a.localPort())) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.write(handshake(2, 1));
      out.writeInt(Integer.MAX_VALUE); // announces a 2 GiB frame
      out.flush();
      assertThat(closedByServer(s)).isTrue();
    }
    try (Socket s = new Socket("127.0.0.1", a.localPort())) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.write(handshake(2, 1));
      out.write(frame(encoded(new Message.TimeoutNow(3, 1, 9)))); // claims to come from 3
      out.flush();
      assertThat(closedByServer(s)).isTrue();
    }
    assertThat(qa).isEmpty();
  }

  @Test
  void dropsWhileThePeerIsDownAndReconnectsWhenItIsBack() throws Exception {
    RaftTransport a = listen(SMALL_QUEUE);
    RaftTransport b = listen();
    int portB = b.localPort();
    CoordinationConfig cfg = CoordinationConfig.local("127.0.0.1", a.localPort(), portB);
    BlockingQueue<Message> qb = new LinkedBlockingQueue<>();
    a.start(cfg, 1, m -> { });
    b.start(cfg, 2, qb::add);
    awaitConnected(a, 2);
    a.send(new Message.TimeoutNow(1, 2, 1));
    assertThat(poll(qb)).isEqualTo(new Message.TimeoutNow(1, 2, 1));

    b.close();
    open.remove(b);
    awaitDisconnected(a, 2);
    for (int i = 0; i < 1000; i++) {
      a.send(new Message.Heartbeat(1, 2, 2, 0, i));
    }
    assertThat(a.droppedMessages()).as("dropped while unreachable").isGreaterThanOrEqualTo(1000);

    RaftTransport b2 = RaftTransport.listen(new InetSocketAddress("127.0.0.1", portB), FAST, null, sockets());
    open.add(b2);
    BlockingQueue<Message> qb2 = new LinkedBlockingQueue<>();
    b2.start(cfg, 2, qb2::add);
    awaitConnected(a, 2);
    a.send(new Message.TimeoutNow(1, 2, 3));
    assertThat(poll(qb2)).as("nothing stale arrives first").isEqualTo(new Message.TimeoutNow(1, 2, 3));
  }

  @Test
  void aPeerWhosePortRefusesConnectionsIsReportedUntilItListensAgain() throws Exception {
    RaftTransport a = listen();
    RaftTransport b = listen();
    RaftTransport c = listen();
    int portB = b.localPort();
    CoordinationConfig cfg = CoordinationConfig.local("127.0.0.1", a.localPort(), portB, c.localPort());
    List<Integer> refused = new CopyOnWriteArrayList<>();
    a.onPeerRefused(refused::add);
    b.start(cfg, 2, m -> { });
    c.start(cfg, 3, m -> { });
    a.start(cfg, 1, m -> { });
    awaitConnected(a, 2, 3);
    assertThat(refused).as("nobody refused while all listen").isEmpty();

    b.close(); // its process is gone: nothing listens on its port
    open.remove(b);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (refused.size() < 2) { // every reconnect attempt (10 ms back-off, doubling) reports it
      assertThat(System.nanoTime()).as("refusals reported").isLessThan(deadline);
      Thread.sleep(5);
    }
    assertThat(refused).containsOnly(2);

    RaftTransport b2 = RaftTransport.listen(new InetSocketAddress("127.0.0.1", portB), FAST, null, sockets());
    open.add(b2);
    b2.start(cfg, 2, m -> { });
    awaitConnected(a, 2);
    int reported = refused.size();
    Thread.sleep(300); // several back-off periods
    assertThat(refused).as("no refusal once it listens").hasSize(reported);
  }

  @Test
  void aLongLivedConnectionThatClosesIsRetriedAtOnceNotAfterTheBackOff() throws Exception {
    // Back-off of one second: a reconnect after it would report the refusal a second late.
    RaftTransport.Options slow = new RaftTransport.Options(1 << 20, 100, Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofMillis(500), 1);
    RaftTransport a = listen(slow);
    RaftTransport b = listen(slow);
    CoordinationConfig cfg = CoordinationConfig.local("127.0.0.1", a.localPort(), b.localPort());
    List<Long> refusedAt = new CopyOnWriteArrayList<>();
    a.onPeerRefused(peer -> refusedAt.add(System.nanoTime()));
    b.start(cfg, 2, m -> { });
    a.start(cfg, 1, m -> { });
    awaitConnected(a, 2);
    Thread.sleep(1_100); // the connection lives longer than the first back-off delay

    long closed = System.nanoTime();
    b.close(); // its process is gone
    open.remove(b);
    long deadline = closed + TimeUnit.SECONDS.toNanos(5);
    while (refusedAt.isEmpty()) {
      assertThat(System.nanoTime()).as("refusal reported").isLessThan(deadline);
      Thread.sleep(1);
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(refusedAt.get(0) - closed))
        .as("ms from the close to the refusal: the first reconnect is not delayed by the back-off")
        .isLessThan(500);
  }

  @Test
  void aPeerThatAcceptsAndDropsEveryConnectionIsRetriedEverMoreSlowly() throws Exception {
    // Back-off of 50 ms doubling to 1 s: a connection dropped at once never counts as having lived.
    RaftTransport a = listen(new RaftTransport.Options(1 << 20, 100, Duration.ofMillis(50),
        Duration.ofSeconds(1), Duration.ofMillis(500), 1));
    try (java.net.ServerSocket dropper = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CoordinationConfig cfg = CoordinationConfig.local("127.0.0.1", a.localPort(), dropper.getLocalPort());
      java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
      Thread acceptor = new Thread(() -> {
        while (!dropper.isClosed()) {
          try (Socket s = dropper.accept()) {
            accepted.incrementAndGet();
          } catch (IOException e) {
            return; // closed
          }
        }
      }, "dropper");
      acceptor.setDaemon(true);
      acceptor.start();
      a.start(cfg, 1, m -> { });
      Thread.sleep(1_500);
      // At 0, 50, 150, 350, 750 and 1,550 ms: five or six; retrying after the first back-off each
      // time (as if connecting reset it) would be about thirty.
      assertThat(accepted.get()).as("connections accepted and dropped in 1.5 s").isBetween(2, 12);
    }
  }

  @Test
  void onlyARefusalCountsAsOne() {
    assertThat(RaftTransport.isRefusal(new ConnectException("Connection refused"))).isTrue();
    assertThat(RaftTransport.isRefusal(new ConnectTimeoutException(
        "connection timed out after 2000 ms: /10.0.0.2:10000"))).isFalse();
    assertThat(RaftTransport.isRefusal(new ConnectException("Network is unreachable"))).isFalse();
    assertThat(RaftTransport.isRefusal(new NoRouteToHostException("No route to host"))).isFalse();
    assertThat(RaftTransport.isRefusal(new IOException("Connection refused"))).isFalse();
  }

  @Test
  void closingATransportClosesTheConnectionsItAccepted() throws Exception {
    RaftTransport a = listen();
    RaftTransport b = listen();
    CoordinationConfig cfg = CoordinationConfig.local("127.0.0.1", a.localPort(), b.localPort());
    a.start(cfg, 1, m -> { });
    b.start(cfg, 2, m -> { });
    awaitConnected(a, 2);
    awaitConnected(b, 1);
    a.close();
    open.remove(a);
    // b must notice at once (and start reconnecting), not keep writing into a dead connection.
    awaitDisconnected(b, 1);
  }

  private static ByteBuf encoded(Message m) {
    ByteBuf b = Unpooled.buffer();
    MessageCodec.encode(m, b);
    return b;
  }
}
