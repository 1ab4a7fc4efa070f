package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the storage engine tells a search structure built outside it, and when. */
class DerivedIndexTest {
  private static final SchemaItem.VectorIndex DOCS = new SchemaItem.VectorIndex("Doc", "v", 0, "cosine");
  private static final SchemaItem.FulltextIndex LINKS = new SchemaItem.FulltextIndex(List.of("LINK"), true,
      List.of("text"), "standard-analyzer", false);

  /** Writes down every call as one line. */
  static final class Recorder implements DerivedIndex {
    final List<String> calls = new ArrayList<>();
    final boolean edges;
    final List<String> labels;
    final List<String> properties;
    long horizon = -1;
    long built = -1;
    boolean closed;
    boolean failOnChange;

    Recorder(boolean edges, List<String> labels, List<String> properties) {
      this.edges = edges;
      this.labels = labels;
      this.properties = properties;
    }

    @Override
    public boolean edges() {
      return edges;
    }

    @Override
    public List<String> labels() {
      return labels;
    }

    @Override
    public List<String> properties() {
      return properties;
    }

    @Override
    public void changed(long id, Object[] before, Object[] after, long commit) {
      assertThat(closed).as("a call after close").isFalse();
      if (failOnChange) {
        throw new IllegalStateException("broken on purpose");
      }
      calls.add(id + " " + show(before) + " -> " + show(after) + " @" + commit);
    }

    @Override
    public void built(long commit) {
      assertThat(built).as("built once").isEqualTo(-1);
      built = commit;
    }

    @Override
    public void horizon(long h) {
      assertThat(h).as("horizons never go back").isGreaterThanOrEqualTo(horizon);
      horizon = h;
    }

    @Override
    public void close() {
      closed = true;
    }

    private static String show(Object[] values) {
      return values == null ? "-" : Arrays.toString(values);
    }
  }

  /** Makes one recorder per vector or full-text item and keeps them. */
  static final class Factory implements DerivedIndexFactory {
    final List<Recorder> made = new ArrayList<>();

    @Override
    public DerivedIndex create(SchemaItem item) {
      Recorder r;
      if (item instanceof SchemaItem.VectorIndex v) {
        r = new Recorder(false, List.of(v.label()), List.of(v.property()));
      } else if (item instanceof SchemaItem.FulltextIndex f) {
        r = new Recorder(f.relationships(), f.labels(), f.properties());
      } else {
        return null;
      }
      made.add(r);
      return r;
    }

    Recorder last() {
      return made.get(made.size() - 1);
    }
  }

  private static long commitVertex(Storage s, String label, Object v) {
    Transaction tx = s.begin();
    long id = tx.createVertex();
    tx.addLabel(id, label);
    if (v != null) {
      tx.setVertexProperty(id, "v", v);
    }
    assertThat(s.commit(tx).committed()).isTrue();
    return id;
  }

  private static void write(Storage s, java.util.function.Consumer<Transaction> body) {
    assertThat(SchemaRoundTrips.run(s, body).committed()).isTrue();
  }

  @Test
  void anIndexCreatedOverDataIsGivenEveryCoveredVertexThenEachChange() {
    Storage s = new Storage();
    Factory f = new Factory();
    s.deriveIndexes(f);
    long a = commitVertex(s, "Doc", List.of(1.0, 2.0));
    long b = commitVertex(s, "Doc", null);
    commitVertex(s, "Other", List.of(5.0));
    write(s, tx -> tx.createSchema(DOCS, "docs", false));
    Recorder r = f.last();
    long created = s.lastAppliedIndex();
    assertThat(r.calls).containsExactly(a + " - -> [[1.0, 2.0]] @" + created, b + " - -> [null] @" + created);
    assertThat(r.built).isEqualTo(created);
    try (Transaction reader = s.begin()) {
      assertThat(reader.derivedIndex(DOCS)).isSameAs(r);
    }

    r.calls.clear();
    write(s, tx -> tx.setVertexProperty(a, "v", List.of(3.0, 4.0)));
    long c1 = s.lastAppliedIndex();
    write(s, tx -> tx.setVertexProperty(a, "other", 7)); // nothing the index reads
    write(s, tx -> tx.addLabel(a, "Extra"));              // still covered, same values
    write(s, tx -> tx.removeLabel(b, "Doc"));
    long c2 = s.lastAppliedIndex();
    write(s, tx -> tx.addLabel(b, "Doc"));
    long c3 = s.lastAppliedIndex();
    write(s, tx -> tx.deleteVertex(a));
    long c4 = s.lastAppliedIndex();
    assertThat(r.calls).containsExactly(
        a + " [[1.0, 2.0]] -> [[3.0, 4.0]] @" + c1,
        b + " [null] -> - @" + c2,
        b + " - -> [null] @" + c3,
        a + " [[3.0, 4.0]] -> - @" + c4);
    assertThat(r.horizon).isEqualTo(c4);
  }

  @Test
  void theHorizonWaitsForTheOldestOpenReader() {
    Storage s = new Storage();
    Factory f = new Factory();
    s.deriveIndexes(f);
    write(s, tx -> tx.createSchema(DOCS, "docs", false));
    long a = commitVertex(s, "Doc", List.of(1.0));
    Transaction reader = s.begin();
    long pinned = reader.snapshotIndex();
    write(s, tx -> tx.setVertexProperty(a, "v", List.of(2.0)));
    write(s, tx -> tx.setVertexProperty(a, "v", List.of(3.0)));
    assertThat(f.last().horizon).isEqualTo(pinned);
    reader.close();
    s.collectGarbage();
    assertThat(f.last().horizon).isEqualTo(s.lastAppliedIndex());
  }

  @Test
  void edgesOfTheTypesAreReportedAndOthersNot() {
    Storage s = new Storage();
    Factory f = new Factory();
    s.deriveIndexes(f);
    long[] e = new long[2];
    write(s, tx -> {
      long x = tx.createVertex();
      long y = tx.createVertex();
      e[0] = tx.createEdge(x, y, "LINK");
      tx.setEdgeProperty(e[0], "text", "old");
      e[1] = tx.createEdge(x, y, "OTHER");
      tx.setEdgeProperty(e[1], "text", "skip");
    });
    write(s, tx -> tx.createSchema(LINKS, "links", false));
    Recorder r = f.last();
    long created = s.lastAppliedIndex();
    write(s, tx -> tx.setEdgeProperty(e[0], "text", "new"));
    long c1 = s.lastAppliedIndex();
    write(s, tx -> tx.setEdgeProperty(e[1], "text", "still skipped"));
    write(s, tx -> tx.deleteEdge(e[0]));
    long c2 = s.lastAppliedIndex();
    assertThat(r.calls).containsExactly(e[0] + " - -> [old] @" + created, e[0] + " [old] -> [new] @" + c1,
        e[0] + " [new] -> - @" + c2);
  }

  @Test
  void aDroppedIndexIsClosedAndHearsNoMore() {
    Storage s = new Storage();
    Factory f = new Factory();
    s.deriveIndexes(f);
    write(s, tx -> tx.createSchema(DOCS, "docs", false));
    Recorder r = f.last();
    write(s, tx -> tx.dropSchema(DOCS));
    assertThat(r.closed).isTrue();
    assertThat(s.begin().derivedIndex(DOCS)).isNull();
    commitVertex(s, "Doc", List.of(1.0)); // the recorder fails the test if it hears of it
    write(s, tx -> tx.createSchema(DOCS, "docs", false));
    assertThat(f.made).hasSize(2);
    assertThat(f.last().calls).hasSize(1);
  }

  @Test
  void aStructureThatThrowsIsDroppedAndTheGraphGoesOn() {
    Storage s = new Storage();
    Factory f = new Factory();
    s.deriveIndexes(f);
    write(s, tx -> tx.createSchema(DOCS, "docs", false));
    f.last().failOnChange = true;
    long a = commitVertex(s, "Doc", List.of(1.0));
    assertThat(f.last().closed).isTrue();
    assertThat(s.begin().derivedIndex(DOCS)).isNull();
    assertThat(s.schema()).contains(DOCS);
    assertThat(s.begin().vertexProperty(a, "v")).isEqualTo(List.of(1.0));
  }

  @Test
  void structuresAreBuiltWhenTheFactoryComesAfterTheDataAndAgainWhenASnapshotReplacesTheState() throws Exception {
    Storage s = new Storage();
    write(s, tx -> tx.createSchema(DOCS, "docs", false));
    long a = commitVertex(s, "Doc", List.of(1.0));
    Factory f = new Factory();
    s.deriveIndexes(f);
    assertThat(f.last().calls).containsExactly(a + " - -> [[1.0]] @" + s.lastAppliedIndex());
    Recorder first = f.last();

    Storage other = new Storage();
    write(other, tx -> tx.createSchema(DOCS, "docs", false));
    long b = commitVertex(other, "Doc", List.of(2.0));
    commitVertex(other, "Doc", null);
    byte[] snapshot = DeterminismTest.snapshot(other);
    s.restore(new ByteArrayInputStream(snapshot), "test");
    assertThat(first.closed).isTrue();
    assertThat(f.made).hasSize(2);
    assertThat(f.last().calls.get(0)).isEqualTo(b + " - -> [[2.0]] @" + other.lastAppliedIndex());
    assertThat(s.begin().derivedIndex(DOCS)).isSameAs(f.last());
  }

  @Test
  void aTransactionNamesTheObjectsItChanged() {
    Storage s = new Storage();
    long a = commitVertex(s, "Doc", List.of(1.0));
    long untouched = commitVertex(s, "Doc", List.of(1.0));
    Transaction tx = s.begin();
    long fresh = tx.createVertex();
    tx.setVertexProperty(a, "v", List.of(2.0));
    long edge = tx.createEdge(a, fresh, "LINK");
    List<Long> vertices = new ArrayList<>();
    List<Long> edges = new ArrayList<>();
    tx.ownChangedVertices(vertices::add);
    tx.ownChangedEdges(edges::add);
    assertThat(vertices).contains(a, fresh).doesNotContain(untouched).isSorted();
    assertThat(edges).containsExactly(edge);
  }
}
