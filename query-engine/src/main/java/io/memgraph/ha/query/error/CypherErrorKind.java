package io.memgraph.ha.query.error;

/**
 * The kind of a Cypher error. Constant names follow the openCypher TCK's error details (so the TCK
 * step definitions can compare them directly); each kind carries the Neo4j status code a client
 * sees and the TCK error type it belongs to.
 */
public enum CypherErrorKind {
    // Syntax errors found by the lexer and parser.
    UNEXPECTED_SYNTAX("UnexpectedSyntax", Category.SYNTAX),
    INVALID_NUMBER_LITERAL("InvalidNumberLiteral", Category.SYNTAX),
    INVALID_UNICODE_LITERAL("InvalidUnicodeLiteral", Category.SYNTAX),
    /** A look-alike character such as an em dash where an operator was meant. */
    INVALID_UNICODE_CHARACTER("InvalidUnicodeCharacter", Category.SYNTAX),
    INTEGER_OVERFLOW_LITERAL("IntegerOverflow", Category.SYNTAX),
    FLOATING_POINT_OVERFLOW("FloatingPointOverflow", Category.SYNTAX),
    /** The pre-openCypher parameter syntax {@code {name}}, which is no longer supported. */
    LEGACY_PARAMETER_SYNTAX("MissingParameter", Category.SYNTAX),
    /** A malformed relationship pattern, e.g. bounds without '*' or a negative bound. */
    INVALID_RELATIONSHIP_PATTERN("InvalidRelationshipPattern", Category.SYNTAX),
    // Misused quantified path patterns and path selectors: Neo4j reports them as SyntaxError.
    INVALID_PATH_PATTERN("InvalidPathPattern", Category.SYNTAX),
    // Limits that keep one query from exhausting the server (io.memgraph.ha.query.QueryLimits);
    // the openCypher TCK has no such details, the names are ours.
    /** The query text is longer than {@code QueryLimits.MAX_QUERY_LENGTH} or has more than {@code MAX_QUERY_TOKENS}. */
    QUERY_TOO_LONG("QueryTooLong", Category.SYNTAX),
    /** Expressions or subqueries nest deeper than {@code QueryLimits.MAX_NESTING_DEPTH}, or the plan deeper than its limit. */
    NESTING_TOO_DEEP("NestingTooDeep", Category.SYNTAX),

    /** A planner hint its MATCH cannot use (Neo4j: "Cannot use index hint in this context. ..."). */
    INVALID_HINT("InvalidHint", Category.SYNTAX),

    // Compile-time semantic errors (the TCK reports these as SyntaxError with a detail).
    UNDEFINED_VARIABLE("UndefinedVariable", Category.SEMANTIC),
    VARIABLE_ALREADY_BOUND("VariableAlreadyBound", Category.SEMANTIC),
    VARIABLE_TYPE_CONFLICT("VariableTypeConflict", Category.SEMANTIC),
    NO_VARIABLES_IN_SCOPE("NoVariablesInScope", Category.SEMANTIC),
    NO_EXPRESSION_ALIAS("NoExpressionAlias", Category.SEMANTIC),
    COLUMN_NAME_CONFLICT("ColumnNameConflict", Category.SEMANTIC),
    DIFFERENT_COLUMNS_IN_UNION("DifferentColumnsInUnion", Category.SEMANTIC),
    INVALID_CLAUSE_COMPOSITION("InvalidClauseComposition", Category.SEMANTIC),
    INVALID_AGGREGATION("InvalidAggregation", Category.SEMANTIC),
    NESTED_AGGREGATION("NestedAggregation", Category.SEMANTIC),
    AMBIGUOUS_AGGREGATION_EXPRESSION("AmbiguousAggregationExpression", Category.SEMANTIC),
    NON_CONSTANT_EXPRESSION("NonConstantExpression", Category.SEMANTIC),
    INVALID_ARGUMENT_TYPE("InvalidArgumentType", Category.SEMANTIC),
    NEGATIVE_INTEGER_ARGUMENT("NegativeIntegerArgument", Category.SEMANTIC),
    INVALID_DELETE("InvalidDelete", Category.SEMANTIC),
    UNKNOWN_FUNCTION("UnknownFunction", Category.SEMANTIC),
    INVALID_NUMBER_OF_ARGUMENTS("InvalidNumberOfArguments", Category.SEMANTIC),
    INVALID_PARAMETER_USE("InvalidParameterUse", Category.SEMANTIC),
    /** Implicit procedure arguments (no parentheses) in a CALL that is not the whole query. */
    INVALID_ARGUMENT_PASSING_MODE("InvalidArgumentPassingMode", Category.SEMANTIC),
    REQUIRES_DIRECTED_RELATIONSHIP("RequiresDirectedRelationship", Category.SEMANTIC),
    NO_SINGLE_RELATIONSHIP_TYPE("NoSingleRelationshipType", Category.SEMANTIC),
    CREATING_VAR_LENGTH("CreatingVarLength", Category.SEMANTIC),
    RELATIONSHIP_UNIQUENESS_VIOLATION("RelationshipUniquenessViolation", Category.SEMANTIC),
    INVALID_ARGUMENT_EXPRESSION("InvalidArgumentExpression", Category.SEMANTIC),
    MERGE_READ_OWN_WRITES("MergeReadOwnWrites", Category.SEMANTIC_ERROR),

    // Run-time errors.
    TYPE_MISMATCH("InvalidArgumentValue", Category.TYPE),
    INVALID_PROPERTY_TYPE("InvalidPropertyType", Category.TYPE),
    PROPERTY_ACCESS_ON_NON_MAP("PropertyAccessOnNonMap", Category.TYPE),
    MAP_ELEMENT_ACCESS_BY_NON_STRING("MapElementAccessByNonString", Category.TYPE),
    LIST_ELEMENT_ACCESS_BY_NON_INTEGER("ListElementAccessByNonInteger", Category.TYPE),
    INVALID_ELEMENT_ACCESS("InvalidElementAccess", Category.TYPE),
    /** A value of the wrong type where the type is only known at run time (e.g. indexing an Integer). */
    RUNTIME_INVALID_ARGUMENT_TYPE("InvalidArgumentType", Category.TYPE),
    INVALID_ARGUMENT_VALUE("InvalidArgumentValue", Category.ARGUMENT),
    /** A function argument of a type the function refuses outright (e.g. a Float bound for {@code range()}). */
    ARGUMENT_INVALID_ARGUMENT_TYPE("InvalidArgumentType", Category.ARGUMENT),
    NUMBER_OUT_OF_RANGE("NumberOutOfRange", Category.ARGUMENT),
    INTEGER_OVERFLOW("IntegerOverflow", Category.ARITHMETIC),
    DIVISION_BY_ZERO("DivisionByZero", Category.ARITHMETIC),
    PARAMETER_MISSING("MissingParameter", Category.PARAMETER_MISSING),
    /** DELETE (without DETACH) of a node that still has relationships. */
    DELETE_CONNECTED_NODE("DeleteConnectedNode", Category.CONSTRAINT),
    /** Reading the properties or labels of an entity this transaction deleted. */
    DELETED_ENTITY_ACCESS("DeletedEntityAccess", Category.ENTITY_NOT_FOUND),
    /** CALL of a procedure that is not registered. */
    PROCEDURE_NOT_FOUND("ProcedureNotFound", Category.PROCEDURE),
    /** An empty string as a label, relationship type or property key computed at run time ({@code SET n:$('')}). */
    INVALID_TOKEN_NAME("InvalidTokenName", Category.TOKEN_NAME);

    /** The broad class of an error: decides the Neo4j status code and the TCK error type. */
    public enum Category {
        SYNTAX("Neo.ClientError.Statement.SyntaxError", "SyntaxError"),
        SEMANTIC("Neo.ClientError.Statement.SemanticError", "SyntaxError"),
        /** Semantic errors the TCK itself classifies as SemanticError (few). */
        SEMANTIC_ERROR("Neo.ClientError.Statement.SemanticError", "SemanticError"),
        TYPE("Neo.ClientError.Statement.TypeError", "TypeError"),
        ARGUMENT("Neo.ClientError.Statement.ArgumentError", "ArgumentError"),
        ARITHMETIC("Neo.ClientError.Statement.ArithmeticError", "ArithmeticError"),
        PARAMETER_MISSING("Neo.ClientError.Statement.ParameterMissing", "ParameterMissing"),
        /** An entity that no longer exists (deleted earlier in the same transaction). */
        ENTITY_NOT_FOUND("Neo.ClientError.Statement.EntityNotFound", "EntityNotFound"),
        /** A write that would leave the graph inconsistent, found at run time or at commit. */
        CONSTRAINT("Neo.ClientError.Schema.ConstraintValidationFailed", "ConstraintVerificationFailed"),
        /** A procedure that does not exist. */
        PROCEDURE("Neo.ClientError.Procedure.ProcedureNotFound", "ProcedureError"),
        /** A name that cannot be a label, relationship type or property key (the empty string). */
        TOKEN_NAME("Neo.ClientError.Schema.TokenNameError", "TokenNameError");

        private final String statusCode;
        private final String tckType;

        Category(String statusCode, String tckType) {
            this.statusCode = statusCode;
            this.tckType = tckType;
        }

        /** The Neo4j status code sent to clients in a Bolt FAILURE. */
        public String statusCode() {
            return statusCode;
        }

        /** The error type as the openCypher TCK names it (e.g. {@code SyntaxError}). */
        public String tckType() {
            return tckType;
        }
    }

    private final String tckDetail;
    private final Category category;

    CypherErrorKind(String tckDetail, Category category) {
        this.tckDetail = tckDetail;
        this.category = category;
    }

    /** The error detail as the openCypher TCK names it (e.g. {@code UndefinedVariable}). */
    public String tckDetail() {
        return tckDetail;
    }

    /** The broad class of this error. */
    public Category category() {
        return category;
    }

    /** The Neo4j status code sent to clients, e.g. {@code Neo.ClientError.Statement.SemanticError}. */
    public String statusCode() {
        return category.statusCode();
    }
}
