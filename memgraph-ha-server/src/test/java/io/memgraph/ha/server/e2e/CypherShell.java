package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Neo4j's {@code cypher-shell} as tests run it: {@code bin/cypher-shell} (the Maven Central artifact
 * {@code org.neo4j:cypher-shell}, resolved with {@code mvn} on first use into
 * {@code target/cypher-shell-cache}), run through {@link ExternalProgram}.
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
    public static ExternalProgram.Run run(Path work, String stdin, String... args) throws Exception {
        return runAs("neo4j", "any", work, stdin, args);
    }

    /** As {@link #run}, logged in as {@code user} with {@code password}. */
    public static ExternalProgram.Run runAs(String user, String password, Path work, String stdin, String... args) throws Exception {
        Path launcher = moduleDir().getParent().resolve("bin/cypher-shell");
        assertThat(launcher).as("the cypher-shell launcher").isRegularFile();
        List<String> cmd = new ArrayList<>(List.of("sh", launcher.toString(), "-u", user, "-p", password,
                "--non-interactive"));
        cmd.addAll(List.of(args));
        Map<String, String> env = Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "XDG_CACHE_HOME", moduleDir().resolve("target/cypher-shell-cache").toString());
        ExternalProgram.Run r = ExternalProgram.exec(cmd, work, stdin, TIMEOUT, env);
        if (r.exitCode() == ExternalProgram.Run.TIMED_OUT) {
            fail("cypher-shell " + String.join(" ", args) + " did not finish within " + TIMEOUT + ":\n" + r.output());
        }
        if (r.output().contains("mvn: not found") || r.output().contains("mvn: command not found")) {
            fail("bin/cypher-shell needs Maven ('mvn' on the PATH) to fetch org.neo4j:cypher-shell on first use:\n"
                    + r.output());
        }
        return r;
    }
}
