package io.memgraph.ha.daemon;

/**
 * One flag a program accepts: its canonical dashed name (without the leading {@code --}), the
 * default value (null when the flag has none), a one-line description for {@code --help}, and
 * whether it is a boolean switch that may be given without a value.
 */
public record FlagSpec(String name, String defaultValue, String description, boolean isBoolean) {

    public static FlagSpec value(String name, String defaultValue, String description) {
        return new FlagSpec(name, defaultValue, description, false);
    }

    public static FlagSpec bool(String name, boolean defaultValue, String description) {
        return new FlagSpec(name, Boolean.toString(defaultValue), description, true);
    }
}
