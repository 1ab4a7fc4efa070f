package io.memgraph.ha.raft.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates and their PKCS#8 keys as PEM files, made with the JDK's keytool only:
 * for the TLS tests of this module and of the server's (Bolt and the rpc port).
 */
public final class PemFiles {
  private static final String PASSWORD = "changeit";

  /** A certificate file and its key file. */
  public record Pair(Path cert, Path key) {}

  private PemFiles() {
  }

  /**
   * Writes {@code name.pem} and {@code name.key} into {@code dir}: an EC (P-256) certificate for
   * subject {@code CN=name} with 127.0.0.1 as its subject alternative name, valid for two days.
   */
  public static Pair selfSigned(Path dir, String name) throws IOException, GeneralSecurityException {
    Path store = dir.resolve(name + ".p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + name, "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    Pair pair = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    Files.writeString(pair.cert(), pem("CERTIFICATE", ks.getCertificate(name).getEncoded()));
    Files.writeString(pair.key(), pem("PRIVATE KEY", ks.getKey(name, PASSWORD.toCharArray()).getEncoded()));
    return pair;
  }

  private static String pem(String type, byte[] der) {
    Base64.Encoder b64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
    return "-----BEGIN " + type + "-----\n" + b64.encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
