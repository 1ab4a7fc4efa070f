package io.memgraph.ha.server.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program the end-to-end tests drive a server with (node and its drivers, cypher-shell,
 * python3 and its libraries) and waits for it, within a time limit.
 */
public final class ExternalProgram {
    private ExternalProgram() {
    }

    /** A finished process: its exit code ({@link #TIMED_OUT} when it was killed) and its output (stdout and stderr). */
    public record Run(int exitCode, String output) {
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
        Path out = Files.createTempFile("memgraph-ha-program-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
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
