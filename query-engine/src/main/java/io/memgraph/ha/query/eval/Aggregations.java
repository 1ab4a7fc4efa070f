package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.ValueSizes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The aggregating functions as accumulators: the aggregation operator makes one
 * {@link Accumulator} per group and aggregate, feeds it the evaluated arguments of each row and
 * reads the result at the end. Nulls are skipped (except by {@code count(*)}); DISTINCT drops
 * repeats by Cypher equivalence before they reach the function.
 */
public final class Aggregations {
    private Aggregations() {
    }

    private static final Set<String> NAMES = Set.of("count", "sum", "avg", "min", "max", "collect", "stdev",
            "stdevp", "percentilecont", "percentiledisc");

    /** The aggregating functions as Cypher writes them. */
    static List<String> names() {
        return List.of("avg", "collect", "count", "max", "min", "percentileCont", "percentileDisc", "stDev", "stDevP",
                "sum");
    }

    /** True when {@code name} (any case) is an aggregating function. */
    public static boolean isAggregate(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** True when the expression itself is an aggregate call ({@code count(*)} included). */
    public static boolean isAggregate(Expression e) {
        return e instanceof Expression.CountStar
                || (e instanceof Expression.FunctionCall f && isAggregate(f.name()));
    }

    /** The number of arguments an aggregating function takes. */
    public static int arity(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("percentilecont") || n.equals("percentiledisc") ? 2 : 1;
    }

    /** Accumulates the rows of one group for one aggregate. */
    public interface Accumulator {
        /**
         * Adds one row: the evaluated arguments ({@code count(*)} gets an empty list; the
         * percentile functions get the value and the percentile).
         */
        void add(List<Object> arguments);

        /** The aggregate over all rows added so far. */
        Object result();

        /**
         * An estimate of the bytes this accumulator holds that grow with the rows added (the
         * values {@code collect} keeps, the set of a DISTINCT aggregate), for the query's memory
         * limit; 0 for those that keep a fixed amount.
         */
        default long heldBytes() {
            return 0;
        }
    }

    /** A new accumulator for {@code count(*)}. */
    public static Accumulator countStar() {
        return new Accumulator() {
            private long count;

            @Override
            public void add(List<Object> arguments) {
                count++;
            }

            @Override
            public Object result() {
                return count;
            }
        };
    }

    /**
     * A new accumulator for aggregate {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException when {@code name} is not an aggregating function
     */
    public static Accumulator create(String name, boolean distinct) {
        String n = name.toLowerCase(Locale.ROOT);
        Accumulator inner = switch (n) {
            case "count" -> new Count();
            case "sum" -> new Sum();
            case "avg" -> new Avg();
            case "min" -> new Extreme(true);
            case "max" -> new Extreme(false);
            case "collect" -> new Collect();
            case "stdev" -> new StDev(true);
            case "stdevp" -> new StDev(false);
            case "percentilecont" -> new Percentile(true);
            case "percentiledisc" -> new Percentile(false);
            default -> throw new IllegalArgumentException("not an aggregating function: " + name);
        };
        Accumulator skipNulls = new Accumulator() {
            @Override
            public void add(List<Object> arguments) {
                if (arguments.get(0) != null) {
                    inner.add(arguments);
                }
            }

            @Override
            public Object result() {
                return inner.result();
            }

            @Override
            public long heldBytes() {
                return inner.heldBytes();
            }
        };
        if (!distinct) {
            return skipNulls;
        }
        return new Accumulator() {
            private final Set<CypherValues.Key> seen = new HashSet<>();
            private long seenBytes;

            @Override
            public void add(List<Object> arguments) {
                if (arguments.get(0) != null && seen.add(new CypherValues.Key(arguments.get(0)))) {
                    seenBytes += ValueSizes.HASH_ENTRY + ValueSizes.of(arguments.get(0));
                    skipNulls.add(arguments);
                }
            }

            @Override
            public Object result() {
                return skipNulls.result();
            }

            @Override
            public long heldBytes() {
                return seenBytes + skipNulls.heldBytes();
            }
        };
    }

    private static final class Count implements Accumulator {
        private long count;

        @Override
        public void add(List<Object> a) {
            count++;
        }

        @Override
        public Object result() {
            return count;
        }
    }

    private static final class Sum implements Accumulator {
        private long longSum;
        private double doubleSum;
        private boolean isDouble;
        private CypherDuration durationSum;

        @Override
        public void add(List<Object> a) {
            Object v = a.get(0);
            if (v instanceof CypherDuration d && !isDouble && longSum == 0) {
                durationSum = durationSum == null ? d : durationSum.plus(d);
                return;
            }
            if (durationSum != null || !(v instanceof Number)) {
                throw Errors.typeMismatch("sum() can only handle numbers or durations, got "
                        + CypherValues.typeName(v) + " (" + Functions.show(v) + ")");
            }
            if (v instanceof Long l && !isDouble) {
                try {
                    longSum = Math.addExact(longSum, l);
                } catch (ArithmeticException e) {
                    throw Errors.overflow("sum() exceeded the Integer range");
                }
            } else {
                if (!isDouble) {
                    isDouble = true;
                    doubleSum = longSum;
                }
                doubleSum += ((Number) v).doubleValue();
            }
        }

        @Override
        public Object result() {
            if (durationSum != null) {
                return durationSum;
            }
            return isDouble ? (Object) doubleSum : (Object) longSum;
        }
    }

    private static final class Avg implements Accumulator {
        private double sum;
        private long count;
        private CypherDuration durationSum;

        @Override
        public void add(List<Object> a) {
            Object v = a.get(0);
            if (v instanceof CypherDuration d && (durationSum != null || count == 0)) {
                durationSum = durationSum == null ? d : durationSum.plus(d);
                count++;
                return;
            }
            if (durationSum != null || !(v instanceof Number n)) {
                throw Errors.typeMismatch("avg() can only handle numbers or durations, got "
                        + CypherValues.typeName(v) + " (" + Functions.show(v) + ")");
            }
            sum += n.doubleValue();
            count++;
        }

        @Override
        public Object result() {
            if (count == 0) {
                return null;
            }
            if (durationSum != null) {
                return Arithmetic.scale(durationSum, 1.0 / count);
            }
            return sum / count;
        }
    }

    private static final class Extreme implements Accumulator {
        private final boolean min;
        private Object best;

        Extreme(boolean min) {
            this.min = min;
        }

        @Override
        public void add(List<Object> a) {
            Object v = a.get(0);
            if (best == null) {
                best = v;
                return;
            }
            // min/max use the ORDER BY order, so mixed types give a stable answer.
            int c = CypherValues.orderCompare(v, best);
            if (min ? c < 0 : c > 0) {
                best = v;
            }
        }

        @Override
        public Object result() {
            return best;
        }
    }

    private static final class Collect implements Accumulator {
        private final List<Object> values = new ArrayList<>();
        private long bytes;

        @Override
        public void add(List<Object> a) {
            values.add(a.get(0));
            bytes += ValueSizes.REFERENCE + ValueSizes.of(a.get(0));
        }

        @Override
        public Object result() {
            return new ArrayList<>(values);
        }

        @Override
        public long heldBytes() {
            return bytes;
        }
    }

    /** Welford's online algorithm: stable for large sums. */
    private static final class StDev implements Accumulator {
        private final boolean sample;
        private long n;
        private double mean;
        private double m2;

        StDev(boolean sample) {
            this.sample = sample;
        }

        @Override
        public void add(List<Object> a) {
            Object v = a.get(0);
            if (!(v instanceof Number num)) {
                throw Errors.typeMismatch("stDev() can only handle numbers, got " + CypherValues.typeName(v));
            }
            double x = num.doubleValue();
            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }

        @Override
        public Object result() {
            if (sample) {
                return n < 2 ? 0.0 : Math.sqrt(m2 / (n - 1));
            }
            return n == 0 ? 0.0 : Math.sqrt(m2 / n);
        }
    }

    private static final class Percentile implements Accumulator {
        private final boolean continuous;
        private final List<Double> values = new ArrayList<>();
        private boolean allIntegers = true;
        private Double percentile;

        Percentile(boolean continuous) {
            this.continuous = continuous;
        }

        @Override
        public void add(List<Object> a) {
            Object v = a.get(0);
            Object p = a.get(1);
            String fn = continuous ? "percentileCont" : "percentileDisc";
            if (!(v instanceof Number num)) {
                throw Errors.argumentType(fn, 1, "a Number", v);
            }
            if (!(p instanceof Number pn)) {
                throw Errors.argumentType(fn, 2, "a Number", p);
            }
            double pv = pn.doubleValue();
            if (pv < 0 || pv > 1 || Double.isNaN(pv)) {
                throw new io.memgraph.ha.query.error.CypherException(
                        io.memgraph.ha.query.error.CypherErrorKind.NUMBER_OUT_OF_RANGE,
                        "Invalid input '" + Functions.show(p) + "' is not a valid argument, must be a number in the range 0.0 to 1.0");
            }
            percentile = pv;
            allIntegers &= v instanceof Long;
            values.add(num.doubleValue());
        }

        @Override
        public long heldBytes() {
            return values.size() * (ValueSizes.REFERENCE + ValueSizes.SMALL_OBJECT);
        }

        @Override
        public Object result() {
            if (values.isEmpty()) {
                return null;
            }
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(null);
            double p = percentile;
            int n = sorted.size();
            if (continuous) {
                double rank = p * (n - 1);
                int lo = (int) Math.floor(rank);
                int hi = (int) Math.ceil(rank);
                return sorted.get(lo) + (rank - lo) * (sorted.get(hi) - sorted.get(lo));
            }
            int idx = p == 0 ? 0 : (int) Math.ceil(p * n) - 1;
            double r = sorted.get(Math.max(0, Math.min(n - 1, idx)));
            return allIntegers ? (Object) (long) r : (Object) r;
        }
    }
}
