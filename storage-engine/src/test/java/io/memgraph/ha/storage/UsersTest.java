package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.storage.auth.Credential;
import io.memgraph.ha.storage.auth.PasswordKdf;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Users in the replicated state: write sets, deterministic apply, snapshots (and the format before them). */
class UsersTest {
  private final PasswordKdf kdf = new PasswordKdf(1_000, new SecureRandom());

  private static byte[] writeSet(Storage s, Consumer<Transaction> body) {
    Transaction t = s.begin();
    body.accept(t);
    return t.prepare().toBytes();
  }

  @Test
  void writeSetCarriesTheCredentialAndEveryServerAppliesTheSameBytes() throws IOException {
    Storage leader = new Storage();
    Credential ada = kdf.derive("ada-pw");
    Credential alan = kdf.derive("alan-pw");
    Credential alan2 = kdf.derive("alan-new");
    List<byte[]> log = new ArrayList<>();
    log.add(writeSet(leader, t -> {
      t.createUser("ada", ada, false);
      t.createUser("alan", alan, false);
    }));
    log.add(writeSet(leader, t -> t.setPassword("alan", alan2)));
    log.add(writeSet(leader, t -> t.createUser("grace", kdf.derive("g"), false)));
    log.add(writeSet(leader, t -> t.dropUser("grace", false)));
    Storage a = new Storage();
    Storage b = new Storage();
    for (int i = 0; i < log.size(); i++) {
      assertThat(a.apply(i + 1, log.get(i)).committed()).isTrue();
      assertThat(b.apply(i + 1, log.get(i).clone()).committed()).isTrue();
    }
    assertThat(a.users()).containsExactly("ada", "alan");
    assertThat(a.credential("ada")).isEqualTo(ada);
    assertThat(a.credential("alan")).isEqualTo(alan2);
    assertThat(a.credential("grace")).isNull();
    assertThat(PasswordKdf.matches(b.credential("alan"), "alan-new")).isTrue();
    assertThat(DeterminismTest.snapshot(a)).isEqualTo(DeterminismTest.snapshot(b));
  }

  @Test
  void applyRejectsWhatTheStateDoesNotAllowAndConsumesTheIndex() {
    Storage s = new Storage();
    Credential c = kdf.derive("pw");
    assertThat(s.apply(1, writeSet(s, t -> t.createUser("ada", c, false))).committed()).isTrue();

    ApplyResult dup = s.apply(2, writeSet(s, t -> t.createUser("ada", kdf.derive("other"), false)));
    assertThat(dup.reason()).isEqualTo(RejectReason.INVALID);
    assertThat(dup.message()).isEqualTo("User 'ada' already exists");
    assertThat(s.credential("ada")).isEqualTo(c);

    assertThat(s.apply(3, writeSet(s, t -> t.createUser("ada", kdf.derive("other"), true))).committed()).isTrue();
    assertThat(s.credential("ada")).as("IF NOT EXISTS leaves the user as it was").isEqualTo(c);

    ApplyResult alter = s.apply(4, writeSet(s, t -> t.setPassword("nobody", c)));
    assertThat(alter.message()).isEqualTo("User 'nobody' does not exist");
    ApplyResult drop = s.apply(5, writeSet(s, t -> t.dropUser("nobody", false)));
    assertThat(drop.message()).isEqualTo("User 'nobody' does not exist");
    assertThat(s.apply(6, writeSet(s, t -> t.dropUser("nobody", true))).committed()).isTrue();
    assertThat(s.lastAppliedIndex()).isEqualTo(6);
    assertThat(s.users()).containsExactly("ada");
  }

  @Test
  void aRejectedUserOpLeavesTheGraphChangesOfItsWriteSetOutToo() {
    Storage s = new Storage();
    s.apply(1, writeSet(s, t -> t.createUser("ada", kdf.derive("pw"), false)));
    ApplyResult r = s.apply(2, writeSet(s, t -> {
      t.createVertex();
      t.createUser("ada", kdf.derive("pw2"), false);
    }));
    assertThat(r.committed()).isFalse();
    assertThat(TransactionTest.ids(s.begin().vertices())).isEmpty();
  }

  @Test
  void snapshotRoundTripKeepsUsersAndTheirCredentials() throws IOException {
    Storage s = new Storage();
    Credential ada = kdf.derive("pw");
    s.apply(1, writeSet(s, t -> t.createUser("ada", ada, false)));
    s.apply(2, writeSet(s, t -> t.createUser("bob", kdf.derive("pw2"), false)));
    byte[] bytes = DeterminismTest.snapshot(s);
    Storage loaded = Storage.readSnapshot(new ByteArrayInputStream(bytes), "test");
    assertThat(loaded.users()).containsExactly("ada", "bob");
    assertThat(loaded.credential("ada")).isEqualTo(ada);
    assertThat(DeterminismTest.snapshot(loaded)).isEqualTo(bytes);
    // Restore (a follower's InstallSnapshot) replaces the users with the snapshot's.
    Storage follower = new Storage();
    follower.apply(1, writeSet(follower, t -> t.createUser("zed", kdf.derive("z"), false)));
    follower.restore(new ByteArrayInputStream(bytes), "test");
    assertThat(follower.users()).containsExactly("ada", "bob");
  }

  @Test
  void aSnapshotHoldsTheUsersOfItsIndexWhileLaterAppliesChangeThem() {
    Storage s = new Storage();
    s.apply(1, writeSet(s, t -> t.createUser("ada", kdf.derive("pw"), false)));
    Transaction reader = s.begin(); // an open reader at index 1, as a snapshot being written is
    s.apply(2, writeSet(s, t -> t.dropUser("ada", false)));
    UserTable users = s.graph().users;
    assertThat(users.at(1)).containsKey("ada");
    assertThat(users.latest()).isEmpty();
    reader.close();
    s.collectGarbage();
    assertThat(users.versionCount()).isEqualTo(1);
  }

  @Test
  void aSnapshotOfTheFormatBeforeUsersStillReads() throws IOException {
    // Written by the build before users existed (format version 1): two :Person vertices with a
    // name, a KNOWS edge, a deleted vertex and an index on :Person(name).
    byte[] v1 = SchemaRoundTrips.olderSnapshot("format-1.bin");
    assertThat(v1[11]).as("format version byte").isEqualTo((byte) 1);
    Storage s = Storage.readSnapshot(new ByteArrayInputStream(v1), "format-1.bin");
    assertThat(s.users()).isEmpty();
    assertThat(s.hasUsers()).isFalse();
    assertThat(s.schema()).containsExactly(new SchemaItem.LabelPropertyIndex("Person", "name"));
    Transaction t = s.begin();
    List<Long> people = TransactionTest.ids(t.verticesWithLabel("Person"));
    assertThat(people).hasSize(2);
    assertThat(t.vertexProperty(people.get(0), "name")).isEqualTo("Ada");
    assertThat(t.outEdges(people.get(0))).hasSize(1);
    assertThat(TransactionTest.ids(t.vertices())).hasSize(2);
    t.close();
    // It goes on in the new format: users can be added and everything survives a new snapshot.
    long next = s.lastAppliedIndex() + 1;
    s.apply(next, writeSet(s, w -> w.createUser("ada", kdf.derive("pw"), false)));
    byte[] v2 = DeterminismTest.snapshot(s);
    assertThat(v2[11]).isEqualTo((byte) SnapshotFormat.VERSION);
    Storage again = Storage.readSnapshot(new ByteArrayInputStream(v2), "v2");
    assertThat(again.users()).containsExactly("ada");
    assertThat(TransactionTest.ids(again.begin().verticesWithLabel("Person"))).isEqualTo(people);
  }

  @Test
  void aMalformedCredentialInAWriteSetIsRejectedDeterministically() {
    Storage s = new Storage();
    byte[] bytes = writeSet(s, t -> t.createUser("ada", kdf.derive("pw"), false));
    // The iteration count 1000 is the varint e8 07 after the algorithm name: make it 0.
    byte[] algorithm = PasswordKdf.ALGORITHM.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int at = indexOf(bytes, algorithm) + algorithm.length;
    byte[] bad = new byte[bytes.length - 1];
    System.arraycopy(bytes, 0, bad, 0, at);
    bad[at] = 0;
    System.arraycopy(bytes, at + 2, bad, at + 1, bytes.length - at - 2);
    ApplyResult r = s.apply(1, bad);
    assertThat(r.reason()).isEqualTo(RejectReason.INVALID);
    assertThat(r.message()).contains("iteration count 0");
    assertThat(s.users()).isEmpty();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
