package io.memgraph.ha.drivercompat.backend;

import io.memgraph.ha.bolt.value.BoltDuration;
import io.memgraph.ha.bolt.value.Node;
import io.memgraph.ha.bolt.value.Path;
import io.memgraph.ha.bolt.value.Point2D;
import io.memgraph.ha.bolt.value.Point3D;
import io.memgraph.ha.bolt.value.Relationship;
import io.memgraph.ha.bolt.value.UnboundRelationship;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random Bolt values of every type, shared by the driver modules' cross-checks against each
 * driver's own PackStream codec (driver 4.4 without element ids, 5.x and 6.x with them).
 */
public final class BoltValueArbitraries {
  private BoltValueArbitraries() {}

  /** Parameter values: scalars, lists of scalars and one-entry maps (what drivers send). */
  public static Arbitrary<Object> parameters() {
    Arbitrary<Object> scalar = scalars();
    return Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(4).map(l -> (Object) l),
        scalar.map(v -> (Object) java.util.Collections.singletonMap("k", v)));
  }

  /**
   * Values a server sends: scalars, nodes, relationships, valid paths and lists.
   *
   * @param elementIds whether graph values carry Bolt 5 element ids (false: the pre-5.0 records)
   */
  public static Arbitrary<Object> values(boolean elementIds) {
    Arbitrary<Object> scalar = scalars();
    Arbitrary<Map<String, Object>> properties = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5),
        scalar).ofMaxSize(3).map(LinkedHashMap::new);
    Arbitrary<Node> nodes = Combinators.combine(Arbitraries.longs().between(0, 1_000_000),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).list().ofMaxSize(2), properties)
        .as((id, labels, props) -> elementIds ? new Node(id, labels, props, "node-" + id) : new Node(id, labels, props));
    Arbitrary<Object> relationships = Combinators.combine(Arbitraries.longs().between(0, 1_000_000),
            Arbitraries.longs().between(0, 1_000_000), Arbitraries.longs().between(0, 1_000_000),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), properties)
        .as((id, s, e, type, props) -> (Object) (elementIds
            ? new Relationship(id, s, e, type, props, "rel-" + id, "node-" + s, "node-" + e)
            : new Relationship(id, s, e, type, props)));
    return Arbitraries.oneOf(scalar, nodes.map(n -> (Object) n), relationships, paths(nodes, elementIds),
        scalar.list().ofMaxSize(4).map(l -> (Object) l));
  }

  /** Valid paths whose every step uses its own relationship (older drivers mutate a reused one). */
  private static Arbitrary<Object> paths(Arbitrary<Node> nodes, boolean elementIds) {
    return nodes.list().ofMinSize(1).ofMaxSize(4).uniqueElements(Node::id).flatMap(ns ->
        Arbitraries.integers().between(0, 4).flatMap(steps -> Combinators.combine(
                Arbitraries.integers().between(0, ns.size() - 1).list().ofSize(steps),
                Arbitraries.of(true, false).list().ofSize(steps))
            .as((targets, forwards) -> {
              List<UnboundRelationship> rels = new ArrayList<>();
              List<Long> indices = new ArrayList<>();
              for (int i = 0; i < steps; i++) {
                rels.add(elementIds
                    ? new UnboundRelationship(1000 + i, "T" + i, Map.of(), "rel-" + (1000 + i))
                    : new UnboundRelationship(1000 + i, "T" + i, Map.of()));
                indices.add(forwards.get(i) ? i + 1L : -(i + 1L));
                indices.add((long) targets.get(i));
              }
              return (Object) new Path(ns, rels, indices);
            })));
  }

  private static Arbitrary<Object> scalars() {
    Arbitrary<LocalDateTime> localDateTimes = Combinators.combine(
            Arbitraries.longs().between(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay()),
            Arbitraries.longs().between(0, LocalTime.MAX.toNanoOfDay()))
        .as((day, nanos) -> LocalDateTime.of(LocalDate.ofEpochDay(day), LocalTime.ofNanoOfDay(nanos)));
    Arbitrary<ZoneOffset> offsets = Arbitraries.integers().between(-18 * 3600, 18 * 3600).map(ZoneOffset::ofTotalSeconds);
    Arbitrary<ZoneId> zones = Arbitraries.of(new TreeSet<>(ZoneId.getAvailableZoneIds())).map(ZoneId::of);
    // Times near DST transitions, where legacy and UTC forms differ most.
    Arbitrary<ZonedDateTime> transitions = Combinators.combine(Arbitraries.of("Europe/Berlin", "America/New_York",
            "Australia/Lord_Howe"), Arbitraries.integers().between(2000, 2030), Arbitraries.of(3, 4, 10, 11),
            Arbitraries.integers().between(0, 7 * 24 * 4))
        .as((zone, year, month, quarterHours) -> ZonedDateTime.of(year, month, 1, 0, 0, 0, 0, ZoneId.of(zone))
            .plusMinutes(15L * quarterHours));
    return Arbitraries.oneOf(List.of(
        Arbitraries.just(null),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(b -> (Object) b),
        localDateTimes.map(d -> (Object) d.toLocalDate()),
        localDateTimes.map(d -> (Object) d.toLocalTime()),
        Combinators.combine(localDateTimes, offsets).as((d, o) -> (Object) OffsetTime.of(d.toLocalTime(), o)),
        localDateTimes.map(d -> (Object) d),
        Combinators.combine(localDateTimes, offsets).as((d, o) -> (Object) OffsetDateTime.of(d, o)),
        Combinators.combine(localDateTimes, zones).as((d, z) -> (Object) ZonedDateTime.of(d, z)),
        Arbitraries.frequencyOf(Tuple.of(1, transitions), Tuple.of(1, transitions.map(ZonedDateTime::withLaterOffsetAtOverlap)))
            .map(z -> (Object) z),
        Combinators.combine(Arbitraries.longs().between(-1000, 1000), Arbitraries.longs().between(-1000, 1000),
                Arbitraries.longs().between(-1_000_000, 1_000_000), Arbitraries.integers().between(0, 999_999_999))
            .as((m, d, s, n) -> (Object) new BoltDuration(m, d, s, n)),
        Combinators.combine(Arbitraries.of(7203L, 4326L), Arbitraries.doubles(), Arbitraries.doubles())
            .as((srid, x, y) -> (Object) new Point2D(srid, x, y)),
        Combinators.combine(Arbitraries.of(9157L, 4979L), Arbitraries.doubles(), Arbitraries.doubles(), Arbitraries.doubles())
            .as((srid, x, y, z) -> (Object) new Point3D(srid, x, y, z))));
  }
}
