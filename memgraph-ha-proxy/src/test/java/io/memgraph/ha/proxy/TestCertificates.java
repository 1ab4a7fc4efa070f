package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 (in its subject and, for name verification, its
 * subjectAltName) and its PKCS#8 key as PEM files, made with the JDK's keytool only.
 */
final class TestCertificates {
    /** The password of {@link Pem#keyStore()}. */
    static final char[] PASSWORD = "changeit".toCharArray();

    /** The certificate and key files, and the PKCS12 key store they came from. */
    record Pem(Path cert, Path key, Path keyStore) {}

    private TestCertificates() {
    }

    /** Writes {@code tls.p12}, {@code cert.pem} and {@code key.pem} into {@code dir}. */
    static Pem selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("tls.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "bolt", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n"
                + b64.encodeToString(ks.getCertificate("bolt").getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + b64.encodeToString(ks.getKey("bolt", PASSWORD).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new Pem(cert, key, store);
    }
}
