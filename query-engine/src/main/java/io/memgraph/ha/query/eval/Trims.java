package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.value.CypherValues;

/**
 * Trimming a string at its start, its end or both: of white space ({@code trim}, {@code ltrim},
 * {@code rtrim}, {@code btrim} with one argument), of any of a set of characters ({@code ltrim(s, chars)}
 * and friends, Neo4j 5.20), or of one character ({@code trim(BOTH 'x' FROM s)}). Characters are code
 * points, so a character outside the Basic Multilingual Plane counts as one.
 */
final class Trims {
    private Trims() {
    }

    /**
     * {@code s} without the leading and/or trailing run of characters that are in {@code characters},
     * or of white space (as {@link Character#isWhitespace}) when {@code characters} is null.
     */
    static String trim(String s, String characters, boolean leading, boolean trailing) {
        int start = 0;
        int end = s.length();
        if (leading) {
            while (start < end) {
                int cp = s.codePointAt(start);
                if (!trimmed(cp, characters)) {
                    break;
                }
                start += Character.charCount(cp);
            }
        }
        if (trailing) {
            while (end > start) {
                int cp = s.codePointBefore(end);
                if (!trimmed(cp, characters)) {
                    break;
                }
                end -= Character.charCount(cp);
            }
        }
        return s.substring(start, end);
    }

    private static boolean trimmed(int codePoint, String characters) {
        return characters == null ? Character.isWhitespace(codePoint) : characters.indexOf(codePoint) >= 0;
    }

    /**
     * {@code trim([side] [characters] FROM source)}: {@code written} says whether a character was written;
     * then it must be a string of exactly one character. Null when the source or the character is null.
     */
    static Object trimFrom(Expression.TrimSide side, boolean written, Object characters, Object source) {
        if (source == null || written && characters == null) {
            return null;
        }
        if (!(source instanceof String s)) {
            throw notString("the string to trim", source);
        }
        String chars = null;
        if (written) {
            if (!(characters instanceof String c)) {
                throw notString("the character to trim", characters);
            }
            if (c.codePointCount(0, c.length()) != 1) {
                throw Errors.argumentValue("trim(... FROM ...) removes a single character, got '" + c + "' ("
                        + c.codePointCount(0, c.length()) + " characters); to trim any of several characters use "
                        + "btrim(), ltrim() or rtrim() with a second argument");
            }
            chars = c;
        }
        return trim(s, chars, side != Expression.TrimSide.TRAILING, side != Expression.TrimSide.LEADING);
    }

    private static RuntimeException notString(String what, Object v) {
        return Errors.typeMismatch("Type mismatch: expected a String for " + what + " in trim(... FROM ...) but was "
                + CypherValues.typeName(v) + " (" + Functions.show(v) + ")");
    }
}
