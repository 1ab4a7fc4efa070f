package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;

import java.util.List;

import static io.memgraph.ha.query.exec.SchemaDescriptions.description;
import static io.memgraph.ha.query.exec.SchemaDescriptions.schemaPattern;

/**
 * Creating an index or constraint under a name, with Neo4j 5's errors for one that exists (same
 * schema or same name): shared by the schema statements and the procedures that create indexes
 * ({@code db.index.vector.createNodeIndex}).
 */
public final class SchemaCreation {
    private static final String EQUIVALENT = "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists";
    private static final String INDEX_EXISTS = "Neo.ClientError.Schema.IndexAlreadyExists";
    private static final String INDEX_NAME_EXISTS = "Neo.ClientError.Schema.IndexWithNameAlreadyExists";
    private static final String CONSTRAINT_EXISTS = "Neo.ClientError.Schema.ConstraintAlreadyExists";
    private static final String CONSTRAINT_NAME_EXISTS = "Neo.ClientError.Schema.ConstraintWithNameAlreadyExists";

    private SchemaCreation() {
    }

    /**
     * Creates {@code item} called {@code name} (or its generated name) unless it exists; whether it
     * did. In the strict (Neo4j) form an item that exists or a name that is taken is an error
     * unless {@code ifNotExists}, and a name taken by the other kind (index or constraint) is an
     * error even then, as in Neo4j.
     */
    public static boolean create(Transaction tx, List<SchemaDefinition> schema, SchemaItem item, String name,
                                  boolean ifNotExists, boolean strict) {
        if (name != null && name.isEmpty()) {
            throw new CypherException(CypherErrorKind.UNEXPECTED_SYNTAX,
                    "The name of an index or constraint cannot be empty");
        }
        String chosen = name != null ? name : SchemaItem.defaultName(item);
        SchemaDefinition same = find(schema, item);
        SchemaDefinition named = nameOwner(schema, chosen);
        boolean index = SchemaItem.isIndex(item);
        if (!strict) {
            if (same != null) {
                return false;
            }
            if (named != null) {
                throw nameTaken(named);
            }
            tx.createSchema(item, chosen, false);
            return true;
        }
        if (named != null && SchemaItem.isIndex(named.item()) != index) {
            throw nameTaken(named);
        }
        if (same != null || named != null) {
            if (ifNotExists) {
                return false;
            }
            if (same != null && (name == null || same.name().equals(name))) {
                throw new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, EQUIVALENT, "An equivalent "
                        + (index ? "index" : "constraint") + " already exists, '" + description(same) + "'.");
            }
            if (same != null) {
                throw index
                        ? new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, INDEX_EXISTS,
                                "There already exists an index " + schemaPattern(item) + ".")
                        : new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, CONSTRAINT_EXISTS,
                                "Constraint already exists: " + description(same));
            }
            throw nameTaken(named);
        }
        tx.createSchema(item, chosen, ifNotExists);
        return true;
    }

    private static StatusException nameTaken(SchemaDefinition owner) {
        boolean index = SchemaItem.isIndex(owner.item());
        return new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                index ? INDEX_NAME_EXISTS : CONSTRAINT_NAME_EXISTS,
                "There already exists " + (index ? "an index" : "a constraint") + " called '" + owner.name() + "'.");
    }

    /** The index of {@code kind} called {@code name} in the transaction's schema, or null. */
    public static <T extends SchemaItem> T named(Transaction tx, String name, Class<T> kind) {
        for (SchemaDefinition d : tx.schemaDefinitions()) {
            if (d.name().equals(name) && kind.isInstance(d.item())) {
                return kind.cast(d.item());
            }
        }
        return null;
    }

    public static SchemaDefinition find(List<SchemaDefinition> schema, SchemaItem item) {
        for (SchemaDefinition d : schema) {
            if (SchemaItem.sameSchema(d.item(), item)) {
                return d;
            }
        }
        return null;
    }

    public static SchemaDefinition nameOwner(List<SchemaDefinition> schema, String name) {
        if (name == null) {
            return null;
        }
        for (SchemaDefinition d : schema) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
