package io.memgraph.ha.storage.auth;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing with the JDK's PBKDF2-HMAC-SHA512: a 16-byte salt from {@link SecureRandom} and,
 * by default, 210,000 iterations (OWASP's figure for this function), giving a 64-byte key. Deriving
 * is deliberately slow (a hundred milliseconds or more), which is what makes a stolen hash expensive
 * to guess and why callers cache successful checks. Thread-safe.
 */
public final class PasswordKdf {
  /** The JDK's name of the function; stored with every credential. */
  public static final String ALGORITHM = "PBKDF2WithHmacSHA512";
  /** The iteration count new passwords get. */
  public static final int DEFAULT_ITERATIONS = 210_000;
  /** The largest iteration count a stored credential may have (a bound on the cost of one check). */
  public static final int MAX_ITERATIONS = 10_000_000;
  /** Salt length in bytes. */
  public static final int SALT_BYTES = 16;
  private static final int KEY_BITS = 512;

  private final int iterations;
  private final SecureRandom random;

  /** The production setting: {@link #DEFAULT_ITERATIONS}, a new {@link SecureRandom}. */
  public PasswordKdf() {
    this(DEFAULT_ITERATIONS, new SecureRandom());
  }

  /**
   * @param iterations the count new credentials are derived with (tests use fewer)
   * @param random the source of salts
   */
  public PasswordKdf(int iterations, SecureRandom random) {
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be in 1.." + MAX_ITERATIONS + ", not " + iterations);
    }
    this.iterations = iterations;
    this.random = random;
  }

  /**
   * A new credential for {@code password}: a fresh random salt and the derived key.
   *
   * @throws IllegalArgumentException when the password is empty
   */
  public Credential derive(String password) {
    if (password.isEmpty()) {
      throw new IllegalArgumentException("a password must not be empty");
    }
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return new Credential(ALGORITHM, iterations, salt, derive(password, salt, iterations));
  }

  /**
   * Whether {@code password} matches {@code credential}: derives with the credential's own salt and
   * iteration count, then compares in constant time.
   */
  public static boolean matches(Credential credential, String password) {
    if (password.isEmpty()) {
      return false; // no credential is ever made from an empty password (PBKDF2 here needs a key)
    }
    return credential.hashEquals(derive(password, credential.salt(), credential.iterations()));
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    char[] chars = password.toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, KEY_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      // Every Java SE runtime has this function; without it no password can be checked at all.
      throw new IllegalStateException("the Java runtime cannot compute " + ALGORITHM + ": " + e.getMessage(), e);
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }
}
