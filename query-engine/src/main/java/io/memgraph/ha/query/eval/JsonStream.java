package io.memgraph.ha.query.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.memgraph.ha.query.csv.CsvErrors;
import io.memgraph.ha.query.value.ValueSizes;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON values of a file, read with Jackson's streaming parser one at a time: a file of one
 * value, or of several one after another (JSON lines), and, when asked, the elements of a top-level
 * array one by one, so a large file is never held whole. Values are what {@link Json} reads from
 * text (maps with keys in order, lists, STRINGs, INTEGERs or FLOATs as {@link Json#number} decides,
 * booleans, null), nested at most {@link Json#MAX_DEPTH} levels. Malformed JSON is a one-line
 * {@code ExternalResourceFailed} error naming the reader, the file, and the line and column.
 *
 * <p>The estimated bytes of each value ({@link ValueSizes}) are handed to a memory account while
 * the value is built, at least every {@link #COUNT_STEP} bytes: a file of one huge value (a
 * gigabyte array read whole) fails on the query's memory limit instead of filling the heap.
 */
public final class JsonStream implements Closeable {
    /** What {@link #next} returns at the end of the file. */
    public static final Object END = new Object();

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Json.MAX_DEPTH + 1).build())
            .build();
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\[([0-9]{1,9})]"
            + "|\\['([^']*)']");

    private final JsonParser parser;
    private final String who;
    private final String file;
    private final Runnable progress;
    private final LongConsumer memory;
    private long uncounted;
    private boolean inArray;

    /** The bytes a value may grow by before they are handed to the memory account. */
    static final long COUNT_STEP = 64 * 1024;

    /**
     * @param who the procedure, for errors
     * @param file the file's name, for errors
     * @param progress called per value read (the query's time limit and cancellation)
     * @param memory given the estimated bytes of the values read, as they are built; it throws to
     *     stop a value that would pass the query's memory limit
     */
    public JsonStream(Reader text, String who, String file, Runnable progress, LongConsumer memory) {
        this.who = who;
        this.file = file;
        this.progress = progress;
        this.memory = memory;
        try {
            this.parser = FACTORY.createParser(text);
        } catch (IOException e) {
            throw CsvErrors.failure(who + ": " + file + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * The next value of the file, or {@link #END}. With {@code arrayElements}, a top-level array
     * gives its elements, one per call, rather than itself.
     */
    public Object next(boolean arrayElements) {
        try {
            while (true) {
                JsonToken t = parser.nextToken();
                if (t == null) {
                    return END;
                }
                if (inArray && t == JsonToken.END_ARRAY) {
                    inArray = false;
                    continue;
                }
                if (!inArray && arrayElements && t == JsonToken.START_ARRAY) {
                    inArray = true;
                    continue;
                }
                Object v = value(t);
                memory.accept(uncounted);
                uncounted = 0;
                return v;
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String what = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
            throw CsvErrors.failure(who + ": " + file + (at == null ? "" : ", line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": malformed JSON: " + what);
        } catch (IOException e) {
            throw CsvErrors.failure(who + ": " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Whether the last value {@link #next} returned was an element of a top-level array. */
    public boolean inArray() {
        return inArray;
    }

    private Object value(JsonToken t) throws IOException {
        progress.run();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                count(ValueSizes.MAP_HEADER);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    count(ValueSizes.HASH_ENTRY + ValueSizes.of(key));
                    m.put(key, value(parser.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                count(ValueSizes.LIST_HEADER);
                JsonToken e;
                while ((e = parser.nextToken()) != JsonToken.END_ARRAY) {
                    count(ValueSizes.REFERENCE);
                    l.add(value(e));
                }
                return l;
            }
            case VALUE_STRING -> {
                String s = parser.getText();
                count(ValueSizes.of(s));
                return s;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                count(ValueSizes.SMALL_OBJECT);
                return Json.number(parser.getText());
            }
            case VALUE_TRUE -> {
                return true;
            }
            case VALUE_FALSE -> {
                return false;
            }
            default -> {
                return null; // VALUE_NULL
            }
        }
    }

    private void count(long bytes) {
        uncounted += bytes;
        if (uncounted >= COUNT_STEP) {
            memory.accept(uncounted);
            uncounted = 0;
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    @Override
    public String toString() {
        return who + " file " + file;
    }

    /**
     * Checks a JSON path of the forms this server reads: {@code $} (or empty: the whole value),
     * {@code $.a.b}, {@code $.a[0]}, {@code $['a b']}; any other is an argument error naming
     * {@code who}.
     */
    public static String path(String who, String path) {
        String p = path == null ? "" : path.trim();
        if (p.isEmpty() || p.equals("$")) {
            return "";
        }
        if (!p.startsWith("$") || !STEP.matcher(p.substring(1)).replaceAll("").isEmpty()) {
            throw Errors.argumentValue(who + "(): only JSON paths of the forms $, $.key.key, $.key[0] and"
                    + " $['key'] are supported here, not '" + path + "'");
        }
        return p.substring(1);
    }

    /** The part of {@code v} at {@code steps} (what {@link #path} returned), null where it has none. */
    public static Object at(Object v, String steps) {
        Matcher m = STEP.matcher(steps);
        while (v != null && m.find()) {
            String key = m.group(1) != null ? m.group(1) : m.group(3);
            if (key != null) {
                v = v instanceof Map<?, ?> map ? map.get(key) : null;
            } else {
                int k = Integer.parseInt(m.group(2));
                v = v instanceof List<?> l && k < l.size() ? l.get(k) : null;
            }
        }
        return v;
    }
}
