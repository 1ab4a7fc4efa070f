package io.memgraph.ha.daemon;

import java.util.List;

/**
 * The configuration could not be used. Carries one line per problem, each naming where the value
 * came from (a file path or "command line"), the flag and what is wrong, so start-up can print
 * them all at once and exit.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** One human-readable line per problem. */
    public List<String> problems() {
        return problems;
    }
}
