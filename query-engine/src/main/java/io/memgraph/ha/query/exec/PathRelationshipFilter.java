package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The relationships APOC's path expanders may take ({@code relationshipFilter}): alternatives
 * joined by {@code |}, each {@code TYPE>} (outgoing), {@code <TYPE} (incoming), {@code TYPE}
 * (either way), {@code >} or {@code <} (any type, that way); null or empty, any relationship
 * either way. Commas make a sequence: one filter per hop, repeated; with
 * {@code beginSequenceAtStart} false the first filter is for the first hop alone and the others
 * repeat after it.
 */
final class PathRelationshipFilter {
    /** What one hop may take: per direction, any type ({@code allX}) or the types named. */
    private record Step(boolean allOut, List<String> outTypes, boolean allIn, List<String> inTypes) {
        boolean takesOut(String type) {
            return allOut || outTypes.contains(type);
        }
    }

    private final List<Step> steps;
    private final boolean firstStepOnce;

    private PathRelationshipFilter(List<Step> steps, boolean firstStepOnce) {
        this.steps = steps;
        this.firstStepOnce = firstStepOnce;
    }

    /** Any relationship, either way. */
    static final PathRelationshipFilter ANY = new PathRelationshipFilter(
            List.of(new Step(true, List.of(), true, List.of())), false);

    static PathRelationshipFilter parse(String procedure, String text, boolean beginSequenceAtStart) {
        if (text == null || text.isBlank()) {
            return ANY;
        }
        List<Step> steps = new ArrayList<>();
        for (String step : text.split(",", -1)) {
            steps.add(step(procedure, text, step.trim()));
        }
        return new PathRelationshipFilter(List.copyOf(steps), !beginSequenceAtStart && steps.size() > 1);
    }

    private static Step step(String procedure, String text, String step) {
        if (step.isEmpty()) {
            return ANY.steps.get(0);
        }
        boolean allOut = false;
        boolean allIn = false;
        Set<String> out = new LinkedHashSet<>();
        Set<String> in = new LinkedHashSet<>();
        for (String alternative : step.split("\\|", -1)) {
            String a = alternative.trim();
            boolean incoming = a.startsWith("<");
            boolean outgoing = a.endsWith(">");
            if (a.isEmpty() || incoming && outgoing) {
                throw ApocArguments.failed(procedure, "relationshipFilter '" + text + "' has "
                        + (a.isEmpty() ? "an empty alternative" : "'" + a + "', which names both directions")
                        + "; write TYPE>, <TYPE, TYPE (either way), > or <, joined by |");
            }
            String type = a.substring(incoming ? 1 : 0, a.length() - (outgoing && !incoming ? 1 : 0));
            if (!incoming) {
                allOut |= type.isEmpty();
                out.add(type);
            }
            if (!outgoing) {
                allIn |= type.isEmpty();
                in.add(type);
            }
        }
        return new Step(allOut, List.copyOf(out), allIn, List.copyOf(in));
    }

    /**
     * The relationships hop {@code hop} (1 for the first) may take from {@code node}: its outgoing
     * ones, then its incoming ones, each in the storage's order; a self-loop once.
     */
    List<EdgeRef> edges(TransactionGraph graph, long node, int hop) {
        Step s = step(hop);
        List<EdgeRef> out = s.allOut || !s.outTypes.isEmpty()
                ? graph.edges(node, Pattern.Direction.OUTGOING, s.allOut ? List.of() : s.outTypes) : List.of();
        List<EdgeRef> in = s.allIn || !s.inTypes.isEmpty()
                ? graph.edges(node, Pattern.Direction.INCOMING, s.allIn ? List.of() : s.inTypes) : List.of();
        if (in.isEmpty()) {
            return out;
        }
        List<EdgeRef> all = new ArrayList<>(out.size() + in.size());
        all.addAll(out);
        for (EdgeRef e : in) {
            if (e.from() != e.to() || !s.takesOut(e.type())) {
                all.add(e);
            }
        }
        return all;
    }

    private Step step(int hop) {
        if (steps.size() == 1) {
            return steps.get(0);
        }
        if (!firstStepOnce) {
            return steps.get((hop - 1) % steps.size());
        }
        return hop == 1 ? steps.get(0) : steps.get(1 + (hop - 2) % (steps.size() - 1));
    }
}
