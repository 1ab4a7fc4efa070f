package io.memgraph.ha.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Reads gflags-style configuration: {@code --flag=value} lines in a flag file and the same syntax
 * on the command line, which wins. In a file a line whose first non-blank character is {@code #}
 * is a comment, and so is the rest of a line from a {@code #} that follows white space
 * ({@code --bolt-port=7687   # the default}); a {@code #} inside a value ({@code --log-file=a#b})
 * stays. A value cannot contain white space followed by {@code #}: there is no quoting (gflags has
 * none either). The command line has no comments (the shell has its own). Dashes and underscores in flag
 * names are interchangeable, as in gflags. {@code --flag-file=PATH} (in a file or on the command
 * line) includes another file at that point.
 *
 * <p>Files are read in this order, later values winning: the program's default file if it exists,
 * the file named by the program's environment variable (the server's is {@code MEMGRAPH_CONFIG};
 * when it is set the file must exist), then the command line with its {@code --flag-file}
 * includes.
 *
 * <p>A flag may have aliases ({@link FlagSpec#withAliases}), other names for the same value. A
 * later place (file or command line) overrides an earlier one whichever name each uses, but one
 * place giving the flag under two of its names is an error naming both: which one was meant
 * cannot be told.
 */
public final class FlagParser {
    /** The name of the include flag. */
    public static final String FLAG_FILE = "flag-file";

    private static final String COMMAND_LINE = "command line";
    private static final int MAX_INCLUDE_DEPTH = 8;

    private final List<FlagSpec> programFlags;
    private final Map<String, FlagSpec> specs = new LinkedHashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Options options = new Options();

    /**
     * A parser for {@code flags}; {@code --flag-file} and {@code --help} are added to them.
     *
     * @throws IllegalArgumentException when two flags or aliases share a name
     */
    public FlagParser(List<FlagSpec> flags) {
        this.programFlags = List.copyOf(flags);
        for (FlagSpec spec : flags) {
            add(spec);
        }
        add(FlagSpec.value(FLAG_FILE, null, "read more flags from this file"));
        add(FlagSpec.bool("help", false, "print the flags and exit"));
    }

    private void add(FlagSpec spec) {
        if (specs.containsKey(spec.name()) || aliases.containsKey(spec.name())) {
            throw new IllegalArgumentException("the flag --" + spec.name() + " is defined twice");
        }
        specs.put(spec.name(), spec);
        for (String alias : spec.aliases()) {
            if (specs.containsKey(alias) || aliases.putIfAbsent(alias, spec.name()) != null) {
                throw new IllegalArgumentException("the alias --" + alias + " of --" + spec.name()
                        + " is already a flag or an alias");
            }
        }
        Option.Builder b = Option.builder().longOpt(spec.name()).desc(spec.description());
        if (spec.isBoolean()) {
            b.optionalArg(true).numberOfArgs(1);
        } else {
            b.hasArg().argName("value");
        }
        options.addOption(b.get());
    }

    /**
     * The program's flags as Commons CLI options for {@code --help}: each description ends with
     * the default (when there is one) and the aliases; {@code --flag-file} and {@code --help}
     * follow.
     */
    public Options helpOptions() {
        Options help = new Options();
        for (Option o : options.getOptions()) {
            String name = o.getLongOpt();
            StringBuilder description = new StringBuilder(o.getDescription());
            for (FlagSpec spec : programFlags) {
                if (!spec.name().equals(name)) {
                    continue;
                }
                if (spec.defaultValue() != null && !spec.defaultValue().isEmpty()) {
                    description.append(" (default ").append(spec.defaultValue()).append(')');
                }
                for (String alias : spec.aliases()) {
                    description.append(" (also --").append(alias).append(')');
                }
            }
            Option.Builder b = Option.builder().longOpt(name).desc(description.toString());
            if (o.hasArg() && !name.equals("help")) {
                b.hasArg().argName("value");
            }
            help.addOption(b.get());
        }
        return help;
    }

    /** Whether the command line asks for {@code --help} (checked before anything else is read). */
    public static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-help") || a.equals("-h") || a.equals("--help=true")) {
                return true;
            }
        }
        return false;
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
        Reading r = new Reading();
        if (defaultFile != null && Files.isRegularFile(defaultFile)) {
            readFile(defaultFile, r, 0);
        }
        String envConfig = envVariable == null ? null : env.get(envVariable);
        if (envConfig != null && !envConfig.isEmpty()) {
            Path p = Path.of(envConfig);
            if (Files.isRegularFile(p)) {
                readFile(p, r, 0);
            } else {
                r.problems.add(envVariable + " environment variable set to nonexisting path: " + envConfig);
            }
        }
        parseArgs(List.of(args), COMMAND_LINE, COMMAND_LINE, r, 0);
        return new FlagValues(r.merged, r.problems);
    }

    /** The state of one {@link #parse}. */
    private static final class Reading {
        final Map<String, FlagValues.Sourced> merged = new LinkedHashMap<>();
        /** The last value each flag got in each place (a file or the command line). */
        final Map<List<String>, FlagValues.Sourced> byPlace = new HashMap<>();
        final List<String> problems = new ArrayList<>();
    }

    private void readFile(Path file, Reading r, int depth) {
        if (depth > MAX_INCLUDE_DEPTH) {
            r.problems.add(file + ": --flag-file includes nest deeper than " + MAX_INCLUDE_DEPTH + " files (a cycle?)");
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            r.problems.add(file + ": cannot read the flag file: " + e.getMessage());
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = withoutComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String source = file + ":" + (i + 1);
            if (!line.startsWith("--")) {
                r.problems.add(source + ": expected a --flag=value line, found '" + line + "'");
                continue;
            }
            parseArgs(List.of(line), source, file.toString(), r, depth);
        }
    }

    /**
     * @param source where the arguments are, for messages ("command line" or "file:line")
     * @param place the file or the command line, for telling two names of one flag apart
     */
    private void parseArgs(List<String> args, String source, String place, Reading r, int depth) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                r.problems.add(source + ": unexpected argument '" + arg + "' (flags look like --name=value)");
                continue;
            }
            String normalized = normalize(arg);
            String given = flagName(normalized);
            String name = aliases.getOrDefault(given, given);
            FlagSpec spec = specs.get(name);
            if (spec == null) {
                r.problems.add(source + ": unknown flag --" + given);
                continue;
            }
            if (!spec.isBoolean() && normalized.indexOf('=') < 0) {
                r.problems.add(source + ": --" + given + " needs a value (--" + given + "=...)");
                continue;
            }
            // Commons CLI parses the canonical spelling; the name as given stays in the messages.
            String canonical = "--" + name + normalized.substring(2 + given.length());
            CommandLine cl;
            try {
                cl = DefaultParser.builder().get().parse(options, new String[] {canonical});
            } catch (ParseException e) {
                r.problems.add(source + ": --" + given + ": " + e.getMessage());
                continue;
            }
            String value = cl.getOptionValue(name);
            if (value == null) {
                value = "true"; // a boolean switch given without a value
            }
            if (name.equals(FLAG_FILE)) {
                Path include = Path.of(value);
                if (!Files.exists(include)) {
                    r.problems.add(source + ": --flag-file=" + value + " does not exist");
                } else if (Files.isDirectory(include)) {
                    r.problems.add(source + ": --flag-file=" + value + " is a directory, not a file");
                } else {
                    readFile(include, r, depth + 1); // a file, or /dev/null for no flags at all
                }
                continue;
            }
            FlagValues.Sourced sourced = new FlagValues.Sourced(value, source, given);
            FlagValues.Sourced samePlace = r.byPlace.put(List.of(name, place), sourced);
            if (samePlace != null && !samePlace.given().equals(given)) {
                r.problems.add(source + ": --" + given + "=" + value + " and --" + samePlace.given() + "="
                        + samePlace.value() + (samePlace.source().equals(source) ? "" : " (" + samePlace.source() + ")")
                        + " are two names of the same flag; give only one");
            }
            r.merged.put(name, sourced);
        }
    }

    /** The line up to a {@code #} that starts it or follows white space; the whole line otherwise. */
    static String withoutComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
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
