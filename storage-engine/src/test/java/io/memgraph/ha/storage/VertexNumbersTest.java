package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Transaction#vertexNumbers}: a list of numbers read from the stored bytes without boxing,
 * the same doubles {@link Values#numbers} makes of {@link Transaction#vertexProperty}, for
 * committed values and the transaction's own uncommitted ones; null for anything else.
 */
class VertexNumbersTest {
  private static final Map<String, Object> VALUES = Map.of(
      "doubles", List.of(0.5, -1.25, 3.0),
      "ints", List.of(1L, -2L, 300_000_000_000L),
      "mixed", List.of(1L, 2.5),
      "empty", List.of(),
      "strings", List.of(1.0, "two"),
      "nested", List.of(List.of(1.0)),
      "withNull", java.util.Arrays.asList(1.0, null),
      "scalar", 1.0,
      "text", "1,2");

  @Test
  void committedAndOwnValuesReadAsValuesNumbersReadsThem() {
    Storage s = new Storage();
    Transaction tx = s.begin();
    long committed = tx.createVertex();
    VALUES.forEach((k, v) -> tx.setVertexProperty(committed, k, v));
    assertThat(s.apply(1, tx.prepare().toBytes()).committed()).isTrue();

    Transaction reader = s.begin();
    long own = reader.createVertex();
    VALUES.forEach((k, v) -> reader.setVertexProperty(own, k, v));
    for (long id : new long[] {committed, own}) {
      for (String k : VALUES.keySet()) {
        assertThat(reader.vertexNumbers(id, k)).as("%s of vertex %d", k, id)
            .isEqualTo(Values.numbers(reader.vertexProperty(id, k)));
      }
      assertThat(reader.vertexNumbers(id, "doubles")).containsExactly(0.5, -1.25, 3.0);
      assertThat(reader.vertexNumbers(id, "ints")).containsExactly(1.0, -2.0, 300_000_000_000.0);
      assertThat(reader.vertexNumbers(id, "mixed")).containsExactly(1.0, 2.5);
      assertThat(reader.vertexNumbers(id, "empty")).isEmpty();
      for (String k : List.of("strings", "nested", "withNull", "scalar", "text", "missing")) {
        assertThat(reader.vertexNumbers(id, k)).as(k).isNull();
      }
    }
    // a committed vector changed in this transaction reads as changed
    reader.setVertexProperty(committed, "doubles", List.of(9.0));
    assertThat(reader.vertexNumbers(committed, "doubles")).containsExactly(9.0);
    assertThat(s.begin().vertexNumbers(committed, "doubles")).containsExactly(0.5, -1.25, 3.0);
  }
}
