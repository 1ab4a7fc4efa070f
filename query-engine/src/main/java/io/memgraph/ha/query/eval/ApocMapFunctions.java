package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.value.CypherValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.eval.Functions.reg;

/**
 * APOC's {@code apoc.map.*} functions that code uses most. Each returns a new map (keys in the
 * order of the first argument, new keys after), and a null map argument gives null.
 */
final class ApocMapFunctions {
    private ApocMapFunctions() {
    }

    static void register() {
        reg("apoc.map.merge", 2, 2, (a, g, c) -> {
            Map<String, Object> first = map(a, 0, "apoc.map.merge");
            Map<String, Object> second = map(a, 1, "apoc.map.merge");
            Map<String, Object> out = first == null ? new LinkedHashMap<>() : first;
            if (second != null) {
                out.putAll(second);
            }
            return out;
        });
        reg("apoc.map.fromPairs", 1, 1, (a, g, c) -> {
            List<?> pairs = list(a, 0, "apoc.map.fromPairs");
            if (pairs == null) {
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Object p : pairs) {
                if (!(p instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof String key)) {
                    throw Errors.argumentValue("apoc.map.fromPairs() needs a list of [key, value] pairs with STRING"
                            + " keys, but one is " + Functions.show(p));
                }
                out.put(key, pair.get(1));
            }
            return out;
        });
        reg("apoc.map.fromLists", 2, 2, (a, g, c) -> {
            List<?> keys = list(a, 0, "apoc.map.fromLists");
            List<?> values = list(a, 1, "apoc.map.fromLists");
            if (keys == null || values == null) {
                return null;
            }
            if (keys.size() != values.size()) {
                throw Errors.argumentValue("apoc.map.fromLists() needs as many values as keys, but got "
                        + keys.size() + " keys and " + values.size() + " values");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                out.put(key("apoc.map.fromLists", keys.get(i)), values.get(i));
            }
            return out;
        });
        reg("apoc.map.setKey", 3, 3, (a, g, c) -> {
            Map<String, Object> m = map(a, 0, "apoc.map.setKey");
            if (m == null) {
                return null;
            }
            m.put(key("apoc.map.setKey", a.get(1)), a.get(2));
            return m;
        });
        reg("apoc.map.removeKey", 2, 3, (a, g, c) -> {
            Map<String, Object> m = map(a, 0, "apoc.map.removeKey");
            return m == null ? null : remove(m, List.of(a.get(1)), recursive(a, "apoc.map.removeKey"));
        });
        reg("apoc.map.removeKeys", 2, 3, (a, g, c) -> {
            Map<String, Object> m = map(a, 0, "apoc.map.removeKeys");
            List<?> keys = list(a, 1, "apoc.map.removeKeys");
            return m == null ? null : remove(m, keys == null ? List.of() : keys, recursive(a, "apoc.map.removeKeys"));
        });
        reg("apoc.map.clean", 3, 3, (a, g, c) -> {
            Map<String, Object> m = map(a, 0, "apoc.map.clean");
            List<?> keys = list(a, 1, "apoc.map.clean");
            List<?> values = list(a, 2, "apoc.map.clean");
            if (m == null) {
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (v != null && (keys == null || !keys.contains(k)) && (values == null || !ApocCollectionFunctions.contains(values, v))) {
                    out.put(k, v);
                }
            });
            return out;
        });
        reg("apoc.map.submap", 2, 4, (a, g, c) -> {
            Map<String, Object> m = map(a, 0, "apoc.map.submap");
            List<?> keys = list(a, 1, "apoc.map.submap");
            List<?> defaults = a.size() > 2 ? list(a, 2, "apoc.map.submap") : null;
            boolean fail = a.size() < 4 || !Boolean.FALSE.equals(a.get(3));
            if (m == null || keys == null) {
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                String k = key("apoc.map.submap", keys.get(i));
                if (m.containsKey(k)) {
                    out.put(k, m.get(k));
                } else if (defaults != null && i < defaults.size()) {
                    out.put(k, defaults.get(i));
                } else if (fail) {
                    throw Errors.argumentValue("apoc.map.submap(): key '" + k + "' is not one of the existing keys "
                            + m.keySet());
                } else {
                    out.put(k, null);
                }
            }
            return out;
        });
        reg("apoc.map.values", 1, 3, (a, g, c) -> {
            Map<String, Object> m = map(a, 0, "apoc.map.values");
            if (m == null) {
                return null;
            }
            List<?> keys = a.size() > 1 ? list(a, 1, "apoc.map.values") : null;
            boolean nulls = a.size() > 2 && Boolean.TRUE.equals(a.get(2));
            List<Object> out = new ArrayList<>();
            for (Object k : keys == null ? List.of() : keys) {
                String key = key("apoc.map.values", k);
                if (m.containsKey(key) || nulls) {
                    out.add(m.get(key));
                }
            }
            return out;
        });
        reg("apoc.map.flatten", 1, 2, (a, g, c) -> {
            Map<String, Object> m = map(a, 0, "apoc.map.flatten");
            if (m == null) {
                return null;
            }
            String delimiter = a.size() == 2 && a.get(1) != null ? Functions.str("apoc.map.flatten", a, 1) : ".";
            Map<String, Object> out = new LinkedHashMap<>();
            flatten("", m, delimiter, out);
            return out;
        });
    }

    /** A copy of the map argument {@code k}; null for null; anything else is a TypeError. */
    private static Map<String, Object> map(List<Object> a, int k, String fn) {
        Object v = a.get(k);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw Errors.argumentType(fn, k + 1, "a Map", v);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        m.forEach((key, x) -> copy.put((String) key, x));
        return copy;
    }

    private static List<?> list(List<Object> a, int k, String fn) {
        return ApocCollectionFunctions.list(a, k, fn);
    }

    private static String key(String fn, Object k) {
        if (k instanceof String s) {
            return s;
        }
        throw Errors.typeMismatch("Type mismatch: map keys must be STRINGs, but " + fn + "() got "
                + CypherValues.typeName(k) + " (" + Functions.show(k) + ")");
    }

    /** The {@code {recursive: true}} setting of removeKey and removeKeys. */
    private static boolean recursive(List<Object> a, String fn) {
        if (a.size() < 3 || a.get(2) == null) {
            return false;
        }
        if (!(a.get(2) instanceof Map<?, ?> config)) {
            throw Errors.argumentType(fn, 3, "a Map", a.get(2));
        }
        return Boolean.TRUE.equals(config.get("recursive"));
    }

    private static Map<String, Object> remove(Map<String, Object> m, List<?> keys, boolean recursive) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!keys.contains(k)) {
                out.put(k, recursive ? removeInside(v, keys) : v);
            }
        });
        return out;
    }

    private static Object removeInside(Object v, List<?> keys) {
        if (v instanceof Map<?, ?> inner) {
            Map<String, Object> copy = new LinkedHashMap<>();
            inner.forEach((k, x) -> copy.put((String) k, x));
            return remove(copy, keys, true);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(removeInside(x, keys)));
            return out;
        }
        return v;
    }

    private static void flatten(String prefix, Map<?, ?> m, String delimiter, Map<String, Object> out) {
        m.forEach((k, v) -> {
            String key = prefix.isEmpty() ? (String) k : prefix + delimiter + k;
            if (v instanceof Map<?, ?> inner) {
                flatten(key, inner, delimiter, out);
            } else {
                out.put(key, v);
            }
        });
    }
}
