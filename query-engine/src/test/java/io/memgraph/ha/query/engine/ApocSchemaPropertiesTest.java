package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.error.CypherException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code apoc.schema.properties.distinct} and {@code distinctCount}: the distinct values (as
 * DISTINCT has them), with and without an index, every label and key for an empty one, the errors
 * for wrong arguments, the mode, and the query's memory limit.
 */
class ApocSchemaPropertiesTest {
    private final Db db = new Db();

    private void people() {
        db.run("CREATE (:Person {name: 'Michael', age: 45}), (:Person {name: 'Ryan', age: 33}),"
                + " (:Person {name: 'Michael', age: 42.0}), (:Person:Pet {name: 'Rex', age: 42}), (:Person),"
                + " (:Dog {name: 'Shadow', age: 11}), ({name: 'nobody'})");
    }

    @Test
    void distinctListsEachValueOnce() {
        people();
        String distinct = "CALL apoc.schema.properties.distinct('Person', $key) YIELD value RETURN value";
        assertThat(db.single(distinct, "key", "name")).isEqualTo(List.of("Michael", "Ryan", "Rex"));
        assertThat(db.single(distinct, "key", "age")).isEqualTo(List.of(45L, 33L, 42.0)); // 42 = 42.0
        assertThat(db.single(distinct, "key", "none")).isEqualTo(List.of());
        assertThat(db.single("CALL apoc.schema.properties.distinct('Nothing', 'name')")).isEqualTo(List.of());
        // the same through a label+property index, and with this transaction's own writes
        db.run("CREATE INDEX FOR (p:Person) ON (p.name)");
        assertThat(db.values("CREATE (:Person {name: 'Zed'}) WITH 1 AS x"
                + " CALL apoc.schema.properties.distinct('Person', 'name') YIELD value RETURN value"))
                .containsExactly(row(List.of("Michael", "Ryan", "Rex", "Zed")));
    }

    @Test
    void distinctCountCountsPerLabelKeyAndValue() {
        people();
        assertThat(db.values("CALL apoc.schema.properties.distinctCount('Person', 'name')"))
                .containsExactly(row("Person", "name", "Michael", 2L), row("Person", "name", "Ryan", 1L),
                        row("Person", "name", "Rex", 1L));
        assertThat(db.values("CALL apoc.schema.properties.distinctCount('', 'age')"))
                .containsExactly(row("Dog", "age", 11L, 1L), row("Person", "age", 45L, 1L),
                        row("Person", "age", 33L, 1L), row("Person", "age", 42.0, 2L), row("Pet", "age", 42L, 1L));
        assertThat(db.values("CALL apoc.schema.properties.distinctCount('Dog') YIELD key, value, count"
                + " RETURN key, value, count")).containsExactly(row("age", 11L, 1L), row("name", "Shadow", 1L));
        assertThat(db.values("CALL apoc.schema.properties.distinctCount() YIELD label RETURN DISTINCT label"))
                .containsExactly(row("Dog"), row("Person"), row("Pet"));
        assertThat(db.values("CALL apoc.schema.properties.distinctCount('Nothing', '')")).isEmpty();
    }

    @Test
    void wrongArgumentsAreNamed() {
        assertThatThrownBy(() -> db.run("CALL apoc.schema.properties.distinct(null, 'name')"))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining("apoc.schema.properties.distinct expects a STRING for `label` but got null");
        assertThatThrownBy(() -> db.run("CALL apoc.schema.properties.distinct('Person', $k)", "k", 3L))
                .isInstanceOf(CypherException.class).hasMessageContaining("`key`");
        assertThatThrownBy(() -> db.run("CALL apoc.schema.properties.distinctCount('Person', null)"))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining("apoc.schema.properties.distinctCount expects a STRING for `key` but got null");
    }

    @Test
    void theyAreReadProceduresUnderTheQuerysLimits() {
        assertThat(db.values("SHOW PROCEDURES YIELD name, mode WHERE name STARTS WITH 'apoc.schema.properties'"
                + " RETURN name, mode")).containsExactlyInAnyOrder(row("apoc.schema.properties.distinct", "READ"),
                        row("apoc.schema.properties.distinctCount", "READ"));
        db.run("UNWIND range(1, 20000) AS i CREATE (:N {s: 'a distinct value number ' + toString(i)})");
        assertThat(db.failureUnder(new QueryControl(null, 256 * 1024),
                "CALL apoc.schema.properties.distinct('N', 's')"))
                .isEqualTo("Neo.TransientError.General.MemoryPoolOutOfMemoryError");
        assertThat(db.single("CALL apoc.schema.properties.distinct('N', 's') YIELD value RETURN size(value)"))
                .isEqualTo(20000L);
    }
}
