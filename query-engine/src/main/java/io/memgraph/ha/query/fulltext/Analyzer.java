package io.memgraph.ha.query.fulltext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a full-text index turns text into terms, under the names Neo4j gives its analyzers. The
 * word analyzers split text into runs of Unicode letters and digits (an apostrophe or a period
 * between two letters, and a period or comma between two digits, stay inside a word; each CJK
 * ideograph is a word of its own) and lowercase them; {@link #STANDARD} and {@link #ENGLISH} drop
 * English stop words, keeping their positions so a phrase does not match across a dropped word.
 * {@link #ENGLISH} also drops a trailing possessive {@code 's}; it does not stem.
 */
public enum Analyzer {
    /** Neo4j's default: words, lowercased, no stop words. */
    STANDARD_NO_STOP_WORDS("standard-no-stop-words",
            "The standard analyzer without stop words: Unicode letter and digit words, lowercased."),
    /** Words, lowercased, without English stop words. */
    STANDARD("standard", "Unicode letter and digit words, lowercased, without English stop words."),
    /** As {@link #STANDARD}, and a possessive {@code 's} is dropped (no stemming). */
    ENGLISH("english", "English: as standard (lowercased words without English stop words) with possessive 's"
            + " dropped; no stemming."),
    /** Runs of letters, lowercased. */
    SIMPLE("simple", "Runs of letters (digits and other characters split them), lowercased."),
    /** Runs of characters that are not whitespace, as they are. */
    WHITESPACE("whitespace", "Runs of non-whitespace characters, case kept."),
    /** The whole value as one term, as it is. */
    KEYWORD("keyword", "The whole value as one term, case kept (for identifiers and exact matches).");

    /** English stop words, as the standard and english analyzers drop them. */
    public static final Set<String> ENGLISH_STOP_WORDS = Set.copyOf(Arrays.asList("a", "an", "and", "are", "as",
            "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that",
            "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with"));

    private final String analyzerName;
    private final String description;

    Analyzer(String analyzerName, String description) {
        this.analyzerName = analyzerName;
        this.description = description;
    }

    /** A term at its position in the text (stop words take positions too). */
    public record Token(String term, int position) {}

    /** The name Neo4j and {@code fulltext.analyzer} use. */
    public String analyzerName() {
        return analyzerName;
    }

    /** One line on what the analyzer does. */
    public String description() {
        return description;
    }

    /** The stop words it drops, sorted. */
    public List<String> stopWords() {
        return dropsStopWords() ? List.copyOf(new TreeSet<>(ENGLISH_STOP_WORDS)) : List.of();
    }

    /** The analyzer called {@code name}, or an error naming the supported ones. */
    public static Analyzer named(String name) {
        for (Analyzer a : values()) {
            if (a.analyzerName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown full-text analyzer '" + name + "': supported analyzers are "
                + String.join(", ", names()));
    }

    /** The supported names, in the order listed. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Analyzer a : values()) {
            names.add("'" + a.analyzerName + "'");
        }
        return names;
    }

    /** The terms of {@code text}, in order. */
    public List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        tokens(text, 0, out);
        return out;
    }

    /**
     * Adds the terms of {@code text} to {@code out}, positions counted from {@code start}; returns
     * the position after the last (for the next value of a list).
     */
    public int tokens(String text, int start, List<Token> out) {
        if (this == KEYWORD) {
            out.add(new Token(text, start));
            return start + 1;
        }
        int position = start;
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            if (!starts(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int end = wordEnd(text, i);
            String word = text.substring(i, end);
            i = end;
            if (this != WHITESPACE) {
                word = word.toLowerCase(Locale.ROOT);
            }
            if (this == ENGLISH && (word.endsWith("'s") || word.endsWith("\u2019s"))) {
                word = word.substring(0, word.length() - 2);
            }
            if (!(dropsStopWords() && ENGLISH_STOP_WORDS.contains(word))) {
                out.add(new Token(word, position));
            }
            position++;
        }
        return position;
    }

    /** A query's wildcard, fuzzy or regular-expression term as the index holds terms: lowercased when the analyzer lowercases. */
    public String normalize(String term) {
        return this == WHITESPACE || this == KEYWORD ? term : term.toLowerCase(Locale.ROOT);
    }

    private boolean dropsStopWords() {
        return this == STANDARD || this == ENGLISH;
    }

    private boolean starts(int cp) {
        return switch (this) {
            case SIMPLE -> Character.isLetter(cp);
            case WHITESPACE -> !Character.isWhitespace(cp);
            default -> wordChar(cp);
        };
    }

    private int wordEnd(String text, int from) {
        int n = text.length();
        int first = text.codePointAt(from);
        int i = from + Character.charCount(first);
        if (this != WHITESPACE && this != SIMPLE && Character.isIdeographic(first)) {
            return i;
        }
        while (i < n) {
            int cp = text.codePointAt(i);
            if (this == WHITESPACE ? Character.isWhitespace(cp) : this == SIMPLE ? !Character.isLetter(cp)
                    : !wordChar(cp) && !joins(text, i) || Character.isIdeographic(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static boolean wordChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_' || Character.getType(cp) == Character.NON_SPACING_MARK;
    }

    /** Whether the punctuation at {@code i} joins the characters either side into one word. */
    private static boolean joins(String text, int i) {
        char c = text.charAt(i);
        if (i == 0 || i + 1 >= text.length()) {
            return false;
        }
        char before = text.charAt(i - 1);
        char after = text.charAt(i + 1);
        boolean letters = Character.isLetter(before) && Character.isLetter(after);
        boolean digits = Character.isDigit(before) && Character.isDigit(after);
        return (c == '\'' || c == '\u2019') && letters || c == '.' && (letters || digits) || c == ',' && digits;
    }
}
