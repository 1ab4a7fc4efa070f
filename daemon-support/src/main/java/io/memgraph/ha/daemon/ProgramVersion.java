package io.memgraph.ha.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * A program's version, from the {@code version.properties} resource beside its main class (a
 * Maven-filtered file holding {@code version=${project.version}}).
 */
public final class ProgramVersion {
    private ProgramVersion() {
    }

    /**
     * The {@code version} property of {@code version.properties} in {@code anchor}'s package, or
     * "unknown" (with the reason, when reading failed) so that help and start-up lines still print.
     */
    public static String of(Class<?> anchor) {
        try (InputStream in = anchor.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
