package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SyntaxErrorTest {

    private static CypherSyntaxException error(String query) {
        CypherSyntaxException e = catchThrowableOfType(CypherSyntaxException.class, () -> CypherParser.parse(query));
        assertThat(e).as("expected a syntax error for: %s", query).isNotNull();
        return e;
    }

    @Test
    void misspelledClauseKeyword() {
        CypherSyntaxException e = error("RETRUN 1");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(1);
        assertThat(e.offset()).isZero();
        assertThat(e.shortMessage()).startsWith("Invalid input 'RETRUN': expected 'MATCH', 'OPTIONAL MATCH'");
        assertThat(e.getMessage()).endsWith("(line 1, column 1 (offset: 0))\n\"RETRUN 1\"\n ^");
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(e.kind()).isEqualTo(CypherErrorKind.UNEXPECTED_SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MATCH (a)-[:LIKES..]->(c) RETURN c", "MATCH (a)-[:LIKES 2]->(c) RETURN c",
        "MATCH (a)-[:LIKES*-2]->(c) RETURN c", "MATCH (a)-[*1..-2]->(c) RETURN c"})
    void malformedVariableLengthBoundsAreInvalidRelationshipPatterns(String query) {
        assertThat(error(query).kind()).isEqualTo(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN);
    }

    @Test
    void misusedTypePredicatesAndCaseTests() {
        CypherSyntaxException e = error("RETURN 1 IS :: INTEGER NOT NULL | STRING");
        assertThat(e.shortMessage())
                .isEqualTo("All types in a Closed Dynamic Union must be nullable, or be appended with `NOT NULL`.");
        assertThat(e.column()).isEqualTo(16);
        assertThat(error("RETURN x :: MAPS").shortMessage()).startsWith("Invalid input 'MAPS': expected a type");
        assertThat(error("RETURN x IS TYPED").shortMessage()).startsWith("Unexpected end of input: expected a type");
        assertThat(error("RETURN x :: LIST INTEGER").shortMessage()).isEqualTo("Invalid input 'INTEGER': expected '<'");
        assertThat(error("RETURN CASE x WHEN IS NOT :: INT THEN 1 END").shortMessage())
                .isEqualTo("Invalid input '::': a type test in a CASE alternative is written IS NOT TYPED <TYPE>");
        assertThat(error("RETURN CASE x WHEN < THEN 1 END").shortMessage())
                .isEqualTo("Invalid input 'THEN': expected an expression");
        assertThat(error("RETURN 'a' ||").shortMessage()).isEqualTo("Unexpected end of input: expected an expression");
    }

    @Test
    void missingClosingParenthesis() {
        CypherSyntaxException e = error("MATCH (n RETURN n");
        assertThat(e.column()).isEqualTo(10);
        assertThat(e.offset()).isEqualTo(9);
        assertThat(e.shortMessage()).isEqualTo("Invalid input 'RETURN': expected ')'");
        assertThat(e.getMessage()).isEqualTo("Invalid input 'RETURN': expected ')' (line 1, column 10 (offset: 9))\n"
                + "\"MATCH (n RETURN n\"\n" + "          ^");
    }

    @Test
    void errorOnLaterLineReportsThatLine() {
        CypherSyntaxException e = error("MATCH (n)\nWHERE n.x = \nRETURN n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(1);
        assertThat(e.offset()).isEqualTo(23);
        assertThat(e.excerpt()).isEqualTo("RETURN n");
        assertThat(e.shortMessage()).isEqualTo("Invalid input 'RETURN': expected an expression");
    }

    @Test
    void endOfInput() {
        CypherSyntaxException e = error("RETURN 1 +");
        assertThat(e.shortMessage()).isEqualTo("Unexpected end of input: expected an expression");
        assertThat(e.column()).isEqualTo(11);
    }

    @Test
    void commentsCountTowardsPositions() {
        CypherSyntaxException e = error("/* a\nb */ MATCH (n) RETURN n n");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(25);
    }

    @Test
    void unterminatedStringAndComment() {
        assertThat(error("RETURN 'abc").shortMessage()).startsWith("Unexpected end of input: expected '");
        assertThat(error("RETURN 1 /* never closed").shortMessage()).contains("missing '*/'");
    }

    @Test
    void invalidEscape() {
        CypherSyntaxException e = error("RETURN 'a\\qb'");
        assertThat(e.column()).isEqualTo(10);
        assertThat(e.shortMessage()).startsWith("Invalid input '\\q'");
        assertThat(error("RETURN '\\u12'").kind()).isEqualTo(CypherErrorKind.INVALID_UNICODE_LITERAL);
    }

    @Test
    void numberLiterals() {
        assertThat(error("RETURN 9223372036854775808").kind()).isEqualTo(CypherErrorKind.INTEGER_OVERFLOW_LITERAL);
        assertThat(error("RETURN -9223372036854775809").kind()).isEqualTo(CypherErrorKind.INTEGER_OVERFLOW_LITERAL);
        assertThat(error("RETURN 0x").kind()).isEqualTo(CypherErrorKind.INVALID_NUMBER_LITERAL);
        assertThat(error("RETURN 0xZZ").kind()).isEqualTo(CypherErrorKind.INVALID_NUMBER_LITERAL);
        assertThat(error("RETURN 0o8").kind()).isEqualTo(CypherErrorKind.INVALID_NUMBER_LITERAL);
        assertThat(error("RETURN 12abc").kind()).isEqualTo(CypherErrorKind.INVALID_NUMBER_LITERAL);
        assertThat(error("RETURN 9223372h54775808").kind()).isEqualTo(CypherErrorKind.INVALID_NUMBER_LITERAL);
        // '#' is no part of any token (openCypher TCK Literals2 [12]): unexpected, not a bad number.
        assertThat(error("RETURN 9223372#54775808").kind()).isEqualTo(CypherErrorKind.UNEXPECTED_SYNTAX);
        assertThat(error("RETURN 0x1A2b3j4D5E6f7").kind()).isEqualTo(CypherErrorKind.INVALID_NUMBER_LITERAL);
        assertThat(error("RETURN 0x8000000000000000").kind()).isEqualTo(CypherErrorKind.INTEGER_OVERFLOW_LITERAL);
        assertThat(error("RETURN 01000000000000000000000").kind()).isEqualTo(CypherErrorKind.INTEGER_OVERFLOW_LITERAL);
        // Where no expression may stand (a map key), a malformed number is just unexpected.
        assertThat(error("RETURN {1B2c3e67: 1}").kind()).isEqualTo(CypherErrorKind.UNEXPECTED_SYNTAX);
        assertThat(error("RETURN {k1#k: 1}").kind()).isEqualTo(CypherErrorKind.UNEXPECTED_SYNTAX);
        assertThat(error("RETURN 1e400").kind()).isEqualTo(CypherErrorKind.FLOATING_POINT_OVERFLOW);
        // The TCK reports these as SyntaxError.
        assertThat(CypherErrorKind.INTEGER_OVERFLOW_LITERAL.category().tckType()).isEqualTo("SyntaxError");
    }

    @Test
    void unicodeDashIsNotMinus() {
        CypherSyntaxException e = error("RETURN 42 \u2014 41");
        assertThat(e.kind()).isEqualTo(CypherErrorKind.INVALID_UNICODE_CHARACTER);
        assertThat(e.column()).isEqualTo(11);
    }

    @Test
    void oldParameterSyntaxIsRefused() {
        CypherSyntaxException e = error("RETURN {name} AS literal");
        assertThat(e.kind()).isEqualTo(CypherErrorKind.LEGACY_PARAMETER_SYNTAX);
        assertThat(e.kind().tckDetail()).isEqualTo("MissingParameter");
        assertThat(e.shortMessage()).contains("Please use `$name`");
        // A map value without a key (openCypher TCK Literals8 [24]).
        assertThat(error("RETURN {1} AS literal").kind()).isEqualTo(CypherErrorKind.UNEXPECTED_SYNTAX);
    }

    @Test
    void caseNeedsEnd() {
        CypherSyntaxException e = error("RETURN CASE WHEN true THEN 1");
        assertThat(e.shortMessage()).isEqualTo("Unexpected end of input: expected 'WHEN', 'ELSE' or 'END'");
    }

    @Test
    void countStarOnlyForCount() {
        CypherSyntaxException e = error("RETURN sum(*)");
        assertThat(e.column()).isEqualTo(12);
        assertThat(e.shortMessage()).isEqualTo("Invalid input '*': expected an expression");
    }

    @Test
    void constraintPropertyMustUseDeclaredVariable() {
        CypherSyntaxException e = error("CREATE CONSTRAINT ON (n:L) ASSERT m.p IS UNIQUE");
        assertThat(e.shortMessage()).contains("expected 'n'");
        assertThat(e.column()).isEqualTo(35);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "MATCH", "MATCH (n", "MATCH (n)-[r->(m) RETURN n", "MATCH (n) RETURN", "RETURN [1, 2",
        "RETURN {a 1}", "RETURN n.", "MATCH (n) WHERE RETURN n", "CREATE INDEX ON Person(name)",
        "SHOW INDEXES INFO", "RETURN 1 AS", "MATCH (n) SET n.x RETURN n", "RETURN $", "RETURN a !b",
        "UNWIND [1] x RETURN x", "MATCH (n) ORDER n RETURN n", "RETURN 1 UNION", "FOREACH (x IN [1] SET x.a = 1)",
        "RETURN reduce(a = 0, x IN [1] a + x)", "MATCH (a)-[:T*1..2..3]->(b) RETURN a", "RETURN #",
    })
    void invalidQueriesAreRejectedWithAPosition(String q) {
        CypherSyntaxException e = error(q);
        assertThat(e.line()).isPositive();
        assertThat(e.column()).isPositive();
        assertThat(e.getMessage()).contains("(line " + e.line() + ", column " + e.column());
    }
}
