package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.DurationValue;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.PointValue;
import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code DUMP DATABASE}: the rows replayed one by one into an empty database rebuild the same graph
 * (labels, properties of every stored type, relationships with their ends, types and properties)
 * and the same schema, and leave nothing temporary behind; the dump streams (one statement held at
 * a time, counted against the memory limit), reads one snapshot, and stops when cancelled or out
 * of time like any query.
 */
class DumpDatabaseTest {

    // ---------------------------------------------------------------- helpers

    /** The dump's rows, read in an auto-committed transaction. */
    private static List<String> dump(Db db) {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> row : db.run("DUMP DATABASE")) {
            assertThat(row).containsOnlyKeys("QUERY");
            rows.add((String) row.get("QUERY"));
        }
        return rows;
    }

    /** A new empty database with {@code rows} run in it one by one, each in its own transaction. */
    private static Db replay(List<String> rows) {
        Db copy = new Db();
        for (String row : rows) {
            copy.run(row);
        }
        return copy;
    }

    /**
     * The graph as comparable values: nodes in id order (labels sorted, properties as stored) and
     * relationships in id order with their ends as node ranks. A replay creates nodes and
     * relationships in the order of their ids, so ranks match where ids need not. Stored values
     * compare exactly: an integer is not a float, -0.0 is not 0.0, zones and offsets count.
     */
    private static List<Object> canonical(Db db) {
        Transaction tx = db.storage.begin();
        try {
            List<Object> out = new ArrayList<>();
            Map<Long, Integer> rank = new HashMap<>();
            for (PrimitiveIterator.OfLong it = tx.vertices(); it.hasNext(); ) {
                long id = it.nextLong();
                rank.put(id, rank.size());
                out.add(List.of("node", new TreeSet<>(tx.labels(id)), tx.vertexProperties(id)));
            }
            for (PrimitiveIterator.OfLong it = tx.edgeIds(); it.hasNext(); ) {
                EdgeRef e = tx.edge(it.nextLong());
                out.add(List.of("rel", rank.get(e.from()), e.type(), rank.get(e.to()), tx.edgeProperties(e.id())));
            }
            return out;
        } finally {
            tx.close();
        }
    }

    /** The schema as (name, definition) pairs; ids are given at apply and may differ. */
    private static Set<List<Object>> schema(Db db) {
        Transaction tx = db.storage.begin();
        try {
            return tx.schemaDefinitions().stream().map(d -> List.<Object>of(d.name(), d.item()))
                    .collect(Collectors.toSet());
        } finally {
            tx.close();
        }
    }

    /** Dumps {@code db}, replays the dump into an empty database and checks graph and schema are the same. */
    private static List<String> assertRoundTrip(Db db) {
        List<String> rows = dump(db);
        Db copy = replay(rows);
        assertThat(canonical(copy)).isEqualTo(canonical(db));
        assertThat(schema(copy)).isEqualTo(schema(db));
        return rows;
    }

    /** Writes {@code props} on one new node with {@code labels} straight into the storage. */
    private static long storeNode(Db db, List<String> labels, Map<String, Object> props) {
        Transaction tx = db.storage.begin();
        try {
            long id = tx.createVertex();
            labels.forEach(l -> tx.addLabel(id, l));
            props.forEach((k, v) -> tx.setVertexProperty(id, k, v));
            assertThat(db.storage.commit(tx).committed()).isTrue();
            return id;
        } finally {
            tx.close();
        }
    }

    private static String code(Throwable e) {
        return e instanceof CypherException c ? c.statusCode() : e.toString();
    }

    // ---------------------------------------------------------------- the shape

    @Test
    void anEmptyDatabaseDumpsNothing() {
        assertThat(dump(new Db())).isEmpty();
    }

    @Test
    void memgraphsOrderAndShapes() {
        Db db = new Db();
        db.run("CREATE (a:Person {name: 'Ann', age: 30})-[:KNOWS {since: 2010}]->(b:Person:Admin {name: 'Bob'}), "
                + "(b)-[:LIKES]->(a), ()");
        db.run("CREATE INDEX ON :Person(name)");
        db.run("CREATE CONSTRAINT ON (n:Person) ASSERT n.name IS UNIQUE");
        List<String> rows = assertRoundTrip(db);
        assertThat(dump(replay(rows))).as("a dump of the copy is the same text").isEqualTo(rows);
        assertThat(rows).containsExactly(
                "CREATE (:__mg_vertex__:`Person` {__mg_id__: 0, `name`: \"Ann\", `age`: 30});",
                "CREATE (:__mg_vertex__:`Person`:`Admin` {__mg_id__: 1, `name`: \"Bob\"});",
                "CREATE (:__mg_vertex__ {__mg_id__: 2});",
                "CREATE INDEX ON :__mg_vertex__(__mg_id__);",
                "MATCH (u:__mg_vertex__), (v:__mg_vertex__) WHERE u.__mg_id__ = 0 AND v.__mg_id__ = 1 "
                        + "CREATE (u)-[:`KNOWS` {`since`: 2010}]->(v);",
                "MATCH (u:__mg_vertex__), (v:__mg_vertex__) WHERE u.__mg_id__ = 1 AND v.__mg_id__ = 0 "
                        + "CREATE (u)-[:`LIKES`]->(v);",
                "DROP INDEX ON :__mg_vertex__(__mg_id__);",
                "MATCH (u) REMOVE u:__mg_vertex__, u.__mg_id__;",
                "CREATE INDEX ON :`Person`(`name`);",
                "CREATE CONSTRAINT ON (u:`Person`) ASSERT u.`name` IS UNIQUE;");
    }

    @Test
    void aRelationshipFindsItsEndsThroughTheTemporaryIndex() {
        Db db = new Db();
        db.run("CREATE INDEX ON :__mg_vertex__(__mg_id__)");
        List<List<Object>> plan = db.values("EXPLAIN MATCH (u:__mg_vertex__), (v:__mg_vertex__) "
                + "WHERE u.__mg_id__ = 0 AND v.__mg_id__ = 1 CREATE (u)-[:`T`]->(v)");
        assertThat(plan.stream().map(r -> (String) r.get(0)).filter(l -> l.contains("ScanByLabelPropertyEquality")))
                .hasSize(2);
    }

    @Test
    void theResultIsOneStringColumnOfAReadQuery() {
        Db db = new Db();
        db.run("CREATE ()");
        Transaction tx = db.storage.begin();
        try (Execution ex = db.engine.execute(tx, "dump database;", Map.of(), QueryControl.unlimited())) {
            assertThat(ex.columns()).containsExactly("QUERY");
            assertThat(ex.type()).isEqualTo(QueryType.READ_ONLY);
        } finally {
            tx.close();
        }
    }

    @Test
    void aSchemaWithoutDataDumpsOnlyTheSchema() {
        Db db = new Db();
        db.run("CREATE INDEX ON :L");
        assertThat(assertRoundTrip(db)).containsExactly("CREATE INDEX ON :`L`;");
    }

    // ---------------------------------------------------------------- values

    @Test
    void everyStoredValueTypeRoundTripsExactly() {
        Db db = new Db();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("strings", List.of("", "plain", "it's \"quoted\"", "back\\slash", "new\nline\r\ttab\b\f",
                "\u0000\u0001\u001f\u007f", "unicode é ß 中文 😀 \u2028", "\ud800 lone \udfff", "`backtick`",
                "\\u0041 is not A", "ends with backslash \\"));
        props.put("integers", List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 42L));
        props.put("floats", List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
                Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 0.1, 1.0 / 3, 1.0, -1.5e-300,
                1e21, 123456789.123456789, Math.PI, 2.0));
        props.put("booleans", List.of(true, false));
        props.put("mixed", Arrays.asList(1L, 1.0, "1", null, true, List.of(), Map.of()));
        props.put("nested", Map.of("a b", List.of(Map.of("`x`", Arrays.asList(null, List.of(List.of(1L))))),
                "MATCH", Map.of(), "", "empty key"));
        props.put("dates", List.of(LocalDate.of(2024, 2, 29), LocalDate.of(0, 1, 1), LocalDate.of(9999, 12, 31),
                LocalDate.of(-44, 3, 15), LocalDate.of(10000, 1, 1), LocalDate.MIN, LocalDate.MAX));
        props.put("localTimes", List.of(LocalTime.MIDNIGHT, LocalTime.MAX, LocalTime.of(12, 0),
                LocalTime.of(1, 2, 3, 400), LocalTime.of(23, 59, 59, 100_000_000)));
        props.put("times", List.of(OffsetTime.of(12, 0, 0, 0, ZoneOffset.UTC),
                OffsetTime.of(1, 2, 3, 4, ZoneOffset.ofHoursMinutes(5, 30)),
                OffsetTime.of(23, 59, 59, 999_999_999, ZoneOffset.MIN), OffsetTime.of(0, 0, 0, 0, ZoneOffset.MAX),
                OffsetTime.of(10, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(1, 2, 3))));
        props.put("localDateTimes", List.of(LocalDateTime.of(2020, 1, 2, 3, 4, 5, 6),
                LocalDateTime.of(1, 1, 1, 0, 0), LocalDateTime.MIN, LocalDateTime.MAX,
                LocalDateTime.of(-1, 12, 31, 23, 59, 59, 999_999_999)));
        ZoneId paris = ZoneId.of("Europe/Paris");
        LocalDateTime autumnHour = LocalDateTime.of(2021, 10, 31, 2, 30);
        props.put("dateTimes", List.of(
                ZonedDateTime.of(2020, 1, 2, 3, 4, 5, 6, ZoneOffset.UTC),
                ZonedDateTime.of(2020, 1, 2, 3, 4, 5, 0, ZoneId.of("UTC")),
                ZonedDateTime.of(2020, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(-8)),
                ZonedDateTime.of(2020, 6, 1, 12, 0, 0, 0, ZoneId.of("America/Los_Angeles")),
                ZonedDateTime.ofLocal(autumnHour, paris, ZoneOffset.ofHours(2)),
                ZonedDateTime.ofLocal(autumnHour, paris, ZoneOffset.ofHours(1)),
                ZonedDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Amsterdam")), // +00:19:32
                ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(0, 0, 30)),
                ZonedDateTime.of(-5000, 1, 1, 0, 0, 0, 1, ZoneId.of("Asia/Tokyo")),
                ZonedDateTime.of(LocalDateTime.MAX, ZoneOffset.UTC),
                ZonedDateTime.of(LocalDateTime.MIN, ZoneId.of("Europe/Berlin")),
                ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneId.of("GMT+01:00"))));
        props.put("durations", List.of(new DurationValue(0, 0, 0, 0), new DurationValue(14, 3, 3661, 5),
                new DurationValue(-1, 2, -3, 500_000_000), new DurationValue(0, 0, -1, 999_999_999),
                new DurationValue(Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 999_999_999),
                new DurationValue(Long.MIN_VALUE, 0, Long.MIN_VALUE, 0),
                new DurationValue(999_999_999_999_999L, -999_999_999_999_999L, 999_999_999_999_999L, 1),
                new DurationValue(1_000_000_000_000_000L, 0, -1_000_000_000_000_000L, 0)));
        props.put("points", List.of(PointValue.of(7203, 1.5, -2.25), new PointValue(9157, 0.1, 0.2, -0.0),
                PointValue.of(4326, -180.0, 90.0), PointValue.of(4326, 180.0, -90.0), PointValue.of(4326, -0.0, 0.0),
                new PointValue(4979, 12.345678901234567, -45.6, 1e-300), PointValue.of(7203, Double.MAX_VALUE,
                        -Double.MIN_VALUE)));
        props.put("single float", 0.1);
        props.put("single duration", new DurationValue(1, 2, 3, 4));
        props.put("single point", PointValue.of(7203, 1, 2));
        storeNode(db, List.of("Values"), props);
        assertRoundTrip(db);
    }

    @Test
    void everyNamedZoneRoundTrips() {
        Db db = new Db();
        List<Object> values = new ArrayList<>();
        for (String zone : new TreeSet<>(ZoneId.getAvailableZoneIds())) {
            ZoneId z = ZoneId.of(zone);
            values.add(ZonedDateTime.of(2021, 10, 31, 1, 30, 0, 0, z).withLaterOffsetAtOverlap());
            values.add(ZonedDateTime.of(2021, 3, 28, 2, 30, 0, 0, z));
            values.add(ZonedDateTime.of(1890, 6, 1, 12, 0, 0, 123, z));
        }
        storeNode(db, List.of(), Map.of("zoned", values));
        assertRoundTrip(db);
    }

    @Test
    void valuesWrittenThroughCypherRoundTrip() {
        Db db = new Db();
        db.run("CREATE (:T {d: date('2015-07-21'), t: time('12:31:14.645876123+01:00'), "
                + "dt: datetime('2015-07-21T21:40:32.142+01:00[Europe/London]'), ldt: localdatetime('2015-07-21T21:40'), "
                + "lt: localtime('21:40:32'), dur: duration('P1Y2M10DT12H45M30.25S'), neg: duration('-PT0.5S'), "
                + "p: point({latitude: 12.5, longitude: 56.7, height: 100}), c: point({x: 1, y: 2}), "
                + "nan: 0.0 / 0.0, big: 9223372036854775807, m: {inner: [1, 2.0, 'three', null]}})");
        assertRoundTrip(db);
    }

    @Test
    void byteArraysFailTheDumpNamingThePlace() {
        Db db = new Db();
        db.run("CREATE (:Blob {ok: 1, b: $b})", "b", new byte[] {1, 2, 3});
        assertThatThrownBy(() -> dump(db)).isInstanceOfSatisfying(CypherException.class, e -> {
            assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.TypeError");
            assertThat(e.getMessage()).startsWith("DUMP DATABASE cannot write property `b` of node 0 as Cypher: it "
                    + "holds a byte array (3 bytes): no Cypher expression builds one");
        });
        Db nested = new Db();
        nested.run("CREATE ()-[:R {l: [$b]}]->()", "b", new byte[0]);
        assertThatThrownBy(() -> dump(nested)).hasMessageContaining("property `l` of relationship 0");
    }

    @Test
    void aStatementPastTheQueryLimitsFailsTheDumpInsteadOfTheReplay() {
        Db db = new Db();
        storeNode(db, List.of(), Map.of("s", "x".repeat(4 * 1024 * 1024)));
        assertThatThrownBy(() -> dump(db)).isInstanceOfSatisfying(CypherException.class, e -> {
            assertThat(e.statusCode()).isEqualTo("Neo.DatabaseError.Statement.ExecutionFailed");
            assertThat(e.getMessage()).startsWith("DUMP DATABASE cannot write node 0 as one statement that replays: "
                    + "its statement would be refused with \"query text exceeds 4,194,304 characters");
        });
        Object deep = List.of();
        for (int i = 0; i < 600; i++) {
            deep = List.of(deep);
        }
        Db nested = new Db();
        storeNode(nested, List.of(), Map.of("deep", deep));
        assertThatThrownBy(() -> dump(nested)).hasMessageContaining("expression nesting exceeds 500 levels");
        Object shallower = List.of();
        for (int i = 0; i < 300; i++) {
            shallower = List.of(shallower);
        }
        Db fits = new Db();
        storeNode(fits, List.of(), Map.of("deep", shallower, "long", "y".repeat(3 * 1024 * 1024)));
        assertRoundTrip(fits);
    }

    @Test
    void atTheNestingLimitADumpEitherReplaysOrFails() {
        int replayed = 0;
        for (int depth = 490; depth <= 505; depth++) {
            Object value = List.of();
            for (int i = 0; i < depth; i++) {
                value = i % 2 == 0 ? List.of(value) : Map.of("k", value);
            }
            Db db = new Db();
            storeNode(db, List.of(), Map.of("v", value));
            List<String> rows;
            try {
                rows = dump(db);
            } catch (CypherException e) {
                assertThat(e.getMessage()).contains("expression nesting exceeds 500 levels");
                continue;
            }
            assertThat(canonical(replay(rows))).isEqualTo(canonical(db));
            replayed++;
        }
        assertThat(replayed).isBetween(1, 15);
    }

    // ---------------------------------------------------------------- graph shapes and names

    @Test
    void relationshipsOfEveryShapeRoundTrip() {
        Db db = new Db();
        db.run("CREATE (a), (b:B), (c {p: 1})");
        db.run("MATCH (a), (b:B), (c {p: 1}) WHERE a <> b AND a <> c AND NOT a:B "
                + "CREATE (a)-[:SELF {w: 1.5}]->(a), (a)-[:PAR]->(b), (a)-[:PAR]->(b), (a)-[:PAR {n: 2}]->(b), "
                + "(b)-[:BACK {list: [1, 2], map: {k: 'v'}}]->(a), (c)-[:SELF]->(c), (c)-[:PAR]->(a)");
        db.run("MATCH (x) CREATE (x)-[:TO_NEW]->(:New)");
        db.run("MATCH ()-[r:PAR {n: 2}]->() DELETE r"); // a gap in the relationship ids
        db.run("MATCH (n:New) WITH n LIMIT 1 DETACH DELETE n"); // and in the node ids
        assertRoundTrip(db);
    }

    @Test
    void awkwardNamesRoundTrip() {
        Db db = new Db();
        String[] names = {"with space", "back`tick", "``", "MATCH", "CREATE", "null", "123", "é中😀", "new\nline",
            "semi;colon", "__mg_vertex", "a:b", "{", "-->", "'quote'", "\"dq\"", "\\"};
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            props.put(names[i], (long) i);
        }
        long a = storeNode(db, Arrays.asList(names), props);
        long b = storeNode(db, List.of("other"), Map.of());
        Transaction tx = db.storage.begin();
        for (String type : names) {
            long e = tx.createEdge(a, b, type);
            tx.setEdgeProperty(e, type, type);
        }
        assertThat(db.storage.commit(tx).committed()).isTrue();
        tx.close();
        for (String n : names) {
            String q = n.replace("`", "``");
            db.run("CREATE INDEX ON :`" + q + "`(`" + q + "`)");
        }
        db.run("CREATE CONSTRAINT ON (n:`back``tick`) ASSERT EXISTS (n.`with space`)");
        db.run("CREATE CONSTRAINT `odd ``name`` ;` FOR (n:`MATCH`) REQUIRE (n.`null`, n.`123`) IS UNIQUE");
        assertRoundTrip(db);
    }

    @Test
    void propertyTypeConstraintsRoundTripInMemgraphsFormWhereItHasOneElseInNeo4js() {
        Db db = new Db();
        db.run("CREATE (:Person {age: 3, born: localdatetime('2000-01-01T00:00'), tags: ['a', 1]})"
                + "-[:KNOWS {since: date('2020-01-01')}]->(:Person {age: 4})");
        db.run("CREATE CONSTRAINT ON (p:Person) ASSERT p.age IS TYPED INTEGER");
        db.run("CREATE CONSTRAINT ON (p:Person) ASSERT p.born IS TYPED LOCALDATETIME");
        db.run("CREATE CONSTRAINT ON (p:Person) ASSERT p.tags IS TYPED LIST");
        db.run("CREATE CONSTRAINT person_name FOR (p:Person) REQUIRE p.name IS :: STRING");
        db.run("CREATE CONSTRAINT FOR (p:Person) REQUIRE p.score IS :: INTEGER | FLOAT");
        db.run("CREATE CONSTRAINT ON (p:Person) ASSERT p.nick IS TYPED LIST<STRING NOT NULL>");
        db.run("CREATE CONSTRAINT FOR ()-[r:KNOWS]-() REQUIRE r.since IS :: DATE");
        db.run("CREATE CONSTRAINT ON (p:Person) ASSERT EXISTS (p.age)");
        List<String> rows = assertRoundTrip(db);
        List<String> schema = rows.subList(rows.indexOf("MATCH (u) REMOVE u:__mg_vertex__, u.__mg_id__;") + 1,
                rows.size());
        assertThat(schema).hasSize(8);
        assertThat(schema.subList(0, 5)).containsExactly(
                "CREATE CONSTRAINT ON (u:`Person`) ASSERT EXISTS (u.`age`);",
                "CREATE CONSTRAINT ON (u:`Person`) ASSERT u.`age` IS TYPED INTEGER;",
                "CREATE CONSTRAINT ON (u:`Person`) ASSERT u.`born` IS TYPED LOCALDATETIME;",
                "CREATE CONSTRAINT ON (u:`Person`) ASSERT u.`tags` IS TYPED LIST;",
                "CREATE CONSTRAINT `person_name` FOR (u:`Person`) REQUIRE (u.`name`) IS :: STRING;");
        assertThat(schema.get(5)).matches("CREATE CONSTRAINT `constraint_[0-9a-f]{8}` FOR \\(u:`Person`\\) REQUIRE "
                + "\\(u.`score`\\) IS :: INTEGER \\| FLOAT;");
        assertThat(schema.get(6)).matches("CREATE CONSTRAINT `constraint_[0-9a-f]{8}` FOR \\(u:`Person`\\) REQUIRE "
                + "\\(u.`nick`\\) IS :: LIST<STRING NOT NULL>;");
        assertThat(schema.get(7)).matches("CREATE CONSTRAINT `constraint_[0-9a-f]{8}` FOR \\(\\)-\\[r:`KNOWS`]-\\(\\) "
                + "REQUIRE \\(r.`since`\\) IS :: DATE;");
    }

    @Test
    void everyKindOfIndexAndConstraintRoundTripsWithItsName() {
        Db db = new Db();
        db.run("CREATE (:Person {name: 'a', email: 'e', id: 1, age: 3})-[:KNOWS {since: 1, via: 'x'}]->"
                + "(:Person {name: 'b', email: 'f', id: 2, age: 4})");
        db.run("CREATE INDEX ON :Person");
        db.run("CREATE INDEX ON :Person(name)");
        db.run("CREATE INDEX ON :Person(name, age)");
        db.run("CREATE INDEX person_email FOR (p:Person) ON (p.email)");
        db.run("CREATE INDEX person_email_age FOR (p:Person) ON (p.email, p.age)");
        db.run("CREATE INDEX knows_since FOR ()-[r:KNOWS]-() ON (r.since, r.via)");
        db.run("CREATE INDEX FOR ()-[r:KNOWS]-() ON (r.via)");
        db.run("CREATE CONSTRAINT ON (p:Person) ASSERT EXISTS (p.name)");
        db.run("CREATE CONSTRAINT person_email_exists FOR (p:Person) REQUIRE p.email IS NOT NULL");
        db.run("CREATE CONSTRAINT ON (p:Person) ASSERT p.id IS UNIQUE");
        db.run("CREATE CONSTRAINT ON (p:Person) ASSERT p.name, p.email IS UNIQUE");
        db.run("CREATE CONSTRAINT person_age_unique FOR (p:Person) REQUIRE p.age IS UNIQUE");
        db.run("CREATE CONSTRAINT person_key FOR (p:Person) REQUIRE (p.id, p.name) IS NODE KEY");
        db.run("CREATE CONSTRAINT FOR (p:Person) REQUIRE p.age IS NODE KEY");
        List<String> rows = assertRoundTrip(db);
        assertThat(rows.subList(rows.indexOf("MATCH (u) REMOVE u:__mg_vertex__, u.__mg_id__;") + 1, rows.size()))
                .containsExactly(
                        "CREATE INDEX ON :`Person`;",
                        "CREATE INDEX ON :`Person`(`name`);",
                        "CREATE INDEX ON :`Person`(`name`, `age`);",
                        "CREATE INDEX `person_email` FOR (n:`Person`) ON (n.`email`);",
                        "CREATE INDEX `person_email_age` FOR (n:`Person`) ON (n.`email`, n.`age`);",
                        "CREATE CONSTRAINT ON (u:`Person`) ASSERT EXISTS (u.`name`);",
                        "CREATE CONSTRAINT `person_email_exists` FOR (u:`Person`) REQUIRE u.`email` IS NOT NULL;",
                        "CREATE CONSTRAINT ON (u:`Person`) ASSERT u.`id` IS UNIQUE;",
                        "CREATE CONSTRAINT ON (u:`Person`) ASSERT u.`email`, u.`name` IS UNIQUE;",
                        "CREATE CONSTRAINT `person_age_unique` FOR (u:`Person`) REQUIRE (u.`age`) IS UNIQUE;",
                        "CREATE CONSTRAINT `person_key` FOR (u:`Person`) REQUIRE (u.`id`, u.`name`) IS NODE KEY;",
                        rows.get(rows.size() - 3), // the unnamed node key, under its generated name
                        "CREATE INDEX `knows_since` FOR ()-[r:`KNOWS`]-() ON (r.`since`, r.`via`);",
                        rows.get(rows.size() - 1));
        assertThat(rows.get(rows.size() - 3)).matches("CREATE CONSTRAINT `constraint_[0-9a-f]{8}` FOR \\(u:`Person`\\)"
                + " REQUIRE \\(u.`age`\\) IS NODE KEY;");
        assertThat(rows.get(rows.size() - 1)).matches("CREATE INDEX `index_[0-9a-f]{8}` FOR \\(\\)-\\[r:`KNOWS`]-\\(\\)"
                + " ON \\(r.`via`\\);");
    }

    @Test
    void theTemporaryLabelPropertyAndIndexAreGoneAfterTheReplay() {
        Db db = new Db();
        db.run("UNWIND range(1, 50) AS i CREATE (:N {i: i})-[:R]->()");
        Db copy = replay(dump(db));
        assertThat(copy.single("MATCH (n:__mg_vertex__) RETURN count(n)")).isEqualTo(0L);
        assertThat(copy.single("MATCH (n) WHERE n.__mg_id__ IS NOT NULL RETURN count(n)")).isEqualTo(0L);
        assertThat(copy.values("SHOW INDEX INFO")).isEmpty();
        assertThat(copy.single("MATCH (n) RETURN count(n)")).isEqualTo(100L);
    }

    @Test
    void theCleanupMayBeReplayedInBatches() {
        Db db = new Db();
        db.run("UNWIND range(1, 30) AS i CREATE (:N {i: i})-[:R]->()");
        List<String> rows = new ArrayList<>(dump(db));
        // docs/cypher.md: for a graph too large to clean up in one transaction
        rows.replaceAll(r -> r.equals("MATCH (u) REMOVE u:__mg_vertex__, u.__mg_id__;")
                ? "MATCH (u:__mg_vertex__) CALL (u) { REMOVE u:__mg_vertex__, u.__mg_id__ } IN TRANSACTIONS OF 7 ROWS;"
                : r);
        Db copy = replay(rows);
        assertThat(canonical(copy)).isEqualTo(canonical(db));
        assertThat(copy.batchCommits).isEqualTo(9);
    }

    // ---------------------------------------------------------------- streaming, snapshot, control

    /** 5,000 nodes of about 1 KB of text each, in a chain: a dump of over 5 MB. */
    private static Db bigGraph() {
        Db db = new Db();
        db.run("UNWIND range(1, 5000) AS i CREATE (:Big {i: i, text: reduce(s = '', k IN range(1, 100) | "
                + "s + 'ten chars.')})");
        db.run("CREATE INDEX ON :Big(i)");
        db.run("MATCH (a:Big) MATCH (b:Big {i: a.i + 1}) CREATE (a)-[:NEXT {w: a.i}]->(b)");
        db.run("DROP INDEX ON :Big(i)");
        return db;
    }

    @Test
    void theDumpStreamsHoldingOneStatementAtATime() {
        Db db = bigGraph();
        long limit = 64 * 1024; // far less than the 5 MB of the whole dump
        QueryControl control = new QueryControl(null, limit);
        Transaction tx = db.storage.begin();
        try (Execution ex = db.engine.execute(tx, "DUMP DATABASE", Map.of(), control)) {
            List<String> first = new ArrayList<>();
            assertThat(ex.pull(3, r -> first.add((String) r[0]))).isTrue();
            assertThat(first).hasSize(3).allMatch(s -> s.startsWith("CREATE (:__mg_vertex__:`Big`"));
            assertThat(control.reservedBytes()).as("the row pulled and the one computed ahead")
                    .isBetween(1L, 2 * (40 + 2 * 1100L));
            long[] count = {3};
            long[] chars = {0};
            assertThat(ex.pull(-1, r -> {
                count[0]++;
                chars[0] += ((String) r[0]).length();
            })).isFalse();
            assertThat(count[0]).isEqualTo(5000 + 1 + 4999 + 2);
            assertThat(chars[0]).isGreaterThan(5_000_000L);
            assertThat(control.peakBytes()).isLessThan(2 * (40 + 2 * 1200L));
            assertThat(control.reservedBytes()).as("nothing held at the end").isZero();
        } finally {
            tx.close();
        }
    }

    @Test
    void theStatementHeldCountsAgainstTheMemoryLimit() {
        Db db = new Db();
        storeNode(db, List.of(), Map.of("s", "z".repeat(100_000)));
        Transaction tx = db.storage.begin();
        try (Execution ex = db.engine.execute(tx, "DUMP DATABASE", Map.of(), new QueryControl(null, 64 * 1024))) {
            assertThatThrownBy(() -> ex.pull(-1, r -> { }))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.TransientError.General.MemoryPoolOutOfMemoryError"));
        } finally {
            tx.close();
        }
    }

    @Test
    void concurrentWritesDuringADumpDoNotAppear() {
        Db db = bigGraph();
        List<Object> before = canonical(db);
        Transaction tx = db.storage.begin();
        List<String> rows = new ArrayList<>();
        try (Execution ex = db.engine.execute(tx, "DUMP DATABASE", Map.of(), QueryControl.unlimited())) {
            Consumer<Object[]> sink = r -> rows.add((String) r[0]);
            ex.pull(10, sink);
            // meanwhile: nodes and relationships created, changed and deleted, ahead of and behind the dump
            db.run("CREATE (:Late {x: 1})-[:LATE]->(:Late)");
            db.run("MATCH (n:Big) WHERE n.i IN [2, 4000] SET n.text = 'changed', n:Changed");
            db.run("MATCH (n:Big {i: 4500}) DETACH DELETE n");
            db.run("MATCH (a:Big {i: 1}), (b:Big {i: 3000}) CREATE (a)-[:NEW]->(b)");
            db.run("CREATE INDEX ON :Late(x)");
            assertThat(ex.pull(-1, sink)).isFalse();
        } finally {
            tx.close();
        }
        rows.remove("CREATE INDEX ON :`Late`(`x`);"); // the schema is the newest one (the storage keeps no old ones)
        assertThat(canonical(replay(rows))).isEqualTo(before);
    }

    @Test
    void inAnExplicitTransactionTheDumpSeesItsOwnWrites() {
        Db db = new Db();
        db.run("CREATE (:Old)");
        Transaction tx = db.storage.begin();
        try {
            try (Execution w = db.engine.execute(tx, "CREATE (:Mine {x: 1})", Map.of(), QueryControl.unlimited())) {
                w.pull(-1, r -> { });
            }
            List<String> rows = new ArrayList<>();
            try (Execution d = db.engine.execute(tx, "DUMP DATABASE", Map.of(), QueryControl.unlimited())) {
                d.pull(-1, r -> rows.add((String) r[0]));
            }
            assertThat(rows).contains("CREATE (:__mg_vertex__:`Old` {__mg_id__: 0});",
                    "CREATE (:__mg_vertex__:`Mine` {__mg_id__: 1, `x`: 1});");
        } finally {
            tx.close();
        }
    }

    @Test
    void aCancelledDumpStops() {
        Db db = bigGraph();
        QueryControl control = QueryControl.unlimited();
        Transaction tx = db.storage.begin();
        try (Execution ex = db.engine.execute(tx, "DUMP DATABASE", Map.of(), control)) {
            ex.pull(10, r -> { });
            control.cancel();
            assertThatThrownBy(() -> ex.pull(-1, r -> { }))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.TransientError.Transaction.Terminated"));
        } finally {
            tx.close();
        }
    }

    @Test
    void aDumpObeysTheTimeLimit() {
        Db db = bigGraph();
        Transaction tx = db.storage.begin();
        try (Execution ex = db.engine.execute(tx, "DUMP DATABASE", Map.of(),
                new QueryControl(Duration.ofMillis(1), 0))) {
            assertThatThrownBy(() -> ex.pull(-1, r -> { })).satisfies(e -> assertThat(code(e))
                    .isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut"));
        } finally {
            tx.close();
        }
    }

    @Test
    void theSchemaIsDumpedInCreationOrderWithinEachKind() {
        Db db = new Db();
        db.run("CREATE INDEX ON :B(x)");
        db.run("CREATE INDEX ON :A(x)");
        db.run("CREATE INDEX ON :B");
        List<String> rows = dump(db);
        assertThat(rows).containsExactly("CREATE INDEX ON :`B`;", "CREATE INDEX ON :`B`(`x`);",
                "CREATE INDEX ON :`A`(`x`);");
        Transaction tx = db.storage.begin();
        List<SchemaDefinition> defs = tx.schemaDefinitions();
        tx.close();
        assertThat(defs).hasSize(3);
    }
}
