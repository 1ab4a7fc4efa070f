package io.memgraph.ha.query.parse;

import java.util.regex.Pattern;

/**
 * Hides the passwords of user statements ({@code SET PASSWORD 'pw'}, {@code IDENTIFIED BY 'pw'},
 * {@code SET PASSWORD FOR name TO 'pw'}, {@code SET PASSWORD FROM 'old' TO 'new'}) in query text
 * before it goes into a log line or an error message. Works on raw text, so it also covers queries
 * that do not parse (an unterminated literal is hidden to the end of the text).
 */
public final class PasswordRedaction {
    /** What a hidden password literal is replaced with. */
    public static final String MASK = "'******'";

    private static final Pattern MENTION = Pattern.compile("(?i)\\b(PASSWORD|IDENTIFIED)\\b");
    private static final Pattern LITERAL = Pattern.compile(
            "(?i)(\\b(?:PASSWORD|IDENTIFIED\\s+BY|TO|FROM)\\s*)('(?:[^'\\\\]|\\\\.)*'?|\"(?:[^\"\\\\]|\\\\.)*\"?"
                    + "|(?!FOR\\b|FROM\\b)[^\\s;'\"$][^\\s;]*)",
            Pattern.DOTALL);

    private PasswordRedaction() {
    }

    /** Whether {@code text} may hold a password of a user statement. */
    public static boolean mayHoldPassword(String text) {
        return text != null && MENTION.matcher(text).find();
    }

    /**
     * {@code text} with every string literal after PASSWORD, IDENTIFIED BY, TO or FROM, and a bare word
     * there (a password typed without quotes), replaced by {@link #MASK}; parameters stay.
     */
    public static String redact(String text) {
        if (!mayHoldPassword(text)) {
            return text;
        }
        return LITERAL.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK));
    }
}
