package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.csv.CsvErrors;
import io.memgraph.ha.query.csv.CsvFormat;
import io.memgraph.ha.query.csv.CsvSource;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.eval.JsonStream;
import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;
import io.memgraph.ha.query.value.CypherValues;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * APOC's file loaders {@code apoc.load.json}, {@code apoc.load.jsonArray} and
 * {@code apoc.load.csv}, and MAGE's {@code json_util.load_from_path} and {@code load_from_url}.
 * They read only what {@code LOAD CSV} may read: files in the import directory, through the
 * execution's {@link io.memgraph.ha.query.csv.CsvFiles}, with its rules and its refusals; a URL of
 * any scheme but {@code file:} is refused (the server fetches nothing over the network). Rows are
 * read from the file as the query pulls them; the file is closed at its end or when the query ends.
 */
final class LoadProcedures {
    private LoadProcedures() {
    }

    /** Registers APOC's {@code apoc.load.json}, {@code jsonArray} and {@code csv}. */
    static void registerApoc(Procedures p) {
        p.register(new Procedure("apoc.load.json", List.of(new Field("urlOrKeyOrBinary", "ANY"),
                new Field("path", "STRING", ""), new Field("config", "MAP", Map.of())),
                List.of(new Field("value", "MAP")), Mode.READ,
                "The objects of a JSON file in the import directory: one object, an array of objects or one"
                        + " object a line (JSON lines), at an optional JSON path ($.a.b, $.a[0]).",
                (Procedures.StreamingBody) (ctx, a) -> json(ctx, "apoc.load.json", a, false)));
        p.register(new Procedure("apoc.load.jsonArray", List.of(new Field("url", "STRING"),
                new Field("path", "STRING", ""), new Field("config", "MAP", Map.of())),
                List.of(new Field("value", "ANY")), Mode.READ,
                "The elements of the JSON array a file in the import directory holds (at an optional JSON path).",
                (Procedures.StreamingBody) (ctx, a) -> json(ctx, "apoc.load.jsonArray", a, true)));
        p.register(new Procedure("apoc.load.csv", List.of(new Field("urlOrBinary", "ANY"),
                new Field("config", "MAP", Map.of())),
                List.of(new Field("lineNo", "INTEGER"), new Field("list", "LIST<ANY>"),
                        new Field("strings", "LIST<STRING>"), new Field("map", "MAP"),
                        new Field("stringMap", "MAP")), Mode.READ,
                "The rows of a CSV file in the import directory; config: header, sep ('TAB' too), quoteChar,"
                        + " skip, limit, ignore, nullValues, arraySep, mapping.",
                (Procedures.StreamingBody) (ctx, a) -> new CsvRows(ctx, a)));
    }

    /** Registers MAGE's {@code json_util.load_from_path} and {@code json_util.load_from_url}. */
    static void registerMage(Procedures p) {
        List<Field> objects = List.of(new Field("objects", "LIST<ANY>"));
        p.register(new Procedure("json_util.load_from_path", List.of(new Field("path", "STRING")), objects,
                Mode.READ, "The JSON a file in the import directory holds, as one list: an array's elements, or"
                        + " the one object.",
                (ctx, a) -> loadAll(ctx, "json_util.load_from_path", a.get(0))));
        p.register(new Procedure("json_util.load_from_url", List.of(new Field("url", "STRING")), objects,
                Mode.READ, "As json_util.load_from_path: only file: URLs of the import directory are read.",
                (ctx, a) -> loadAll(ctx, "json_util.load_from_url", a.get(0))));
    }

    /** The real path of the file {@code location} names, as {@code LOAD CSV} would resolve it. */
    private static Path file(ExecContext ctx, String who, Object location) {
        return LoadCsv.file(ctx, location, who, who);
    }

    /**
     * The JSON values of the file {@code location} names; the values being built count in
     * {@code memory} (the caller releases them once handed on: a row in flight is counted by the
     * operator that keeps it).
     */
    private static JsonStream openJson(ExecContext ctx, String who, Object location, MemoryScope memory) {
        Path f = file(ctx, who, location);
        return new JsonStream(CsvSource.openText(f, who), who, f.toString(), ctx::tick, memory::reserve);
    }

    private static Iterator<Object[]> json(ExecContext ctx, String who, List<Object> a, boolean elements) {
        String steps = JsonStream.path(who, a.get(1) instanceof String s ? s : "");
        MemoryScope memory = ctx.memory().child();
        return new JsonRows(openJson(ctx, who, a.get(0), memory), memory, who, steps, elements);
    }

    /** MAGE's one row: the list of the file's objects (an object alone is a list of one). */
    private static List<Object[]> loadAll(ExecContext ctx, String who, Object location) {
        MemoryScope memory = ctx.memory().child();
        try (JsonStream in = openJson(ctx, who, location, memory)) {
            Object v = in.next(false);
            if (in.next(false) != JsonStream.END) {
                throw CsvErrors.failure(who + ": the file holds more than one JSON value");
            }
            if (v instanceof Map<?, ?>) {
                return List.<Object[]>of(new Object[] {List.of(v)});
            }
            if (v instanceof List<?>) {
                return List.<Object[]>of(new Object[] {v});
            }
            throw CsvErrors.failure(who + ": the file must hold a JSON object or array, not "
                    + (v == JsonStream.END ? "nothing" : CypherValues.typeName(v)));
        } catch (IOException e) {
            throw CsvErrors.failure(who + ": " + e.getMessage());
        } finally {
            memory.releaseAll();
        }
    }

    /**
     * The rows of {@code apoc.load.json} (a map each: an object of the file, or each object of an
     * array, as APOC flattens them) or of {@code apoc.load.jsonArray} (each element of the array).
     */
    private static final class JsonRows implements Iterator<Object[]>, Closeable {
        private final JsonStream in;
        private final MemoryScope memory;
        private final String who;
        private final String steps;
        private final boolean elements;
        private final Deque<Object> pending = new ArrayDeque<>();
        private boolean ended;

        JsonRows(JsonStream in, MemoryScope memory, String who, String steps, boolean elements) {
            this.in = in;
            this.memory = memory;
            this.who = who;
            this.steps = steps;
            this.elements = elements;
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && !ended) {
                memory.releaseAll(); // the rows of the last value are handed on
                // without a path, a top-level array is read an element at a time
                Object v = in.next(steps.isEmpty());
                if (v == JsonStream.END) {
                    ended = true;
                } else {
                    add(JsonStream.at(v, steps), !steps.isEmpty());
                }
            }
            return !pending.isEmpty();
        }

        private void add(Object v, boolean whole) {
            if (elements) {
                if (!whole && in.inArray()) {
                    pending.add(v == null ? NULL : v); // an element of the top-level array
                } else if (!whole) {
                    throw CsvErrors.failure(who + ": the file holds no JSON array but "
                            + (v == null ? "null" : CypherValues.typeName(v)) + " (use apoc.load.json)");
                } else if (v instanceof List<?> l) {
                    l.forEach(e -> pending.add(e == null ? NULL : e));
                } else if (v != null) {
                    throw CsvErrors.failure(who + ": the JSON at the path is not an array but "
                            + CypherValues.typeName(v));
                }
            } else if (v instanceof Map<?, ?>) {
                pending.add(v);
            } else if (v instanceof List<?> l) {
                if (!l.isEmpty() && l.stream().allMatch(e -> e instanceof Map<?, ?>)) {
                    pending.addAll(l);
                } else if (!l.isEmpty()) {
                    pending.add(Map.of("result", l)); // as APOC: a list of other values is one row
                }
            } else if (v != null) {
                pending.add(Map.of("result", v));
            }
        }

        @Override
        public Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Object v = pending.poll();
            return new Object[] {v == NULL ? null : v};
        }

        @Override
        public void close() throws IOException {
            memory.releaseAll();
            in.close();
        }

        @Override
        public String toString() {
            return in.toString();
        }
    }

    /** Stands for a null element in the queue of rows (a deque holds no null). */
    private static final Object NULL = new Object();

    /** The rows of {@code apoc.load.csv}, read with {@code LOAD CSV}'s reader. */
    private static final class CsvRows implements Iterator<Object[]>, Closeable {
        private static final String WHO = "apoc.load.csv";
        private final CsvSource csv;
        private final List<String> header;
        private final Set<String> ignore;
        private final Set<String> nullValues;
        private final Map<String, Map<?, ?>> mapping;
        private final String arraySep;
        private final long limit;
        private long lineNo;
        private long returned;
        private Object[] row;

        CsvRows(ExecContext ctx, List<Object> a) {
            Map<?, ?> config = a.get(1) instanceof Map<?, ?> m ? m : Map.of();
            boolean hasHeader = !Boolean.FALSE.equals(config.get("header"));
            char sep = character(config.get("sep"), ',', "sep");
            char quote = character(config.get("quoteChar"), '"', "quoteChar");
            long skip = number(config.get("skip"), 0, "skip");
            limit = number(config.get("limit"), Long.MAX_VALUE, "limit");
            ignore = strings(config.get("ignore"), "ignore");
            nullValues = strings(config.get("nullValues"), "nullValues");
            arraySep = config.get("arraySep") instanceof String s ? s : ";";
            mapping = new LinkedHashMap<>();
            if (config.get("mapping") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> mapping.put(String.valueOf(k), v instanceof Map<?, ?> vm ? vm : Map.of()));
            }
            Path f = file(ctx, WHO, a.get(0));
            csv = CsvSource.open(f, new CsvFormat(CsvFormat.Dialect.NEO4J, false, sep, quote, null, false),
                    ctx::check, WHO);
            try {
                header = hasHeader && csv.next() ? strings(csv.row()) : null;
                for (long k = 0; k < skip && csv.next(); k++) {
                    lineNo++;
                }
            } catch (RuntimeException e) {
                closeQuietly(e);
                throw e;
            }
        }

        @Override
        public boolean hasNext() {
            if (row == null && returned < limit && csv.next()) {
                row = row(strings(csv.row()));
                lineNo++;
                returned++;
            }
            return row != null;
        }

        @Override
        public Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Object[] r = row;
            row = null;
            return r;
        }

        /** {@code lineNo, list, strings, map, stringMap} of one record. */
        private Object[] row(List<String> fields) {
            List<Object> list = new ArrayList<>();
            List<String> strings = new ArrayList<>();
            Map<String, Object> map = new LinkedHashMap<>();
            Map<String, Object> stringMap = new LinkedHashMap<>();
            for (int k = 0; k < fields.size(); k++) {
                String name = header != null && k < header.size() ? header.get(k) : null;
                Map<?, ?> m = name == null ? Map.of() : mapping.getOrDefault(name, Map.of());
                if (name != null && (ignore.contains(name) || Boolean.TRUE.equals(m.get("ignore")))) {
                    continue;
                }
                String raw = fields.get(k);
                String text = nullValues.contains(raw) ? null : raw;
                Object value = typed(text, m, name);
                strings.add(text);
                list.add(value);
                if (name != null) {
                    String key = m.get("name") instanceof String n ? n : name;
                    map.put(key, value);
                    stringMap.put(key, text);
                }
            }
            return new Object[] {lineNo, list, strings, map, stringMap};
        }

        /** A field as its column's mapping types it: {@code type}, {@code array} split on {@code arraySep}. */
        private Object typed(String text, Map<?, ?> m, String column) {
            if (text == null || m.isEmpty()) {
                return text;
            }
            String type = m.get("type") instanceof String t ? t.toLowerCase(Locale.ROOT) : "string";
            if (Boolean.TRUE.equals(m.get("array"))) {
                String sep = m.get("arraySep") instanceof String s ? s : arraySep;
                List<Object> items = new ArrayList<>();
                for (String part : text.split(java.util.regex.Pattern.quote(sep), -1)) {
                    items.add(scalar(part, type, column));
                }
                return items;
            }
            return scalar(text, type, column);
        }

        private Object scalar(String text, String type, String column) {
            try {
                return switch (type) {
                    case "int", "integer", "long" -> text.isBlank() ? null : Long.parseLong(text.trim());
                    case "float", "double" -> text.isBlank() ? null : Double.parseDouble(text.trim());
                    case "boolean" -> text.isBlank() ? null : Boolean.parseBoolean(text.trim());
                    case "string", "str" -> text;
                    default -> throw config("mapping." + column + ".type", "one of int, float, boolean, string");
                };
            } catch (NumberFormatException e) {
                throw CsvErrors.failure(WHO + ": " + csv.file() + ", line " + csv.line() + ": column " + column
                        + " is mapped to " + type + " but holds '" + text + "'");
            }
        }

        /** A record's fields; an empty unquoted field, which LOAD CSV's Neo4j rules make null, is "" here. */
        private static List<String> strings(Object row) {
            List<String> fields = new ArrayList<>();
            for (Object f : (List<?>) row) {
                fields.add(f == null ? "" : (String) f);
            }
            return fields;
        }

        private static char character(Object v, char fallback, String key) {
            if (v == null) {
                return fallback;
            }
            if (v instanceof String s && s.equalsIgnoreCase("TAB")) {
                return '\t';
            }
            if (v instanceof String s && s.length() == 1) {
                return s.charAt(0);
            }
            throw config(key, "one character (or 'TAB')");
        }

        private static long number(Object v, long fallback, String key) {
            if (v == null) {
                return fallback;
            }
            if (v instanceof Long n && n >= 0) {
                return n;
            }
            throw config(key, "a non-negative integer");
        }

        private static Set<String> strings(Object v, String key) {
            if (v == null) {
                return Set.of();
            }
            if (!(v instanceof List<?> l)) {
                throw config(key, "a list of strings");
            }
            Set<String> s = new HashSet<>();
            l.forEach(e -> s.add(String.valueOf(e)));
            return s;
        }

        private static RuntimeException config(String key, String expected) {
            return new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                    "Neo.ClientError.Procedure.ProcedureCallFailed", WHO + ": config " + key + " must be " + expected);
        }

        private void closeQuietly(RuntimeException e) {
            try {
                csv.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
        }

        @Override
        public void close() throws IOException {
            csv.close();
        }

        @Override
        public String toString() {
            return csv.toString();
        }
    }
}
