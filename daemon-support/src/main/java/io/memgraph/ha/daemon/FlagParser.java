package io.memgraph.ha.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * Reads gflags-style configuration: {@code --flag=value} lines in a flag file ({@code #} starts a
 * comment) and the same syntax on the command line, which wins. Dashes and underscores in flag
 * names are interchangeable, as in gflags. {@code --flag-file=PATH} (in a file or on the command
 * line) includes another file at that point.
 *
 * <p>Files are read in this order, later values winning: the program's default file if it exists,
 * the file named by the program's environment variable (the server's is {@code MEMGRAPH_CONFIG};
 * when it is set the file must exist), then the command line with its {@code --flag-file}
 * includes.
 */
public final class FlagParser {
    /** The name of the include flag. */
    public static final String FLAG_FILE = "flag-file";

    private static final String COMMAND_LINE = "command line";
    private static final int MAX_INCLUDE_DEPTH = 8;

    private final Map<String, FlagSpec> specs = new LinkedHashMap<>();
    private final Options options = new Options();

    public FlagParser(List<FlagSpec> flags) {
        for (FlagSpec spec : flags) {
            add(spec);
        }
        add(FlagSpec.value(FLAG_FILE, null, "read more flags from this file"));
        add(FlagSpec.bool("help", false, "print the flags and exit"));
    }

    private void add(FlagSpec spec) {
        specs.put(spec.name(), spec);
        Option.Builder b = Option.builder().longOpt(spec.name()).desc(spec.description());
        if (spec.isBoolean()) {
            b.optionalArg(true).numberOfArgs(1);
        } else {
            b.hasArg().argName("value");
        }
        options.addOption(b.get());
    }

    /** The Commons CLI options, for {@code --help} output. */
    public Options options() {
        return options;
    }

    /**
     * Parses everything: the default file (skipped when missing), the file named by the
     * environment variable, then the command line.
     *
     * @param defaultFile the program's default flag file, or null
     * @param envVariable the name of the environment variable that may name one more flag file
     *     (e.g. {@code MEMGRAPH_CONFIG}), or null when the program has none
     * @param env the process environment
     * @param args the command line
     * @return the values; syntax problems found while reading are already recorded in it, so that
     *     {@link FlagValues#throwIfProblems()} reports them together with bad values
     */
    public FlagValues parse(Path defaultFile, String envVariable, Map<String, String> env, String[] args) {
        Map<String, FlagValues.Sourced> merged = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (defaultFile != null && Files.isRegularFile(defaultFile)) {
            readFile(defaultFile, merged, problems, 0);
        }
        String envConfig = envVariable == null ? null : env.get(envVariable);
        if (envConfig != null && !envConfig.isEmpty()) {
            Path p = Path.of(envConfig);
            if (Files.isRegularFile(p)) {
                readFile(p, merged, problems, 0);
            } else {
                problems.add(envVariable + " environment variable set to nonexisting path: " + envConfig);
            }
        }
        parseArgs(List.of(args), COMMAND_LINE, merged, problems, 0);
        return new FlagValues(merged, problems);
    }

    private void readFile(Path file, Map<String, FlagValues.Sourced> merged, List<String> problems, int depth) {
        if (depth > MAX_INCLUDE_DEPTH) {
            problems.add(file + ": --flag-file includes nest deeper than " + MAX_INCLUDE_DEPTH + " files (a cycle?)");
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(file + ": cannot read the flag file: " + e.getMessage());
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String source = file + ":" + (i + 1);
            if (!line.startsWith("--")) {
                problems.add(source + ": expected a --flag=value line, found '" + line + "'");
                continue;
            }
            parseArgs(List.of(line), source, merged, problems, depth);
        }
    }

    private void parseArgs(List<String> args, String source, Map<String, FlagValues.Sourced> merged,
            List<String> problems, int depth) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                problems.add(source + ": unexpected argument '" + arg + "' (flags look like --name=value)");
                continue;
            }
            String normalized = normalize(arg);
            String name = flagName(normalized);
            FlagSpec spec = specs.get(name);
            if (spec == null) {
                problems.add(source + ": unknown flag --" + name);
                continue;
            }
            if (!spec.isBoolean() && normalized.indexOf('=') < 0) {
                problems.add(source + ": --" + name + " needs a value (--" + name + "=...)");
                continue;
            }
            CommandLine cl;
            try {
                cl = DefaultParser.builder().get().parse(options, new String[] {normalized});
            } catch (ParseException e) {
                problems.add(source + ": --" + name + ": " + e.getMessage());
                continue;
            }
            String value = cl.getOptionValue(name);
            if (value == null) {
                value = "true"; // a boolean switch given without a value
            }
            if (name.equals(FLAG_FILE)) {
                Path include = Path.of(value);
                if (!Files.isRegularFile(include)) {
                    problems.add(source + ": --flag-file=" + value + " does not exist");
                } else {
                    readFile(include, merged, problems, depth + 1);
                }
                continue;
            }
            merged.put(name, new FlagValues.Sourced(value, source));
        }
    }

    /** {@code --server_id=1} becomes {@code --server-id=1}; a single leading dash becomes two. */
    static String normalize(String arg) {
        String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
        int eq = body.indexOf('=');
        String name = (eq < 0 ? body : body.substring(0, eq)).replace('_', '-').toLowerCase(Locale.ROOT);
        return "--" + name + (eq < 0 ? "" : body.substring(eq));
    }

    private static String flagName(String normalized) {
        int eq = normalized.indexOf('=');
        return eq < 0 ? normalized.substring(2) : normalized.substring(2, eq);
    }
}
