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
}
