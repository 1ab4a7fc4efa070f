package io.memgraph.ha.query.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One engine (one plan cache) serves many threads, each in its own transaction. */
class ConcurrentExecutionTest {
    @Test
    void cachedPlansAreSharedSafely() throws Exception {
        Db db = new Db();
        db.run("CREATE INDEX ON :P(id)");
        db.run("UNWIND range(0, 99) AS i CREATE (:P {id: i, sq: i * i})");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = offset; i < 100; i += 4) {
                        Object sq = db.single("MATCH (p:P {id: $id}) RETURN p.sq", "id", i);
                        if (sq.equals((long) i * i)) {
                            ok++;
                        }
                        db.run("MATCH (p:P {id: $id}) SET p.seen = true", "id", i);
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(100);
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.single("MATCH (p:P) WHERE p.seen RETURN count(p)")).isEqualTo(100L);
    }
}
