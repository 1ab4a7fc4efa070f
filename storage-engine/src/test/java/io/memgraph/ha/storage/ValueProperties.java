package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The value encoding round-trips and the value order is a total order. */
class ValueProperties {
  @Provide
  Arbitrary<Object> values() {
    return Arbitraries.recursive(this::scalar, inner -> Arbitraries.oneOf(
        inner.list().ofMaxSize(4).map(l -> (Object) l),
        Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(3), inner).ofMaxSize(3).map(m -> (Object) m)), 2);
  }

  private Arbitrary<Object> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.of(true, false),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.longs().between(-3, 3).map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(Double.NaN, -0.0, 0.0, 1.0, 2.5, Double.NEGATIVE_INFINITY).map(d -> (Object) d),
        Arbitraries.strings().ofMaxLength(6).map(s -> (Object) s),
        Arbitraries.longs().between(-100_000, 100_000).map(d -> (Object) LocalDate.ofEpochDay(d)),
        Arbitraries.longs().between(0, 86_399_999_999_999L).map(n -> (Object) LocalTime.ofNanoOfDay(n)),
        Arbitraries.longs().between(-10_000_000_000L, 10_000_000_000L)
            .map(s -> (Object) LocalDateTime.ofEpochSecond(s, Math.floorMod(s, 1000), ZoneOffset.UTC)),
        Arbitraries.longs().between(-10_000_000_000L, 10_000_000_000L).map(s -> (Object) ZonedDateTime.ofInstant(
            Instant.ofEpochSecond(s), s % 2 == 0 ? ZoneId.of("Europe/Zagreb") : ZoneOffset.ofHours((int) (s % 14)))),
        Arbitraries.integers().between(-50_000, 50_000).map(m -> (Object) OffsetTime.of(
            LocalTime.ofSecondOfDay(Math.floorMod(m, 86_400)), ZoneOffset.ofTotalSeconds(m % 18 * 3600))),
        Arbitraries.longs().between(-5, 5).map(x -> (Object) new DurationValue(x, -x, x * 7, 3)));
  }

  @Property(tries = 400)
  void encodingRoundTrips(@ForAll("values") Object value) {
    ByteWriter w = new ByteWriter(8);
    ValueCodec.write(w, value);
    ByteReader r = new ByteReader(w.toArray());
    Object back = ValueCodec.read(r);
    assertThat(r.hasRemaining()).isFalse();
    assertThat(Values.compare(back, value)).isZero();
    if (!(value instanceof Double d && d.isNaN())) {
      assertThat(back).isEqualTo(value);
    }
    ByteReader skip = new ByteReader(w.toArray());
    ValueCodec.skip(skip);
    assertThat(skip.hasRemaining()).isFalse();
  }

  @Property(tries = 400)
  void orderIsAntisymmetricAndTransitive(@ForAll("values") Object a, @ForAll("values") Object b,
      @ForAll("values") Object c) {
    assertThat(Integer.signum(Values.compare(a, b))).isEqualTo(-Integer.signum(Values.compare(b, a)));
    if (Values.compare(a, b) <= 0 && Values.compare(b, c) <= 0) {
      assertThat(Values.compare(a, c)).isLessThanOrEqualTo(0);
    }
    if (Values.compare(a, b) == 0) {
      assertThat(Values.hashKey(a)).isEqualTo(Values.hashKey(b));
    }
  }

  @Property(tries = 200)
  void propertyBlobRoundTrips(@ForAll("values") Object a, @ForAll("values") Object b) {
    Map<Integer, Object> props = new java.util.TreeMap<>();
    props.put(3, a);
    props.put(1, b);
    byte[] blob = PropertyBlob.encode(props);
    int nonNull = (a == null ? 0 : 1) + (b == null ? 0 : 1);
    assertThat(PropertyBlob.decode(blob)).hasSize(nonNull);
    assertThat(Values.compare(PropertyBlob.get(blob, 3), a)).isZero();
    assertThat(Values.compare(PropertyBlob.get(blob, 1), b)).isZero();
    assertThat(PropertyBlob.get(blob, 2)).isNull();
    
  }
}
