package io.memgraph.ha.query.semantic;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.parse.CypherParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Function arguments whose literal type is wrong are refused before the query runs. */
class LiteralArgumentTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"RETURN properties(1)", "RETURN properties('Cypher')", "RETURN properties([true, false])",
        "RETURN properties(1.5)", "RETURN properties(true)"})
    void propertiesOfANonMapLiteral(String query) {
        CypherSemanticException e = catchThrowableOfType(CypherSemanticException.class,
                () -> SemanticAnalyzer.analyze(CypherParser.parse(query)));
        assertThat(e).as(query).isNotNull();
        assertThat(e.kind()).isEqualTo(CypherErrorKind.INVALID_ARGUMENT_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RETURN properties({a: 1})", "RETURN properties(null)", "MATCH (n) RETURN properties(n)"})
    void propertiesOfAMapNullOrEntityPasses(String query) {
        assertThatCode(() -> SemanticAnalyzer.analyze(CypherParser.parse(query))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"WITH 123 AS x RETURN x.num", "WITH 'string' AS x RETURN x.num",
        "WITH [123, true] AS x RETURN x.num", "WITH 1 AS a WITH a AS x RETURN x.num"})
    void propertyAccessOnAVariableBoundToANonMapLiteral(String query) {
        CypherSemanticException e = catchThrowableOfType(CypherSemanticException.class,
                () -> SemanticAnalyzer.analyze(CypherParser.parse(query)));
        assertThat(e).as(query).isNotNull();
        assertThat(e.kind()).isEqualTo(CypherErrorKind.RUNTIME_INVALID_ARGUMENT_TYPE);
        assertThat(e.kind().category().tckType()).isEqualTo("TypeError");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RETURN none(x IN ['Clara'] WHERE x % 2 = 0)",
        "RETURN any(x IN [false, true] WHERE x % 2 = 0)", "RETURN [x IN ['a'] | x * 2]"})
    void arithmeticOnElementsOfANonNumberListLiteral(String query) {
        CypherSemanticException e = catchThrowableOfType(CypherSemanticException.class,
                () -> SemanticAnalyzer.analyze(CypherParser.parse(query)));
        assertThat(e).as(query).isNotNull();
        assertThat(e.kind()).isEqualTo(CypherErrorKind.INVALID_ARGUMENT_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"WITH {num: 1} AS x RETURN x.num", "WITH 1 AS x MATCH (n) RETURN n.num + x",
        "RETURN any(x IN [1, 2.5] WHERE x % 2 = 0)", "RETURN any(x IN ['a', 1] WHERE x % 2 = 0)",
        "WITH 'a' AS x RETURN reduce(acc = 0, x IN [1, 2] | acc * x)", "WITH 'a' AS x RETURN [x IN [1] | x * 2]",
        "UNWIND ['a'] AS x RETURN x + 1"})
    void unknownOrFittingTypesPass(String query) {
        assertThatCode(() -> SemanticAnalyzer.analyze(CypherParser.parse(query))).doesNotThrowAnyException();
    }
}
