package io.memgraph.ha.query.csv;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one CSV file, read lazily: each {@link #next()} reads one more record from the file,
 * and only that record is held. Rows are lists of strings, or maps from the header's names with
 * headers, shaped by the {@link CsvFormat}'s dialect. Close it when the query ends in any way.
 */
public final class CsvSource implements Closeable {
    private final Path file;
    private final String fileName;
    private final String who;
    private final CsvFormat format;
    private final BufferedReader reader;
    private final CsvRecordReader records;
    private List<String> header;
    private Object row;
    private long line;

    private CsvSource(Path file, CsvFormat format, BufferedReader reader, Runnable progress, String who) {
        this.file = file;
        this.who = who;
        this.fileName = file.toString();
        this.format = format;
        this.reader = reader;
        this.records = new CsvRecordReader(reader, format, progress);
    }

    /**
     * Opens {@code file} (a real path from {@link CsvFiles#resolve}) and, with headers, reads the header.
     *
     * @param progress called now and then while one long record is read (cancellation checks)
     * @throws io.memgraph.ha.query.error.CypherException naming the file when it is a directory,
     *     cannot be read or has a malformed header
     */
    public static CsvSource open(Path file, CsvFormat format, Runnable progress) {
        return open(file, format, progress, "LOAD CSV");
    }

    /** As {@link #open(Path, CsvFormat, Runnable)}, for {@code who} (a procedure's name), which errors name. */
    public static CsvSource open(Path file, CsvFormat format, Runnable progress, String who) {
        BufferedReader reader = openText(file, who);
        CsvSource source = new CsvSource(file, format, reader, progress, who);
        try {
            if (format.headers()) {
                source.readHeader();
            }
            return source;
        } catch (RuntimeException e) {
            try {
                source.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * The text of {@code file} (a real path from {@link CsvFiles#resolve}), UTF-8, buffered; what
     * cannot be decoded is replaced. Errors name {@code who} and the file.
     */
    public static BufferedReader openText(Path file, String who) {
        if (Files.isDirectory(file)) {
            throw CsvErrors.failure(who + ": " + file + " is a directory, not a file");
        }
        try {
            return new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE)), 64 * 1024);
        } catch (AccessDeniedException e) {
            throw CsvErrors.failure(who + ": " + file + " cannot be read: permission denied");
        } catch (NoSuchFileException e) {
            throw CsvErrors.failure(who + ": " + file + " does not exist");
        } catch (IOException e) {
            throw CsvErrors.failure(who + ": " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Advances to the next row; false at the end of the file. */
    public boolean next() {
        while (true) {
            CsvRecordReader.Record r;
            try {
                r = records.next();
            } catch (CsvRecordReader.BadRecord bad) {
                if (format.ignoreBad()) {
                    continue;
                }
                throw malformed(bad.line, bad.getMessage());
            } catch (IOException e) {
                throw unreadable(e);
            }
            if (r == null) {
                row = null;
                return false;
            }
            if (header == null) {
                row = r.fields();
            } else if (format.dialect() == CsvFormat.Dialect.MEMGRAPH && r.fields().size() != header.size()) {
                if (format.ignoreBad()) {
                    continue;
                }
                throw malformed(r.line(), "expected " + header.size() + " fields, as in the header, but got "
                        + r.fields().size());
            } else {
                row = map(r.fields());
            }
            line = r.line();
            return true;
        }
    }

    /** The current row: a list of strings, or a map with headers. */
    public Object row() {
        return row;
    }

    /** The line of the file the current row starts on (the header is line 1). */
    public long line() {
        return line;
    }

    /** The file's real path. */
    public String file() {
        return fileName;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    @Override
    public String toString() {
        return who + " file " + fileName;
    }

    private void readHeader() {
        CsvRecordReader.Record r;
        try {
            r = records.next();
        } catch (CsvRecordReader.BadRecord bad) {
            throw malformed(bad.line, "the header: " + bad.getMessage());
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (r == null) {
            header = List.of(); // an empty file has no rows either way
            return;
        }
        header = new ArrayList<>(r.fields());
        if (format.dialect() == CsvFormat.Dialect.MEMGRAPH) {
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < header.size(); k++) {
                String name = header.get(k);
                if (name == null || name.isEmpty()) {
                    throw malformed(r.line(), "the header names no column " + (k + 1)
                            + " (WITH HEADER needs a name for every column)");
                }
                if (!seen.add(name)) {
                    throw malformed(r.line(), "the header names column '" + name + "' twice");
                }
            }
        }
    }

    private Map<String, Object> map(List<String> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < header.size(); k++) {
            String name = header.get(k);
            if (name != null) { // Neo4j: a column without a name is left out
                m.put(name, k < fields.size() ? fields.get(k) : null);
            }
        }
        return m;
    }

    private RuntimeException unreadable(IOException e) {
        return CsvErrors.failure(who + ": " + file + ", after line " + line + ": cannot be read: " + e.getMessage());
    }

    private RuntimeException malformed(long at, String what) {
        return CsvErrors.failure(who + ": " + file + ", line " + at + ": " + what
                + (format.dialect() == CsvFormat.Dialect.MEMGRAPH ? " (IGNORE BAD skips such rows)" : ""));
    }
}
