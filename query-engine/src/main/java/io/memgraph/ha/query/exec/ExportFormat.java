package io.memgraph.ha.query.exec;

/**
 * How an export writes its items as text: what comes before the first, each item, and what
 * comes after the last. An export's text is {@code begin}, then each item's, then {@code end},
 * cut into the {@code data} of several rows when it is streamed in batches.
 */
interface ExportFormat {

    /** The name the {@code format} column gives: {@code json}, {@code csv} or {@code cypher}. */
    String name();

    /** What comes before the first item (a CSV header, a JSON array's bracket). */
    default void begin(StringBuilder out) {
    }

    /** Appends {@code item}. */
    void write(StringBuilder out, ExportItem item);

    /** What comes after the last item. */
    default void end(StringBuilder out) {
    }

    /** Cypher statements, one a line, as the dump makes them. */
    ExportFormat CYPHER = new ExportFormat() {
        @Override
        public String name() {
            return "cypher";
        }

        @Override
        public void write(StringBuilder out, ExportItem item) {
            out.append(((ExportItem.Statement) item).text()).append('\n');
        }
    };
}
