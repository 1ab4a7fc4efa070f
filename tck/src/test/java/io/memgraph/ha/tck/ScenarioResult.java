package io.memgraph.ha.tck;

/**
 * The outcome of one TCK scenario (one row of a scenario outline counts as one scenario).
 *
 * @param feature the feature file under {@code features/}, e.g. {@code clauses/match/Match1.feature}
 * @param line    the line of the scenario (or of the example row) in the feature file
 * @param name    the scenario name, with the example number for outline rows
 * @param status  passed, failed or skipped
 * @param message the failure or skip message, or empty
 * @param millis  how long the scenario ran
 */
record ScenarioResult(String feature, int line, String name, Status status, String message, long millis) {

    /** What happened to a scenario. */
    enum Status { PASSED, FAILED, SKIPPED }

    /** The feature group: the directory of the feature, e.g. {@code clauses/match}. */
    String group() {
        int slash = feature.lastIndexOf('/');
        return slash < 0 ? "(root)" : feature.substring(0, slash);
    }

    /** {@code clauses/match/Match1.feature:42}. */
    String location() {
        return feature + ":" + line;
    }
}
