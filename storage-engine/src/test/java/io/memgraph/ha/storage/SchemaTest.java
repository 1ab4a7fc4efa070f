package io.memgraph.ha.storage;

import static io.memgraph.ha.storage.TransactionTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Indexes and constraints: built on existing data, replicated through write sets, checked at apply. */
class SchemaTest {
  private static ApplyResult run(Storage s, Consumer<Transaction> body) {
    Transaction tx = s.begin();
    body.accept(tx);
    return s.commit(tx);
  }

  private static long person(Storage s, String name, Object age) {
    long[] id = new long[1];
    ApplyResult r = run(s, tx -> {
      id[0] = tx.createVertex();
      tx.addLabel(id[0], "Person");
      tx.setVertexProperty(id[0], "name", name);
      tx.setVertexProperty(id[0], "age", age);
    });
    assertThat(r.committed()).as("%s", r).isTrue();
    return id[0];
  }

  @Test
  void equalityLookupsSeeTheTransactionsOwnWritesAfterTheFirstLookup() {
    Storage s = new Storage();
    long stored = person(s, "ann", 7);
    long[] other = new long[1];
    run(s, tx -> {
      other[0] = tx.createVertex();
      tx.setVertexProperty(other[0], "age", 9); // no label yet
    });
    run(s, tx -> tx.createSchema(new SchemaItem.LabelPropertyIndex("Person", "age")));
    Transaction tx = s.begin();
    // the first lookup of "age" builds the transaction's value map; later writes must reach it
    assertThat(ids(tx.verticesWithProperty("Person", "age", 7))).containsExactly(stored);
    long fresh = tx.createVertex();
    tx.addLabel(fresh, "Person");
    tx.setVertexProperty(fresh, "age", 7.0); // 7.0 equals 7
    assertThat(ids(tx.verticesWithProperty("Person", "age", 7))).containsExactly(stored, fresh);
    assertThat(ids(tx.verticesWithProperty("Person", "age", 9))).isEmpty();
    tx.addLabel(other[0], "Person"); // a stored vertex joins the label in this transaction
    assertThat(ids(tx.verticesWithProperty("Person", "age", 9.0))).containsExactly(other[0]);
    tx.setVertexProperty(fresh, "age", 8); // moved: found under its new value only
    assertThat(ids(tx.verticesWithProperty("Person", "age", 7))).containsExactly(stored);
    assertThat(ids(tx.verticesWithProperty("Person", "age", 8L))).containsExactly(fresh);
    long big = tx.createVertex();
    tx.addLabel(big, "Person");
    tx.setVertexProperty(big, "age", List.of(1L, 2L)); // a list: the shared bucket
    assertThat(ids(tx.verticesWithProperty("Person", "age", List.of(1.0, 2.0)))).containsExactly(big);
    tx.deleteVertex(fresh);
    assertThat(ids(tx.verticesWithProperty("Person", "age", 8))).isEmpty();
    tx.close();
  }

  @Test
  void indexesAreBuiltOnExistingDataAndAnswerLookups() {
    Storage s = new Storage();
    long a = person(s, "ann", 30);
    long b = person(s, "bob", 41.5);
    long c = person(s, "abe", "unknown");
    long d = person(s, "cid", 30.0);
    assertThat(run(s, tx -> {
      tx.createSchema(new SchemaItem.LabelIndex("Person"));
      tx.createSchema(new SchemaItem.LabelPropertyIndex("Person", "age"));
      tx.createSchema(new SchemaItem.LabelPropertyIndex("Person", "name"));
    }).committed()).isTrue();
    Transaction tx = s.begin();
    assertThat(tx.hasLabelIndex("Person")).isTrue();
    assertThat(tx.hasLabelPropertyIndex("Person", "age")).isTrue();
    assertThat(ids(tx.verticesWithLabel("Person"))).containsExactly(a, b, c, d);
    assertThat(ids(tx.verticesWithProperty("Person", "age", 30))).containsExactly(a, d);
    assertThat(ids(tx.verticesInRange("Person", "age", Bound.exclusive(30), null))).containsExactly(b);
    assertThat(ids(tx.verticesInRange("Person", "age", Bound.inclusive(30), Bound.inclusive(41.5))))
        .containsExactly(a, b, d);
    assertThat(ids(tx.verticesInRange("Person", "age", null, Bound.exclusive(41.5)))).containsExactly(a, d);
    assertThat(ids(tx.verticesInRange("Person", "age", Bound.inclusive("a"), null))).containsExactly(c);
    assertThat(ids(tx.verticesWithPrefix("Person", "name", "a"))).containsExactly(a, c);
    assertThat(s.stats().indexCounts()).isEqualTo(Map.of(
        new SchemaItem.LabelIndex("Person"), 4L,
        new SchemaItem.LabelPropertyIndex("Person", "age"), 4L,
        new SchemaItem.LabelPropertyIndex("Person", "name"), 4L));
    assertThat(s.stats().labelCounts()).isEqualTo(Map.of("Person", 4L));
  }

  @Test
  void oldSnapshotsReadOldValuesThroughTheIndex() {
    Storage s = new Storage();
    run(s, tx -> tx.createSchema(new SchemaItem.LabelPropertyIndex("Person", "age")));
    long a = person(s, "ann", 30);
    Transaction old = s.begin();
    run(s, tx -> tx.setVertexProperty(a, "age", 31));
    run(s, tx -> tx.removeLabel(a, "Person"));
    assertThat(ids(old.verticesWithProperty("Person", "age", 30))).containsExactly(a);
    assertThat(ids(old.verticesWithProperty("Person", "age", 31))).isEmpty();
    Transaction now = s.begin();
    assertThat(ids(now.verticesWithProperty("Person", "age", 30))).isEmpty();
    assertThat(ids(now.verticesWithProperty("Person", "age", 31))).isEmpty();
    old.close();
    now.close();
    s.collectGarbage();
    PropertyIndex pi = s.graph().propertyIndex("Person", "age");
    assertThat(pi.size()).as("stale entries are collected").isZero();
  }

  @Test
  void indexBuiltAfterAReaderBeganServesThatReadersOldVersions() {
    Storage s = new Storage();
    long a = person(s, "ann", 30);
    long b = person(s, "bob", 20);
    Transaction old = s.begin();
    run(s, tx -> {
      tx.setVertexProperty(a, "age", 31);
      tx.removeLabel(b, "Person");
    });
    run(s, tx -> {
      tx.createSchema(new SchemaItem.LabelIndex("Person"));
      tx.createSchema(new SchemaItem.LabelPropertyIndex("Person", "age"));
    });
    assertThat(old.hasLabelPropertyIndex("Person", "age")).isTrue();
    assertThat(ids(old.verticesWithProperty("Person", "age", 30))).containsExactly(a);
    assertThat(ids(old.verticesInRange("Person", "age", Bound.inclusive(0), null))).containsExactly(a, b);
    assertThat(ids(old.verticesWithLabel("Person"))).containsExactly(a, b);
    Transaction now = s.begin();
    assertThat(ids(now.verticesInRange("Person", "age", Bound.inclusive(0), null))).containsExactly(a);
    assertThat(ids(now.verticesWithLabel("Person"))).containsExactly(a);
  }

  @Test
  void ownUncommittedWritesShowInIndexLookups() {
    Storage s = new Storage();
    run(s, tx -> tx.createSchema(new SchemaItem.LabelPropertyIndex("Person", "age")));
    long a = person(s, "ann", 30);
    Transaction tx = s.begin();
    tx.setVertexProperty(a, "age", 50);
    long b = tx.createVertex();
    tx.addLabel(b, "Person");
    tx.setVertexProperty(b, "age", 50L);
    assertThat(ids(tx.verticesWithProperty("Person", "age", 50))).containsExactly(a, b);
    assertThat(ids(tx.verticesWithProperty("Person", "age", 30))).isEmpty();
  }

  @Test
  void duplicateOrMissingSchemaIsRejectedAsInvalid() {
    Storage s = new Storage();
    SchemaItem idx = new SchemaItem.LabelIndex("L");
    assertThat(run(s, tx -> tx.createSchema(idx)).committed()).isTrue();
    ApplyResult dup = run(s, tx -> tx.createSchema(idx));
    assertThat(dup.reason()).isEqualTo(RejectReason.INVALID);
    assertThat(dup.message()).contains("index on :L already exists");
    assertThat(run(s, tx -> tx.dropSchema(idx)).committed()).isTrue();
    assertThat(run(s, tx -> tx.dropSchema(idx)).message()).contains("does not exist");
    assertThat(s.schema()).isEmpty();
  }

  @Test
  void uniqueConstraintRejectsDuplicatesAcrossTransactions() {
    Storage s = new Storage();
    assertThat(run(s, tx -> tx.createSchema(new SchemaItem.UniqueConstraint("Person", List.of("name")))).committed())
        .isTrue();
    long a = person(s, "ann", 1);
    Transaction t = s.begin();
    long b = t.createVertex();
    t.addLabel(b, "Person");
    t.setVertexProperty(b, "name", "ann");
    ApplyResult r = s.commit(t);
    assertThat(r.reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
    assertThat(r.retryable()).isFalse();
    assertThat(r.message()).contains("vertices " + a + " and " + b).contains("[name]").contains("ann");
    // Swapping values inside one transaction is fine; so is reusing a freed value.
    long c = person(s, "cid", 2);
    assertThat(run(s, tx -> {
      tx.setVertexProperty(a, "name", "cid");
      tx.setVertexProperty(c, "name", "ann");
    }).committed()).isTrue();
    assertThat(run(s, tx -> tx.detachDeleteVertex(a)).committed()).isTrue();
    person(s, "cid", 3);
  }

  @Test
  void compositeUniqueConstraintAndNumericEquality() {
    Storage s = new Storage();
    run(s, tx -> tx.createSchema(new SchemaItem.UniqueConstraint("Person", List.of("name", "age"))));
    person(s, "ann", 1);
    person(s, "ann", 2);
    Transaction t = s.begin();
    long v = t.createVertex();
    t.addLabel(v, "Person");
    t.setVertexProperty(v, "name", "ann");
    t.setVertexProperty(v, "age", 1.0);
    assertThat(s.commit(t).reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
  }

  @Test
  void constraintsOnViolatingDataAreRejected() {
    Storage s = new Storage();
    person(s, "ann", 1);
    person(s, "ann", 2);
    long nameless = person(s, "x", 3);
    run(s, tx -> tx.setVertexProperty(nameless, "name", null));
    ApplyResult u = run(s, tx -> tx.createSchema(new SchemaItem.UniqueConstraint("Person", List.of("name"))));
    assertThat(u.reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
    ApplyResult e = run(s, tx -> tx.createSchema(new SchemaItem.ExistenceConstraint("Person", "name")));
    assertThat(e.reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
    assertThat(e.message()).contains("vertex " + nameless).contains("name");
    assertThat(s.schema()).isEmpty();
  }

  @Test
  void existenceConstraintIsCheckedOnEveryChange() {
    Storage s = new Storage();
    run(s, tx -> tx.createSchema(new SchemaItem.ExistenceConstraint("Person", "name")));
    long a = person(s, "ann", 1);
    assertThat(run(s, tx -> tx.setVertexProperty(a, "name", null)).reason())
        .isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
    assertThat(run(s, tx -> {
      long v = tx.createVertex();
      tx.addLabel(v, "Person");
    }).reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
    assertThat(run(s, tx -> tx.removeLabel(a, "Person")).committed()).isTrue();
    assertThat(run(s, tx -> tx.setVertexProperty(a, "name", null)).committed()).isTrue();
  }
}
