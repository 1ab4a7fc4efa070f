package io.memgraph.ha.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

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
            FlagSpec.value("port", "7687", "a port").withAliases("old-port"),
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

    @Test
    void anAliasSetsTheFlagAndMessagesUseTheNameGiven() {
        FlagValues f = new FlagParser(FLAGS).parse(null, null, Map.of(), new String[] {"--old_port=x"});
        assertThat(f.isSet("port")).isTrue();
        assertThat(f.intInRange("port", 7687, 0, 65535)).isEqualTo(7687);
        assertThatThrownBy(f::throwIfProblems).hasMessage("command line: --old-port=x must be an integer between 0 and 65535");
    }

    @Test
    void twoNamesOfOneFlagInOnePlaceAreRefusedNamingBoth() throws Exception {
        FlagValues cl = new FlagParser(FLAGS).parse(null, null, Map.of(), new String[] {"--port=1", "--old-port=2"});
        assertThatThrownBy(cl::throwIfProblems)
                .hasMessage("command line: --old-port=2 and --port=1 are two names of the same flag; give only one");
        Path conf = file("both.conf", "--old-port=1\n# x\n--port=2\n");
        FlagValues inFile = new FlagParser(FLAGS).parse(conf, null, Map.of(), new String[0]);
        assertThatThrownBy(inFile::throwIfProblems).hasMessage(conf + ":3: --port=2 and --old-port=1 (" + conf
                + ":1) are two names of the same flag; give only one");
    }

    @Test
    void aLaterPlaceOverridesAnEarlierOneWhicheverNameEachUses() throws Exception {
        Path conf = file("default.conf", "--port=1\n");
        Path inc = file("inc.conf", "--old-port=2\n");
        FlagValues f = new FlagParser(FLAGS).parse(conf, null, Map.of(), new String[] {"--flag-file=" + inc});
        f.throwIfProblems();
        assertThat(f.intInRange("port", 0, 0, 65535)).isEqualTo(2);
        FlagValues g = new FlagParser(FLAGS).parse(inc, null, Map.of(), new String[] {"--port=3"});
        g.throwIfProblems();
        assertThat(g.intInRange("port", 0, 0, 65535)).isEqualTo(3);
    }

    @Test
    void aFlagFileThatIsMissingOrADirectoryIsNamedAndDevNullGivesNoFlags() throws Exception {
        Path missing = dir.resolve("missing.conf");
        FlagValues f = new FlagParser(FLAGS).parse(null, null, Map.of(), new String[] {"--flag-file=" + missing});
        assertThatThrownBy(f::throwIfProblems).hasMessage("command line: --flag-file=" + missing + " does not exist");
        FlagValues d = new FlagParser(FLAGS).parse(null, null, Map.of(), new String[] {"--flag-file=" + dir});
        assertThatThrownBy(d::throwIfProblems)
                .hasMessage("command line: --flag-file=" + dir + " is a directory, not a file");
        FlagValues none = new FlagParser(FLAGS).parse(null, null, Map.of(),
                new String[] {"--flag-file=/dev/null", "--port=5"});
        none.throwIfProblems();
        assertThat(none.intInRange("port", 0, 0, 65535)).isEqualTo(5);
    }

    @Test
    void aCommentMayFollowAValueAfterWhiteSpace() throws Exception {
        Path conf = file("commented.conf", "# a whole line\n"
                + "--port=7688   # the value ends before the white space\n"
                + "--name=a#b\t# a '#' inside a value stays\n"
                + "   --verbose # a switch with a comment\n"
                + "    # an indented comment line\n");
        FlagValues f = new FlagParser(FLAGS).parse(conf, null, Map.of(), new String[0]);
        f.throwIfProblems();
        assertThat(f.intInRange("port", 0, 0, 65535)).isEqualTo(7688);
        assertThat(f.string("name", "")).isEqualTo("a#b");
        assertThat(f.bool("verbose", false)).isTrue();
    }

    @Test
    void aValueThatIsOnlyACommentIsEmpty() throws Exception {
        Path conf = file("empty.conf", "--name=  # nothing\n--port=# no white space, so this is the value\n");
        FlagValues f = new FlagParser(FLAGS).parse(conf, null, Map.of(), new String[0]);
        assertThat(f.string("name", "x")).isEmpty();
        f.intInRange("port", 0, 0, 65535);
        assertThatThrownBy(f::throwIfProblems).hasMessage(conf + ":2: --port=# no white space, so this is the value"
                + " must be an integer between 0 and 65535");
    }

    @Test
    void theCommandLineHasNoComments() {
        FlagValues f = new FlagParser(FLAGS).parse(null, null, Map.of(), new String[] {"--name=a #b"});
        assertThat(f.string("name", "")).isEqualTo("a #b");
    }

    @Test
    void helpListsDefaultsAndAliases() {
        org.apache.commons.cli.Options help = new FlagParser(FLAGS).helpOptions();
        assertThat(help.getOption("port").getDescription()).isEqualTo("a port (default 7687) (also --old-port)");
        assertThat(help.getOption("name").getDescription()).isEqualTo("a name");
        assertThat(help.getOption("help").getDescription()).isEqualTo("print the flags and exit");
        assertThat(help.hasLongOption("flag-file")).isTrue();
        assertThat(FlagParser.wantsHelp(new String[] {"--port=1", "-h"})).isTrue();
        assertThat(FlagParser.wantsHelp(new String[] {"--port=1"})).isFalse();
    }

    @Test
    void anAliasThatIsAlsoAFlagIsAProgrammingError() {
        assertThatThrownBy(() -> new FlagParser(List.of(FlagSpec.value("a", "", "a"),
                FlagSpec.value("b", "", "b").withAliases("a")))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bothOrNeitherNamesTheFlagThatIsSet() {
        FlagValues one = new FlagParser(FLAGS).parse(null, null, Map.of(), new String[] {"--name=x"});
        one.bothOrNeither("port", "name", "Naming");
        assertThatThrownBy(one::throwIfProblems)
                .hasMessage("command line: --name=x is set but its pair is not: Naming needs both --port and --name");
        FlagValues both = new FlagParser(FLAGS).parse(null, null, Map.of(), new String[] {"--name=x", "--port=1"});
        both.bothOrNeither("port", "name", "Naming");
        FlagValues neither = new FlagParser(FLAGS).parse(null, null, Map.of(), new String[] {"--name="});
        neither.bothOrNeither("port", "name", "Naming");
        assertThat(List.of(both, neither)).allSatisfy(f -> assertThat(catchThrowable(f::throwIfProblems)).isNull());
    }
}
