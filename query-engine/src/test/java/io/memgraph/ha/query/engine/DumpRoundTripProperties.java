package io.memgraph.ha.query.engine;

import io.memgraph.ha.storage.DurationValue;
import io.memgraph.ha.storage.PointValue;
import io.memgraph.ha.storage.Transaction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random stored values of every type, under random names, come back exactly from a replayed
 * {@code DUMP DATABASE}: all double bit patterns, all UTF-16 code units in strings (lone
 * surrogates too), durations over the whole long range, dates and date-times over java.time's whole
 * range in every named zone and offset, points of the four systems.
 */
class DumpRoundTripProperties {
    private static final List<String> ZONES = new ArrayList<>(ZoneId.getAvailableZoneIds());

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Long> epochDay = Arbitraries.oneOf(
                Arbitraries.longs().between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()),
                Arbitraries.longs().between(LocalDate.of(0, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay()));
        Arbitrary<LocalTime> time = Arbitraries.longs().between(0, 86_400L * 1_000_000_000L - 1)
                .map(LocalTime::ofNanoOfDay);
        Arbitrary<ZoneOffset> offset = Arbitraries.oneOf(
                Arbitraries.integers().between(-18 * 3600, 18 * 3600).map(ZoneOffset::ofTotalSeconds),
                Arbitraries.integers().between(-18 * 4, 18 * 4).map(q -> ZoneOffset.ofTotalSeconds(q * 900)));
        Arbitrary<ZoneId> zone = Arbitraries.oneOf(offset.map(o -> (ZoneId) o),
                Arbitraries.of(ZONES).map(ZoneId::of));
        long edge = 2 * 86_400L;
        Arbitrary<Long> epochSecond = Arbitraries.oneOf(
                Arbitraries.longs().between(LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC) + edge,
                        LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC) - edge),
                Arbitraries.longs().between(-5_000_000_000L, 5_000_000_000L));
        Arbitrary<Integer> nanos = Arbitraries.integers().between(0, 999_999_999);
        Arbitrary<Long> durationPart = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.longs().between(-2_000_000_000_000_000L, 2_000_000_000_000_000L),
                Arbitraries.longs().between(-1000, 1000));
        Arbitrary<Double> coordinate = Arbitraries.longs().map(Double::longBitsToDouble)
                .filter(d -> !d.isNaN() && !d.isInfinite());
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.longs().map(bits -> (Object) Double.longBitsToDouble(bits)),
                Arbitraries.of(0.0, -0.0, Double.NaN, 0.1, 1e23).map(d -> (Object) d),
                Arbitraries.strings().all().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b),
                epochDay.map(d -> (Object) LocalDate.ofEpochDay(d)),
                time.map(t -> (Object) t),
                Combinators.combine(epochDay, time).as((d, t) -> (Object) LocalDateTime.of(LocalDate.ofEpochDay(d), t)),
                Combinators.combine(time, offset).as((t, o) -> (Object) OffsetTime.of(t, o)),
                Combinators.combine(epochSecond, nanos, zone).as((s, n, z) -> (Object) ZonedDateTime.ofInstant(
                        java.time.Instant.ofEpochSecond(s, n), z)),
                Combinators.combine(durationPart, durationPart, durationPart, nanos)
                        .as((m, d, s, n) -> (Object) new DurationValue(m, d, s, n)),
                Combinators.combine(coordinate, coordinate).as((x, y) -> (Object) PointValue.of(7203, x, y)),
                Combinators.combine(coordinate, coordinate, coordinate).as((x, y, z) -> (Object) new PointValue(9157, x, y, z)),
                Combinators.combine(Arbitraries.doubles().between(-180, 180), Arbitraries.doubles().between(-90, 90),
                        coordinate).as((x, y, z) -> (Object) new PointValue(4979, x, y, z)),
                Combinators.combine(Arbitraries.doubles().between(-180, 180), Arbitraries.doubles().between(-90, 90))
                        .as((x, y) -> (Object) PointValue.of(4326, x, y)));
        return Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(names(), scalar).ofMaxSize(3).map(m -> (Object) m));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("`", "a`b", "MATCH", " ", "x"));
    }

    @Property(tries = 300)
    void aReplayedDumpHoldsTheSameValues(@ForAll("values") Object a, @ForAll("values") Object b,
                                        @ForAll("names") String label, @ForAll("names") String key,
                                        @ForAll("names") String type) {
        Db db = new Db();
        Transaction tx = db.storage.begin();
        long n = tx.createVertex();
        tx.addLabel(n, label);
        tx.setVertexProperty(n, key, a);
        long e = tx.createEdge(n, n, type);
        tx.setEdgeProperty(e, key, b);
        assertThat(db.storage.commit(tx).committed()).isTrue();
        tx.close();

        Db copy = new Db();
        for (Map<String, Object> row : db.run("DUMP DATABASE")) {
            copy.run((String) row.get("QUERY"));
        }
        assertThat(stored(copy)).isEqualTo(stored(db));
    }

    /** The one node's labels and properties and the one relationship's type, ends and properties. */
    private static List<Object> stored(Db db) {
        Transaction tx = db.storage.begin();
        try {
            PrimitiveIterator.OfLong nodes = tx.vertices();
            long n = nodes.nextLong();
            assertThat(nodes.hasNext()).isFalse();
            PrimitiveIterator.OfLong rels = tx.edgeIds();
            var e = tx.edge(rels.nextLong());
            assertThat(rels.hasNext()).isFalse();
            return List.of(tx.labels(n), tx.vertexProperties(n), e.type(), e.from() == n && e.to() == n,
                    tx.edgeProperties(e.id()));
        } finally {
            tx.close();
        }
    }
}
