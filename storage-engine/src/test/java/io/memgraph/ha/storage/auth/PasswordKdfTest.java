package io.memgraph.ha.storage.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The password KDF: what it stores, that it verifies only the right password, and how it compares. */
class PasswordKdfTest {
  private final PasswordKdf fast = new PasswordKdf(1_000, new SecureRandom());

  @Test
  void theProductionSettingIsPbkdf2Sha512With210000IterationsAndA16ByteSalt() {
    Credential c = new PasswordKdf().derive("correct horse");
    assertThat(c.algorithm()).isEqualTo("PBKDF2WithHmacSHA512");
    assertThat(c.iterations()).isEqualTo(210_000);
    assertThat(c.salt()).hasSize(16);
    assertThat(c.hash()).hasSize(64);
    assertThat(PasswordKdf.matches(c, "correct horse")).isTrue();
    assertThat(PasswordKdf.matches(c, "correct horsf")).isFalse();
  }

  @Test
  void roundTripAcceptsOnlyTheSamePassword() {
    Credential c = fast.derive("s3cret");
    assertThat(PasswordKdf.matches(c, "s3cret")).isTrue();
    assertThat(PasswordKdf.matches(c, "s3cret ")).isFalse();
    assertThat(PasswordKdf.matches(c, "S3cret")).isFalse();
    assertThat(PasswordKdf.matches(c, "")).isFalse();
  }

  @Test
  void theSamePasswordGetsAFreshSaltAndHashEveryTime() {
    Credential a = fast.derive("same");
    Credential b = fast.derive("same");
    assertThat(a.salt()).isNotEqualTo(b.salt());
    assertThat(a.hash()).isNotEqualTo(b.hash());
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void theStoredIterationCountIsTheOneUsedToVerify() {
    // A credential made with another count (say, before it was raised) still verifies.
    Credential old = new PasswordKdf(500, new SecureRandom()).derive("pw");
    assertThat(old.iterations()).isEqualTo(500);
    assertThat(PasswordKdf.matches(old, "pw")).isTrue();
  }

  @Test
  void hashComparisonIsByContentAndRejectsADifferenceAnywhere() {
    Credential c = fast.derive("pw");
    byte[] hash = c.hash();
    assertThat(c.hashEquals(hash.clone())).isTrue();
    for (int i : new int[] {0, hash.length / 2, hash.length - 1}) {
      byte[] other = hash.clone();
      other[i] ^= 1;
      assertThat(c.hashEquals(other)).as("differs at byte %d", i).isFalse();
    }
    assertThat(c.hashEquals(Arrays.copyOf(hash, hash.length - 1))).isFalse();
  }

  @Test
  void neverPrintsSaltOrHash() {
    Credential c = fast.derive("pw");
    assertThat(c.toString()).isEqualTo("Credential[PBKDF2WithHmacSHA512, 1000 iterations]");
  }

  @Test
  void refusesAnEmptyPasswordAndOutOfRangeFields() {
    assertThatThrownBy(() -> fast.derive("")).hasMessage("a password must not be empty");
    assertThatThrownBy(() -> new Credential("MD5", 1, new byte[16], new byte[64]))
        .hasMessageContaining("unknown password algorithm 'MD5'");
    assertThatThrownBy(() -> new Credential(PasswordKdf.ALGORITHM, 0, new byte[16], new byte[64]))
        .hasMessageContaining("iteration count 0");
  }
}
