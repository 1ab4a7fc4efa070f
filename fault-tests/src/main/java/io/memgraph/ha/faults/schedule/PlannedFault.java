package io.memgraph.ha.faults.schedule;

/**
 * One fault of a schedule.
 *
 * @param number its place in the schedule, from 1
 * @param kind what to inject
 * @param gapMillis how long to let the cluster run undisturbed before it
 * @param durationMillis how long the fault lasts before it is healed
 * @param choice a seeded number that picks among targets and variants (which follower, drop or
 *     blackhole, which direction)
 */
public record PlannedFault(int number, FaultKind kind, long gapMillis, long durationMillis, int choice) {

    @Override
    public String toString() {
        return "#" + number + " " + kind + " after " + gapMillis + " ms, for " + durationMillis + " ms (choice "
                + choice + ")";
    }
}
