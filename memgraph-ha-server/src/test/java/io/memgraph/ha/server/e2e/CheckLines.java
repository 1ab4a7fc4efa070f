package io.memgraph.ha.server.e2e;

import io.memgraph.ha.server.e2e.ExternalProgram.Run;
import java.time.Duration;
import java.util.List;

/**
 * The output of the check scripts that drive a server with a client library (proxy-check.mjs,
 * graphql-check.mjs): one line {@code ok <check>: <detail>} per check that passed, the first
 * failure as {@code FAIL <check>: <why>} with a non-zero exit, and {@code all <n> checks passed}
 * at the end.
 */
public final class CheckLines {
    private CheckLines() {
    }

    /**
     * What is wrong with {@code run}, a script that should have passed exactly the checks
     * {@code expected} (within {@code timeout}), or null when it did.
     */
    public static String problem(Run run, List<String> expected, Duration timeout) {
        List<String> missing = expected.stream()
                .filter(c -> run.lines().stream().noneMatch(l -> l.startsWith("ok " + c + ": ")))
                .toList();
        String allPassed = "all " + expected.size() + " checks passed";
        if (run.exitCode() == 0 && missing.isEmpty() && run.lines().contains(allPassed)) {
            return null;
        }
        String exit = run.exitCode() == Run.TIMED_OUT ? "was killed after " + timeout
                : "exited with " + run.exitCode();
        return exit + (missing.isEmpty() ? " but did not print '" + allPassed + "'"
                : "; checks without an ok line: " + missing);
    }
}
