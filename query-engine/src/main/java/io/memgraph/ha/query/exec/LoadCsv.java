package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.csv.CsvFormat;
import io.memgraph.ha.query.csv.CsvPosition;
import io.memgraph.ha.query.csv.CsvSource;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.value.CypherValues;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code LOAD CSV FROM source AS variable}: for each input row, the rows of the file the source
 * names, read one record per row pulled (never the whole file). The file comes from the execution's
 * {@link io.memgraph.ha.query.csv.CsvFiles}, which decides what may be read; it is closed at its end,
 * before the next input row's file is opened, and by the execution when the query ends any other
 * way (LIMIT, failure, RESET, time limit).
 */
public final class LoadCsv implements Operator {
    private final Operator input;
    private final Expression source;
    private final CsvFormat format;
    private final int slot;
    private final int positionSlot;

    /** Binds each row to {@code slot} and its {@link CsvPosition} to {@code positionSlot}. */
    public LoadCsv(Operator input, Expression source, CsvFormat format, int slot, int positionSlot) {
        this.input = input;
        this.source = source;
        this.format = format;
        this.slot = slot;
        this.positionSlot = positionSlot;
    }

    @Override
    public Cursor start(ExecContext ctx) {
        Cursor in = input.open(ctx);
        return new Cursor() {
            CsvSource csv;

            @Override
            public boolean next(Frame f) {
                while (csv == null || !csv.next()) {
                    if (csv != null) {
                        ctx.release(csv);
                        csv = null;
                    }
                    if (!in.next(f)) {
                        return false;
                    }
                    csv = ctx.register(CsvSource.open(file(ctx, f), format, ctx::check));
                }
                ctx.tick();
                f.set(slot, csv.row());
                f.set(positionSlot, new CsvPosition(csv.file(), csv.line()));
                return true;
            }
        };
    }

    private Path file(ExecContext ctx, Frame f) {
        return file(ctx, ctx.eval().evaluate(source, f), "LOAD CSV FROM", null);
    }

    /**
     * The real path of the file {@code location} names, as the execution's
     * {@link io.memgraph.ha.query.csv.CsvFiles} allows {@code reader} (null: {@code LOAD CSV})
     * to read it; {@code clause}
     * names what expected a String when {@code location} is not one.
     */
    static Path file(ExecContext ctx, Object location, String clause, String reader) {
        if (!(location instanceof String s)) {
            throw new StatusException(CypherErrorKind.TYPE_MISMATCH, "Neo.ClientError.Statement.TypeError",
                    clause + " expects a String (a file name or a file:/// URL), got "
                            + (location == null ? "null" : CypherValues.typeName(location)));
        }
        return reader == null ? ctx.csvFiles().resolve(s) : ctx.csvFiles().resolve(s, reader);
    }

    @Override
    public String describe() {
        return "LoadCsv";
    }

    @Override
    public List<Operator> children() {
        return List.of(input);
    }
}
