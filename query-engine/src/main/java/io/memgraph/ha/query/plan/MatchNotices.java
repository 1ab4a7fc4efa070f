package io.memgraph.ha.query.plan;

import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Expressions;
import io.memgraph.ha.query.ast.Hint;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.notice.NameChecks;
import io.memgraph.ha.query.notice.Notification;
import io.memgraph.ha.query.notice.Notifications;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the planner tells about one MATCH: hints it cannot fulfil (an index hint whose index does
 * not exist, any join hint: there is no hash join here), disconnected patterns (a cartesian
 * product), and the names it uses, for the per-execution unknown-name check.
 */
final class MatchNotices {
    private MatchNotices() {
    }

    /**
     * {@code HintedIndexNotFound} for each index hint of {@code m} whose index {@code tx}'s schema
     * has not (TEXT and POINT indexes never exist here), {@code JoinHintUnfulfillableWarning} for
     * each join hint. The other hints the planner passes over (section 2.4 of docs/cypher.md) Neo4j
     * would fulfil, so it has no notification for them.
     */
    static void hints(Clause.Match m, Transaction tx, List<Notification> out) {
        for (Hint h : m.hints()) {
            if (h instanceof Hint.Index i) {
                boolean relationship = m.pattern().parts().stream().flatMap(p -> p.element().steps().stream())
                        .anyMatch(s -> s.relationship() != null && i.variable().equals(s.relationship().variable()));
                if (!indexExists(i, relationship, tx)) {
                    out.add(Notifications.hintedIndexNotFound(i, relationship));
                }
            } else if (h instanceof Hint.Join j) {
                out.add(Notifications.joinHintUnfulfillable(j));
            }
        }
    }

    private static boolean indexExists(Hint.Index hint, boolean relationship, Transaction tx) {
        if (hint.kind() != Hint.IndexKind.ANY && hint.kind() != Hint.IndexKind.RANGE) {
            return false;
        }
        for (SchemaItem item : tx.schema()) {
            boolean same = relationship
                    ? item instanceof SchemaItem.EdgePropertyIndex e && e.properties().equals(hint.properties())
                    : item instanceof SchemaItem.LabelPropertyIndex p
                            && List.of(p.property()).equals(hint.properties())
                    || item instanceof SchemaItem.CompositeIndex c && c.properties().equals(hint.properties());
            if (same && item.label().equals(hint.labelOrType())) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code CartesianProduct} when {@code m}'s patterns fall into two or more groups that share no
     * variable and are not all tied to the row by variables bound before ({@code bound}).
     */
    static void cartesianProduct(Clause.Match m, Set<String> bound, List<Notification> out) {
        List<Pattern.Part> parts = m.pattern().parts();
        if (parts.size() < 2) {
            return;
        }
        List<Set<String>> groups = new ArrayList<>();
        List<List<Pattern.Part>> members = new ArrayList<>();
        for (Pattern.Part part : parts) {
            Set<String> vars = variables(part);
            Set<String> merged = new LinkedHashSet<>(vars);
            List<Pattern.Part> group = new ArrayList<>(List.of(part));
            for (int g = groups.size() - 1; g >= 0; g--) {
                if (groups.get(g).stream().anyMatch(vars::contains)) {
                    merged.addAll(groups.remove(g));
                    group.addAll(0, members.remove(g));
                }
            }
            groups.add(merged);
            members.add(group);
        }
        boolean allAnchored = groups.stream().allMatch(g -> g.stream().anyMatch(bound::contains));
        if (groups.size() < 2 || allAnchored) {
            return;
        }
        List<String> identifiers = new ArrayList<>();
        for (int g = 1; g < groups.size(); g++) {
            identifiers.addAll(groups.get(g));
        }
        StringBuilder text = new StringBuilder();
        for (Pattern.Part part : parts) {
            text.append(text.length() == 0 ? "" : ", ").append(text(part));
        }
        out.add(Notifications.cartesianProduct(m.position(), identifiers, text.toString()));
    }

    /** The labels, types and property keys {@code m}'s pattern and WHERE name. */
    static void names(Clause.Match m, NameChecks.Builder names) {
        for (Pattern.Part part : m.pattern().parts()) {
            element(part.element(), names);
        }
        collect(m.where(), names);
    }

    private static void element(Pattern.Element element, NameChecks.Builder names) {
        node(element.start(), names);
        for (Pattern.Step s : element.steps()) {
            if (s.quantified() != null) {
                element(s.quantified().element(), names);
            }
            Pattern.RelationshipPattern r = s.relationship();
            if (r != null) {
                r.types().forEach(t -> names.add(NameChecks.Kind.RELATIONSHIP_TYPE, t, r.position()));
                keys(r.properties(), names);
                collect(r.where(), names);
            }
            node(s.node(), names);
        }
    }

    private static void node(Pattern.NodePattern n, NameChecks.Builder names) {
        if (n == null) {
            return;
        }
        n.labels().forEach(l -> names.add(NameChecks.Kind.LABEL, l, n.position()));
        keys(n.properties(), names);
        collect(n.where(), names);
    }

    private static void keys(Expression properties, NameChecks.Builder names) {
        if (properties instanceof Expression.MapLiteral ml) {
            ml.entries().forEach(e -> names.add(NameChecks.Kind.PROPERTY_KEY, e.key(), properties.position()));
        }
    }

    /** Labels tested and keys read ({@code v.key}, on a variable) in a predicate; subqueries are planned on their own. */
    private static void collect(Expression where, NameChecks.Builder names) {
        if (where == null) {
            return;
        }
        Expressions.anyMatch(where, e -> {
            if (e instanceof Expression.HasLabels h) {
                h.labels().forEach(l -> names.add(NameChecks.Kind.LABEL, l, h.position()));
            } else if (e instanceof Expression.Property p && p.subject() instanceof Expression.Variable) {
                names.add(NameChecks.Kind.PROPERTY_KEY, p.key(), p.position());
            }
            return false;
        });
    }

    private static Set<String> variables(Pattern.Part part) {
        Set<String> out = new LinkedHashSet<>();
        if (part.pathVariable() != null) {
            out.add(part.pathVariable());
        }
        Pattern.Element e = part.element();
        addVariable(out, e.start().variable());
        for (Pattern.Step s : e.steps()) {
            if (s.relationship() != null) {
                addVariable(out, s.relationship().variable());
            }
            if (s.node() != null) {
                addVariable(out, s.node().variable());
            }
        }
        return out;
    }

    private static void addVariable(Set<String> out, String v) {
        if (v != null) {
            out.add(v);
        }
    }

    /** A pattern part as text for a message: variables, labels and types, no properties. */
    private static String text(Pattern.Part part) {
        StringBuilder sb = new StringBuilder();
        if (part.pathVariable() != null) {
            sb.append(part.pathVariable()).append(" = ");
        }
        text(part.element(), sb);
        return sb.toString();
    }

    private static void text(Pattern.Element e, StringBuilder sb) {
        text(e.start(), sb);
        for (Pattern.Step s : e.steps()) {
            if (s.quantified() != null) {
                sb.append(' ').append(s.quantified().text()).append(' ');
            } else {
                Pattern.RelationshipPattern r = s.relationship();
                sb.append(r.direction() == Pattern.Direction.INCOMING ? "<-[" : "-[");
                sb.append(r.variable() == null ? "" : r.variable());
                if (!r.types().isEmpty()) {
                    sb.append(':').append(String.join("|", r.types()));
                }
                sb.append(r.direction() == Pattern.Direction.OUTGOING ? "]->" : "]-");
            }
            text(s.node(), sb);
        }
    }

    private static void text(Pattern.NodePattern n, StringBuilder sb) {
        sb.append('(').append(n.variable() == null ? "" : n.variable());
        n.labels().forEach(l -> sb.append(':').append(l));
        sb.append(')');
    }
}
