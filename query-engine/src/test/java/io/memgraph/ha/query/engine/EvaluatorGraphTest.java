package io.memgraph.ha.query.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;

/** Evaluator behaviour that needs a graph: label checks on relationships, temporal properties. */
class EvaluatorGraphTest {

    @Test
    void labelCheckOnARelationshipComparesItsType() {
        Db db = new Db();
        db.run("CREATE ()-[:T1]->(), ()-[:T2]->(), ()-[:t2]->()");
        assertThat(db.values("MATCH ()-[r]->() RETURN type(r) AS t, r:T2 AS is ORDER BY t"))
                .isEqualTo(List.of(row("T1", false), row("T2", true), row("t2", false)));
        assertThat(db.values("MATCH ()-[r:T2]->() RETURN r:T2:T1 AS both")).isEqualTo(List.of(row(false)));
    }

    @Test
    void truncatedTemporalsRoundTripThroughProperties() {
        Db db = new Db();
        db.run("CREATE (:V {d: datetime.truncate('hour', datetime('2015-07-21T21:40:32.142+01:00'))})");
        assertThat(db.single("MATCH (v:V) RETURN toString(v.d) AS s")).isEqualTo("2015-07-21T21:00:00+01:00");
    }
}
