package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.testing.ScriptedBackend;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/** The server with TLS: the Neo4j driver connects with {@code bolt+ssc://} (self-signed accepted). */
class TlsTest {

  @Test
  void driverConnectsOverTls(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("server.p12");
    char[] password = "changeit".toCharArray();
    Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", "bolt", "-keyalg", "RSA", "-keysize",
        "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SslContext ssl = SslContextBuilder.forServer(kmf).build();

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
}
