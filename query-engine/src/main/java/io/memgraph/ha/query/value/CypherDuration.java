package io.memgraph.ha.query.value;

/**
 * A Cypher duration: months, days, seconds and nanoseconds kept apart, because a month and a day
 * have no fixed length in seconds. Normalised so that {@code 0 <= nanos < 1_000_000_000}.
 */
public record CypherDuration(long months, long days, long seconds, int nanos) {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public CypherDuration {
        if (nanos < 0 || nanos >= NANOS_PER_SECOND) {
            long carry = Math.floorDiv(nanos, NANOS_PER_SECOND);
            seconds = Math.addExact(seconds, carry);
            nanos = (int) Math.floorMod(nanos, NANOS_PER_SECOND);
        }
    }

    /** Builds a duration from seconds and a nano adjustment of any size. */
    public static CypherDuration of(long months, long days, long seconds, long nanos) {
        long s = Math.addExact(seconds, Math.floorDiv(nanos, NANOS_PER_SECOND));
        return new CypherDuration(months, days, s, (int) Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    /** The sum of two durations, component by component. */
    public CypherDuration plus(CypherDuration o) {
        return of(Math.addExact(months, o.months), Math.addExact(days, o.days),
                Math.addExact(seconds, o.seconds), (long) nanos + o.nanos);
    }

    /** This duration with every component negated. */
    public CypherDuration negate() {
        return of(Math.negateExact(months), Math.negateExact(days), Math.negateExact(seconds), -(long) nanos);
    }

    /** ISO 8601 text as Cypher prints it, e.g. {@code P1Y2M3DT4H5M6.5S}; zero is {@code PT0S}. */
    @Override
    public String toString() {
        if (months == 0 && days == 0 && seconds == 0 && nanos == 0) {
            return "PT0S";
        }
        StringBuilder sb = new StringBuilder("P");
        long y = months / 12;
        long m = months % 12;
        if (y != 0) {
            sb.append(y).append('Y');
        }
        if (m != 0) {
            sb.append(m).append('M');
        }
        if (days != 0) {
            sb.append(days).append('D');
        }
        // Whole seconds and nanos have opposite signs for negative fractional durations; print
        // the seconds part from their exact sum.
        long totalNanosLow = (seconds % 60) * NANOS_PER_SECOND + nanos;
        long minutesTotal = seconds / 60;
        if (totalNanosLow > 0 && minutesTotal < 0) {
            minutesTotal += 1;
            totalNanosLow -= 60 * NANOS_PER_SECOND;
        }
        long h = minutesTotal / 60;
        long min = minutesTotal % 60;
        if (h != 0 || min != 0 || totalNanosLow != 0) {
            sb.append('T');
            if (h != 0) {
                sb.append(h).append('H');
            }
            if (min != 0) {
                sb.append(min).append('M');
            }
            if (totalNanosLow != 0) {
                sb.append(totalNanosLow < 0 ? "-" : "");
                long abs = Math.abs(totalNanosLow);
                sb.append(abs / NANOS_PER_SECOND);
                long frac = abs % NANOS_PER_SECOND;
                if (frac != 0) {
                    String f = String.format("%09d", frac);
                    int end = f.length();
                    while (end > 0 && f.charAt(end - 1) == '0') {
                        end--;
                    }
                    sb.append('.').append(f, 0, end);
                }
                sb.append('S');
            }
        }
        return sb.toString();
    }
}
