package io.memgraph.ha.query.ast;

import java.util.List;

/**
 * A type as a type predicate names it ({@code x IS :: INTEGER NOT NULL}, Neo4j 5's
 * "types and their synonyms"): synonyms are resolved by the parser, so {@code INT},
 * {@code SIGNED INTEGER} and {@code INTEGER} are one {@link Simple} type. Every type holds
 * {@code null} unless written with {@code NOT NULL} (or {@code !}); {@code NOTHING} never does.
 */
public sealed interface CypherType {

    /** Whether {@code null} is a value of this type. */
    boolean nullable();

    /** The predefined types, in the order Neo4j sorts them. */
    enum Base {
        NOTHING, NULL, BOOLEAN, STRING, INTEGER, FLOAT, DATE, LOCAL_TIME, ZONED_TIME, LOCAL_DATETIME,
        ZONED_DATETIME, DURATION, POINT, NODE, RELATIONSHIP, MAP, PATH,
        /** What Neo4j can store as a property: the scalars above from BOOLEAN to POINT, and lists of one of them. */
        PROPERTY_VALUE,
        ANY
    }

    /** A predefined type ({@code NOTHING} is never nullable whatever was written). */
    record Simple(Base base, boolean nullable) implements CypherType {
        public Simple {
            nullable = nullable && base != Base.NOTHING;
        }
    }

    /** {@code LIST<element>}: a list whose every element is of {@code element} (an empty list is of every list type). */
    record ListOf(CypherType element, boolean nullable) implements CypherType {}

    /**
     * A closed dynamic union {@code A | B | ...} (also {@code ANY<A | B>}): a value of any of them.
     * Its members are all nullable or all not (the parser refuses a mix), so it is nullable when they are.
     */
    record Union(List<CypherType> members) implements CypherType {
        public Union {
            members = List.copyOf(members);
        }

        @Override
        public boolean nullable() {
            return members.get(0).nullable();
        }
    }
}
