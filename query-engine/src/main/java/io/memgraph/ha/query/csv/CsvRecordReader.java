package io.memgraph.ha.query.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits characters into CSV records, one at a time, keeping nothing but the record being read:
 * fields separated by the delimiter; a field that starts with the quote runs to the next lone
 * quote, a doubled quote inside standing for one, and may span lines; records end at {@code \n},
 * {@code \r\n} or {@code \r}; blank lines are skipped; a UTF-8 byte order mark at the start is
 * dropped. Text after a closing quote up to the delimiter is kept as written.
 *
 * <p>A malformed record (a quote still open at the end of the file, a record longer than
 * {@link #MAX_RECORD_CHARS}) is a {@link BadRecord}; the reader has then consumed it, so a caller
 * that skips bad records simply asks for the next one.
 */
final class CsvRecordReader {
    /** The most characters one record may hold (16 Mi): a bound on what a hostile file can make us keep. */
    static final int MAX_RECORD_CHARS = 16 * 1024 * 1024;
    private static final int PROGRESS_EVERY = 1 << 20;

    /** One record: its fields (null where the dialect reads a field as null) and the line it starts on. */
    record Record(List<String> fields, long line) {}

    /** A malformed record, already consumed. */
    static final class BadRecord extends Exception {
        private static final long serialVersionUID = 1L;
        final long line;

        BadRecord(long line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private final Reader in;
    private final CsvFormat format;
    private final Runnable progress;
    private final StringBuilder field = new StringBuilder();
    private long line = 1;
    private int pushedBack = -2;
    private boolean started;
    private int recordChars;
    private boolean tooLong;
    private int sinceProgress;

    /**
     * @param in the characters, read once, in order (buffer it)
     * @param progress called every million characters, so a long record still meets the query's
     *     cancellation and time checks
     */
    CsvRecordReader(Reader in, CsvFormat format, Runnable progress) {
        this.in = in;
        this.format = format;
        this.progress = progress;
    }

    /** The next record, or null at the end of the file. */
    Record next() throws IOException, BadRecord {
        int c = read();
        if (!started) {
            started = true;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        while (c == '\n' || c == '\r') {
            endLine(c);
            c = read();
        }
        if (c == -1) {
            return null;
        }
        long start = line;
        recordChars = 0;
        tooLong = false;
        List<String> fields = new ArrayList<>();
        while (true) {
            field.setLength(0);
            boolean quoted = c == format.quote();
            if (quoted) {
                c = quotedField(start);
            }
            while (c != format.delimiter() && c != '\n' && c != '\r' && c != -1) {
                append(c);
                c = read();
            }
            if (!tooLong) {
                fields.add(value(quoted));
            }
            if (c != format.delimiter()) {
                break;
            }
            count(); // a delimiter costs a list entry: counted, so a line of commas is bounded too
            c = read();
        }
        endLine(c);
        if (tooLong) {
            throw new BadRecord(start, "a row longer than " + MAX_RECORD_CHARS / (1024 * 1024)
                    + " Mi characters (the limit of one CSV row)");
        }
        return new Record(fields, start);
    }

    /** Reads a quoted field's content after its opening quote; returns the character after its closing quote. */
    private int quotedField(long start) throws IOException, BadRecord {
        long opened = line;
        char quote = format.quote();
        boolean backslashEscapes = format.dialect() == CsvFormat.Dialect.NEO4J;
        while (true) {
            int c = read();
            if (c == -1) {
                throw new BadRecord(start, "a quoted field opened on line " + opened
                        + " is not closed before the end of the file");
            }
            if (c == quote) {
                int d = read();
                if (d != quote) {
                    return d;
                }
            } else if (c == '\\' && backslashEscapes) {
                int d = read();
                if (d == quote) {
                    c = quote;
                } else {
                    unread(d);
                }
            } else if (c == '\n') {
                line++;
            } else if (c == '\r') {
                int d = read();
                unread(d);
                if (d != '\n') {
                    line++;
                }
            }
            append(c);
        }
    }

    private String value(boolean quoted) {
        if (format.dialect() == CsvFormat.Dialect.NEO4J) {
            return !quoted && field.length() == 0 ? null : field.toString();
        }
        String s = field.toString();
        return format.nullIf() != null && s.equals(format.nullIf()) ? null : s;
    }

    private void append(int c) {
        count();
        if (!tooLong) {
            field.append((char) c);
        }
    }

    /** Counts one character of the record; past the limit the record is dropped as it goes on. */
    private void count() {
        if (++recordChars > MAX_RECORD_CHARS && !tooLong) {
            tooLong = true;
            field.setLength(0);
            field.trimToSize();
        }
    }

    /** Consumes the end of a line that began with {@code c} ({@code \r\n} is one). */
    private void endLine(int c) throws IOException {
        if (c == '\r') {
            int d = read();
            if (d != '\n') {
                unread(d);
            }
            line++;
        } else if (c == '\n') {
            line++;
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        if (++sinceProgress >= PROGRESS_EVERY) {
            sinceProgress = 0;
            progress.run();
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
