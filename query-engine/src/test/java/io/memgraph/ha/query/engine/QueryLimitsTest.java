package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.QueryLimits;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.parse.CypherParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hostile query texts through the whole engine (parse, analyse, plan, execute): nesting beyond
 * {@link QueryLimits#MAX_NESTING_DEPTH} fails with a one-line SyntaxError that names the limit and
 * never with a StackOverflowError; flat operator runs of any length work; nesting at the limit
 * works. Everything runs on a thread with a 1 MiB stack, the JVM's default, so the outcome does
 * not depend on the test runner's thread.
 */
class QueryLimitsTest {

    private static final long STACK = 1024 * 1024;

    /** What a call on a fresh 1 MiB-stack thread returned or threw (StackOverflowError included). */
    private record Outcome(Object value, Throwable thrown) {}

    private static Outcome onDefaultStack(Callable<Object> call) {
        AtomicReference<Outcome> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(new Outcome(call.call(), null));
            } catch (Throwable e) {
                out.set(new Outcome(null, e));
            }
        }, "query-limits-test", STACK);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return out.get();
    }

    private static Object value(String query) {
        Db db = new Db();
        Outcome o = onDefaultStack(() -> db.single(query));
        if (o.thrown() != null) {
            throw new AssertionError("expected a value from a " + query.length() + "-character query", o.thrown());
        }
        return o.value();
    }

    /** Runs {@code query} and returns the limit error it must fail with. */
    private static CypherException limitError(String query, CypherErrorKind kind) {
        Db db = new Db();
        Outcome o = onDefaultStack(() -> db.run(query));
        assertThat(o.thrown()).as("outcome of a %s-character query", query.length())
                .isInstanceOf(CypherException.class);
        CypherException e = (CypherException) o.thrown();
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(200);
        return e;
    }

    private static CypherException nestingError(String query) {
        CypherException e = limitError(query, CypherErrorKind.NESTING_TOO_DEEP);
        assertThat(e.getMessage()).matches("(expression nesting exceeds 500 levels at line \\d+, column \\d+"
                + "|query plan nesting exceeds 1000 operators .*)");
        return e;
    }

    // ---------------------------------------------------------------- the four queries

    @Test
    void fiveThousandNestedParenthesesFailCleanly() {
        CypherException e = nestingError("RETURN " + "(".repeat(5000) + "1" + ")".repeat(5000));
        // the 501st level starts right after the 500th parenthesis (and the 7 characters of "RETURN ")
        assertThat(e.getMessage()).isEqualTo("expression nesting exceeds 500 levels at line 1, column 508");
    }

    @Test
    void listLiteralTenThousandDeepFailsCleanly() {
        nestingError("RETURN " + "[".repeat(10_000) + "1" + "]".repeat(10_000));
    }

    @Test
    void thousandNotsFailCleanly() {
        // NOT chains are parsed in a loop; the depth check of the finished tree refuses them
        nestingError("RETURN " + "NOT ".repeat(1000) + "true");
    }

    @Test
    void flatSumOfTenThousandTermsWorks() {
        assertThat(value("RETURN 1" + " + 1".repeat(9999))).isEqualTo(10_000L);
    }

    // ---------------------------------------------------------------- more of the same

    @ParameterizedTest
    @ValueSource(strings = {"{a: ", "abs(", "CASE WHEN true THEN ", "[x IN [1] | ", "- ", "size("})
    void everyNestingFormIsLimited(String opener) {
        String closer = switch (opener) {
            case "{a: " -> "}";
            case "abs(", "size(" -> ")";
            case "CASE WHEN true THEN " -> " END";
            case "[x IN [1] | " -> "]";
            default -> "";
        };
        nestingError("RETURN " + opener.repeat(3000) + "[1]" + closer.repeat(3000));
    }

    @Test
    void chainsBuiltInLoopsAreLimitedToo() {
        nestingError("WITH {} AS m RETURN m" + ".a".repeat(3000));
        nestingError("WITH [1] AS l RETURN l" + "[0]".repeat(3000));
        nestingError("RETURN 1" + " IS NULL".repeat(3000));
    }

    @Test
    void subqueriesForeachAndPatternsAreLimited() {
        nestingError("CALL { ".repeat(300) + "RETURN 1 AS x" + " } RETURN x".repeat(300));
        nestingError("MATCH (n) WHERE " + "EXISTS { MATCH (n) WHERE ".repeat(300) + "true" + " }".repeat(300)
                + " RETURN n");
        nestingError("FOREACH (x IN [1] | ".repeat(300) + "CREATE ()" + ")".repeat(300));
        nestingError("MATCH (a) WHERE (a)" + "-->()".repeat(600) + " RETURN a");
        nestingError("MATCH (a)" + "-->()".repeat(600) + " RETURN a");
    }

    @Test
    void longPlansAreLimited() {
        nestingError("WITH 1 AS x " + "WITH x ".repeat(1100) + "RETURN x");
    }

    @Test
    void nestingAtTheLimitWorksOnTheDefaultStack() {
        int n = QueryLimits.MAX_NESTING_DEPTH;
        assertThat(value("RETURN " + "(".repeat(n - 1) + "1" + ")".repeat(n - 1))).isEqualTo(1L);
        assertThat(value("RETURN size(" + "[".repeat(n - 2) + "1" + "]".repeat(n - 2) + ")")).isEqualTo(1L);
        assertThat(value("RETURN size(keys(" + "{a: ".repeat(n - 3) + "1" + "}".repeat(n - 3) + "))")).isEqualTo(1L);
        assertThat(value("RETURN " + "NOT ".repeat(n - 1) + "true")).isEqualTo(false);
        assertThat(value("RETURN " + "abs(".repeat(n - 1) + "-1" + ")".repeat(n - 1))).isEqualTo(1L);
        assertThat(value("RETURN " + "CASE WHEN true THEN ".repeat(n - 1) + "1" + " END".repeat(n - 1)))
                .isEqualTo(1L);
        assertThat(value("RETURN " + "(1 + ".repeat(n - 1) + "1" + ")".repeat(n - 1))).isEqualTo((long) n);
        assertThat(value("CALL { ".repeat(n / 2 - 2) + "RETURN 1 AS x" + " } RETURN x".repeat(n / 2 - 2)))
                .isEqualTo(1L);
        assertThat(value("WITH {} AS m RETURN m" + ".a".repeat(n - 2))).isNull();
        // DISTINCT compares the ORDER BY expression with the projected one, structurally
        assertThat(value("WITH {} AS m RETURN DISTINCT m" + ".a".repeat(n - 3) + " AS x ORDER BY m"
                + ".a".repeat(n - 3))).isNull();
    }

    @Test
    void flatRunsOfEveryOperatorWork() {
        assertThat(value("RETURN 10000" + " - 1".repeat(9999))).isEqualTo(1L);
        assertThat(value("RETURN 1" + " * 1".repeat(9999))).isEqualTo(1L);
        assertThat(value("RETURN true" + " AND true".repeat(9999))).isEqualTo(true);
        assertThat(value("RETURN false" + " OR false".repeat(9999) + " OR true")).isEqualTo(true);
        assertThat(value("RETURN true" + " XOR true".repeat(9999))).isEqualTo(false);
        assertThat(value("RETURN 1" + " < 2".repeat(9999))).isEqualTo(false);
        assertThat(value("RETURN 'x'" + " + 'x'".repeat(9999))).isEqualTo("x".repeat(10_000));
        assertThat(value("RETURN count(*)" + " + 1".repeat(9999))).isEqualTo(10_000L);
        assertThat(value("RETURN 'a'" + " STARTS WITH 'a'".repeat(9999))).isNull();
    }

    @Test
    void whereWithThousandsOfConjunctsIsOneFilter() {
        Db db = new Db();
        db.run("UNWIND range(1, 10) AS i CREATE (:N {i: i})");
        String where = "n.i > 0" + " AND n.i > 0".repeat(4999) + " AND n.i < 4";
        Outcome o = onDefaultStack(() -> db.values("MATCH (n:N) WHERE " + where + " RETURN n.i ORDER BY n.i"));
        assertThat(o.thrown()).isNull();
        assertThat(o.value()).isEqualTo(List.of(List.of(1L), List.of(2L), List.of(3L)));
    }

    @Test
    void queryTextAndTokenCountAreLimited() {
        CypherException tooLong = limitError("RETURN '" + "x".repeat(QueryLimits.MAX_QUERY_LENGTH) + "'",
                CypherErrorKind.QUERY_TOO_LONG);
        assertThat(tooLong.getMessage()).startsWith("query text exceeds 4,194,304 characters");
        CypherException tooMany = limitError("RETURN 1" + "+1".repeat(QueryLimits.MAX_QUERY_TOKENS / 2),
                CypherErrorKind.QUERY_TOO_LONG);
        assertThat(tooMany.getMessage()).startsWith("query text exceeds 500,000 tokens at line 1, column ");
        // a text as long as allowed made of long strings is fine
        assertThat(value("RETURN size('" + "x".repeat(QueryLimits.MAX_QUERY_LENGTH - 20) + "')"))
                .isEqualTo((long) QueryLimits.MAX_QUERY_LENGTH - 20);
    }

    @Test
    void nestedPatternCandidatesParseInLinearTime() {
        // each "({a: ...})-1" looks like a node pattern until the "-1"; retrying every inner one
        // under every outer one used to double the work per level (22 levels took over a minute)
        String query = "RETURN " + "({a: ".repeat(60) + "1" + "})-1".repeat(60);
        Object parsed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CypherParser.parse(query));
        assertThat(parsed).isNotNull();
    }
}
