package io.memgraph.ha.tck;

import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.storage.Storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The step definitions of the openCypher TCK. Cucumber makes one instance per scenario, so each
 * scenario gets a fresh {@link Storage} and {@link QueryEngine}; every query runs in its own
 * transaction and is committed, as through a single-node server.
 */
public final class TckSteps {
    /** Per-query deadline; override with {@code -Dtck.queryTimeoutSeconds=N}. */
    private static final long QUERY_TIMEOUT_SECONDS = Long.getLong("tck.queryTimeoutSeconds", 20);
    private static final int MAX_ROWS_SHOWN = 12;

    private final Storage storage = new Storage();
    private final QueryEngine engine = new QueryEngine(storage);
    private final QueryRunner runner = new QueryRunner(storage, engine, QUERY_TIMEOUT_SECONDS);
    private final Map<String, Object> parameters = new HashMap<>();
    private GraphState before;
    private QueryOutcome outcome;
    private String query;

    // ---- Given

    @Given("^an empty graph$")
    public void anEmptyGraph() {
        // A fresh Storage per scenario is empty.
    }

    @Given("^any graph$")
    public void anyGraph() {
        // Scenarios on "any graph" must not depend on its contents; the empty graph is one.
    }

    @Given("^the ([\\w-]+) graph$")
    public void namedGraph(String name) throws IOException {
        String resource = "graphs/" + name + "/" + name + ".cypher";
        try (InputStream in = TckSteps.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The TCK has no graph script " + resource);
            }
            setUp(new String(in.readAllBytes(), StandardCharsets.UTF_8), "graph " + name);
        }
    }

    @Given("^having executed:$")
    public void havingExecuted(String setupQuery) {
        setUp(setupQuery, "setup query");
    }

    @Given("^parameters are:$")
    public void parametersAre(DataTable table) {
        for (List<String> row : table.cells()) {
            if (row.size() != 2) {
                throw new IllegalArgumentException("A parameter row needs a name and a value, got " + row);
            }
            parameters.put(row.get(0), toParameter(TckLiteralParser.parse(row.get(1))));
        }
    }

    /**
     * Registers the scenario's procedure: given input values, it returns the table's rows whose
     * input columns hold those values (numbers compared by value), projected to its outputs.
     */
    @Given("^there exists a procedure (.*)$")
    public void thereExistsAProcedure(String signature, DataTable table) {
        TckProcedure.register(engine.procedures(), signature, table.cells());
    }

    // ---- When

    @When("^executing query:$")
    public void executingQuery(String text) {
        this.query = text;
        before = GraphState.of(storage);
        outcome = runner.run(text, parameters);
    }

    @When("^executing control query:$")
    public void executingControlQuery(String text) {
        executingQuery(text);
    }

    // ---- Then: results

    @Then("^the result should be, in any order:$")
    public void resultInAnyOrder(DataTable table) {
        compareResult(table, false, false);
    }

    @Then("^the result should be, in order:$")
    public void resultInOrder(DataTable table) {
        compareResult(table, true, false);
    }

    @Then("^the result should be \\(ignoring element order for lists\\):$")
    public void resultIgnoringListOrder(DataTable table) {
        compareResult(table, false, true);
    }

    @Then("^the result should be, in order \\(ignoring element order for lists\\):$")
    public void resultInOrderIgnoringListOrder(DataTable table) {
        compareResult(table, true, true);
    }

    @Then("^the result should be empty$")
    public void resultEmpty() {
        requireSuccess();
        if (!outcome.rows().isEmpty()) {
            throw new AssertionError("Result mismatch: expected no rows, got " + outcome.rows().size()
                    + "\n" + render(outcome.rows(), false));
        }
    }

    // ---- Then: side effects

    @Then("^no side effects$")
    public void noSideEffects() {
        checkSideEffects(Map.of());
    }

    @Then("^the side effects should be:$")
    public void sideEffects(DataTable table) {
        Map<String, Long> expected = new HashMap<>();
        for (List<String> row : table.cells()) {
            expected.put(row.get(0).trim(), Long.parseLong(row.get(1).trim()));
        }
        checkSideEffects(expected);
    }

    // ---- Then: errors

    @Then("^an? (\\w+) should be raised at (compile time|runtime|any time): (\\w+|\\*)$")
    public void errorRaised(String type, String phase, String detail) {
        requireExecuted();
        QueryOutcome.Failure f = outcome.error();
        String expected = type + ": " + detail + " at " + phase;
        if (f == null) {
            throw new AssertionError("Expected " + type + " at " + phase + " but the query succeeded"
                    + "\n  expected: " + expected + "\n  rows: " + outcome.rows().size() + "\n  query: " + query);
        }
        if (f.type() == null) {
            throw new AssertionError("Expected " + type + " but " + f.description()
                    + "\n  expected: " + expected + "\n  query: " + query);
        }
        // The TCK writes '*' where any detail of the type is acceptable.
        if (!type.equals(f.type()) || !("*".equals(detail) || detail.equals(f.detail()))) {
            throw new AssertionError("Expected " + type + ": " + detail + " but got " + f.type() + ": " + f.detail()
                    + "\n  expected: " + expected + "\n  got: " + f.description() + " at " + f.phase().tckName()
                    + "\n  query: " + query);
        }
        boolean phaseOk = switch (phase) {
            case "compile time" -> f.phase() == QueryOutcome.Phase.COMPILE;
            // An engine may detect a run-time error early (e.g. folding constants); that is fine.
            case "runtime" -> f.phase() == QueryOutcome.Phase.RUNTIME || !f.compileKind();
            default -> true;
        };
        if (!phaseOk) {
            throw new AssertionError("Expected " + type + ": " + detail + " at " + phase + " but it was raised at "
                    + f.phase().tckName() + "\n  got: " + f.description() + "\n  query: " + query);
        }
    }

    // ---- helpers

    private void setUp(String setupQuery, String what) {
        QueryOutcome setup = runner.run(setupQuery, Map.of());
        if (setup.failed()) {
            throw new AssertionError("Setup failed: " + setup.error().description()
                    + "\n  in " + what + ":\n" + setupQuery);
        }
    }

    private void requireExecuted() {
        if (outcome == null) {
            throw new IllegalStateException("No query was executed before checking its outcome");
        }
    }

    private void requireSuccess() {
        requireExecuted();
        QueryOutcome.Failure f = outcome.error();
        if (f != null) {
            throw new AssertionError("Query failed at " + f.phase().tckName() + ": " + f.description()
                    + "\n  query: " + query);
        }
    }

    private void compareResult(DataTable table, boolean ordered, boolean ignoreListOrder) {
        requireSuccess();
        List<List<String>> cells = table.cells();
        List<String> header = cells.get(0);
        if (!header.equals(outcome.columns())) {
            throw new AssertionError("Result mismatch: columns differ\n  expected: " + header
                    + "\n  actual:   " + outcome.columns() + "\n  query: " + query);
        }
        List<String> expected = new ArrayList<>();
        List<List<Object>> expectedRows = new ArrayList<>();
        for (List<String> row : cells.subList(1, cells.size())) {
            List<Object> values = new ArrayList<>();
            for (String cell : row) {
                values.add(TckLiteralParser.parse(cell));
            }
            expectedRows.add(values);
            expected.add(CanonicalForm.of(values, ignoreListOrder));
        }
        List<String> actual = new ArrayList<>();
        for (List<Object> row : outcome.rows()) {
            actual.add(CanonicalForm.of(row, ignoreListOrder));
        }
        boolean same;
        if (ordered) {
            same = expected.equals(actual);
        } else {
            same = counts(expected).equals(counts(actual));
        }
        if (!same) {
            String kind = expected.size() != actual.size()
                    ? "expected " + expected.size() + " rows, got " + actual.size()
                    : (ordered && counts(expected).equals(counts(actual)) ? "rows in wrong order" : "row values differ");
            throw new AssertionError("Result mismatch: " + kind
                    + "\n  expected" + (ordered ? " (in order)" : "") + ":\n" + render(expectedRows, ignoreListOrder)
                    + "  actual:\n" + render(outcome.rows(), ignoreListOrder) + "  query: " + query);
        }
    }

    private void checkSideEffects(Map<String, Long> expected) {
        requireExecuted();
        Map<String, Long> actual = before.sideEffectsTo(GraphState.of(storage));
        Map<String, Long> want = new TreeMap<>();
        Map<String, Long> got = new TreeMap<>();
        for (String key : actual.keySet()) {
            want.put(key, expected.getOrDefault(key, 0L));
            got.put(key, actual.get(key));
        }
        for (String key : expected.keySet()) {
            if (!actual.containsKey(key)) {
                throw new IllegalArgumentException("Unknown side effect '" + key + "'");
            }
        }
        if (!want.equals(got)) {
            throw new AssertionError("Side effects differ\n  expected: " + nonZero(want) + "\n  actual:   "
                    + nonZero(got) + "\n  query: " + query);
        }
    }

    private static Map<String, Long> nonZero(Map<String, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Map<String, Integer> counts(List<String> rows) {
        Map<String, Integer> m = new HashMap<>();
        for (String r : rows) {
            m.merge(r, 1, Integer::sum);
        }
        return m;
    }

    private static String render(List<List<Object>> rows, boolean ignoreListOrder) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (List<Object> row : rows) {
            if (n++ == MAX_ROWS_SHOWN) {
                sb.append("    ... ").append(rows.size() - MAX_ROWS_SHOWN).append(" more\n");
                break;
            }
            sb.append("    ").append(CanonicalForm.of(row, ignoreListOrder)).append('\n');
        }
        return sb.toString();
    }

    /** A parsed literal as a query parameter (the engine's value model). */
    private static Object toParameter(Object v) {
        if (v instanceof TckGraphValue) {
            throw new IllegalArgumentException("Graph entities cannot be parameters: " + v);
        }
        return v;
    }
}
