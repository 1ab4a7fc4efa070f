package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.exec.PathExpander.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * The nodes APOC's path expanders may pass and end at, by label ({@code labelFilter}): entries
 * joined by {@code |}, each {@code +L} (allowlist), {@code -L} (denylist), {@code /L} (termination:
 * paths end there and go no further), {@code >L} (end node: paths end there and may go on); an
 * entry without a sign takes the one before it ({@code +} first). {@code L} may be {@code A:B} (a
 * node with both labels) or {@code *} (any node).
 *
 * <p>APOC's precedence, whatever the order written: denylist, termination, end node, allowlist. A
 * denied node ends no path and is never passed. With termination or end labels, only paths to such
 * nodes are returned, and they need not be allowed (a path goes on past an end node only when it
 * is allowed). Without allow entries every node is allowed. Below {@code minLevel} termination and
 * end labels neither end nor stop a path: a node there is passed when allowed and not denied.
 */
final class PathLabelFilter {
    private final List<List<String>> allow = new ArrayList<>();
    private final List<List<String>> deny = new ArrayList<>();
    private final List<List<String>> terminate = new ArrayList<>();
    private final List<List<String>> end = new ArrayList<>();

    /** No filter: every node is allowed, none ends a path by its labels. */
    static final PathLabelFilter NONE = new PathLabelFilter();

    private PathLabelFilter() {
    }

    static PathLabelFilter parse(String procedure, String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        if (text.contains(",")) {
            throw ApocArguments.failed(procedure, "labelFilter '" + text + "' is a sequence (commas): label"
                    + " sequences are not supported here; give one filter for every node");
        }
        PathLabelFilter f = new PathLabelFilter();
        List<List<String>> kind = f.allow;
        for (String entry : text.split("\\|", -1)) {
            String e = entry.trim();
            if (!e.isEmpty()) {
                kind = switch (e.charAt(0)) {
                    case '+' -> f.allow;
                    case '-' -> f.deny;
                    case '/' -> f.terminate;
                    case '>' -> f.end;
                    default -> kind;
                };
            }
            String labels = !e.isEmpty() && "+-/>".indexOf(e.charAt(0)) >= 0 ? e.substring(1).trim() : e;
            if (labels.isEmpty() || labels.startsWith(":") || labels.endsWith(":")) {
                throw ApocArguments.failed(procedure, "labelFilter '" + text + "' has an entry without a label ('"
                        + e + "'); write +L, -L, /L or >L (L a label, A:B or *), joined by |");
            }
            kind.add(List.of(labels.split(":")));
        }
        return f;
    }

    boolean isEmpty() {
        return allow.isEmpty() && deny.isEmpty() && terminate.isEmpty() && end.isEmpty();
    }

    /** Whether only paths to termination or end nodes are returned. */
    boolean hasEnds() {
        return !terminate.isEmpty() || !end.isEmpty();
    }

    /**
     * Whether a path whose last node has {@code labels}, {@code depth} relationships long, is
     * returned and may go on. The start node (depth 0) is filtered only when {@code filterStart}:
     * else it is passed, and returned unless termination or end labels are given.
     */
    Verdict verdict(List<String> labels, int depth, long minLevel, boolean filterStart) {
        if (depth == 0 && !filterStart) {
            return new Verdict(!hasEnds(), true);
        }
        boolean denied = matches(deny, labels);
        boolean allowed = allow.isEmpty() || matches(allow, labels);
        if (depth < minLevel) {
            return new Verdict(false, allowed && !denied);
        }
        if (denied) {
            return Verdict.PRUNE;
        }
        if (matches(terminate, labels)) {
            return new Verdict(true, false);
        }
        if (matches(end, labels)) {
            return new Verdict(true, allowed);
        }
        return allowed ? new Verdict(!hasEnds(), true) : Verdict.PRUNE;
    }

    private static boolean matches(List<List<String>> entries, List<String> labels) {
        for (List<String> entry : entries) {
            if (entry.equals(List.of("*")) || labels.containsAll(entry)) {
                return true;
            }
        }
        return false;
    }
}
