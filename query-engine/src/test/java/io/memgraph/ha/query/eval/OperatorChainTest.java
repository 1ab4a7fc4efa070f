package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Expressions;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.parse.CypherParser;
import io.memgraph.ha.query.semantic.SemanticAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A long run of one operator is one {@link Expression.BinaryChain}; it must mean exactly what the
 * nested {@link Expression.Binary} nodes of a short run mean: same grouping, same evaluation order,
 * same short-circuits, same errors, same compile-time checks.
 */
class OperatorChainTest {

    private static final int LONG = Expressions.CHAIN_THRESHOLD + 8;

    /** {@code operands} joined by {@code operators} (cycled), as written. */
    private static String flat(List<String> operands, List<String> operators) {
        StringBuilder sb = new StringBuilder(operands.get(0));
        for (int k = 1; k < operands.size(); k++) {
            sb.append(' ').append(operators.get((k - 1) % operators.size())).append(' ').append(operands.get(k));
        }
        return sb.toString();
    }

    /** The same run with every prefix in parentheses: nested Binary nodes, however long. */
    private static String grouped(List<String> operands, List<String> operators) {
        StringBuilder sb = new StringBuilder(operands.get(0));
        for (int k = 1; k < operands.size(); k++) {
            sb.insert(0, '(');
            sb.append(' ').append(operators.get((k - 1) % operators.size())).append(' ').append(operands.get(k)).append(')');
        }
        return sb.toString();
    }

    private static List<String> operands(String first, String rest) {
        List<String> out = new ArrayList<>(Collections.nCopies(LONG, rest));
        out.set(0, first);
        return out;
    }

    private static Object outcome(String expression) {
        Throwable t = catchThrowable(() -> Eval.eval(expression));
        if (t == null) {
            return Eval.eval(expression);
        }
        assertThat(t).isInstanceOf(CypherException.class);
        return ((CypherException) t).kind() + ": " + t.getMessage();
    }

    @Test
    void longRunsAreOneChainShortRunsStayNested() {
        List<String> ops = List.of("+", "-");
        Expression longRun = CypherParser.parseExpression(flat(operands("1", "2"), ops));
        assertThat(longRun).isInstanceOf(Expression.BinaryChain.class);
        Expression.BinaryChain chain = (Expression.BinaryChain) longRun;
        assertThat(chain.operands()).hasSize(LONG);
        assertThat(chain.operators()).startsWith(Expression.BinaryOperator.ADD, Expression.BinaryOperator.SUBTRACT);

        List<String> shortOperands = operands("1", "2").subList(0, Expressions.CHAIN_THRESHOLD);
        Expression shortRun = CypherParser.parseExpression(flat(shortOperands, ops));
        assertThat(shortRun).isInstanceOf(Expression.Binary.class);
        assertThat(shortRun).isEqualTo(CypherParser.parseExpression(grouped(shortOperands, ops)));
    }

    @Test
    void tighterOperatorsStayInsideTheOperandsOfAChain() {
        Expression e = CypherParser.parseExpression(flat(operands("1", "2 * 3"), List.of("+")));
        Expression.BinaryChain chain = (Expression.BinaryChain) e;
        assertThat(chain.operands().get(1)).isInstanceOf(Expression.Binary.class);
        assertThat(((Expression.Binary) chain.operands().get(1)).operator()).isEqualTo(Expression.BinaryOperator.MULTIPLY);
        assertThat(Eval.eval(flat(operands("1", "2 * 3"), List.of("+")))).isEqualTo(1L + 6L * (LONG - 1));
    }

    @ParameterizedTest(name = "{0} then {1} with {2}")
    @CsvSource(delimiter = ';', value = {
        "'a'; 1; +",
        "1; 'a'; +",
        "1; 2.5; -",
        "9223372036854775807; 1; +",
        "100; 0; /",
        "2; 2; ^",
        "7; 3; %",
        "null; 1; +",
        "true; true; AND",
        "null; false; AND",
        "false; 1 / 0 = 1; AND",
        "null; 1; AND",
        "true; 1 / 0 = 1; OR",
        "null; true; OR",
        "false; null; OR",
        "true; null; XOR",
        "true; true; XOR",
        "'ab'; 'a'; STARTS WITH",
        "1; [1, null]; IN",
    })
    void chainMeansWhatNestedBinaryNodesMean(String first, String rest, String operator) {
        List<String> operands = operands(first, rest);
        List<String> ops = List.of(operator);
        assertThat(CypherParser.parseExpression(flat(operands, ops))).isInstanceOf(Expression.BinaryChain.class);
        assertThat(outcome(flat(operands, ops))).isEqualTo(outcome(grouped(operands, ops)));
    }

    @Test
    void comparisonRunsAreConjunctionsOfPairs() {
        List<String> ascending = new ArrayList<>();
        for (int k = 0; k < LONG; k++) {
            ascending.add(Integer.toString(k));
        }
        assertThat(Eval.eval(flat(ascending, List.of("<")))).isEqualTo(true);
        assertThat(Eval.eval(flat(ascending, List.of("<", ">")))).isEqualTo(false);
        Collections.swap(ascending, LONG - 2, LONG - 1);
        assertThat(Eval.eval(flat(ascending, List.of("<")))).isEqualTo(false);
    }

    @Test
    void compileTimeChecksSeeInsideChains() {
        String shortRun = "RETURN true AND 1 AND true";
        String longRun = "RETURN " + flat(operands("true", "true"), List.of("AND")).replaceFirst("AND true", "AND 1");
        Throwable expected = catchThrowable(() -> SemanticAnalyzer.analyze(CypherParser.parse(shortRun)));
        Throwable actual = catchThrowable(() -> SemanticAnalyzer.analyze(CypherParser.parse(longRun)));
        assertThat(expected).isInstanceOf(CypherException.class);
        assertThat(actual).isInstanceOf(CypherException.class)
                .hasMessageStartingWith("Type mismatch: expected Boolean but was Integer");
        assertThat(((CypherException) actual).kind()).isEqualTo(((CypherException) expected).kind());
    }

    @Test
    void equalityIgnoresPositionsAndHashingIsShallow() {
        String text = flat(operands("x.a", "[1, {k: x.b}]"), List.of("+"));
        Expression a = CypherParser.parseExpression(text);
        Expression b = CypherParser.parseExpression("  " + text);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(CypherParser.parseExpression(text.replace("x.b", "x.c")));
    }
}
