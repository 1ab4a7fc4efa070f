package io.memgraph.ha.storage;

import static io.memgraph.ha.storage.PointAndByteValuesTest.applyOnBoth;
import static io.memgraph.ha.storage.PointAndByteValuesTest.restoredCopy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Labels and property keys come back in the order their names were first created (name ids), as
 * Neo4j and Memgraph return them: inside the creating transaction, after its commit, on a replica
 * that applied the same write sets, and after a snapshot.
 */
class NameCreationOrderTest {
  @Test
  void labelsAndKeysComeInTheOrderTheirNamesWereCreated() throws IOException {
    Storage leader = new Storage();
    Storage replica = new Storage();
    Transaction first = leader.begin();
    long v = first.createVertex();
    first.addLabel(v, "Zebra");
    first.addLabel(v, "Apple");
    first.setVertexProperty(v, "zeta", 1);
    first.setVertexProperty(v, "alpha", 2);
    // inside the transaction, before any name has an id: the order of first use
    assertThat(first.labels(v)).containsExactly("Zebra", "Apple");
    assertThat(first.vertexProperties(v).keySet()).containsExactly("zeta", "alpha");
    assertThat(applyOnBoth(leader, replica, first)).isTrue();

    Transaction second = leader.begin();
    long w = second.createVertex();
    second.addLabel(w, "Mango");
    second.addLabel(w, "Apple");
    second.addLabel(w, "Zebra");
    second.setVertexProperty(w, "mid", 3);
    second.setVertexProperty(w, "alpha", 4);
    second.setVertexProperty(w, "zeta", 5);
    assertThat(second.labels(w)).containsExactly("Zebra", "Apple", "Mango");
    assertThat(second.vertexProperties(w).keySet()).containsExactly("zeta", "alpha", "mid");
    assertThat(applyOnBoth(leader, replica, second)).isTrue();

    Storage restored = restoredCopy(leader);
    for (Storage s : List.of(leader, replica, restored)) {
      Transaction r = s.begin();
      assertThat(r.labels(v)).containsExactly("Zebra", "Apple");
      assertThat(r.labels(w)).containsExactly("Zebra", "Apple", "Mango");
      assertThat(r.vertexProperties(w)).containsExactly(Map.entry("zeta", 5L), Map.entry("alpha", 4L),
          Map.entry("mid", 3L));
      r.close();
    }
  }
}
