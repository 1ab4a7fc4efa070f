package io.memgraph.ha.query.eval;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static io.memgraph.ha.query.eval.Functions.reg;

/**
 * APOC's {@code apoc.text.*} functions that code uses most. Regular expressions are Java's (as
 * APOC's are); one that does not compile is an {@code ArgumentError}. A null text gives null.
 */
final class ApocTextFunctions {
    private ApocTextFunctions() {
    }

    static void register() {
        reg("apoc.text.join", 2, 2, (a, g, c) -> {
            List<?> texts = ApocCollectionFunctions.list(a, 0, "apoc.text.join");
            if (texts == null || a.get(1) == null) {
                return null;
            }
            String delimiter = Functions.str("apoc.text.join", a, 1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < texts.size(); i++) {
                Object t = texts.get(i);
                if (t != null && !(t instanceof String)) {
                    throw Errors.argumentType("apoc.text.join", 1, "a List of Strings", texts);
                }
                sb.append(i == 0 ? "" : delimiter).append(t);
            }
            return sb.toString();
        });
        reg("apoc.text.split", 2, 3, (a, g, c) -> {
            if (Functions.anyNull(a)) {
                return null;
            }
            String text = Functions.str("apoc.text.split", a, 0);
            long limit = a.size() == 3 ? Functions.integer("apoc.text.split", a, 2) : 0;
            return new ArrayList<Object>(Arrays.asList(pattern("apoc.text.split", Functions.str("apoc.text.split", a, 1))
                    .split(CheckedText.of(text, g), (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                            limit)))));
        });
        for (String name : List.of("apoc.text.replace", "apoc.text.regreplace")) {
            reg(name, 3, 3, (a, g, c) -> {
                if (Functions.anyNull(a)) {
                    return null;
                }
                Matcher m = pattern(name, Functions.str(name, a, 1)).matcher(CheckedText.of(Functions.str(name, a, 0),
                        g));
                try {
                    return m.replaceAll(Functions.str(name, a, 2));
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    throw Errors.argumentValue(name + "(): invalid replacement '" + a.get(2) + "': " + e.getMessage());
                }
            });
        }
        reg("apoc.text.regexGroups", 2, 2, (a, g, c) -> {
            if (Functions.anyNull(a)) {
                return new ArrayList<>(); // as APOC
            }
            Matcher m = pattern("apoc.text.regexGroups", Functions.str("apoc.text.regexGroups", a, 1))
                    .matcher(CheckedText.of(Functions.str("apoc.text.regexGroups", a, 0), g));
            List<Object> out = new ArrayList<>();
            while (m.find()) {
                List<Object> groups = new ArrayList<>();
                for (int i = 0; i <= m.groupCount(); i++) {
                    groups.add(m.group(i));
                }
                out.add(groups);
            }
            return out;
        });
        text("apoc.text.capitalize", s -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1));
        text("apoc.text.decapitalize", s -> s.isEmpty() ? s
                : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1));
        text("apoc.text.capitalizeAll", s -> {
            StringBuilder sb = new StringBuilder();
            for (String part : s.split(" ")) {
                sb.append(sb.length() == 0 ? "" : " ").append(capital(part));
            }
            return sb.toString().trim();
        });
        text("apoc.text.camelCase", ApocTextFunctions::camelCase);
        text("apoc.text.upperCamelCase", s -> capital(camelCase(s)));
        text("apoc.text.snakeCase", ApocTextFunctions::snakeCase);
        text("apoc.text.clean", ApocTextFunctions::clean);
        pad("apoc.text.lpad", true);
        pad("apoc.text.rpad", false);
        reg("apoc.text.format", 2, 3, (a, g, c) -> {
            if (a.get(0) == null) {
                return null;
            }
            String text = Functions.str("apoc.text.format", a, 0);
            List<?> params = ApocCollectionFunctions.list(a, 1, "apoc.text.format");
            if (params == null) {
                return text;
            }
            Locale locale = a.size() == 3 && a.get(2) != null
                    ? Locale.forLanguageTag(Functions.str("apoc.text.format", a, 2)) : Locale.ENGLISH;
            try {
                return String.format(locale, text, params.toArray());
            } catch (IllegalFormatException e) {
                throw Errors.argumentValue("apoc.text.format(): '" + text + "' does not format " + Functions.show(params)
                        + ": " + e.getMessage());
            }
        });
    }

    private static void text(String name, java.util.function.UnaryOperator<String> f) {
        reg(name, 1, 1, (a, g, c) -> a.get(0) == null ? null : f.apply(Functions.str(name, a, 0)));
    }

    /** {@code lpad(text, count [, delimiter])}: {@code text} filled to {@code count} characters with the delimiter's first. */
    private static void pad(String name, boolean left) {
        reg(name, 2, 3, (a, g, c) -> {
            if (a.get(0) == null) {
                return null;
            }
            String text = Functions.str(name, a, 0);
            long count = Functions.integer(name, a, 1);
            String delimiter = a.size() == 3 ? Functions.str(name, a, 2) : " ";
            if (text.length() >= count) {
                return text;
            }
            if (delimiter.isEmpty()) {
                throw Errors.argumentValue(name + "() needs a non-empty delimiter to pad with");
            }
            g.checkAllocation(2 * count);
            String fill = String.valueOf(delimiter.charAt(0)).repeat((int) (count - text.length()));
            return left ? fill + text : text + fill;
        });
    }

    private static Pattern pattern(String fn, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw Errors.argumentValue(fn + "(): invalid regular expression '" + regex + "': "
                    + e.getDescription());
        }
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    /** Words (split at anything but letters and digits) lower-cased and joined, each but the first capitalized. */
    private static String camelCase(String s) {
        StringBuilder sb = new StringBuilder();
        for (String part : s.replaceAll("[^\\p{L}0-9]|_", " ").split("\\s+")) {
            sb.append(capital(part.toLowerCase(Locale.ROOT)));
        }
        return sb.length() == 0 ? "" : sb.substring(0, 1).toLowerCase(Locale.ROOT) + sb.substring(1);
    }

    /**
     * APOC's "snake case": words split before each character that is not a lower-case letter or
     * digit, lower-cased and joined with {@code -} ({@code 'testSnakeCase'} is
     * {@code 'test-snake-case'}); an upper-case {@code A_B} text is split at its underscores.
     */
    private static String snakeCase(String s) {
        String text = s.matches("^([\\p{Lu}0-9_]+)$") ? s.toLowerCase(Locale.ROOT).replace("_", " ") : s;
        StringBuilder sb = new StringBuilder();
        for (String part : text.split("(?=[^\\p{Ll}0-9])")) {
            String word = part.trim();
            if (!word.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : "-").append(word.toLowerCase(Locale.ROOT));
            }
        }
        return sb.toString().replaceAll("-+", "-");
    }

    /** Lower case with only letters and digits left, umlauts spelled out and accents dropped. */
    private static String clean(String s) {
        String t = s.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
                .replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue");
        t = Normalizer.normalize(t, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return t.replaceAll("[^\\p{L}\\p{N}]", "").toLowerCase(Locale.ROOT);
    }
}
