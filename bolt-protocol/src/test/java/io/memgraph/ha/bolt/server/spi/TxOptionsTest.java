package io.memgraph.ha.bolt.server.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options keep their own copies of what the caller passed, once, in the caller's order. */
class TxOptionsTest {
  @Test
  void laterChangesByTheCallerAreNotSeen() {
    List<String> bookmarks = new ArrayList<>(List.of("b1"));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("z", 1L);
    metadata.put("a", null); // PackStream null: allowed
    metadata.put("m", "x");
    TxOptions o = new TxOptions(bookmarks, null, metadata, false, null, null, new HashMap<>(Map.of("k", "v")));
    bookmarks.add("b2");
    metadata.put("late", true);
    assertThat(o.bookmarks()).containsExactly("b1");
    assertThat(o.metadata().keySet()).containsExactly("z", "a", "m");
    assertThat(o.metadata()).containsEntry("z", 1L).containsEntry("m", "x").containsKey("a");
    assertThat(o.metadata().get("a")).isNull();
    assertThat(o.notificationFilters()).isEqualTo(Map.of("k", "v"));
    assertThatThrownBy(() -> o.metadata().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> o.metadata().entrySet().iterator().next().setValue(2L))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> o.metadata().entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void optionsBuiltFromOtherOptionsShareTheirCopies() {
    TxOptions first = new TxOptions(List.of("b"), null, Map.of("ha_tx_id", "t-1"), false, null, null, Map.of());
    TxOptions next = new TxOptions(first.bookmarks(), first.timeout(), first.metadata(), true, "db", null,
        first.notificationFilters());
    assertThat(next.metadata()).isSameAs(first.metadata());
    assertThat(next.bookmarks()).isSameAs(first.bookmarks());
    assertThat(next).isNotEqualTo(first);
    assertThat(new TxOptions(null, null, null, false, null, null, null)).isEqualTo(TxOptions.EMPTY);
  }
}
