package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.memgraph.ha.bolt.testing.LogCapture;
import io.memgraph.ha.bolt.testing.ScriptedBackend;
import io.memgraph.ha.bolt.testing.TestTls;
import io.memgraph.ha.bolt.transport.ServerHandshakeDecoder;
import io.netty.channel.DefaultChannelPipeline;
import io.netty.handler.ssl.SslContext;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/** The server with TLS: the Neo4j driver connects with {@code bolt+ssc://} (self-signed accepted). */
class TlsTest {

  private static SslContext selfSigned(Path dir) throws Exception {
    return TestTls.selfSigned(dir).server();
  }

  @Test
  void driverConnectsOverTls(@TempDir Path dir) throws Exception {
    SslContext ssl = selfSigned(dir);
    ScriptedBackend backend = new ScriptedBackend().result("RETURN 1 AS n", List.of("n"), List.of(List.of(1L)));
    try (BoltServer server = BoltServer.builder(backend).host("127.0.0.1").port(0).sslContext(ssl).build()) {
      int port = server.start();
      try (Driver driver = GraphDatabase.driver("bolt+ssc://127.0.0.1:" + port, AuthTokens.basic("u", "p"),
              Config.builder().withConnectionTimeout(10, TimeUnit.SECONDS).build());
          Session session = driver.session()) {
        assertThat(session.run("RETURN 1 AS n").single().get("n").asLong()).isEqualTo(1L);
      }
    }
  }

  /** A plain Bolt client on the TLS port: closed, one WARN line, no stack trace from Netty. */
  @Test
  void aPlainClientOnTheTlsPortIsClosedWithOneLogLine(@TempDir Path dir) throws Exception {
    SslContext ssl = selfSigned(dir);
    try (LogCapture logs = new LogCapture(ServerHandshakeDecoder.class, DefaultChannelPipeline.class);
        BoltServer server = BoltServer.builder(new ScriptedBackend()).host("127.0.0.1").port(0).sslContext(ssl)
            .build()) {
      int port = server.start();
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17, 0, 0, 4, 5, 0, 0, 4, 4,
            0, 0, 0, 0, 0, 0, 0, 0});
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        int b;
        try {
          do {
            b = in.read();
          } while (b >= 0);
        } catch (java.net.SocketException e) {
          b = -1; // reset by the server: closed too
        }
        assertThat(b).as("the server closed the connection").isEqualTo(-1);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (logs.messages(Level.WARN).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(logs.events(Level.WARN)).singleElement().satisfies(e -> {
        assertThat(e.getFormattedMessage()).contains("did not start TLS");
        assertThat(e.getThrowableProxy()).as("no stack trace").isNull();
      });
    }
  }
}
