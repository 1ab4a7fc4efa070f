package io.memgraph.ha.tck;

import io.memgraph.ha.query.exec.Procedures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A procedure made from a TCK step "there exists a procedure name(in :: T, ...) :: (out :: T, ...)"
 * and its table (the input columns, then the output columns, one row per answer).
 */
final class TckProcedure {
    private static final Pattern SIGNATURE = Pattern.compile("([\\w.]+)\\((.*)\\)\\s*::\\s*(?:\\((.*)\\)|VOID)\\s*:?\\s*");

    private TckProcedure() {
    }

    static void register(Procedures procedures, String signature, List<List<String>> cells) {
        Matcher m = SIGNATURE.matcher(signature.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a procedure signature: " + signature);
        }
        List<Procedures.Field> inputs = fields(m.group(2));
        List<Procedures.Field> outputs = m.group(3) == null ? List.of() : fields(m.group(3));
        List<List<Object>> rows = new ArrayList<>();
        for (List<String> row : cells.subList(Math.min(1, cells.size()), cells.size())) {
            List<Object> values = new ArrayList<>();
            for (String cell : row) {
                values.add(TckLiteralParser.parse(cell));
            }
            rows.add(values);
        }
        int in = inputs.size();
        procedures.register(new Procedures.Procedure(m.group(1), inputs, outputs, Procedures.Mode.READ,
                "from the TCK scenario", (ctx, args) -> {
                    List<Object[]> out = new ArrayList<>();
                    for (List<Object> row : rows) {
                        if (matches(row.subList(0, in), args)) {
                            out.add(row.subList(in, row.size()).toArray());
                        }
                    }
                    return out;
                }));
    }

    private static List<Procedures.Field> fields(String list) {
        List<Procedures.Field> fields = new ArrayList<>();
        if (list.isBlank()) {
            return fields;
        }
        for (String f : list.split(",")) {
            String[] nameType = f.split("::");
            fields.add(new Procedures.Field(nameType[0].strip(), nameType.length > 1 ? nameType[1].strip() : "ANY?"));
        }
        return fields;
    }

    private static boolean matches(List<Object> expected, List<Object> actual) {
        for (int i = 0; i < expected.size(); i++) {
            Object e = expected.get(i);
            Object a = actual.get(i);
            boolean same = e instanceof Number x && a instanceof Number y ? x.doubleValue() == y.doubleValue()
                    : Objects.equals(e, a);
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
