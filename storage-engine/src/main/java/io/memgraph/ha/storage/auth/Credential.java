package io.memgraph.ha.storage.auth;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the replicated state keeps of a user's password: the key derivation function, its iteration
 * count (per user, so it can be raised for new passwords without breaking old ones), the random salt
 * and the derived hash. Computed once, on the leader, when {@code CREATE USER} or {@code ALTER USER}
 * runs; every server stores the same bytes. Never printed: {@link #toString()} names only the
 * algorithm and the iteration count.
 */
public final class Credential {
  private final String algorithm;
  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  /**
   * @param algorithm the KDF, {@link PasswordKdf#ALGORITHM}
   * @param iterations the KDF's iteration count, at least 1
   * @param salt the salt (copied)
   * @param hash the derived key (copied)
   * @throws IllegalArgumentException when a field is out of range
   */
  public Credential(String algorithm, int iterations, byte[] salt, byte[] hash) {
    if (!PasswordKdf.ALGORITHM.equals(algorithm)) {
      throw new IllegalArgumentException("unknown password algorithm '" + algorithm + "'");
    }
    if (iterations < 1 || iterations > PasswordKdf.MAX_ITERATIONS) {
      throw new IllegalArgumentException("password iteration count " + iterations + " is not in 1.."
          + PasswordKdf.MAX_ITERATIONS);
    }
    if (salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 128) {
      throw new IllegalArgumentException("password salt of " + salt.length + " bytes or hash of " + hash.length
          + " bytes is out of range (salt 8..64, hash 16..128)");
    }
    this.algorithm = algorithm;
    this.iterations = iterations;
    this.salt = salt.clone();
    this.hash = hash.clone();
  }

  /** The key derivation function. */
  public String algorithm() {
    return algorithm;
  }

  /** The iteration count the hash was derived with. */
  public int iterations() {
    return iterations;
  }

  /** The salt (a copy). */
  public byte[] salt() {
    return salt.clone();
  }

  /** The derived key (a copy). */
  public byte[] hash() {
    return hash.clone();
  }

  /** Whether {@code derived} is this credential's hash, compared in time independent of where they differ. */
  boolean hashEquals(byte[] derived) {
    return MessageDigest.isEqual(hash, derived);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credential c && iterations == c.iterations && algorithm.equals(c.algorithm)
        && Arrays.equals(salt, c.salt) && Arrays.equals(hash, c.hash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, iterations, Arrays.hashCode(salt), Arrays.hashCode(hash));
  }

  @Override
  public String toString() {
    return "Credential[" + algorithm + ", " + iterations + " iterations]";
  }
}
