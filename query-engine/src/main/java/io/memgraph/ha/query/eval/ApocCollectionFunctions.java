package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.NodeValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.memgraph.ha.query.eval.Functions.reg;

/**
 * APOC's {@code apoc.coll.*} functions that code uses most. Values are compared as Cypher
 * compares them ({@code 1} and {@code 1.0} are one value, as in {@code DISTINCT}); sorting uses
 * {@code ORDER BY}'s order. A null list gives null (or, where APOC says so, an empty result).
 */
final class ApocCollectionFunctions {
    private ApocCollectionFunctions() {
    }

    static void register() {
        reg("apoc.coll.sum", 1, 1, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.sum");
            if (l == null) {
                return null;
            }
            double sum = 0;
            for (Object x : l) {
                sum += number("apoc.coll.sum", x);
            }
            return sum;
        });
        reg("apoc.coll.avg", 1, 1, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.avg");
            if (l == null || l.isEmpty()) {
                return null;
            }
            double sum = 0;
            for (Object x : l) {
                sum += number("apoc.coll.avg", x);
            }
            return sum / l.size();
        });
        reg("apoc.coll.min", 1, 1, (a, g, c) -> extreme(list(a, 0, "apoc.coll.min"), -1));
        reg("apoc.coll.max", 1, 1, (a, g, c) -> extreme(list(a, 0, "apoc.coll.max"), 1));
        reg("apoc.coll.toSet", 1, 1, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.toSet");
            return l == null ? null : distinct(l);
        });
        reg("apoc.coll.sort", 1, 1, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.sort");
            if (l == null) {
                return null;
            }
            List<Object> out = new ArrayList<>(l);
            out.sort(CypherValues::orderCompare);
            return out;
        });
        reg("apoc.coll.sortNodes", 2, 2, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.sortNodes");
            if (l == null) {
                return null;
            }
            String prop = Functions.str("apoc.coll.sortNodes", a, 1);
            boolean ascending = prop.startsWith("^");
            String key = ascending ? prop.substring(1) : prop;
            Comparator<Object> byProperty = (x, y) -> CypherValues.orderCompare(g.property(x, key), g.property(y, key));
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                if (!(x instanceof NodeValue)) {
                    throw Errors.argumentType("apoc.coll.sortNodes", 1, "a List of Nodes", l);
                }
                out.add(x);
            }
            out.sort(ascending ? byProperty : byProperty.reversed()); // APOC sorts descending unless '^'
            return out;
        });
        reg("apoc.coll.flatten", 1, 2, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.flatten");
            if (l == null) {
                return null;
            }
            boolean recursive = a.size() == 2 && Boolean.TRUE.equals(a.get(1));
            List<Object> out = new ArrayList<>();
            flatten(l, recursive, out);
            return out;
        });
        reg("apoc.coll.contains", 2, 2, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.contains");
            return l != null && contains(l, a.get(1));
        });
        reg("apoc.coll.containsAll", 2, 2, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.containsAll");
            List<?> wanted = list(a, 1, "apoc.coll.containsAll");
            if (l == null || wanted == null) {
                return false;
            }
            for (Object x : wanted) {
                if (!contains(l, x)) {
                    return false;
                }
            }
            return true;
        });
        reg("apoc.coll.union", 2, 2, (a, g, c) -> {
            List<?> x = list(a, 0, "apoc.coll.union");
            List<?> y = list(a, 1, "apoc.coll.union");
            if (x == null) {
                return y == null ? null : distinct(y);
            }
            List<Object> all = new ArrayList<>(x);
            if (y != null) {
                all.addAll(y);
            }
            return distinct(all);
        });
        reg("apoc.coll.intersection", 2, 2, (a, g, c) -> {
            List<?> x = list(a, 0, "apoc.coll.intersection");
            List<?> y = list(a, 1, "apoc.coll.intersection");
            if (x == null || y == null) {
                return List.of();
            }
            Set<CypherValues.Key> in = keys(y);
            List<Object> out = new ArrayList<>();
            for (Object v : distinct(x)) {
                if (in.contains(new CypherValues.Key(v))) {
                    out.add(v);
                }
            }
            return out;
        });
        reg("apoc.coll.subtract", 2, 2, (a, g, c) -> {
            List<?> x = list(a, 0, "apoc.coll.subtract");
            List<?> y = list(a, 1, "apoc.coll.subtract");
            if (x == null) {
                return null;
            }
            Set<CypherValues.Key> out = y == null ? Set.of() : keys(y);
            List<Object> rest = new ArrayList<>();
            for (Object v : distinct(x)) {
                if (!out.contains(new CypherValues.Key(v))) {
                    rest.add(v);
                }
            }
            return rest;
        });
        reg("apoc.coll.zip", 2, 2, (a, g, c) -> {
            List<?> x = list(a, 0, "apoc.coll.zip");
            List<?> y = list(a, 1, "apoc.coll.zip");
            if (x == null || y == null) {
                return null;
            }
            List<Object> out = new ArrayList<>(x.size());
            for (int i = 0; i < x.size(); i++) {
                out.add(pair(x.get(i), i < y.size() ? y.get(i) : null));
            }
            return out;
        });
        reg("apoc.coll.pairs", 1, 1, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.pairs");
            if (l == null) {
                return null;
            }
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(pair(l.get(i), i + 1 < l.size() ? l.get(i + 1) : null));
            }
            return out;
        });
        reg("apoc.coll.partition", 2, 2, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.partition");
            if (l == null || a.get(1) == null) {
                return null;
            }
            long size = Functions.integer("apoc.coll.partition", a, 1);
            if (size <= 0) {
                throw Errors.argumentValue("apoc.coll.partition() needs a batch size above 0, got " + size);
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i += (int) Math.min(size, Integer.MAX_VALUE)) {
                out.add(new ArrayList<Object>(l.subList(i, (int) Math.min(l.size(), i + size))));
            }
            return out;
        });
        reg("apoc.coll.indexOf", 2, 2, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.indexOf");
            if (l == null) {
                return -1L;
            }
            for (int i = 0; i < l.size(); i++) {
                if (Boolean.TRUE.equals(CypherValues.equal(l.get(i), a.get(1)))) {
                    return (long) i;
                }
            }
            return -1L;
        });
        reg("apoc.coll.frequencies", 1, 1, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.frequencies");
            if (l == null) {
                return List.of();
            }
            List<Object> out = new ArrayList<>();
            counts(l).forEach((k, n) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("item", k.value());
                m.put("count", n);
                out.add(m);
            });
            return out;
        });
        reg("apoc.coll.duplicates", 1, 1, (a, g, c) -> {
            List<?> l = list(a, 0, "apoc.coll.duplicates");
            if (l == null) {
                return null;
            }
            List<Object> out = new ArrayList<>();
            counts(l).forEach((k, n) -> {
                if (n > 1) {
                    out.add(k.value());
                }
            });
            return out;
        });
    }

    /** The list argument {@code k}, null for null; anything else is a TypeError naming {@code fn}. */
    static List<?> list(List<Object> a, int k, String fn) {
        Object v = a.get(k);
        if (v == null) {
            return null;
        }
        if (!CypherValues.isList(v)) {
            throw Errors.argumentType(fn, k + 1, "a List", v);
        }
        return CypherValues.asList(v);
    }

    private static double number(String fn, Object x) {
        if (x instanceof Number n) {
            return n.doubleValue();
        }
        throw Errors.typeMismatch("Type mismatch: " + fn + "() adds numbers, but the list holds "
                + CypherValues.typeName(x) + " (" + Functions.show(x) + ")");
    }

    /** The least ({@code sign} -1) or greatest value by ORDER BY's order, nulls left out; null for none. */
    private static Object extreme(List<?> l, int sign) {
        if (l == null) {
            return null;
        }
        Object best = null;
        for (Object x : l) {
            if (x != null && (best == null || sign * CypherValues.orderCompare(x, best) > 0)) {
                best = x;
            }
        }
        return best;
    }

    static List<Object> distinct(List<?> l) {
        List<Object> out = new ArrayList<>();
        for (CypherValues.Key k : keys(l)) {
            out.add(k.value());
        }
        return out;
    }

    private static LinkedHashSet<CypherValues.Key> keys(List<?> l) {
        LinkedHashSet<CypherValues.Key> keys = new LinkedHashSet<>();
        for (Object x : l) {
            keys.add(new CypherValues.Key(x));
        }
        return keys;
    }

    private static Map<CypherValues.Key, Long> counts(List<?> l) {
        Map<CypherValues.Key, Long> counts = new LinkedHashMap<>();
        for (Object x : l) {
            counts.merge(new CypherValues.Key(x), 1L, Long::sum);
        }
        return counts;
    }

    /** Whether {@code l} holds a value equal to {@code v} ({@code 1} equals {@code 1.0}). */
    static boolean contains(List<?> l, Object v) {
        for (Object x : l) {
            if (Boolean.TRUE.equals(CypherValues.equal(x, v))) {
                return true;
            }
        }
        return false;
    }

    private static List<Object> pair(Object x, Object y) {
        List<Object> p = new ArrayList<>(2);
        p.add(x);
        p.add(y);
        return p;
    }

    private static void flatten(List<?> l, boolean recursive, List<Object> out) {
        for (Object x : l) {
            if (x instanceof List<?> inner) {
                if (recursive) {
                    flatten(inner, true, out);
                } else {
                    out.addAll(inner);
                }
            } else {
                out.add(x);
            }
        }
    }
}
