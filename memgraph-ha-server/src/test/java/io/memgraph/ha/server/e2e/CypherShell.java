package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Neo4j's {@code cypher-shell} as tests run it: {@code bin/cypher-shell} (the Maven Central artifact
 * {@code org.neo4j:cypher-shell}, resolved with {@code mvn} on first use into
 * {@code target/cypher-shell-cache}), and the way tests run any external program.
 */
public final class CypherShell {
    /** The longest one run of cypher-shell may take (the first resolves it with Maven). */
    public static final Duration TIMEOUT = Duration.ofMinutes(3);

    private CypherShell() {
    }

    /** This module's directory (where Maven runs the tests). */
    public static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /**
     * bin/cypher-shell with {@code args} (and user {@code neo4j} with any password, non-interactive),
     * standard input from {@code stdin}; fails the test when it does not finish in time or Maven is missing.
     */
    public static Run run(Path work, String stdin, String... args) throws Exception {
        return runAs("neo4j", "any", work, stdin, args);
    }

    /** As {@link #run}, logged in as {@code user} with {@code password}. */
    public static Run runAs(String user, String password, Path work, String stdin, String... args) throws Exception {
        Path launcher = moduleDir().getParent().resolve("bin/cypher-shell");
        assertThat(launcher).as("the cypher-shell launcher").isRegularFile();
        List<String> cmd = new ArrayList<>(List.of("sh", launcher.toString(), "-u", user, "-p", password,
                "--non-interactive"));
        cmd.addAll(List.of(args));
        Map<String, String> env = Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "XDG_CACHE_HOME", moduleDir().resolve("target/cypher-shell-cache").toString());
        Run r = exec(cmd, work, stdin, TIMEOUT, env);
        if (r.exitCode() == Run.TIMED_OUT) {
            fail("cypher-shell " + String.join(" ", args) + " did not finish within " + TIMEOUT + ":\n" + r.output());
        }
        if (r.output().contains("mvn: not found") || r.output().contains("mvn: command not found")) {
            fail("bin/cypher-shell needs Maven ('mvn' on the PATH) to fetch org.neo4j:cypher-shell on first use:\n"
                    + r.output());
        }
        return r;
    }

    /** A finished process: its exit code ({@link #TIMED_OUT} when it was killed) and its output (stdout and stderr). */
    public record Run(int exitCode, String output) {
        /** The exit code of a process that was killed because it ran too long. */
        public static final int TIMED_OUT = -1;

        /** The output's lines, stripped, without terminal colour codes (mvn -q prints some). */
        public List<String> lines() {
            return output.lines().map(l -> l.replaceAll("\u001B\\[[;\\d]*m", "").strip()).toList();
        }
    }

    /**
     * Runs {@code cmd} in {@code dir} with standard output and error merged into one file, and waits at
     * most {@code timeout}; a process still running then is killed (with its children) and reported
     * as {@link Run#TIMED_OUT}.
     *
     * @throws IOException when the program cannot be started (e.g. it is not installed)
     */
    public static Run exec(List<String> cmd, Path dir, String stdin, Duration timeout, Map<String, String> env)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("memgraph-ha-js-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (var in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            int code;
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                code = p.exitValue();
            } else {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                code = Run.TIMED_OUT;
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (code == Run.TIMED_OUT) {
                text += "\n<killed after " + timeout + ">";
            }
            return new Run(code, text);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
