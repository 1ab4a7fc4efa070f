package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.parse.CypherParser;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Test helper: parse and evaluate an expression text without a graph. */
final class Eval {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-05T10:15:30Z"), ZoneOffset.UTC);

    private Eval() {
    }

    static Object eval(String expression) {
        return eval(expression, Map.of(), Map.of());
    }

    static Object eval(String expression, Map<String, Object> row) {
        return eval(expression, row, Map.of());
    }

    static Object eval(String expression, Map<String, Object> row, Map<String, Object> params) {
        ExpressionEvaluator ev = new ExpressionEvaluator(params, GraphAccessor.NONE, CLOCK);
        return ev.evaluate(CypherParser.parseExpression(expression), Row.of(row));
    }

    static CypherException fails(String expression) {
        CypherException e = catchThrowableOfType(CypherException.class, () -> eval(expression));
        assertThat(e).as("expected %s to fail", expression).isNotNull();
        return e;
    }

    static CypherException fails(String expression, CypherErrorKind kind) {
        CypherException e = fails(expression);
        assertThat(e.kind()).as("error kind of %s (%s)", expression, e.getMessage()).isEqualTo(kind);
        return e;
    }
}
