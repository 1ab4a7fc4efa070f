package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.lifecycle.PropertyAttributes;
import org.junit.jupiter.api.Test;

/** The -Dstorage.model.tries / -Dstorage.model.seed flags reach jqwik as the values asked for. */
class TriesAndSeedFlagsTest {
  /** Records every setter call as "setTries" -> 10000; other calls are not expected. */
  private static PropertyAttributes recording(Map<String, Object> calls) {
    return (PropertyAttributes) Proxy.newProxyInstance(PropertyAttributes.class.getClassLoader(),
        new Class<?>[] {PropertyAttributes.class}, (proxy, method, args) -> {
          calls.put(method.getName(), args[0]);
          return null;
        });
  }

  @Test
  void withoutFlagsTheAnnotationsValuesStay() {
    Map<String, Object> calls = new TreeMap<>();
    TriesAndSeedFlags.override(recording(calls), null, " ");
    assertThat(calls).isEmpty();
  }

  @Test
  void flagsSetTriesAndSeed() {
    Map<String, Object> calls = new TreeMap<>();
    TriesAndSeedFlags.override(recording(calls), "10000", " -42 ");
    assertThat(calls).isEqualTo(Map.of("setSeed", "-42", "setTries", 10000));
  }

  @Test
  void randomSeedIsJqwiksUnsetSeed() {
    Map<String, Object> calls = new TreeMap<>();
    TriesAndSeedFlags.override(recording(calls), null, "RANDOM");
    assertThat(calls).isEqualTo(Map.of("setSeed", ""));
  }

  @Test
  void badValuesNameTheFlag() {
    Map<String, Object> calls = new TreeMap<>();
    assertThatThrownBy(() -> TriesAndSeedFlags.override(recording(calls), "0", null))
        .hasMessage("-Dstorage.model.tries=0: expected a whole number of tries above 0");
    assertThatThrownBy(() -> TriesAndSeedFlags.override(recording(calls), "1e4", null))
        .hasMessage("-Dstorage.model.tries=1e4: expected a whole number of tries above 0");
    assertThatThrownBy(() -> TriesAndSeedFlags.override(recording(calls), null, "abc"))
        .hasMessage("-Dstorage.model.seed=abc: expected a whole number (a jqwik seed) or \"random\"");
    assertThat(calls).isEmpty();
  }
}
