package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.csv.CsvErrors;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one export: writes the items of a source in a format, either into the {@code data} of the
 * rows it returns (streamed: a row per {@code batchSize} items, made as the query pulls them, the
 * text of the row held counted against the query's memory limit) or into a file of the import
 * directory. A file is written under a temporary name beside it, synced, and renamed when complete,
 * so a failed export (an error, the time limit, a cancelled query) or a crash leaves no half file. Each item ticks
 * the query's time limit and cancellation.
 */
final class ExportRun {
    private static final Logger LOG = LoggerFactory.getLogger(ExportRun.class);
    /** Text gathered before it is written to the file. */
    private static final int FLUSH_CHARS = 64 * 1024;

    /** How far an export got: what one row of output reports. */
    record Progress(String file, String source, String format, long nodes, long relationships, long properties,
                    long time, long rows, long batchSize, long batches, boolean done, String data) {}

    /** The columns a procedure returns, made from its progress. */
    @FunctionalInterface
    interface Columns {
        Object[] row(Progress p);
    }

    private final ExecContext ctx;
    private final String procedure;
    private final String file;
    private final String kind;
    private final ExportFormat format;
    private final long batchSize;
    private final Columns columns;
    private final long began = System.currentTimeMillis();
    private long nodes;
    private long relationships;
    private long properties;
    private long rows;
    private long batches;

    /**
     * @param file  the file argument as given (reported in the {@code file} column)
     * @param kind  what is exported, for the {@code source} column: {@code database}, {@code statement}
     *              or {@code data}
     */
    ExportRun(ExecContext ctx, String procedure, String file, String kind, ExportFormat format, long batchSize,
              Columns columns) {
        this.ctx = ctx;
        this.procedure = procedure;
        this.file = file;
        this.kind = kind;
        this.format = format;
        this.batchSize = batchSize;
        this.columns = columns;
    }

    /** Whether an APOC export of {@code file} with {@code config} streams: no file, or {stream: true}. */
    static boolean streams(Object file, ExportConfig config) {
        return config.stream() || file == null || file instanceof String s && s.isEmpty();
    }

    /** Counts figures the items do not give themselves (those of a Cypher export's statements). */
    void counted(long nodes, long relationships, long properties) {
        this.nodes += nodes;
        this.relationships += relationships;
        this.properties += properties;
    }

    /** The rows of a streamed export: one per batch, made as they are pulled; the last says done. */
    Iterator<Object[]> stream(Iterator<? extends ExportItem> items) {
        return new Batches(items);
    }

    /**
     * Writes every item into the file {@code location} names (in the import directory, if writing
     * is enabled there), and returns the one row; with {@code keepData}, its text in {@code data} too.
     */
    List<Object[]> toFile(String location, Iterator<? extends ExportItem> items, boolean keepData) {
        Path target = ctx.csvFiles().resolveForWriting(location, procedure);
        MemoryScope memory = ctx.memory().child();
        Path temp = null;
        StringBuilder data = keepData ? new StringBuilder() : null;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                StringBuilder sb = new StringBuilder();
                format.begin(sb);
                while (items.hasNext()) {
                    add(sb, items.next());
                    if (sb.length() >= FLUSH_CHARS) {
                        flush(sb, w, data, memory);
                    }
                }
                format.end(sb);
                flush(sb, w, data, memory);
            }
            try (FileChannel written = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                written.force(true); // the whole file is on the disk before its name is
            }
            move(temp, target);
            temp = null;
        } catch (IOException e) {
            throw CsvErrors.failure(procedure + ": cannot write " + target + ": " + e);
        } finally {
            if (temp != null) {
                delete(temp);
            }
            memory.releaseAll();
        }
        batches = rows == 0 ? 1 : (rows + batchSize - 1) / batchSize;
        List<Object[]> out = new ArrayList<>(1);
        out.add(columns.row(progress(true, data == null ? null : data.toString())));
        return out;
    }

    private static void flush(StringBuilder sb, Writer w, StringBuilder data, MemoryScope memory)
            throws IOException {
        w.append(sb);
        if (data != null) {
            memory.reserve(2L * sb.length());
            data.append(sb);
        }
        sb.setLength(0);
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the temporary file of a failed export; a failure to is logged (the export's error goes on). */
    private static void delete(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("Cannot remove the temporary file {} of a failed export: {}", temp, e.toString());
        }
    }

    /** Appends {@code item} and counts it. */
    private void add(StringBuilder sb, ExportItem item) {
        ctx.tick();
        format.write(sb, item);
        rows++;
        if (item instanceof ExportItem.Node n) {
            nodes++;
            properties += ctx.tx().vertexProperties(n.id()).size();
        } else if (item instanceof ExportItem.Relationship r) {
            relationships++;
            properties += ctx.tx().edgeProperties(r.edge().id()).size();
        } else if (item instanceof ExportItem.Row r) {
            for (Object v : r.columns().values()) {
                countGraphValues(v);
            }
        }
    }

    /** Counts the nodes and relationships in a row's value; any other value counts as a property. */
    private void countGraphValues(Object v) {
        if (v instanceof io.memgraph.ha.query.value.NodeValue) {
            nodes++;
        } else if (v instanceof io.memgraph.ha.query.value.RelationshipValue) {
            relationships++;
        } else if (v instanceof io.memgraph.ha.query.value.PathValue p) {
            nodes += p.nodes().size();
            relationships += p.relationships().size();
        } else if (v instanceof List<?> l) {
            l.forEach(this::countGraphValues);
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(this::countGraphValues);
        } else if (v != null) {
            properties++;
        }
    }

    private Progress progress(boolean done, String data) {
        String source = kind + ": nodes(" + nodes + "), rels(" + relationships + ")";
        return new Progress(file, source, format.name(), nodes, relationships, properties,
                System.currentTimeMillis() - began, rows, batchSize, batches, done, data);
    }

    /** The streamed rows: each holds the text of up to {@code batchSize} items. */
    private final class Batches implements Iterator<Object[]>, Closeable {
        private final Iterator<? extends ExportItem> items;
        private final MemoryScope memory = ctx.memory().child();
        private boolean started;
        private boolean done;

        Batches(Iterator<? extends ExportItem> items) {
            this.items = items;
        }

        @Override
        public boolean hasNext() {
            return !done;
        }

        @Override
        public Object[] next() {
            if (done) {
                throw new NoSuchElementException();
            }
            memory.releaseAll(); // the row before is the client's now
            StringBuilder sb = new StringBuilder();
            if (!started) {
                format.begin(sb);
                started = true;
            }
            int reserved = 0;
            for (long n = 0; n < batchSize && items.hasNext(); n++) {
                add(sb, items.next());
                memory.reserve(2L * (sb.length() - reserved));
                reserved = sb.length();
            }
            if (!items.hasNext()) {
                format.end(sb);
                done = true;
            }
            batches++;
            return columns.row(progress(done, sb.toString()));
        }

        @Override
        public void close() {
            memory.releaseAll();
        }

        @Override
        public String toString() {
            return procedure + " (streamed)";
        }
    }
}
