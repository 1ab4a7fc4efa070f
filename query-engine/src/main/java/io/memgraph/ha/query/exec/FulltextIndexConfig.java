package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.fulltext.Analyzer;
import io.memgraph.ha.storage.SchemaItem;

import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.exec.SchemaDescriptions.FULLTEXT_ANALYZER;
import static io.memgraph.ha.query.exec.SchemaDescriptions.FULLTEXT_EVENTUALLY_CONSISTENT;

/**
 * The full-text index a statement describes: Neo4j 5's {@code OPTIONS {indexProvider:
 * 'fulltext-1.0', indexConfig: {`fulltext.analyzer`: ..., `fulltext.eventually_consistent`:
 * ...}}}, none for Memgraph's text index. The analyzer defaults to Neo4j's {@code
 * standard-no-stop-words}; a key, analyzer or value we do not know is an error naming it.
 */
public final class FulltextIndexConfig {
    private static final String KIND = "full-text index";

    private FulltextIndexConfig() {
    }

    /** The index of {@code labels} (or relationship types) and {@code properties} (none: all) with these OPTIONS. */
    public static SchemaItem.FulltextIndex of(List<String> labels, boolean relationships, List<String> properties,
                                              Object options) {
        String analyzer = Analyzer.STANDARD_NO_STOP_WORDS.analyzerName();
        boolean eventuallyConsistent = false;
        for (Map.Entry<String, Object> e : VectorIndexConfig.map(KIND, "OPTIONS", options).entrySet()) {
            switch (e.getKey()) {
                case "indexProvider" -> {
                    if (!"fulltext-1.0".equals(e.getValue())) {
                        throw VectorIndexConfig.invalid(KIND, "indexProvider", "'fulltext-1.0'", e.getValue());
                    }
                }
                case "indexConfig" -> {
                    for (Map.Entry<String, Object> c : VectorIndexConfig.map(KIND, "indexConfig", e.getValue())
                            .entrySet()) {
                        switch (c.getKey()) {
                            case FULLTEXT_ANALYZER -> analyzer = analyzer(c.getValue()).analyzerName();
                            case FULLTEXT_EVENTUALLY_CONSISTENT -> {
                                if (!(c.getValue() instanceof Boolean b)) {
                                    throw VectorIndexConfig.invalid(KIND, c.getKey(), "a BOOLEAN", c.getValue());
                                }
                                eventuallyConsistent = b;
                            }
                            default -> throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                                    "Invalid indexConfig key `" + c.getKey() + "` for a full-text index: valid keys are `"
                                            + FULLTEXT_ANALYZER + "` and `" + FULLTEXT_EVENTUALLY_CONSISTENT + "`");
                        }
                    }
                }
                default -> throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Invalid option '"
                        + e.getKey() + "' for a full-text index: valid options are 'indexProvider' and 'indexConfig'");
            }
        }
        try {
            return new SchemaItem.FulltextIndex(labels, relationships, properties, analyzer, eventuallyConsistent);
        } catch (IllegalArgumentException e) {
            throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Invalid full-text index: "
                    + e.getMessage());
        }
    }

    /** The analyzer a setting names, or an error listing the supported ones. */
    public static Analyzer analyzer(Object value) {
        if (!(value instanceof String name)) {
            throw VectorIndexConfig.invalid(KIND, FULLTEXT_ANALYZER, "the name of an analyzer (a STRING)", value);
        }
        try {
            return Analyzer.named(name);
        } catch (IllegalArgumentException e) {
            throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE, e.getMessage());
        }
    }
}
