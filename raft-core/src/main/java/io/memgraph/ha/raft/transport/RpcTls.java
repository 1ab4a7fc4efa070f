package io.memgraph.ha.raft.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * Mutual TLS between the servers' Raft rpc ports: each server shows its certificate both when it
 * connects and when it accepts, and each checks the other's against the trusted certificates, so a
 * process without a trusted certificate and its key cannot take part.
 *
 * <p>The trusted certificates are either a CA that signed every server's certificate, or the
 * servers' own (self-signed) certificates pinned in one PEM file; when none are named, the server's
 * own certificate is the only one trusted, which fits clusters whose servers share one certificate
 * and key. Host names are not checked: servers are listed by IP in {@code coordination.json}, and
 * which server a connection speaks for is checked by its handshake and source address.
 *
 * @param server the context of accepted connections (it requires a client certificate)
 * @param client the context of connections to peers (it shows this server's certificate)
 */
public record RpcTls(SslContext server, SslContext client) {

  /** Checks that both contexts are there. */
  public RpcTls {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(client, "client");
  }

  /**
   * Both contexts from PEM files.
   *
   * @param cert this server's certificate (chain)
   * @param key its PKCS#8 private key
   * @param trusted the CA or pinned certificates to accept from peers, or null for {@code cert}
   * @throws IOException naming the file that cannot be used, and why
   */
  public static RpcTls fromPem(Path cert, Path key, Path trusted) throws IOException {
    Path trust = trusted != null ? trusted : cert;
    Collection<? extends java.security.cert.Certificate> anchors = certificates(trust);
    if (anchors.isEmpty()) {
      throw new IOException(trust + " holds no PEM certificate");
    }
    X509Certificate[] trustedCerts = anchors.toArray(new X509Certificate[0]);
    try {
      SslContext server = SslContextBuilder.forServer(cert.toFile(), key.toFile())
          .trustManager(trustedCerts).clientAuth(ClientAuth.REQUIRE).build();
      SslContext client = SslContextBuilder.forClient().keyManager(cert.toFile(), key.toFile())
          .trustManager(trustedCerts).endpointIdentificationAlgorithm(null).build();
      return new RpcTls(server, client);
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException(cert + " and " + key + " cannot be used for TLS (a PEM certificate chain and a"
          + " PKCS#8 PEM key are needed): " + e.getMessage(), e);
    }
  }

  private static Collection<? extends java.security.cert.Certificate> certificates(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " is not a PEM certificate file: " + e.getMessage(), e);
    }
  }
}
