package io.memgraph.ha.query.eval;

/**
 * A string as a regular expression reads it, checking the running query every 4,096 characters
 * read. Java's matcher backtracks without end on some patterns a user may write ({@code
 * (.*a){12}b} against forty {@code a}s runs for hours) and checks nothing meanwhile; it reads its
 * input only through {@link #charAt}, so this is where the query's time limit and cancellation
 * ({@code TERMINATE TRANSACTIONS}) can stop it. Every regular expression a query supplies is
 * matched against text wrapped in one of these.
 */
public final class CheckedText implements CharSequence {
    private static final int CHECK_EVERY_MASK = 0xFFF;

    private final String text;
    private final Runnable check;
    private int reads;

    private CheckedText(String text, Runnable check) {
        this.text = text;
        this.check = check;
    }

    /** {@code text}, calling {@code check} (which throws to stop the query) as the matcher reads it. */
    public static CharSequence of(String text, Runnable check) {
        return new CheckedText(text, check);
    }

    /** {@code text}, checking the query {@code graph} runs for as the matcher reads it. */
    public static CharSequence of(String text, GraphAccessor graph) {
        return new CheckedText(text, graph::checkStop);
    }

    @Override
    public char charAt(int index) {
        if ((++reads & CHECK_EVERY_MASK) == 0) {
            check.run();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new CheckedText(text.substring(start, end), check);
    }

    @Override
    public String toString() {
        return text;
    }
}
