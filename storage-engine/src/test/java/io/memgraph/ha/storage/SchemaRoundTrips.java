package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The round trips every schema kind must survive: a write set applied elsewhere, and a snapshot read back. */
final class SchemaRoundTrips {
  private SchemaRoundTrips() {
  }

  /** Creating {@code item} as {@code name} travels as one op of {@code kind} and applies on another storage. */
  static void writeSetCarries(SchemaItem item, String name, int kind) {
    Storage leader = new Storage();
    Transaction tx = leader.begin();
    tx.createSchema(item, name, false);
    WriteSet ws = tx.prepare();
    List<Op> ops = WriteSet.fromBytes(ws.toBytes()).decodeOps();
    assertThat(ops).hasSize(1);
    assertThat(ops.get(0).a()).isEqualTo(kind);
    assertThat(ops.get(0).schemaItem()).isEqualTo(item);
    Storage follower = new Storage();
    ApplyResult r = follower.apply(1, ws.toBytes());
    assertThat(r.committed()).as("%s", r).isTrue();
    assertThat(follower.schemaDefinitions()).containsExactly(new SchemaDefinition(1, name, item));
  }

  /** A snapshot of a storage with {@code first} named {@code name} and {@code second} under its default name reads back byte for byte. */
  static void snapshotKeeps(SchemaItem first, String name, SchemaItem second) throws IOException {
    Storage s = new Storage();
    assertThat(run(s, tx -> {
      tx.createSchema(first, name, false);
      tx.createSchema(second, SchemaItem.defaultName(second), false);
    }).committed()).isTrue();
    byte[] bytes = DeterminismTest.snapshot(s);
    Storage back = Storage.readSnapshot(new ByteArrayInputStream(bytes), "mem");
    List<SchemaDefinition> expected = new ArrayList<>(List.of(new SchemaDefinition(1, name, first),
        new SchemaDefinition(2, SchemaItem.defaultName(second), second)));
    assertThat(back.schemaDefinitions()).isEqualTo(s.schemaDefinitions()).containsExactlyElementsOf(expected);
    assertThat(DeterminismTest.snapshot(back)).isEqualTo(bytes);
  }

  /** The bytes of a snapshot an older build wrote, kept under {@code /snapshots/} in the test resources. */
  static byte[] olderSnapshot(String file) throws IOException {
    try (InputStream in = SchemaRoundTrips.class.getResourceAsStream("/snapshots/" + file)) {
      return in.readAllBytes();
    }
  }

  static ApplyResult run(Storage s, Consumer<Transaction> body) {
    Transaction tx = s.begin();
    body.accept(tx);
    return s.commit(tx);
  }
}
