package io.memgraph.ha.query.exec;

/** The running state of one operator: {@link #next} fills the frame with the next row. */
public interface Cursor {
    /** Advances to the next row, writing its bindings into {@code frame}; false when exhausted. */
    boolean next(Frame frame);
}
