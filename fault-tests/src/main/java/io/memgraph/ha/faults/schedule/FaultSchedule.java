package io.memgraph.ha.faults.schedule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded, endless sequence of faults: the same seed gives the same sequence. The first
 * {@code FaultKind.values().length} faults are every kind once, in a seeded order, so a bounded run
 * of that many covers all kinds; after them each kind is drawn at random.
 *
 * <p>The schedule names roles (the leader, a follower, the second follower), not server ids: which
 * server holds a role depends on elections at run time.
 */
public final class FaultSchedule {
    private final Random random;
    private final List<FaultKind> firstRound;
    private final long minGap;
    private final long maxGap;
    private final long minDuration;
    private final long maxDuration;
    private int issued;

    /**
     * @param seed the seed
     * @param minGapMillis the shortest quiet time before a fault
     * @param maxGapMillis the longest
     * @param minDurationMillis the shortest fault
     * @param maxDurationMillis the longest
     */
    public FaultSchedule(long seed, long minGapMillis, long maxGapMillis, long minDurationMillis,
            long maxDurationMillis) {
        this.random = new Random(seed);
        List<FaultKind> kinds = new ArrayList<>(List.of(FaultKind.values()));
        Collections.shuffle(kinds, random);
        this.firstRound = List.copyOf(kinds);
        this.minGap = minGapMillis;
        this.maxGap = maxGapMillis;
        this.minDuration = minDurationMillis;
        this.maxDuration = maxDurationMillis;
    }

    /** The number of faults that covers every kind once. */
    public static int allKinds() {
        return FaultKind.values().length;
    }

    /** The next fault. */
    public PlannedFault next() {
        FaultKind kind = issued < firstRound.size() ? firstRound.get(issued)
                : FaultKind.values()[random.nextInt(FaultKind.values().length)];
        issued++;
        long gap = minGap + (long) (random.nextDouble() * (maxGap - minGap));
        long duration = minDuration + (long) (random.nextDouble() * (maxDuration - minDuration));
        return new PlannedFault(issued, kind, gap, duration, random.nextInt(1 << 16));
    }
}
