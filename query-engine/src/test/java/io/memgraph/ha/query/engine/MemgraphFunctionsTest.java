package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static io.memgraph.ha.query.engine.Neo4j5ScalarFunctionsTest.ARGUMENT_ERROR;
import static io.memgraph.ha.query.engine.Neo4j5ScalarFunctionsTest.TYPE_ERROR;
import static io.memgraph.ha.query.engine.Neo4j5ScalarFunctionsTest.fails;
import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.storage.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Memgraph's own scalar functions (its "Functions" reference): degree, inDegree, outDegree, toSet,
 * values, assert, counter, propertySize, uniformSample, contains, startsWith and endsWith.
 */
class MemgraphFunctionsTest {
    private final Db db = new Db();

    @Test
    void degreesCountRelationshipsAndASelfLoopTwice() {
        db.social();
        assertThat(db.values("MATCH (n:Person) RETURN n.name, degree(n), inDegree(n), outDegree(n) ORDER BY n.name"))
                .containsExactly(row("Alice", 3L, 0L, 3L), row("Bob", 3L, 1L, 2L), row("Carol", 3L, 2L, 1L),
                        row("Dave", 1L, 1L, 0L));
        db.run("CREATE (l:Loop)-[:SELF]->(l)");
        assertThat(db.values("MATCH (l:Loop) RETURN degree(l), inDegree(l), outDegree(l), COUNT { (l)--() }"))
                .containsExactly(row(2L, 1L, 1L, 1L));
        assertThat(db.values("RETURN degree(null), INDEGREE(null), outdegree(null)")).containsExactly(row(null, null, null));
        fails(db, "MATCH ()-[r:SELF]->() RETURN degree(r)", TYPE_ERROR,
                "Type mismatch: expected a Node for argument 1 of degree() but was Relationship");
        fails(db, "RETURN inDegree(1)", TYPE_ERROR, "argument 1 of inDegree()");
    }

    @Test
    void degreesSeeWhatTheTransactionSees() {
        db.social();
        // created and deleted in the same query, before the degree is read
        assertThat(db.values("MATCH (a {name: 'Alice'}), (d {name: 'Dave'}) CREATE (a)-[:NEW]->(d), (d)-[:NEW]->(d)"
                + " WITH a, d MATCH (a)-[r:WORKS_AT]->() DELETE r"
                + " RETURN degree(a), outDegree(a), degree(d), inDegree(d)"))
                .containsExactly(row(3L, 3L, 4L, 3L));
        // a node created in the query, with relationships to stored nodes
        assertThat(db.values("MATCH (b {name: 'Bob'}) CREATE (x:X)-[:R]->(b), (b)-[:R]->(x) RETURN degree(x),"
                + " inDegree(b), outDegree(b)")).containsExactly(row(2L, 2L, 3L));
        // another transaction does not see uncommitted relationships
        try (Transaction writer = db.storage.begin()) {
            try (Execution ex = db.engine.execute(writer, "MATCH (c {name: 'Carol'}) CREATE (c)-[:T]->(c)", Map.of(),
                    QueryControl.unlimited())) {
                ex.pull(-1, row -> { });
            }
            assertThat(db.single("MATCH (c {name: 'Carol'}) RETURN degree(c)")).isEqualTo(3L);
            assertThat(countInside(writer, "MATCH (c {name: 'Carol'}) RETURN degree(c)")).isEqualTo(5L);
        }
        // a node deleted in the query cannot be asked
        fails(db, "MATCH (d {name: 'Dave'}) DETACH DELETE d RETURN degree(d)",
                "Neo.ClientError.Statement.EntityNotFound", "has been deleted in this transaction");
    }

    private Object countInside(Transaction tx, String query) {
        List<Object> out = new ArrayList<>();
        try (Execution ex = db.engine.execute(tx, query, Map.of(), QueryControl.unlimited())) {
            ex.pull(-1, row -> out.add(row[0]));
        }
        return out.get(0);
    }

    @Test
    void toSetKeepsTheFirstOfEquivalentValues() {
        assertThat(db.single("RETURN toSet([1, 2, 1, 1.0, 'a', null, null, [1], [1.0], 'a'])"))
                .isEqualTo(Arrays.asList(1L, 2L, "a", null, List.of(1L)));
        assertThat(db.values("RETURN toSet([]), toSet(null)")).containsExactly(row(List.of(), null));
        fails(db, "RETURN toSet('abc')", TYPE_ERROR, "expected a List for argument 1 of toSet() but was String");
    }

    @Test
    void valuesOfMapsAndEntities() {
        assertThat(db.single("RETURN values({a: 1, b: 'x', c: null})")).isEqualTo(Arrays.asList(1L, "x", null));
        db.run("CREATE (:V {name: 'n', age: 3})-[:R {w: 2.5}]->()");
        assertThat(db.values("MATCH (v:V)-[r]->() RETURN values(v), values(r), values(null)"))
                .containsExactly(row(List.of("n", 3L), List.of(2.5), null));
        fails(db, "RETURN values([1])", TYPE_ERROR, "expected a Map, a Node or a Relationship for argument 1 of values()");
    }

    @Test
    void assertFailsWithItsMessage() {
        assertThat(db.values("RETURN assert(true), assert(1 < 2, 'never shown')")).containsExactly(row(true, true));
        fails(db, "RETURN assert(false)", ARGUMENT_ERROR, "Assertion failed.");
        fails(db, "UNWIND [1, 2, 3] AS x RETURN assert(x < 3, 'x is ' + x)", ARGUMENT_ERROR, "Assertion failed: x is 3.");
        assertThat(db.single("RETURN assert(true, null)")).isEqualTo(true);
        fails(db, "RETURN assert(null)", TYPE_ERROR, "expected a Boolean for argument 1 of assert() but was Null");
        fails(db, "RETURN assert(1)", TYPE_ERROR, "expected a Boolean for argument 1 of assert() but was Integer");
        fails(db, "RETURN assert(false, 1)", TYPE_ERROR, "expected a String for argument 2 of assert()");
    }

    @Test
    void countersCountWithinOneQuery() {
        assertThat(db.values("UNWIND range(1, 4) AS x RETURN counter('a', 10), counter('b', 0, -5), counter('A', 1)"))
                .containsExactly(row(10L, 0L, 1L), row(11L, -5L, 2L), row(12L, -10L, 3L), row(13L, -15L, 4L));
        // a new query starts over
        assertThat(db.single("RETURN counter('a', 10)")).isEqualTo(10L);
        // ids for new nodes
        db.run("UNWIND ['x', 'y', 'z'] AS name CREATE (:C {name: name, id: counter('c', 100, 10)})");
        assertThat(db.values("MATCH (c:C) RETURN c.name, c.id ORDER BY c.id"))
                .containsExactly(row("x", 100L), row("y", 110L), row("z", 120L));
        fails(db, "RETURN counter('a', 1, 0)", ARGUMENT_ERROR, "The increment of counter('a', ...) must not be 0");
        fails(db, "RETURN counter(null, 1)", TYPE_ERROR, "expected a String for argument 1 of counter()");
        fails(db, "RETURN counter('a', 1.5)", TYPE_ERROR, "expected an Integer for argument 2 of counter()");
        fails(db, "RETURN counter('a', 1, null)", TYPE_ERROR, "expected an Integer for argument 3 of counter()");
        fails(db, "UNWIND [1, 2] AS x RETURN counter('m', 9223372036854775807)",
                "Neo.ClientError.Statement.ArithmeticError", "integer overflow: counter('m')");
        fails(db, "RETURN counter('a')", "Neo.ClientError.Statement.SemanticError",
                "Invalid number of arguments to counter(): expected 2 to 3 but got 1");
    }

    @Test
    void propertySizeIsTheEncodedSizeOfTheStoredValue() {
        db.run("CREATE (:P {i: 1, big: 1000000, s: 'abc', f: 1.5, b: true, l: [1, 2], m: {k: 'v'}})-[:R {s: ''}]->()");
        assertThat(db.values("MATCH (p:P)-[r]->() RETURN propertySize(p, 'i'), propertySize(p, 'big'),"
                + " propertySize(p, 's'), propertySize(p, 'f'), propertySize(p, 'b'), propertySize(p, 'l'),"
                + " propertySize(p, 'm'), propertySize(p, 'missing'), propertySize(r, 's'), propertySize(r, 'none')"))
                .containsExactly(row(2L, 4L, 5L, 9L, 1L, 6L, 7L, 0L, 2L, 0L));
        // what the transaction sees, before it commits
        assertThat(db.values("MATCH (p:P) SET p.s = 'abcdef' RETURN propertySize(p, 's')")).containsExactly(row(8L));
        assertThat(db.values("RETURN propertySize(null, 'x')")).containsExactly(row((Object) null));
        assertThat(db.values("MATCH (p:P) RETURN propertySize(p, null)")).containsExactly(row((Object) null));
        fails(db, "RETURN propertySize({a: 1}, 'a')", TYPE_ERROR, "expected a Node or a Relationship for argument 1 of"
                + " propertySize()");
        fails(db, "MATCH (p:P) RETURN propertySize(p, 1)", TYPE_ERROR, "expected a String for argument 2 of propertySize()");
    }

    @Test
    void uniformSampleDrawsWithReplacement() {
        @SuppressWarnings("unchecked")
        List<Object> sample = (List<Object>) db.single("RETURN uniformSample([1, 2, 3], 20)");
        assertThat(sample).hasSize(20).allMatch(x -> List.of(1L, 2L, 3L).contains(x));
        assertThat(db.values("RETURN uniformSample([1], 0), uniformSample([], 3), uniformSample(null, 1),"
                + " uniformSample([1], null), uniformSample(['a'], 2)"))
                .containsExactly(row(List.of(), null, null, null, List.of("a", "a")));
        fails(db, "RETURN uniformSample([1], -1)", ARGUMENT_ERROR, "the size must be between 0 and");
        fails(db, "RETURN uniformSample(1, 1)", TYPE_ERROR, "expected a List for argument 1 of uniformSample()");
    }

    @Test
    void stringMatchingFunctionsGiveNullForOtherValues() {
        assertThat(db.values("RETURN contains('abc', 'b'), startsWith('abc', 'ab'), endsWith('abc', 'bc'),"
                + " contains('abc', 'x'), startsWith('abc', ''), endsWith('abc', 'abcd')"))
                .containsExactly(row(true, true, true, false, true, false));
        assertThat(db.values("RETURN contains(1, '1'), startsWith('a', null), endsWith(null, null)"))
                .containsExactly(row(null, null, null));
        // the operator of the same name is still the operator
        assertThat(db.single("RETURN 'abc' CONTAINS 'b'")).isEqualTo(true);
    }

    @Test
    void showFunctionsListsTheNewFunctions() {
        List<Object> names = new ArrayList<>();
        db.values("SHOW FUNCTIONS").forEach(r -> names.add(r.get(0)));
        assertThat(names).contains("nullIf", "valueType", "isEmpty", "char_length", "character_length", "btrim",
                "normalize", "toIntegerOrNull", "toStringList", "degree", "inDegree", "outDegree", "toSet", "assert",
                "counter", "propertySize", "values", "uniformSample", "contains", "startsWith", "endsWith", "upper");
    }
}
