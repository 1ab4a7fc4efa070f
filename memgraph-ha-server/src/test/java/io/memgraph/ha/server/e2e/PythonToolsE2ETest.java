package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.fail;

import io.memgraph.ha.server.e2e.ExternalProgram.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Python libraries that users of Memgraph and of Neo4j connect with, against a real server
 * process: GQLAlchemy's {@code Memgraph} class (over pymgclient, Memgraph's C client, in Bolt 4.1)
 * runs {@code src/test/python/gqlalchemy_check.py}, and neomodel (over the official neo4j driver)
 * runs {@code neomodel_check.py}, and LangChain's {@code Neo4jGraph} (langchain-community's, whose
 * schema and imports use APOC's procedures) runs {@code langchain_check.py}; each script asserts its answers, prints an {@code ok} line per
 * check and exits 0 only when all passed. Each test starts a server of its own.
 *
 * <p>The first run makes a virtual environment in {@code target/python-venv} and installs
 * {@code requirements.txt}, then before each test its tool's {@code requirements-<tool>.txt}
 * without dependencies (pinned versions; again only when a file changes): a machine whose package
 * index lacks one tool still runs the others. {@code python3} with its {@code venv} module
 * and pip are required ({@code .ci/run} installs them): without them the tests fail, naming what
 * is missing. When pip cannot get the packages (a machine that reaches no Python package index),
 * the tests (or the one whose tool it lacks) are skipped with pip's answer; the system property {@value #FIND_LINKS} names a
 * directory of wheels to install from instead.
 */
class PythonToolsE2ETest {
    /** System property: a directory of wheels pip may install from (pip's {@code --find-links}). */
    static final String FIND_LINKS = "memgraph-ha.python.find-links";
    /** The checks of each script: it prints one {@code ok} line per check, then {@code all N checks passed}. */
    static final int GQLALCHEMY_CHECKS = 16;
    static final int NEOMODEL_CHECKS = 12;
    static final int LANGCHAIN_CHECKS = 5;

    static final Duration PIP_TIMEOUT = Duration.ofMinutes(10);
    static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);

    /** Why the scripts cannot run (set once), or null when the environment is ready. */
    private static String problem;
    /** Whether the problem is that the packages could not be had (skip) rather than a missing python3 (fail). */
    private static boolean packagesUnavailable;
    private static boolean prepared;
    /** Per tool: why its packages could not be installed, or null once they are. */
    private static final Map<String, String> toolProblems = new java.util.HashMap<>();

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void gqlAlchemyPassesEveryCheck() throws Exception {
        prepareTool("gqlalchemy");
        try (ServerProcess server = ServerProcess.start()) {
            Run run = script(List.of("gqlalchemy_check.py", "127.0.0.1", String.valueOf(server.port())));
            expectAllPassed("GQLAlchemy (gqlalchemy_check.py)", run, GQLALCHEMY_CHECKS, server);
        }
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void neomodelPassesEveryCheck() throws Exception {
        prepareTool("neomodel");
        try (ServerProcess server = ServerProcess.start()) {
            Run run = script(List.of("neomodel_check.py", "bolt://neo4j:any@127.0.0.1:" + server.port()));
            expectAllPassed("neomodel (neomodel_check.py)", run, NEOMODEL_CHECKS, server);
        }
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void langchainNeo4jGraphPassesEveryCheck() throws Exception {
        prepareTool("langchain");
        try (ServerProcess server = ServerProcess.start()) {
            Run run = script(List.of("langchain_check.py", "bolt://127.0.0.1:" + server.port()));
            expectAllPassed("LangChain's Neo4jGraph (langchain_check.py)", run, LANGCHAIN_CHECKS, server);
        }
    }

    private static void expectAllPassed(String what, Run run, int checks, ServerProcess server) {
        long ok = run.lines().stream().filter(l -> l.startsWith("ok ")).count();
        String allPassed = "all " + checks + " checks passed";
        if (run.exitCode() != 0 || ok != checks || !run.lines().contains(allPassed)) {
            String exit = run.exitCode() == Run.TIMED_OUT ? "was killed after " + SCRIPT_TIMEOUT
                    : "exited with " + run.exitCode();
            fail(what + " " + exit + " after " + ok + " of " + checks + " checks (expected '" + allPassed
                    + "'); its output:\n" + run.output() + "\n--- the server's log (its last lines):\n"
                    + String.join("\n", tail(server.stderr(), 40)));
        }
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    private static Run script(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(venvPython().toString()));
        cmd.addAll(args);
        return ExternalProgram.exec(cmd, pythonDir(), null, SCRIPT_TIMEOUT, Map.of("PYTHONUNBUFFERED", "1"));
    }

    // ------------------------------------------------------------------ the environment

    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    static Path pythonDir() {
        return moduleDir().resolve("src/test/python");
    }

    static Path venv() {
        return moduleDir().resolve("target/python-venv");
    }

    static Path venvPython() {
        return venv().resolve("bin/python");
    }

    /** Makes the virtual environment and installs the packages once per JVM; fails or skips the caller when it cannot. */
    static synchronized void preparePython() throws Exception {
        if (!prepared) {
            prepared = true;
            problem = findPythonProblem();
        }
        if (problem != null) {
            if (packagesUnavailable) {
                Assumptions.abort(problem);
            }
            fail(problem);
        }
    }

    /**
     * {@link #preparePython()}, then installs {@code requirements-<tool>.txt} once per JVM (and
     * only when it changed); skips the caller when pip cannot get it.
     */
    static synchronized void prepareTool(String tool) throws Exception {
        preparePython();
        if (!toolProblems.containsKey(tool)) {
            toolProblems.put(tool, install("requirements-" + tool + ".txt", true));
        }
        String p = toolProblems.get(tool);
        if (p != null) {
            Assumptions.abort(p);
        }
    }

    private static String findPythonProblem() throws Exception {
        Path dir = pythonDir();
        Run version;
        try {
            version = ExternalProgram.exec(List.of("python3", "--version"), dir, null, Duration.ofSeconds(30), Map.of());
        } catch (IOException e) {
            return "Python is not installed (no 'python3' on the PATH: " + e.getMessage() + "). The Python tool tests"
                    + " need python3 3.10 or later with its venv module and pip; .ci/run installs them (apt-get"
                    + " install python3 python3-venv python3-pip)";
        }
        if (version.exitCode() != 0) {
            return "'python3 --version' failed (exit " + version.exitCode() + "): " + version.output();
        }
        if (!Files.isExecutable(venvPython())) {
            Run made = ExternalProgram.exec(List.of("python3", "-m", "venv", "--clear", venv().toString()), dir, null,
                    Duration.ofMinutes(2), Map.of());
            if (made.exitCode() != 0) {
                return "'python3 -m venv' failed (exit " + made.exitCode() + "): python3's venv module or ensurepip"
                        + " is missing (Debian: apt-get install python3-venv); its output:\n" + made.output();
            }
        }
        Run pip = ExternalProgram.exec(List.of(venvPython().toString(), "-m", "pip", "--version"), dir, null,
                Duration.ofMinutes(1), Map.of());
        if (pip.exitCode() != 0) {
            return "pip is missing from the virtual environment " + venv() + " (Debian: apt-get install python3-pip"
                    + " python3-venv); its output:\n" + pip.output();
        }
        String base = install("requirements.txt", false);
        if (base != null) {
            packagesUnavailable = true;
        }
        return base;
    }

    /**
     * Installs {@code file} of {@link #pythonDir()} into the virtual environment unless the same
     * file (and wheel directory) was installed before.
     *
     * @param noDeps whether pip installs the file's packages without their declared dependencies
     * @return null, or why pip could not install it
     */
    private static String install(String file, boolean noDeps) throws Exception {
        Path dir = pythonDir();
        String content = Files.readString(dir.resolve(file), StandardCharsets.UTF_8) + System.getProperty(FIND_LINKS, "");
        Path marker = venv().resolve("installed-" + file);
        if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(content)) {
            return null;
        }
        List<String> cmd = new ArrayList<>(List.of(venvPython().toString(), "-m", "pip", "install",
                "--disable-pip-version-check", "--no-input", "-q", "--retries", "1", "--timeout", "15"));
        if (noDeps) {
            cmd.add("--no-deps");
        }
        cmd.addAll(List.of("-r", file));
        String findLinks = System.getProperty(FIND_LINKS);
        if (findLinks != null && !findLinks.isBlank()) {
            cmd.addAll(List.of("--find-links", findLinks));
        }
        Run run = ExternalProgram.exec(cmd, dir, null, PIP_TIMEOUT, Map.of());
        if (run.exitCode() != 0) {
            return "pip could not install " + file + " (" + (run.exitCode() == Run.TIMED_OUT ? "not done within "
                    + PIP_TIMEOUT : "exit " + run.exitCode()) + "): no package index it reaches has them. Run where"
                    + " pip reaches PyPI, or pass -D" + FIND_LINKS + "=<directory of wheels>; pip's output:\n"
                    + run.output();
        }
        Files.writeString(marker, content, StandardCharsets.UTF_8);
        return null;
    }
}
