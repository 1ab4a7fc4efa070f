package io.memgraph.ha.server.bolt;

import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.query.exec.Procedures;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The few DBMS procedures that tools call right after connecting, answered by the server itself
 * because they are about the server, not the graph: {@code CALL db.ping()} (cypher-shell checks the
 * connection with it) and {@code CALL dbms.components()} (tools read the server version from it).
 * They answer here even on a follower in a WRITE session; inside larger queries the query
 * engine's procedures ({@code Procedures.builtIn}) answer them.
 */
final class ServerProcedures {
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
    private final String version;

    /** @param version the server version reported by {@code dbms.components()} */
    ServerProcedures(String version) {
        this.version = version;
    }

    /** The result of {@code query} if it is one of these procedure calls, else null. */
    ResultStream answer(String query) {
        if (query.length() > 80 || !CypherBoltSession.startsWithWord(query, "CALL")) {
            return null;
        }
        String q = WHITE_SPACE.matcher(query.strip()).replaceAll(" ");
        if (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).strip();
        }
        String lower = q.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "call db.ping()", "call db.ping" -> new StaticRows(List.of("success"), List.of(List.of(true)));
            case "call dbms.components()", "call dbms.components" -> new StaticRows(List.of("name", "versions", "edition"),
                    Procedures.components(Procedures.PRODUCT, version).stream().map(List::of).toList());
            case "call dbms.components() yield versions" -> new StaticRows(List.of("versions"),
                    Procedures.components(Procedures.PRODUCT, version).stream().map(row -> List.of(row[1])).toList());
            default -> null;
        };
    }
}
