package io.memgraph.ha.raft.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.core.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS between rpc ports: who is let in, who is refused, and that messages still flow. */
class RaftTransportTlsTest {
  /** Quick reconnects; the shipped 5 s for the handshake, which a TLS handshake on a busy machine needs. */
  private static final RaftTransport.Options FAST = new RaftTransport.Options(1 << 20, 100_000,
      Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5), 1);

  @TempDir
  static Path certs;
  private static PemFiles.Pair one;
  private static PemFiles.Pair two;
  private static Path both;

  private final List<RaftTransport> open = new ArrayList<>();

  @BeforeAll
  static void makeCertificates() throws Exception {
    one = PemFiles.selfSigned(certs, "server-one");
    two = PemFiles.selfSigned(certs, "server-two");
    both = certs.resolve("pinned.pem");
    Files.writeString(both, Files.readString(one.cert()) + Files.readString(two.cert()));
  }

  @AfterEach
  void closeAll() {
    open.forEach(RaftTransport::close);
  }

  private RaftTransport listen(RpcTls tls) throws IOException {
    RaftTransport t = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0), FAST, tls);
    open.add(t);
    return t;
  }

  private static RpcTls tls(PemFiles.Pair pair, Path trusted) throws IOException {
    return RpcTls.fromPem(pair.cert(), pair.key(), trusted);
  }

  /** Starts a as server 1 and b as server 2; returns what each receives. */
  private static List<BlockingQueue<Message>> start(RaftTransport a, RaftTransport b) {
    CoordinationConfig cfg = CoordinationConfig.local("127.0.0.1", a.localPort(), b.localPort());
    BlockingQueue<Message> qa = new LinkedBlockingQueue<>();
    BlockingQueue<Message> qb = new LinkedBlockingQueue<>();
    a.start(cfg, 1, qa::add);
    b.start(cfg, 2, qb::add);
    return List.of(qa, qb);
  }

  /**
   * Sends heartbeats both ways until one arrives each way (connections come up with back-off), for
   * at most {@code seconds}.
   */
  private static boolean exchange(RaftTransport a, RaftTransport b, List<BlockingQueue<Message>> q, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    boolean toB = false;
    boolean toA = false;
    while (System.nanoTime() < deadline && !(toA && toB)) {
      a.send(new Message.Heartbeat(1, 2, 3, 0, 7));
      b.send(new Message.HeartbeatResponse(2, 1, 3, 7));
      toB |= q.get(1).poll(50, TimeUnit.MILLISECONDS) != null;
      toA |= q.get(0).poll(50, TimeUnit.MILLISECONDS) != null;
    }
    return toA && toB;
  }

  @Test
  void serversSharingOneCertificateTalkOverTls() throws Exception {
    assertTalk(tls(one, null), tls(one, null));
  }

  @Test
  void serversWithTheirOwnCertificatesPinnedInOneFileTalkOverTls() throws Exception {
    assertTalk(tls(one, both), tls(two, both));
  }

  private void assertTalk(RpcTls first, RpcTls second) throws Exception {
    RaftTransport a = listen(first);
    RaftTransport b = listen(second);
    assertThat(exchange(a, b, start(a, b), 10)).isTrue();
    assertThat(a.rejectedConnections() + b.rejectedConnections()).isZero();
  }

  @Test
  void aPeerWhoseCertificateIsNotTrustedIsRefused() throws Exception {
    RaftTransport a = listen(tls(one, null)); // trusts only server-one
    RaftTransport b = listen(tls(two, both)); // would trust a, but a does not trust it
    List<BlockingQueue<Message>> q = start(a, b);
    assertThat(exchange(a, b, q, 2)).isFalse();
    assertThat(q.get(0)).as("nothing from the untrusted peer reached server 1").isEmpty();
    assertThat(a.rejectedConnections()).isPositive();
  }

  @Test
  void aPlainPeerIsRefusedByATlsPortAndCannotReachIt() throws Exception {
    RaftTransport a = listen(tls(one, null));
    RaftTransport b = listen(null);
    List<BlockingQueue<Message>> q = start(a, b);
    assertThat(exchange(a, b, q, 2)).isFalse();
    assertThat(q.get(0)).isEmpty();
    assertThat(q.get(1)).isEmpty();
    assertThat(a.rejectedConnections()).isPositive();
  }

  @Test
  void aRawPlainHandshakeOnTheTlsPortIsClosedUnread() throws Exception {
    RaftTransport a = listen(tls(one, null));
    BlockingQueue<Message> qa = new LinkedBlockingQueue<>();
    a.start(CoordinationConfig.local("127.0.0.1", a.localPort(), 1), 1, qa::add);
    ByteBuf hs = Unpooled.buffer();
    MessageCodec.encodeHandshake(new MessageCodec.Handshake(2, 1), hs);
    byte[] body = ByteBufUtil.getBytes(hs);
    try (Socket s = new Socket("127.0.0.1", a.localPort())) {
      s.getOutputStream().write(Unpooled.buffer().writeInt(body.length).writeBytes(body).array(), 0,
          4 + body.length);
      s.getOutputStream().flush();
      s.setSoTimeout(15_000);
      InputStream in = s.getInputStream();
      boolean closed;
      try {
        byte[] buf = new byte[4096];
        int n;
        do {
          n = in.read(buf); // a TLS alert may come first
        } while (n > 0);
        closed = true;
      } catch (SocketTimeoutException e) {
        closed = false;
      } catch (IOException e) {
        closed = true; // reset
      }
      assertThat(closed).as("the TLS port closed the plain connection").isTrue();
    }
    assertThat(qa).isEmpty();
    assertThat(a.rejectedConnections()).isEqualTo(1);
  }

  @Test
  void unusableFilesAreNamedInTheError() throws Exception {
    Path notPem = certs.resolve("not.pem");
    Files.writeString(notPem, "hello");
    assertThatThrownBy(() -> RpcTls.fromPem(one.cert(), one.key(), notPem))
        .isInstanceOf(IOException.class).hasMessageContaining(notPem.toString());
    assertThatThrownBy(() -> RpcTls.fromPem(one.cert(), two.cert(), null))
        .isInstanceOf(IOException.class).hasMessageContaining(two.cert().toString());
  }
}
