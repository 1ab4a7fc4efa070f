package io.memgraph.ha.daemon;

import java.util.List;

/**
 * One flag a program accepts: its canonical dashed name (without the leading {@code --}), the
 * default value (null when the flag has none), a one-line description for {@code --help}, whether
 * it is a boolean switch that may be given without a value, and its aliases (other dashed names
 * accepted for it, e.g. an older program's).
 */
public record FlagSpec(String name, String defaultValue, String description, boolean isBoolean,
        List<String> aliases) {

    /** Copies the aliases. */
    public FlagSpec {
        aliases = List.copyOf(aliases);
    }

    /** A flag that takes a value. */
    public static FlagSpec value(String name, String defaultValue, String description) {
        return new FlagSpec(name, defaultValue, description, false, List.of());
    }

    /** A boolean switch: {@code --name}, {@code --name=true} or {@code --name=false}. */
    public static FlagSpec bool(String name, boolean defaultValue, String description) {
        return new FlagSpec(name, Boolean.toString(defaultValue), description, true, List.of());
    }

    /** This flag, also accepted as {@code --alias} for each of {@code names}. */
    public FlagSpec withAliases(String... names) {
        return new FlagSpec(name, defaultValue, description, isBoolean, List.of(names));
    }
}
