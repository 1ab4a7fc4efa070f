package io.memgraph.ha.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser itself, with a program's own default file and environment variable. */
class FlagParserTest {
    private static final List<FlagSpec> FLAGS = List.of(
            FlagSpec.value("port", "7687", "a port"),
            FlagSpec.value("name", "", "a name"),
            FlagSpec.bool("verbose", false, "a switch"));

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void defaultFileThenEnvironmentFileThenCommandLineLaterWinning() throws Exception {
        Path defaults = file("default.conf", "--port=1\n--name=from-default\n--verbose\n");
        Path env = file("env.conf", "--port=2\n--name=from-env\n");
        FlagValues f = new FlagParser(FLAGS).parse(defaults, "TEST_CONFIG", Map.of("TEST_CONFIG", env.toString()),
                new String[] {"--port=3"});
        f.throwIfProblems();
        assertThat(f.intInRange("port", 0, 0, 65535)).isEqualTo(3);
        assertThat(f.string("name", "")).isEqualTo("from-env");
        assertThat(f.bool("verbose", false)).isTrue();
    }

    @Test
    void theProgramsOwnVariableIsNamedWhenItsFileIsMissing() {
        FlagValues f = new FlagParser(FLAGS).parse(null, "TEST_CONFIG",
                Map.of("TEST_CONFIG", dir.resolve("nope").toString()), new String[0]);
        assertThatThrownBy(f::throwIfProblems).isInstanceOf(ConfigException.class)
                .hasMessage("TEST_CONFIG environment variable set to nonexisting path: " + dir.resolve("nope"));
    }

    @Test
    void withoutAVariableTheEnvironmentIsNotRead() throws Exception {
        Path env = file("env.conf", "--port=2\n");
        FlagValues f = new FlagParser(FLAGS).parse(dir.resolve("missing.conf"), null,
                Map.of("MEMGRAPH_CONFIG", env.toString(), "TEST_CONFIG", env.toString()), new String[0]);
        f.throwIfProblems();
        assertThat(f.isSet("port")).isFalse();
    }
}
