package io.memgraph.ha.server.bolt;

import io.memgraph.ha.bolt.server.spi.Notification;
import io.memgraph.ha.query.ast.Position;

import java.util.ArrayList;
import java.util.List;

/** The query engine's notifications as the Bolt layer takes them for a result's summary. */
final class SummaryNotifications {
    private SummaryNotifications() {
    }

    /** {@code notes} converted; the shared empty list when there are none (the common case). */
    static List<Notification> of(List<io.memgraph.ha.query.notice.Notification> notes) {
        if (notes.isEmpty()) {
            return List.of();
        }
        List<Notification> out = new ArrayList<>(notes.size());
        for (io.memgraph.ha.query.notice.Notification n : notes) {
            Position p = n.position();
            out.add(new Notification(n.code(), n.title(), n.description(), n.severity().name(), n.category().name(),
                    p == null ? null : new Notification.Position(p.offset(), p.line(), p.column()), n.gqlStatus(),
                    n.statusDescription()));
        }
        return List.copyOf(out);
    }
}
