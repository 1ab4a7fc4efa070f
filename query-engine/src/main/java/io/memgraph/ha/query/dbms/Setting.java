package io.memgraph.ha.query.dbms;

import java.util.Objects;

/**
 * One setting of the server as Neo4j 5's {@code dbms.listConfig()} and {@code SHOW SETTINGS} list
 * it. Values are strings, as in Neo4j. No setting here can change while the server runs, so none
 * is dynamic and the value is always the startup value.
 *
 * @param name its name ({@code bolt-port}, {@code raft.heartbeat_interval}, {@code browser.post_connect_cmd})
 * @param description what it does
 * @param value the value in force
 * @param defaultValue the value when nothing sets it
 * @param explicitlySet whether a flag file, the command line or raft.json set it
 * @param validValues the values it takes, in words ({@code an integer 0..65535})
 */
public record Setting(String name, String description, String value, String defaultValue, boolean explicitlySet,
                      String validValues) {
    /** Checks the name. */
    public Setting {
        Objects.requireNonNull(name, "name");
    }

    /** What a secret's values show as in {@code SHOW CONFIG}. */
    public static final String HIDDEN = "<hidden>";

    /** Names that say their value may be a secret (a password, a token, ...): a key file's path is none. */
    private static final java.util.regex.Pattern SECRET = java.util.regex.Pattern.compile(
            "(?i)pass|secret|token|credential");

    /** Whether {@code name} (of a setting, a JVM option, a system property) says its value may be a secret. */
    public static boolean mayHoldSecret(String name) {
        return SECRET.matcher(name).find();
    }

    /**
     * Whether it is one of the server's flags: the settings of {@code raft.json} ({@code raft.*})
     * and those Neo4j gives clients ({@code browser.*}, {@code dbms.*}) have a dot in their names.
     */
    public boolean isFlag() {
        return name.indexOf('.') < 0;
    }

    /** A setting nothing set: its value is its default. */
    public static Setting atDefault(String name, String description, String value, String validValues) {
        return new Setting(name, description, value, value, false, validValues);
    }

    /**
     * Its row of {@code dbms.listConfig()} (and {@code dbms.clientConfig()}): {@code name},
     * {@code description}, {@code value}, {@code dynamic}, {@code defaultValue},
     * {@code startupValue}, {@code explicitlySet}, {@code validValues}.
     */
    public Object[] listConfigRow() {
        return new Object[] {name, description, value, false, defaultValue, value, explicitlySet, validValues};
    }

    /**
     * Its row of {@code SHOW SETTINGS}: {@code name}, {@code value}, {@code isDynamic},
     * {@code defaultValue}, {@code description}, {@code startupValue}, {@code isExplicitlySet},
     * {@code validValues}, {@code isDeprecated}.
     */
    public Object[] showSettingsRow() {
        return new Object[] {name, value, false, defaultValue, description, value, explicitlySet, validValues, false};
    }

    /**
     * Its row of Memgraph's {@code SHOW CONFIG}: {@code name} as Memgraph writes its flags
     * ({@code bolt_port}; the server takes {@code --bolt_port} as {@code --bolt-port}),
     * {@code default_value}, {@code current_value}, {@code description}. A value that may be a
     * secret ({@link #mayHoldSecret}) shows as {@value #HIDDEN} when it is not empty.
     */
    public Object[] showConfigRow() {
        boolean secret = mayHoldSecret(name);
        return new Object[] {name.replace('-', '_'), shown(defaultValue, secret), shown(value, secret), description};
    }

    private static String shown(String value, boolean secret) {
        return secret && value != null && !value.isEmpty() ? HIDDEN : value;
    }
}
