package io.memgraph.ha.query.eval;

import java.util.List;

import static io.memgraph.ha.query.eval.Functions.reg;

/**
 * Vector similarity as Neo4j scores it, in its vector indexes and in {@code vector.similarity.cosine}
 * / {@code euclidean} (Neo4j 5.18): cosine gives {@code (1 + cos) / 2}, euclidean {@code 1 / (1 + d²)},
 * both in [0, 1], higher is more similar. Each score comes from a raw measure (the cosine, the
 * squared distance), which Memgraph's {@code vector_search} reports as its distance.
 * Arithmetic is in float64 (Neo4j's indexes use float32).
 */
public final class VectorSimilarity {
    private VectorSimilarity() {
    }

    static void register() {
        reg("vector.similarity.cosine", 2, 2, (a, g, c) -> function("vector.similarity.cosine", true, true, a));
        reg("vector.similarity.euclidean", 2, 2, (a, g, c) -> function("vector.similarity.euclidean", false, true,
                a));
        // Memgraph's: the cosine itself, in [-1, 1]
        reg("vector_search.cosine_similarity", 2, 2, (a, g, c) -> function("vector_search.cosine_similarity", true,
                false, a));
    }

    /**
     * The elements of {@code value} as doubles, or null when it is not a list of numbers (a null or
     * any other element included).
     */
    public static double[] numbers(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                return null;
            }
            v[i] = n.doubleValue();
        }
        return v;
    }

    /**
     * Whether {@code v} can be scored: at least one element, every one finite, and for cosine a
     * norm above 0 (as Neo4j, which indexes no other).
     */
    public static boolean valid(double[] v, boolean cosine) {
        if (v.length == 0) {
            return false;
        }
        double squares = 0;
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
            squares += x * x;
        }
        return !cosine || squares > 0 && Double.isFinite(squares);
    }

    /** The cosine of the angle between two valid vectors of one length (kept in [-1, 1]), or their squared distance. */
    public static double raw(boolean cosine, double[] a, double[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        double squared = 0;
        for (int i = 0; i < a.length; i++) {
            if (cosine) {
                dot += a[i] * b[i];
                aa += a[i] * a[i];
                bb += b[i] * b[i];
            } else {
                double d = a[i] - b[i];
                squared += d * d;
            }
        }
        return cosine ? Math.max(-1.0, Math.min(1.0, dot / Math.sqrt(aa * bb))) : squared;
    }

    /** Neo4j's score of a raw measure ({@link #raw}). */
    public static double score(boolean cosine, double raw) {
        return cosine ? (1 + raw) / 2 : 1 / (1 + raw);
    }

    /**
     * {@code vector.similarity.*(a, b)} (with {@code scored}: Neo4j's score of the raw measure) and
     * Memgraph's {@code vector_search.cosine_similarity} (the raw cosine): null when either is null
     * or (as Neo4j) not a vector the function can score; an error for a non-list, a non-number
     * element, or different lengths.
     */
    private static Object function(String fn, boolean cosine, boolean scored, List<Object> args) {
        if (args.get(0) == null || args.get(1) == null) {
            return null;
        }
        double[][] v = new double[2][];
        for (int k = 0; k < 2; k++) {
            Object arg = args.get(k);
            if (!(arg instanceof List<?>)) {
                throw Errors.argumentType(fn, k + 1, "a LIST<INTEGER | FLOAT>", arg);
            }
            v[k] = numbers(arg);
            if (v[k] == null) {
                throw Errors.argumentValue(fn + "() needs lists of numbers, but argument " + (k + 1) + " is "
                        + Functions.show(arg));
            }
        }
        if (v[0].length != v[1].length) {
            throw Errors.argumentValue(fn + "() needs vectors of the same dimension, but got " + v[0].length
                    + " and " + v[1].length);
        }
        if (!valid(v[0], cosine) || !valid(v[1], cosine)) {
            return null;
        }
        double raw = raw(cosine, v[0], v[1]);
        return scored ? score(cosine, raw) : raw;
    }
}
