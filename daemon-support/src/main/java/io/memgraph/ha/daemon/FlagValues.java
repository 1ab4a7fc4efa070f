package io.memgraph.ha.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The merged flag values of one program start, each remembering where it came from. Typed
 * getters never throw: they record a problem that names the source, the flag and the bad value,
 * and {@link #throwIfProblems()} reports all problems together.
 */
public final class FlagValues {
    /**
     * A raw value, the place it came from ("command line" or a file path and line) and the name it
     * was given under (the flag's own or one of its aliases), which messages repeat.
     */
    public record Sourced(String value, String source, String given) {}

    private final Map<String, Sourced> values;
    private final List<String> problems;

    FlagValues(Map<String, Sourced> values, List<String> problems) {
        this.values = values;
        this.problems = new ArrayList<>(problems);
    }

    /** Whether the flag was set explicitly (in a file or on the command line). */
    public boolean isSet(String name) {
        return values.containsKey(name);
    }

    /** The raw value of every flag set explicitly, by its canonical name, in no particular order. */
    public Map<String, String> given() {
        Map<String, String> given = new java.util.HashMap<>();
        values.forEach((name, v) -> given.put(name, v.value()));
        return Map.copyOf(given);
    }

    /** The raw value, or the given default when the flag was not set. */
    public String string(String name, String defaultValue) {
        Sourced v = values.get(name);
        return v == null ? defaultValue : v.value();
    }

    /** The value as a path, or null when empty. */
    public Path path(String name, String defaultValue) {
        String s = string(name, defaultValue);
        return s == null || s.isEmpty() ? null : Path.of(s);
    }

    /** An integer in [min, max]; records a problem and returns the default otherwise. */
    public int intInRange(String name, int defaultValue, int min, int max) {
        Sourced v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v.value().trim());
            if (n < min || n > max) {
                problem(v, "must be between " + min + " and " + max);
                return defaultValue;
            }
            return (int) n;
        } catch (NumberFormatException e) {
            problem(v, "must be an integer between " + min + " and " + max);
            return defaultValue;
        }
    }

    /** A boolean ({@code true}/{@code false}, case-insensitive). */
    public boolean bool(String name, boolean defaultValue) {
        Sourced v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        String s = v.value().trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        problem(v, "must be true or false");
        return defaultValue;
    }

    /** One of the given choices, compared case-insensitively; returned upper-case. */
    public String choice(String name, String defaultValue, List<String> choices) {
        Sourced v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        for (String c : choices) {
            if (c.equalsIgnoreCase(v.value().trim())) {
                return c;
            }
        }
        problem(v, "must be one of " + String.join(", ", choices));
        return defaultValue;
    }

    /**
     * Records a problem when exactly one of two flags that only work together is set to a
     * non-empty value, naming the one that is set.
     *
     * @param purpose what needs both, e.g. "TLS"
     */
    public void bothOrNeither(String first, String second, String purpose) {
        boolean hasFirst = !string(first, "").isEmpty();
        boolean hasSecond = !string(second, "").isEmpty();
        if (hasFirst != hasSecond) {
            problem(hasFirst ? first : second,
                    "is set but its pair is not: " + purpose + " needs both --" + first + " and --" + second);
        }
    }

    /** Records a problem with a flag's value; the message is completed with source and value. */
    public void problem(String name, String what) {
        Sourced v = values.get(name);
        if (v == null) {
            problems.add("--" + name + " " + what);
        } else {
            problem(v, what);
        }
    }

    private void problem(Sourced v, String what) {
        problems.add(v.source() + ": --" + v.given() + "=" + v.value() + " " + what);
    }

    /** Throws a {@link ConfigException} listing every problem recorded so far, if any. */
    public void throwIfProblems() throws ConfigException {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
