package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

/**
 * One query with its exact expected result: the rows as lists of driver values converted with
 * {@link Value#asObject()} (integers are {@code Long}, floats {@code Double}). Rows are compared in
 * order when the query orders them, as a multiset otherwise.
 *
 * @param query the Cypher text
 * @param parameters its parameters
 * @param expected the rows
 * @param ordered whether the row order is part of the result
 */
public record QueryCase(String query, Map<String, Object> parameters, List<List<Object>> expected, boolean ordered) {

    /** A case whose row order matters (the query has ORDER BY, or returns one row). */
    public static QueryCase ordered(String query, List<List<Object>> expected) {
        return new QueryCase(query, Map.of(), expected, true);
    }

    /** A case whose rows may come in any order. */
    public static QueryCase anyOrder(String query, List<List<Object>> expected) {
        return new QueryCase(query, Map.of(), expected, false);
    }

    /** A case with parameters, rows in order. */
    public static QueryCase withParams(String query, Map<String, Object> parameters, List<List<Object>> expected) {
        return new QueryCase(query, parameters, expected, true);
    }

    /** One row. */
    public static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    /** The rows. */
    @SafeVarargs
    public static List<List<Object>> rows(List<Object>... rows) {
        List<List<Object>> out = new ArrayList<>(rows.length);
        for (List<Object> r : rows) {
            out.add(r);
        }
        return List.copyOf(out);
    }

    /** Runs the query in an auto-commit transaction and returns its rows. */
    public static List<List<Object>> run(Driver driver, String query, Map<String, Object> parameters) {
        try (Session session = driver.session()) {
            return session.run(query, parameters).list(r -> {
                List<Object> values = new ArrayList<>();
                for (Value v : r.values()) {
                    values.add(v.asObject());
                }
                return values;
            });
        }
    }

    /** Runs the query and checks its rows. */
    public void check(Driver driver) {
        List<List<Object>> actual = run(driver, query, parameters);
        if (ordered) {
            assertThat(actual).as(query).isEqualTo(expected);
        } else {
            assertThat(sorted(actual)).as(query).isEqualTo(sorted(expected));
        }
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(String::valueOf));
        return copy;
    }
}
