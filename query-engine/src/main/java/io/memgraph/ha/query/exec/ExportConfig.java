package io.memgraph.ha.query.exec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The config map of an export procedure, read and checked before anything is exported: a key the
 * procedure does not take, or a value this server does not support, is refused with one line
 * naming it (APOC ignores unknown keys; a misspelt {@code stream} would otherwise write a file).
 *
 * @param stream       return the data in the {@code data} column instead of writing a file
 * @param batchSize    how many nodes, relationships or rows each streamed row holds
 * @param quotes       CSV quoting: {@code always}, {@code none} or {@code ifNeeded}
 * @param delimiter    CSV field separator
 * @param jsonFormat   {@code JSON_LINES}, {@code ARRAY_JSON} or {@code JSON}
 * @param nodeProperties         write node properties (JSON)
 * @param relationshipProperties write relationship properties (JSON)
 * @param params       the parameters of a {@code .query} procedure's statement
 * @param cypherFormat {@code cypher-shell} or {@code plain} (the same statements here)
 * @param schema       write indexes and constraints (Cypher)
 */
record ExportConfig(boolean stream, long batchSize, String quotes, char delimiter, String jsonFormat,
                    boolean nodeProperties, boolean relationshipProperties, Map<String, Object> params,
                    String cypherFormat, boolean schema) {

    /** APOC's default batch size. */
    static final long BATCH_SIZE = 20_000;

    /** The keys APOC's JSON export procedures take here. */
    static final Set<String> JSON = Set.of("stream", "batchSize", "jsonFormat", "writeNodeProperties",
            "writeRelationshipProperties", "compression", "charset");
    /** The keys APOC's CSV export procedures take here. */
    static final Set<String> CSV = Set.of("stream", "batchSize", "quotes", "delim", "useTypes", "compression",
            "charset");
    /** The keys APOC's Cypher export procedures take here. */
    static final Set<String> CYPHER = Set.of("stream", "batchSize", "format", "cypherFormat", "compression",
            "charset");
    /** The keys of MAGE's {@code export_util.json} and {@code cypher_all}. */
    static final Set<String> MAGE = Set.of("stream", "write_properties", "write_indexes", "write_constraints",
            "write_triggers");

    /**
     * Reads {@code config} for {@code procedure}, which takes {@code keys} (and {@code params}
     * when {@code query}).
     */
    static ExportConfig read(String procedure, Object config, Set<String> keys, boolean query) {
        Map<String, Object> c = ApocArguments.map(procedure, "config", config);
        for (String key : c.keySet()) {
            if (!keys.contains(key) && !(query && key.equals("params"))) {
                Set<String> known = new TreeSet<>(keys);
                if (query) {
                    known.add("params");
                }
                throw ApocArguments.failed(procedure, "config key '" + key + "' is not supported here (supported: "
                        + String.join(", ", known) + ")");
            }
        }
        boolean stream = bool(procedure, c, "stream", false);
        long batchSize = BATCH_SIZE;
        if (c.get("batchSize") != null) {
            if (!(c.get("batchSize") instanceof Long n) || n < 1) {
                throw value(procedure, "batchSize", c.get("batchSize"), "a positive integer");
            }
            batchSize = n;
        }
        String quotes = choice(procedure, c, "quotes", "always", List.of("always", "none", "ifNeeded"));
        String delim = string(procedure, c, "delim", ",");
        if (delim.length() != 1) {
            throw value(procedure, "delim", delim, "one character");
        }
        if (bool(procedure, c, "useTypes", false)) {
            throw value(procedure, "useTypes", true, "false (typed CSV headers are not supported here)");
        }
        String jsonFormat = choice(procedure, c, "jsonFormat", "JSON_LINES", List.of("JSON_LINES", "ARRAY_JSON",
                "JSON"));
        boolean props = bool(procedure, c, "writeNodeProperties", true) && bool(procedure, c, "write_properties",
                true);
        boolean relProps = bool(procedure, c, "writeRelationshipProperties", props);
        choice(procedure, c, "compression", "NONE", List.of("NONE", "None", "none"));
        String charset = string(procedure, c, "charset", "UTF_8");
        if (!List.of("UTF_8", "UTF-8").contains(charset.toUpperCase(Locale.ROOT))) {
            throw value(procedure, "charset", charset, "UTF_8 (files are written in UTF-8)");
        }
        String format = choice(procedure, c, "format", "cypher-shell", List.of("cypher-shell", "plain"));
        choice(procedure, c, "cypherFormat", "create", List.of("create"));
        boolean schema = bool(procedure, c, "write_indexes", true) && bool(procedure, c, "write_constraints", true);
        if (bool(procedure, c, "write_indexes", true) != bool(procedure, c, "write_constraints", true)) {
            throw value(procedure, "write_indexes", c.get("write_indexes"), "the same as write_constraints (the"
                    + " schema is written whole or not at all here)");
        }
        bool(procedure, c, "write_triggers", true); // there are no triggers to write
        Map<String, Object> params = new LinkedHashMap<>(ApocArguments.map(procedure, "config.params",
                c.get("params")));
        return new ExportConfig(stream, batchSize, quotes, delim.charAt(0), jsonFormat, props, relProps, params,
                format, schema);
    }

    private static boolean bool(String procedure, Map<String, Object> c, String key, boolean fallback) {
        return get(procedure, c, key, fallback, Boolean.class, "a boolean");
    }

    private static String string(String procedure, Map<String, Object> c, String key, String fallback) {
        return get(procedure, c, key, fallback, String.class, "a string");
    }

    /** The value of {@code key}, {@code fallback} when absent or null; of another type, refused. */
    private static <T> T get(String procedure, Map<String, Object> c, String key, T fallback, Class<T> type,
                             String expected) {
        Object v = c.get(key);
        if (v == null) {
            return fallback;
        }
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        throw value(procedure, key, v, expected);
    }

    private static String choice(String procedure, Map<String, Object> c, String key, String fallback,
                                 List<String> allowed) {
        String v = string(procedure, c, key, fallback);
        if (!allowed.contains(v)) {
            throw value(procedure, key, v, "one of " + String.join(", ", allowed) + " (others are not supported"
                    + " here)");
        }
        return v;
    }

    private static StatusException value(String procedure, String key, Object v, String expected) {
        return ApocArguments.failed(procedure, "config " + key + " must be " + expected + ", not "
                + (v instanceof String s ? "'" + s + "'" : String.valueOf(v)));
    }
}
