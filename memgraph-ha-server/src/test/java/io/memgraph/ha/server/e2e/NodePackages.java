package io.memgraph.ha.server.e2e;

import static io.memgraph.ha.server.e2e.ExternalProgram.exec;

import io.memgraph.ha.server.e2e.ExternalProgram.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A directory of JavaScript checks under {@code src/test} with its own {@code package.json} and
 * {@code package-lock.json} ({@code js/}: the Neo4j drivers, {@code graphql/}: the Neo4j GraphQL
 * Library), made ready to run: Node.js of a minimum version on the PATH, and its packages installed
 * with {@code npm ci} when {@code node_modules} is missing or older than the lock file. Each
 * directory is looked at once per JVM; a missing or too old {@code node} is a problem, not a
 * reason to skip ({@code .ci/run} installs Node.js and npm).
 */
public final class NodePackages {
    static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);

    /** Per directory: why it cannot run (node missing, npm ci failed), or "" once it is ready. */
    private static final Map<Path, String> PROBLEMS = new HashMap<>();

    private NodePackages() {
    }

    /** {@code src/test/<name>} of this module. */
    public static Path testDir(String name) {
        return CypherShell.moduleDir().resolve("src/test").resolve(name);
    }

    /**
     * Why the packages of {@code dir} cannot be used (a sentence naming what to install or what npm
     * said), or null when they are ready. {@code user} names what needs them, for the messages.
     */
    public static synchronized String problem(Path dir, int minimumNodeMajor, String user) throws Exception {
        String problem = PROBLEMS.get(dir);
        if (problem == null) {
            problem = findProblem(dir, minimumNodeMajor, user);
            PROBLEMS.put(dir, problem == null ? "" : problem);
        }
        return problem == null || problem.isEmpty() ? null : problem;
    }

    private static String findProblem(Path dir, int minimumNodeMajor, String user) throws Exception {
        Run version;
        try {
            version = exec(List.of("node", "--version"), dir, null, Duration.ofSeconds(30), Map.of());
        } catch (IOException e) {
            return "Node.js is not installed (no 'node' on the PATH: " + e.getMessage() + "). " + user + " need"
                    + " Node.js " + minimumNodeMajor + " or later and npm; .ci/run installs them (apt-get install"
                    + " nodejs npm)";
        }
        String v = version.output().trim();
        if (version.exitCode() != 0 || !v.matches("v\\d+\\..*")) {
            return "'node --version' failed (exit " + version.exitCode() + "): " + v;
        }
        int major = Integer.parseInt(v.substring(1, v.indexOf('.')));
        if (major < minimumNodeMajor) {
            return "Node.js " + v + " is too old: " + user + " need " + minimumNodeMajor + " or later";
        }
        Path installed = dir.resolve("node_modules/.package-lock.json");
        Path lock = dir.resolve("package-lock.json");
        if (Files.exists(installed) && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return null;
        }
        Run ci;
        try {
            ci = exec(List.of("npm", "ci", "--no-audit", "--no-fund"), dir, null, NPM_TIMEOUT, Map.of());
        } catch (IOException e) {
            return "npm is not installed (no 'npm' on the PATH: " + e.getMessage() + "), so the packages of " + user
                    + " cannot be installed into " + dir + "/node_modules; .ci/run installs it (apt-get install npm)";
        }
        if (ci.exitCode() != 0) {
            return "'npm ci' in " + dir + " " + (ci.exitCode() == Run.TIMED_OUT ? "did not finish within " + NPM_TIMEOUT
                    : "failed with exit code " + ci.exitCode()) + "; its output:\n" + ci.output();
        }
        return null;
    }
}
