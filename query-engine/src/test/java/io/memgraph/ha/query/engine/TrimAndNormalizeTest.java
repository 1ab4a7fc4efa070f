package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static io.memgraph.ha.query.engine.Neo4j5ScalarFunctionsTest.ARGUMENT_ERROR;
import static io.memgraph.ha.query.engine.Neo4j5ScalarFunctionsTest.SYNTAX_ERROR;
import static io.memgraph.ha.query.engine.Neo4j5ScalarFunctionsTest.TYPE_ERROR;
import static io.memgraph.ha.query.engine.Neo4j5ScalarFunctionsTest.fails;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Neo4j 5's string functions and syntax: {@code btrim}, {@code ltrim}/{@code rtrim} with characters,
 * {@code trim([BOTH | LEADING | TRAILING] [c] FROM s)}, {@code char_length}, {@code normalize} and
 * {@code IS [NOT] [form] NORMALIZED}, with the cases of Neo4j's own trim acceptance scenarios.
 */
class TrimAndNormalizeTest {
    private final Db db = new Db();

    @Test
    void trimmingWhiteSpace() {
        // a thin space (U+2009) is white space too
        assertThat(db.values("WITH '   hello world\u2009 ' AS s RETURN trim(s), ltrim(s), rtrim(s), btrim(s)"))
                .containsExactly(row("hello world", "hello world\u2009 ", "   hello world", "hello world"));
        assertThat(db.values("RETURN trim(null), ltrim(null), rtrim(null), btrim(null), btrim(null, 'x'),"
                + " btrim('x', null), ltrim('x', null)")).containsExactly(row(null, null, null, null, null, null, null));
    }

    @Test
    void trimmingAnyOfSeveralCharacters() {
        assertThat(db.values("WITH 'xy xyxhelloXYXworldxyXxyx yx' AS s RETURN ltrim(s, ' xy'), rtrim(s, ' xy'),"
                + " btrim(s, ' xy')"))
                .containsExactly(row("helloXYXworldxyXxyx yx", "xy xyxhelloXYXworldxyX", "helloXYXworldxyX"));
        assertThat(db.values("RETURN btrim('xxyyhelloxyxy', 'xy'), ltrim('xxyyhelloxyxy', 'xy'),"
                + " rtrim('xxyyhelloxyxy', 'xy')")).containsExactly(row("hello", "helloxyxy", "xxyyhello"));
        // nothing to trim, nothing left, characters beyond 16 bits
        assertThat(db.values("WITH ' hello world ' AS s RETURN ltrim(s, ''), rtrim(s, ''), btrim(s, ''),"
                + " btrim('', 'abc'), btrim('xxx', 'x'), btrim('\uD83D\uDE00a\uD83D\uDE00', '\uD83D\uDE00')"))
                .containsExactly(row(" hello world ", " hello world ", " hello world ", "", "", "a"));
        assertThat(db.values("RETURN ltrim(rtrim('xyx', 'x'), 'x'), rtrim(ltrim('x' || 'y' || 'x', 'x'), 'x')"))
                .containsExactly(row("y", "y"));
        fails(db, "RETURN btrim(1234)", TYPE_ERROR, "Type mismatch: expected a String for argument 1 of btrim() but was"
                + " Integer (1234)");
        fails(db, "RETURN ltrim('x', 1)", TYPE_ERROR, "argument 2 of ltrim()");
        fails(db, "RETURN rtrim('x', 'y', 'z')", "Neo.ClientError.Statement.SemanticError",
                "Invalid number of arguments to rtrim(): expected 1 to 2 but got 3");
    }

    @Test
    void trimFromWithASideAndACharacter() {
        assertThat(db.values("WITH 'xxxhelloxyworldxxx' AS s RETURN trim('x' FROM s), trim(LEADING 'x' FROM s),"
                + " trim(TRAILING 'x' FROM s), trim(BOTH 'x' FROM s)"))
                .containsExactly(row("helloxyworld", "helloxyworldxxx", "xxxhelloxyworld", "helloxyworld"));
        assertThat(db.values("WITH '   hello world   ' AS s RETURN trim(FROM s), trim(LEADING FROM s),"
                + " trim(TRAILING FROM s), trim(both FROM s)"))
                .containsExactly(row("hello world", "hello world   ", "   hello world", "hello world"));
        assertThat(db.values("RETURN trim('x' + 'y' + 'x'), trim('x' FROM 'x' + 'y' + 'x'), trim(BOTH 'x' FROM"
                + " 'xy xyxhelloXYXworldxyXxyx yx')")).containsExactly(row("xyx", "y", "y xyxhelloXYXworldxyXxyx y"));
        // nulls: of the character, of the source
        assertThat(db.values("WITH '   hello world   ' AS s RETURN trim(null FROM s), trim(LEADING null FROM s),"
                + " trim(TRAILING 'x' FROM null), trim(BOTH null FROM null)")).containsExactly(row(null, null, null, null));
        // the words of the syntax stay usable as variable names
        assertThat(db.values("WITH ' a ' AS both, ' b ' AS from RETURN trim(both), trim(from), trim(BOTH FROM from)"))
                .containsExactly(row("a", "b", "b"));
        assertThat(db.values("WITH 'x' AS c RETURN trim(LEADING c FROM 'xxaxx')")).containsExactly(row("axx"));
    }

    @Test
    void trimFromTakesExactlyOneCharacter() {
        fails(db, "RETURN trim('xy' FROM 'xyhelloxy')", ARGUMENT_ERROR,
                "trim(... FROM ...) removes a single character, got 'xy' (2 characters)");
        fails(db, "RETURN trim(LEADING '\u2702\uFE0F' FROM 'xyhelloxy')", ARGUMENT_ERROR, "(2 characters)");
        fails(db, "RETURN trim(TRAILING '' FROM 'xyhelloxy')", ARGUMENT_ERROR, "(0 characters)");
        assertThat(db.single("RETURN trim(BOTH '\uD83D\uDE00' FROM '\uD83D\uDE00a\uD83D\uDE00')")).isEqualTo("a");
        fails(db, "RETURN trim(BOTH 1 FROM 'x')", TYPE_ERROR,
                "Type mismatch: expected a String for the character to trim in trim(... FROM ...) but was Integer (1)");
        fails(db, "RETURN trim(BOTH 'x' FROM 1234)", TYPE_ERROR, "expected a String for the string to trim");
        fails(db, "RETURN trim(1234)", TYPE_ERROR, "argument 1 of trim()");
    }

    @Test
    void trimFromSyntaxErrors() {
        fails(db, "RETURN trim(BOTH FROM)", SYNTAX_ERROR, "Invalid input ')': expected an expression");
        fails(db, "RETURN trim(LEADING 'x' 'y')", SYNTAX_ERROR, "Invalid input ''y'': expected 'FROM'");
        fails(db, "RETURN trim('x' FROM 'y', 'z')", SYNTAX_ERROR, "Invalid input ',': expected ')'");
        fails(db, "RETURN trim('x' 'y')", SYNTAX_ERROR, "expected ')', ',' or 'FROM'");
        fails(db, "RETURN trim()", "Neo.ClientError.Statement.SemanticError",
                "Invalid number of arguments to trim(): expected 1 but got 0");
    }

    @Test
    void characterLengthCountsCodePoints() {
        assertThat(db.values("RETURN char_length('Alice'), character_length('\uD83D\uDE00a'), CHAR_LENGTH(''),"
                + " char_length(null)")).containsExactly(row(5L, 2L, 0L, null));
        fails(db, "RETURN char_length(['a'])", TYPE_ERROR, "argument 1 of char_length()");
        assertThat(db.values("RETURN upper('aB'), lower('aB'), UPPER(null)")).containsExactly(row("AB", "ab", null));
    }

    @Test
    void normalizeToAForm() {
        assertThat(db.values("RETURN normalize('\\u212B') = '\\u00C5', normalize('\\uFE64', NFKC) = '\\u003C',"
                + " normalize('\\u03D3', nfd) = '\\u03D2\\u0301', normalize('\\u03D3', NFKD) = '\\u03A5\\u0301',"
                + " normalize('\\u03D2\\u0301', NFC) = '\\u03D3', normalize(null), normalize(null, NFKC)"))
                .containsExactly(row(true, true, true, true, true, null, null));
        fails(db, "RETURN normalize(1)", TYPE_ERROR, "argument 1 of normalize()");
        fails(db, "RETURN normalize('a', 'NFC')", SYNTAX_ERROR,
                "Invalid input ''NFC'': expected a normal form: NFC, NFD, NFKC or NFKD");
        fails(db, "RETURN normalize('a', NFX)", SYNTAX_ERROR, "Invalid input 'NFX': expected a normal form");
        fails(db, "RETURN normalize('a', NFC, NFD)", SYNTAX_ERROR, "Invalid input ',': expected ')'");
    }

    @Test
    void isNormalized() {
        assertThat(db.values("RETURN 'the \\u212B char' IS NORMALIZED, 'the \\u212B char' IS NOT NORMALIZED,"
                + " 'abc' IS NORMALIZED, '\\u00C5' IS NFD NORMALIZED, '\\u00C5' IS NOT NFD NORMALIZED,"
                + " '\\uFE64' IS NFC NORMALIZED, '\\uFE64' IS NFKC NORMALIZED, '\\uFE64' is nfkd normalized"))
                .containsExactly(row(false, true, true, false, true, true, false, false));
        // null, and any other value than a string, is neither
        assertThat(db.values("RETURN null IS NORMALIZED, 1 IS NORMALIZED, 1 IS NOT NFKC NORMALIZED, [] IS NORMALIZED"))
                .containsExactly(row(null, null, null, null));
        db.run("CREATE ({name: 'Anders'}), ({name: '\u212Bngstr\u00F6m'})");
        assertThat(db.values("MATCH (n) WHERE n.name IS NORMALIZED RETURN n.name")).containsExactly(row("Anders"));
        assertThat(db.values("MATCH (n) WHERE NOT n.name IS NORMALIZED AND n.name IS NFD NORMALIZED = false"
                + " RETURN normalize(n.name) = '\u00C5ngstr\u00F6m'")).containsExactly(row(true));
        fails(db, "RETURN 'a' IS FOO NORMALIZED", SYNTAX_ERROR,
                "Invalid input 'FOO': expected 'NULL', 'TYPED', '::' or '[NFC | NFD | NFKC | NFKD] NORMALIZED'");
        fails(db, "RETURN 'a' IS NFC", SYNTAX_ERROR, "Unexpected end of input: expected 'NORMALIZED'");
        fails(db, "RETURN 'a' IS NOT NFKD TYPED", SYNTAX_ERROR, "Invalid input 'TYPED': expected 'NORMALIZED'");
    }

    @Test
    void isNormalizedInAnExtendedCase() {
        assertThat(db.values("UNWIND ['\\u212B', 'a', 1, null] AS s RETURN CASE s WHEN IS NFKC NORMALIZED THEN 'nfkc'"
                + " WHEN IS NOT NORMALIZED THEN 'not nfc' WHEN IS NULL THEN 'null' ELSE 'other' END"))
                .containsExactly(row("not nfc"), row("nfkc"), row("other"), row("null"));
        fails(db, "RETURN CASE 'a' WHEN IS NFX NORMALIZED THEN 1 END", SYNTAX_ERROR,
                "Invalid input 'NFX': expected 'NULL', 'TYPED' or '[NFC | NFD | NFKC | NFKD] NORMALIZED'");
    }
}
