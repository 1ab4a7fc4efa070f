package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.QueryLimits;
import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.CypherType;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Expressions;
import io.memgraph.ha.query.ast.Hint;
import io.memgraph.ha.query.ast.LabelExpression;
import io.memgraph.ha.query.ast.MemgraphCommand;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.ast.Projection;
import io.memgraph.ha.query.ast.Query;
import io.memgraph.ha.query.ast.ShowTail;
import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherSyntaxException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A hand-written recursive-descent parser for openCypher 9 plus the Memgraph/Neo4j schema and
 * information statements. Each grammar rule is a method; {@link #expression()} resolves the
 * precedence levels of the openCypher grammar from OR (loosest) down to atoms.
 *
 * <p>Entry points: {@link #parse(String)} for a statement and {@link #parseExpression(String)}
 * for a lone expression. Both throw {@link CypherSyntaxException} with line and column, or a
 * {@link io.memgraph.ha.query.error.CypherException} when a {@link QueryLimits limit} is exceeded.
 *
 * <p>Hostile input: text longer than {@link QueryLimits#MAX_QUERY_LENGTH} is refused before it is
 * lexed; every rule that can nest (expressions, subqueries, FOREACH) counts its depth against
 * {@link QueryLimits#MAX_NESTING_DEPTH}, and the finished tree is measured again (chains of
 * property accesses or operators nest without recursion in the parser), so nothing after the
 * parser ever recurses deeper than the limit. Backtracking over a parenthesis that might open a
 * pattern is tried at most once per position, so nested candidates cannot make parsing exponential.
 * Those errors are {@link io.memgraph.ha.query.error.CypherException}s, never caught by backtracking.
 */
public final class CypherParser {
    private final String src;
    private final List<Token> tokens;
    /** For each {@code (} token, the index of its matching {@code )}, or -1. */
    private final int[] closingParen;
    /** Positions where a pattern predicate, or a pattern comprehension, did not parse. */
    private final BitSet notPatternPredicate = new BitSet();
    private final BitSet notPatternComprehension = new BitSet();
    private int i;
    private int depth;
    /**
     * Above 0 while parsing an expression that a {@code |} ends (the WHERE of a list or pattern
     * comprehension, the list of a reduce or FOREACH): a label check there does not read {@code |}
     * as a label disjunction, {@code [x IN l WHERE x:A | x]} keeps its meaning.
     */
    private int pipeStops;
    /** What a {@code $name} stands for instead of a parameter (the queries of {@link RewrittenCalls}). */
    private Map<String, Expression> parameterSubstitutes = Map.of();

    private CypherParser(String src) {
        if (src.length() > QueryLimits.MAX_QUERY_LENGTH) {
            throw QueryLimits.queryTooLong(src.length());
        }
        this.src = src;
        this.tokens = Lexer.tokenize(src);
        this.closingParen = matchParentheses(tokens);
    }

    private static int[] matchParentheses(List<Token> tokens) {
        int[] closing = new int[tokens.size()];
        int[] open = new int[tokens.size()];
        int top = 0;
        for (int k = 0; k < tokens.size(); k++) {
            closing[k] = -1;
            TokenType t = tokens.get(k).type();
            if (t == TokenType.LPAREN) {
                open[top++] = k;
            } else if (t == TokenType.RPAREN && top > 0) {
                closing[open[--top]] = k;
            }
        }
        return closing;
    }

    /**
     * Parses a whole statement: a query (with UNIONs), EXPLAIN/PROFILE of one, or a schema or SHOW
     * statement. A trailing semicolon is allowed.
     *
     * @throws CypherSyntaxException with line, column and excerpt when the text is not valid
     */
    public static Statement parse(String query) {
        try {
            CypherParser p = new CypherParser(query);
            Statement s = RewrittenCalls.rewrite(p.statement());
            p.accept(TokenType.SEMICOLON);
            p.expect(TokenType.EOF, "end of input");
            NestingDepth.check(s);
            return s;
        } catch (CypherSyntaxException e) {
            if (!PasswordRedaction.mayHoldPassword(query)) {
                throw e;
            }
            // The excerpt would show a password to the client's error log and ours: cut it from a redacted copy.
            throw new CypherSyntaxException(e.kind(), PasswordRedaction.redact(e.shortMessage()),
                    PasswordRedaction.redact(query), new Position(e.offset(), e.line(), e.column()));
        }
    }

    /**
     * A statement whose leading {@code apoc.periodic.iterate}, {@code apoc.periodic.commit},
     * {@code periodic.iterate} or {@code periodic.delete} takes its queries or settings from
     * parameters: {@link #parse} leaves such a call as it is, and it is rewritten with the values of
     * the parameters when the query runs. {@link #key} determines the rewrite: the call's arguments
     * with the parameters it reads replaced by their values.
     */
    public static final class Binding {
        private final Statement statement;
        private final List<Expression> arguments;

        private Binding(Statement statement, List<Expression> arguments) {
            this.statement = statement;
            this.arguments = arguments;
        }

        /** What the rewrite depends on beside the query text (equal keys, equal rewrites). */
        public Object key() {
            return arguments;
        }

        /** The statement with the call rewritten, as {@link #parse} rewrites a call written with literals. */
        public Statement rewritten() {
            Statement s = RewrittenCalls.bind(statement, arguments);
            NestingDepth.check(s);
            return s;
        }
    }

    /** Whether {@code statement}, as {@link #parse} returned it, has a call that waits for parameters ({@link Binding}). */
    public static boolean waitsForParameters(Statement statement) {
        return RewrittenCalls.waitsForParameters(statement);
    }

    /**
     * The binding of {@code statement} (as {@link #parse} returned it) to {@code parameters} (in
     * the engine's value model), or null when it has no call that waits for parameters.
     *
     * @throws io.memgraph.ha.query.error.CypherException an argument error when a parameter the
     *         call reads was not given
     */
    public static Binding binding(Statement statement, Map<String, Object> parameters) {
        List<Expression> arguments = RewrittenCalls.boundArguments(statement, parameters);
        return arguments == null ? null : new Binding(statement, arguments);
    }

    /**
     * The statements of {@code text} that semicolons separate (those outside strings, quoted names
     * and comments), each as written, blank ones left out ({@code apoc.cypher.runMany}).
     *
     * @throws CypherSyntaxException when the text cannot be read as Cypher tokens
     */
    public static List<String> splitStatements(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (Token t : Lexer.tokenize(text)) {
            if (t.is(TokenType.SEMICOLON) || t.is(TokenType.EOF)) {
                String statement = text.substring(from, t.position().offset()).strip();
                if (!statement.isEmpty()) {
                    out.add(statement);
                }
                from = t.end();
            }
        }
        return out;
    }

    /**
     * Parses a query a rewritten procedure call takes ({@link RewrittenCalls}: the two of
     * {@code apoc.periodic.iterate}, the statement of {@code apoc.periodic.commit}), where
     * {@code $name} stands for {@code substitutes.get(name)} when there is one (the call's
     * {@code params}, the iterated columns), else for the statement's parameter.
     */
    static Query parseInner(String query, Map<String, Expression> substitutes) {
        CypherParser p = new CypherParser(query);
        p.parameterSubstitutes = substitutes;
        Statement s = p.statement();
        p.accept(TokenType.SEMICOLON);
        p.expect(TokenType.EOF, "end of input");
        if (!(s instanceof Query q)) {
            throw new io.memgraph.ha.query.error.CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                    "the periodic procedures take queries; '" + query + "' is another kind of statement");
        }
        return q;
    }

    private Expression parameter(String name, Position at) {
        Expression substitute = parameterSubstitutes.get(name);
        return substitute != null ? substitute : new Expression.Parameter(name, at);
    }

    /** Parses a single expression (for tests and tools). */
    public static Expression parseExpression(String expression) {
        CypherParser p = new CypherParser(expression);
        Expression e = p.expression();
        p.expect(TokenType.EOF, "end of input");
        NestingDepth.check(e);
        return e;
    }

    // ---------------------------------------------------------------- nesting

    /** One level deeper (an expression); pair with {@link #leave()} in a finally. */
    private void enter() {
        enter(1);
    }

    /** {@code levels} deeper (a subquery or FOREACH body counts more); pair with {@link #leave(int)}. */
    private void enter(int levels) {
        if (depth + levels > QueryLimits.MAX_NESTING_DEPTH) {
            throw QueryLimits.nestingTooDeep(pos());
        }
        depth += levels;
    }

    private void leave() {
        leave(1);
    }

    private void leave(int levels) {
        depth -= levels;
    }

    // ---------------------------------------------------------------- token helpers

    private Token peek() {
        return tokens.get(i);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(i + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token t = tokens.get(i);
        if (t.type() != TokenType.EOF) {
            i++;
        }
        return t;
    }

    private Token previous() {
        return tokens.get(Math.max(0, i - 1));
    }

    private boolean at(TokenType t) {
        return peek().type() == t;
    }

    private boolean atKeyword(String k) {
        return peek().isKeyword(k);
    }

    private boolean atKeyword(int ahead, String k) {
        return peek(ahead).isKeyword(k);
    }

    private boolean accept(TokenType t) {
        if (at(t)) {
            advance();
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String k) {
        if (atKeyword(k)) {
            advance();
            return true;
        }
        return false;
    }

    private Token expect(TokenType t, String what) {
        if (!at(t)) {
            throw unexpected(what);
        }
        return advance();
    }

    private Token expect(TokenType t) {
        return expect(t, t.display());
    }

    private void expectKeyword(String k) {
        if (!acceptKeyword(k)) {
            throw unexpected("'" + k + "'");
        }
    }

    /**
     * The options after {@code IN TRANSACTIONS}, in any order, each at most once (as Neo4j 5 reads
     * them): {@code OF n ROWS}, {@code ON ERROR CONTINUE | BREAK | FAIL}, {@code REPORT STATUS AS s}.
     */
    private Clause.InTransactions inTransactionsOptions(Position tp, boolean concurrent, Expression concurrency) {
        Expression batch = null;
        Clause.OnError onError = null;
        String report = null;
        Position reportAt = null;
        while (true) {
            Position at = pos();
            if (atKeyword("OF")) {
                duplicateOption(batch != null, "OF ROWS", at);
                advance();
                batch = expression();
                if (!acceptKeyword("ROWS")) {
                    expectKeyword("ROW");
                }
            } else if (atKeyword("ON") && atKeyword(1, "ERROR")) {
                duplicateOption(onError != null, "ON ERROR", at);
                advance();
                advance();
                onError = onErrorMode();
            } else if (atKeyword("REPORT")) {
                duplicateOption(report != null, "REPORT STATUS", at);
                reportAt = at;
                advance();
                expectKeyword("STATUS");
                expectKeyword("AS");
                report = name("a variable name");
            } else {
                break;
            }
        }
        if (onError == null) {
            onError = Clause.OnError.FAIL;
        }
        if (report != null && onError == Clause.OnError.FAIL) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX,
                    "REPORT STATUS can only be used when specifying ON ERROR CONTINUE or ON ERROR BREAK", reportAt);
        }
        return new Clause.InTransactions(concurrent, concurrency, batch, onError, report, tp);
    }

    private void duplicateOption(boolean seen, String option, Position p) {
        if (seen) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Duplicated " + option + " parameter", p);
        }
    }

    /** {@code CONTINUE}, {@code BREAK} or {@code FAIL} after {@code ON ERROR}; {@code RETRY} is refused. */
    private Clause.OnError onErrorMode() {
        if (atKeyword("RETRY")) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "ON ERROR RETRY is not supported; use ON ERROR CONTINUE"
                    + " REPORT STATUS AS s and run the rows whose s.committed is false again", pos());
        }
        for (Clause.OnError mode : Clause.OnError.values()) {
            if (acceptKeyword(mode.name())) {
                return mode;
            }
        }
        throw unexpected("CONTINUE, BREAK or FAIL");
    }

    private CypherSyntaxException unexpected(String expected) {
        Token t = peek();
        String msg = t.type() == TokenType.EOF
                ? "Unexpected end of input: expected " + expected
                : "Invalid input '" + t.text() + "': expected " + expected;
        return new CypherSyntaxException(CypherErrorKind.UNEXPECTED_SYNTAX, msg, src, t.position());
    }

    private CypherSyntaxException error(CypherErrorKind kind, String message, Position p) {
        return new CypherSyntaxException(kind, message, src, p);
    }

    private boolean atName() {
        return at(TokenType.IDENTIFIER) || at(TokenType.ESCAPED_IDENTIFIER);
    }

    /** A symbolic name: label, type, key, variable. Keywords are allowed as names. */
    private String name(String what) {
        if (!atName()) {
            throw unexpected(what);
        }
        return advance().value();
    }

    private Position pos() {
        return peek().position();
    }

    /**
     * A cheap look-ahead before backtracking: true when the token at {@code from} opens a
     * parenthesis whose match is followed by {@code -} or {@code <-}, as a node pattern followed
     * by a relationship is. Keeps the parser from building exceptions for every parenthesis.
     */
    private boolean startsRelationshipPattern(int from) {
        if (from >= tokens.size() || !tokens.get(from).is(TokenType.LPAREN) || closingParen[from] < 0) {
            return false;
        }
        int k = closingParen[from];
        TokenType next = tokenAt(k + 1).type();
        return next == TokenType.MINUS || (next == TokenType.LT && tokenAt(k + 2).is(TokenType.MINUS));
    }

    private Token tokenAt(int k) {
        return tokens.get(Math.min(k, tokens.size() - 1));
    }

    /**
     * Runs {@code rule}; if it fails with a syntax error, rewinds and returns null. A rule that
     * failed at a position is not tried there again ({@code failedAt} remembers): its failure does
     * not depend on how the parser got there, and retrying it under every enclosing attempt would
     * make nested candidates exponential.
     */
    private <T> T attempt(Supplier<T> rule, BitSet failedAt) {
        int save = i;
        if (failedAt.get(save)) {
            return null;
        }
        try {
            return rule.get();
        } catch (CypherSyntaxException e) {
            i = save;
            failedAt.set(save);
            return null;
        }
    }

    // ---------------------------------------------------------------- statements

    /** The Cypher language versions a query may name in its {@code CYPHER} prefix. */
    private static final Set<String> CYPHER_VERSIONS = Set.of("5", "25");

    /**
     * Neo4j's query options before a statement (or after its EXPLAIN or PROFILE): any number of
     * {@code CYPHER} prefixes, each with a language version ({@code 5} or {@code 25}) and/or planner
     * and runtime options ({@code runtime=slotted}, ...). Tools send them on every query (the Neo4j
     * GraphQL Library starts each one with {@code CYPHER 5}). This engine has one language, planner
     * and runtime, so they change nothing; another version is refused rather than run as if it were
     * one of these.
     */
    private void queryOptions() {
        while (atKeyword("CYPHER")) {
            advance();
            if (at(TokenType.INTEGER) || at(TokenType.FLOAT) || at(TokenType.INVALID_NUMBER)) {
                Token version = advance();
                if (!CYPHER_VERSIONS.contains(version.text())) {
                    throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Cypher version " + version.text()
                            + " is not supported: use CYPHER 5 or CYPHER 25, or no version", version.position());
                }
            }
            while (atName() && peek(1).is(TokenType.EQ)) {
                i += 2;
                if (!atName() && !at(TokenType.INTEGER) && !at(TokenType.STRING)) {
                    throw unexpected("the value of a query option (e.g. CYPHER runtime=slotted)");
                }
                advance();
            }
        }
    }

    private Statement statement() {
        queryOptions();
        if (acceptKeyword("EXPLAIN")) {
            queryOptions();
            return new Statement.Explain(hintedQuery());
        }
        if (acceptKeyword("PROFILE")) {
            queryOptions();
            return new Statement.Profile(hintedQuery());
        }
        if (atKeyword("CREATE") && (atKeyword(1, "INDEX") || atKeyword(1, "RANGE") && atKeyword(2, "INDEX"))) {
            return createIndex();
        }
        if (atKeyword("CREATE") && atKeyword(1, "VECTOR") && (atKeyword(2, "INDEX") || atKeyword(2, "EDGE"))) {
            return createVectorIndex();
        }
        if (atKeyword("CREATE") && (atKeyword(1, "FULLTEXT") && atKeyword(2, "INDEX")
                || atKeyword(1, "TEXT") && (atKeyword(2, "INDEX") || atKeyword(2, "EDGE")))) {
            return createFulltextIndex();
        }
        if (atKeyword("DROP") && atKeyword(1, "INDEX")) {
            return dropIndex();
        }
        if (atKeyword("DROP") && atKeyword(1, "TEXT") && atKeyword(2, "INDEX")) { // Memgraph's, by name
            Position p = pos();
            i += 3;
            return new Statement.DropIndex(name("a text index name"), null, List.of(), ifExists(false), p);
        }
        if (atKeyword("DROP") && atKeyword(1, "VECTOR") && atKeyword(2, "INDEX")) { // Memgraph's, by name
            Position p = pos();
            i += 3;
            return new Statement.DropIndex(name("a vector index name"), null, List.of(), ifExists(false), p);
        }
        if (atKeyword("CREATE") && atKeyword(1, "CONSTRAINT")) {
            return constraint(true);
        }
        if (atKeyword("DROP") && atKeyword(1, "CONSTRAINT")) {
            return constraint(false);
        }
        if (atKeyword("SHOW")) {
            Statement administration = showAdministration();
            if (administration != null) {
                return administration;
            }
        }
        if (atKeyword("SHOW") && (atKeyword(1, "TRANSACTION") || atKeyword(1, "TRANSACTIONS"))) {
            i += 2;
            return new Statement.ShowTransactions(transactionIds(false), showTail(true));
        }
        if (atKeyword("SHOW")) {
            return show();
        }
        if (atKeyword("TERMINATE")) {
            advance();
            if (!acceptKeyword("TRANSACTIONS") && !acceptKeyword("TRANSACTION")) {
                throw unexpected("'TRANSACTIONS'");
            }
            // Neo4j: WHERE after TERMINATE needs a YIELD before it
            return new Statement.TerminateTransactions(transactionIds(true), showTail(false));
        }
        if ((atKeyword("CREATE") || atKeyword("ALTER") || atKeyword("DROP")) && atKeyword(1, "USER")
                && !peek(2).is(TokenType.EQ)) {
            return user();
        }
        if (atKeyword("DUMP") && atKeyword(1, "DATABASE")) {
            i += 2;
            return new Statement.DumpDatabase();
        }
        Statement memgraph = memgraphCommand();
        if (memgraph != null) {
            return memgraph;
        }
        if (atKeyword("ALTER") && atKeyword(1, "CURRENT") && atKeyword(2, "USER")) {
            Position p = pos();
            i += 3;
            for (String word : List.of("SET", "PASSWORD", "FROM")) {
                expectKeywordQuietly(word);
            }
            Statement.Password old = password();
            expectKeywordQuietly("TO");
            return new Statement.AlterCurrentUser(old, password(), p);
        }
        if (atKeyword("SET") && atKeyword(1, "PASSWORD") && atKeyword(2, "FOR")) {
            Position p = pos();
            i += 3;
            String name = userName();
            expectKeyword("TO");
            return new Statement.AlterUser(name, password(), p);
        }
        return hintedQuery();
    }

    /** {@code CREATE USER ...}, {@code ALTER USER ...} or {@code DROP USER ...} (the first two tokens are next). */
    private Statement user() {
        Position p = pos();
        String verb = advance().value().toUpperCase(java.util.Locale.ROOT);
        advance();
        if (verb.equals("DROP")) {
            boolean ifExists = atKeyword("IF");
            ifExists(false);
            return new Statement.DropUser(userName(), ifExists, p);
        }
        boolean ifNotExists = verb.equals("CREATE") && atKeyword("IF");
        if (ifNotExists) {
            ifExists(true);
        }
        String name = userName();
        if (acceptKeyword("SET")) {
            expectKeyword("PASSWORD");
        } else if (acceptKeyword("IDENTIFIED")) {
            expectKeyword("BY");
        } else {
            throw unexpected("'SET PASSWORD' or 'IDENTIFIED BY' (a user needs a password)");
        }
        Statement.Password password = password();
        return verb.equals("CREATE") ? new Statement.CreateUser(name, ifNotExists, password, p)
                : new Statement.AlterUser(name, password, p);
    }

    /**
     * {@code keyword} next in ALTER CURRENT USER, else a syntax error that does not echo what is
     * there instead (it may be a password).
     */
    private void expectKeywordQuietly(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Expected '" + keyword + "': the statement is ALTER CURRENT"
                    + " USER SET PASSWORD FROM 'old' TO 'new'", pos());
        }
    }

    /** A user name: a name (backticks allowed) or a string literal. */
    private String userName() {
        if (at(TokenType.STRING)) {
            return advance().value();
        }
        return name("a user name");
    }

    /** A string literal or a parameter; anything else is refused without echoing it (it may be a password). */
    private Statement.Password password() {
        if (at(TokenType.STRING)) {
            return new Statement.Password(advance().value(), null);
        }
        if (at(TokenType.PARAMETER)) {
            return new Statement.Password(null, advance().value());
        }
        throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Expected the password as a string literal or a parameter",
                pos());
    }

    /**
     * The ids after {@code SHOW TRANSACTIONS} or {@code TERMINATE TRANSACTIONS}: comma-separated
     * string literals (Neo4j writes {@code 'neo4j-transaction-3'}, Memgraph {@code "3"}) or one
     * parameter; {@code SHOW} may have none.
     */
    private Statement.TransactionIds transactionIds(boolean required) {
        return strings(required, "a transaction id (a string)");
    }

    /**
     * Comma-separated string literals or one parameter (the ids of {@code SHOW TRANSACTIONS}, the
     * names of {@code SHOW SETTINGS}); none when not {@code required}.
     *
     * @param item what each string is, for the error
     */
    private Statement.TransactionIds strings(boolean required, String item) {
        if (at(TokenType.PARAMETER)) {
            return new Statement.TransactionIds(List.of(), advance().value());
        }
        List<String> ids = new ArrayList<>();
        if (!at(TokenType.STRING)) {
            if (required) {
                throw unexpected("transaction ids: strings ('neo4j-transaction-1', ...) or a parameter");
            }
            return new Statement.TransactionIds(ids, null);
        }
        do {
            if (!at(TokenType.STRING)) {
                throw unexpected(item);
            }
            ids.add(advance().value());
        } while (accept(TokenType.COMMA));
        return new Statement.TransactionIds(ids, null);
    }

    /**
     * What may follow a SHOW command (Neo4j 5): {@code YIELD {* | column [AS alias], ...} [ORDER BY
     * ...] [SKIP n] [LIMIT n] [WHERE expr] [RETURN ...]}, or {@code WHERE expr} alone when
     * {@code whereAlone}; null when neither follows.
     */
    private ShowTail showTail(boolean whereAlone) {
        Position p = pos();
        if (acceptKeyword("YIELD")) {
            boolean star = accept(TokenType.STAR);
            List<Projection.Item> items = new ArrayList<>();
            if (!star) {
                do {
                    Position ip = pos();
                    String column = name("a column name or '*'");
                    String alias = acceptKeyword("AS") ? name("a variable") : null;
                    items.add(new Projection.Item(new Expression.Variable(column, ip), alias, column, ip));
                } while (accept(TokenType.COMMA));
            }
            Projection yield = orderSkipLimit(false, star, items);
            Expression where = acceptKeyword("WHERE") ? expression() : null;
            Clause.With with = new Clause.With(yield, where, p, "YIELD");
            Position rp = pos();
            return new ShowTail(with, acceptKeyword("RETURN") ? new Clause.Return(projection(), rp) : null);
        }
        if (whereAlone && acceptKeyword("WHERE")) {
            Projection all = new Projection(false, true, List.of(), List.of(), null, null);
            return new ShowTail(new Clause.With(all, expression(), p, "WHERE"), null);
        }
        if (atKeyword("RETURN") || atKeyword("WHERE") || atOrderBy() || atKeyword("SKIP") || atKeyword("LIMIT")) {
            String clause = atOrderBy() ? "ORDER BY" : peek().text().toUpperCase(java.util.Locale.ROOT);
            throw unexpected("'YIELD'" + (whereAlone ? ", 'WHERE'" : "") + " or end of input (" + clause
                    + " after this command needs a YIELD before it)");
        }
        return null;
    }

    /** The index types {@code SHOW <type> INDEXES} filters on (Neo4j 5). */
    private static final List<String> INDEX_TYPES = List.of("RANGE", "LOOKUP", "FULLTEXT", "TEXT", "POINT", "VECTOR");

    /**
     * Neo4j 5's administration commands that list things, at {@code SHOW}: {@code SHOW CURRENT
     * USER}, {@code SHOW USER[S]}, {@code SHOW SERVER[S]}, {@code SHOW ALIAS[ES] [name] FOR
     * DATABASE[S]}, {@code SHOW SETTING[S] [names]}, {@code SHOW <type> INDEXES} and {@code SHOW
     * <kind> CONSTRAINTS}, each with its tail; null (nothing consumed) for any other SHOW.
     */
    private Statement showAdministration() {
        int start = i;
        advance();
        if (atKeyword("CURRENT") && atKeyword(1, "USER")) {
            i += 2;
            return new Statement.ShowUsers(true, showTail(true));
        }
        if (acceptKeyword("USER") || acceptKeyword("USERS")) {
            return new Statement.ShowUsers(false, showTail(true));
        }
        if (acceptKeyword("SERVER") || acceptKeyword("SERVERS")) {
            return new Statement.ShowServers(showTail(true));
        }
        if (acceptKeyword("ALIAS") || acceptKeyword("ALIASES")) {
            return showAliases();
        }
        if (acceptKeyword("SETTING") || acceptKeyword("SETTINGS")) {
            return new Statement.ShowSettings(strings(false, "a setting name (a string)"), showTail(true));
        }
        if (atKeyword("VECTOR") && atKeyword(1, "INDEX") && atKeyword(2, "INFO")) {
            i += 3;
            return new Statement.ShowVectorIndexInfo();
        }
        for (String type : INDEX_TYPES) {
            if (atKeyword(type) && (atKeyword(1, "INDEX") || atKeyword(1, "INDEXES"))) {
                i += 2;
                return new Statement.ShowIndexes(type, showTail(true));
            }
        }
        List<String> kinds = constraintKinds();
        if (kinds != null && (acceptKeyword("CONSTRAINT") || acceptKeyword("CONSTRAINTS"))) {
            return new Statement.ShowConstraints(kinds, showTail(true));
        }
        i = start;
        return null;
    }

    /** After {@code SHOW ALIAS[ES]}: an optional alias name (dotted parts allowed) or parameter, {@code FOR DATABASE[S]}, the tail. */
    private Statement showAliases() {
        String name = null;
        String parameter = null;
        if (at(TokenType.PARAMETER)) {
            parameter = advance().value();
        } else if (!atKeyword("FOR")) {
            StringBuilder dotted = new StringBuilder(name("an alias name or 'FOR DATABASES'"));
            while (accept(TokenType.DOT)) {
                dotted.append('.').append(name("the rest of an alias name"));
            }
            name = dotted.toString();
        }
        expectKeyword("FOR");
        if (!acceptKeyword("DATABASE") && !acceptKeyword("DATABASES")) {
            throw unexpected("'DATABASES'");
        }
        return new Statement.ShowAliases(name, parameter, showTail(true));
    }

    /**
     * Neo4j 5's constraint filters before {@code CONSTRAINT[S]}: {@code [NODE | REL[ATIONSHIP]]} then
     * {@code UNIQUE[NESS]}, {@code [PROPERTY] EXIST[ENCE]}, {@code PROPERTY TYPE} or {@code KEY}, as
     * the {@code type}s they keep; null when the next words are none of these (nothing consumed).
     */
    private List<String> constraintKinds() {
        int start = i;
        String entity = acceptKeyword("NODE") ? "NODE" : acceptKeyword("REL") || acceptKeyword("RELATIONSHIP")
                ? "RELATIONSHIP" : null;
        String kind = null;
        if (acceptKeyword("UNIQUE") || acceptKeyword("UNIQUENESS")) {
            kind = "UNIQUENESS";
        } else if (acceptKeyword("KEY")) {
            kind = "KEY";
        } else if (atKeyword("PROPERTY") && atKeyword(1, "TYPE")) {
            i += 2;
            kind = "PROPERTY_TYPE";
        } else {
            boolean property = acceptKeyword("PROPERTY");
            if (acceptKeyword("EXIST") || acceptKeyword("EXISTENCE")) {
                kind = "PROPERTY_EXISTENCE";
            } else if (property) {
                i--;
            }
        }
        if (kind == null || !atKeyword("CONSTRAINT") && !atKeyword("CONSTRAINTS")) {
            i = start;
            return null;
        }
        // Neo4j's type names: UNIQUENESS (of nodes), RELATIONSHIP_UNIQUENESS, NODE_KEY, RELATIONSHIP_KEY,
        // NODE_PROPERTY_EXISTENCE, RELATIONSHIP_PROPERTY_EXISTENCE, NODE_PROPERTY_TYPE, ...
        String node = kind.equals("UNIQUENESS") ? kind : "NODE_" + kind;
        String relationship = "RELATIONSHIP_" + kind;
        return entity == null ? List.of(node, relationship)
                : List.of(entity.equals("NODE") ? node : relationship);
    }

    private Statement show() {
        advance();
        if (acceptKeyword("PROCEDURES")) {
            return new Statement.ShowProcedures(showTail(true));
        }
        if (acceptKeyword("BUILT")) {
            expectKeyword("IN");
            expectKeyword("FUNCTIONS");
            return new Statement.ShowFunctions(showTail(true));
        }
        if (atKeyword("ALL") && atKeyword(1, "FUNCTIONS")) {
            advance();
            advance();
            return new Statement.ShowFunctions(showTail(true));
        }
        if (acceptKeyword("FUNCTIONS")) {
            return new Statement.ShowFunctions(showTail(true));
        }
        if ((atKeyword("DEFAULT") || atKeyword("HOME")) && atKeyword(1, "DATABASE")) {
            Statement.DatabaseScope scope = atKeyword("DEFAULT") ? Statement.DatabaseScope.DEFAULT
                    : Statement.DatabaseScope.HOME;
            i += 2;
            return new Statement.ShowDatabases(scope, null, null, showTail(true));
        }
        if (acceptKeyword("DATABASE") || acceptKeyword("DATABASES")) {
            return showDatabases();
        }
        if ((atKeyword("INDEX") || atKeyword("CONSTRAINT")) && atKeyword(1, "INFO")) {
            Statement s = atKeyword("INDEX") ? new Statement.ShowIndexInfo() : new Statement.ShowConstraintInfo();
            advance();
            advance();
            return s;
        }
        MemgraphCommand about = showAboutMemgraph();
        if (about != null) {
            return about;
        }
        boolean all = acceptKeyword("ALL");
        boolean range = !all && acceptKeyword("RANGE");
        if (acceptKeyword("INDEX") || acceptKeyword("INDEXES")) {
            return new Statement.ShowIndexes(showTail(true));
        }
        if (!range && (acceptKeyword("CONSTRAINT") || acceptKeyword("CONSTRAINTS"))) {
            return new Statement.ShowConstraints(showTail(true));
        }
        if (all || range) {
            throw unexpected(range ? "'INDEXES'" : "'INDEXES', 'CONSTRAINTS' or 'FUNCTIONS'");
        }
        Statement s;
        if (acceptKeyword("STORAGE")) {
            s = new Statement.ShowStorageInfo();
        } else if (acceptKeyword("RAFT")) {
            s = new Statement.ShowRaftInfo();
        } else {
            throw unexpected("'INDEXES', 'CONSTRAINTS', 'INDEX INFO', 'CONSTRAINT INFO', 'STORAGE', 'RAFT', 'USERS', "
                    + "'CURRENT USER', 'SERVERS', 'ALIASES', 'SETTINGS', 'TRANSACTIONS', 'PROCEDURES', 'FUNCTIONS', "
                    + "'DATABASES', 'DEFAULT DATABASE', 'HOME DATABASE', 'VERSION', 'BUILD INFO', 'TRIGGERS' or 'CONFIG'");
        }
        expectKeyword("INFO");
        return s;
    }

    /**
     * After {@code SHOW}: Memgraph's {@code VERSION}, {@code BUILD INFO}, {@code TRIGGERS} (or
     * {@code TRIGGER INFO}), {@code CONFIG}; null, consuming nothing, for anything else.
     */
    private MemgraphCommand showAboutMemgraph() {
        if (acceptKeyword("VERSION")) {
            return new MemgraphCommand.ShowVersion();
        }
        if (acceptKeyword("TRIGGERS")) {
            return new MemgraphCommand.ShowTriggers();
        }
        if (acceptKeyword("CONFIG")) {
            return new MemgraphCommand.ShowConfig();
        }
        if ((atKeyword("BUILD") || atKeyword("TRIGGER")) && atKeyword(1, "INFO")) {
            MemgraphCommand c = atKeyword("BUILD") ? new MemgraphCommand.ShowBuildInfo()
                    : new MemgraphCommand.ShowTriggers();
            i += 2;
            return c;
        }
        return null;
    }

    /**
     * Memgraph's {@code CREATE EDGE INDEX}, {@code DROP EDGE INDEX} and {@code STORAGE MODE mode};
     * {@code CREATE TRIGGER} and {@code DROP TRIGGER}, which are refused here with what to do
     * instead (this server runs no triggers); null, consuming nothing, for anything else.
     */
    private Statement memgraphCommand() {
        if ((atKeyword("CREATE") || atKeyword("DROP")) && atKeyword(1, "EDGE") && atKeyword(2, "INDEX")) {
            return edgeIndex();
        }
        if (atKeyword("STORAGE") && atKeyword(1, "MODE")) {
            Position p = pos();
            i += 2;
            String mode = at(TokenType.IDENTIFIER) ? peek().text().toUpperCase(java.util.Locale.ROOT) : "";
            for (MemgraphCommand.Mode m : MemgraphCommand.Mode.values()) {
                if (m.name().equals(mode)) {
                    advance();
                    return new MemgraphCommand.StorageMode(m, p);
                }
            }
            throw unexpected("'IN_MEMORY_TRANSACTIONAL', 'IN_MEMORY_ANALYTICAL' or 'ON_DISK_TRANSACTIONAL'");
        }
        if ((atKeyword("CREATE") || atKeyword("DROP")) && atKeyword(1, "TRIGGER")) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Triggers are not supported: this server runs no"
                    + " triggers (SHOW TRIGGERS lists none); run the trigger's statement from the application after"
                    + " the write it reacts to", pos());
        }
        return null;
    }

    /**
     * Memgraph's {@code CREATE EDGE INDEX ON :T(p, ...)} and {@code DROP EDGE INDEX ON :T(p, ...)}:
     * a relationship property index, as Neo4j's {@code FOR ()-[r:T]-() ON (r.p, ...)}. Memgraph's
     * index of a type alone ({@code ON :T}) is not supported.
     */
    private Statement edgeIndex() {
        Position p = pos();
        boolean create = atKeyword("CREATE");
        i += 3;
        expectKeyword("ON");
        expect(TokenType.COLON);
        String type = name("a relationship type");
        if (!at(TokenType.LPAREN)) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "An index of a relationship type alone (" + (create
                    ? "CREATE" : "DROP") + " EDGE INDEX ON :" + type + ") is not supported: index a property,"
                    + " ON :" + type + "(property)", pos());
        }
        List<String> properties = labelPropertyList();
        return create ? new Statement.CreateIndex(null, type, properties, true, false, false, p)
                : new Statement.DropIndex(null, type, properties, true, false, p);
    }

    /**
     * After {@code SHOW DATABASE[S]}: a database name (a name, dotted parts such as {@code a.b},
     * backticks allowed) or a parameter, then the tail. Without either, every database.
     */
    private Statement showDatabases() {
        if (at(TokenType.PARAMETER)) {
            String parameter = advance().value();
            return new Statement.ShowDatabases(Statement.DatabaseScope.NAMED, null, parameter, showTail(true));
        }
        if (at(TokenType.ESCAPED_IDENTIFIER) || at(TokenType.IDENTIFIER) && !atKeyword("YIELD")
                && !atKeyword("WHERE") && !atKeyword("RETURN") && !atOrderBy() && !atKeyword("SKIP")
                && !atKeyword("LIMIT")) { // those start a tail, or a tail's error
            StringBuilder name = new StringBuilder(advance().value());
            while (accept(TokenType.DOT)) {
                name.append('.').append(name("the rest of a database name"));
            }
            return new Statement.ShowDatabases(Statement.DatabaseScope.NAMED, name.toString(), null, showTail(true));
        }
        return new Statement.ShowDatabases(Statement.DatabaseScope.ALL, null, null, showTail(true));
    }

    private Statement createIndex() {
        Position p = pos();
        advance();
        boolean range = acceptKeyword("RANGE");
        advance();
        if (!range && acceptKeyword("ON")) {
            expect(TokenType.COLON);
            String label = name("a label");
            return new Statement.CreateIndex(null, label, labelPropertyList(), false, false, false, p);
        }
        String indexName = null;
        if (!atKeyword("FOR") && !atKeyword("IF")) {
            indexName = name("'ON', 'FOR' or an index name");
        }
        boolean ifNotExists = ifExists(true);
        IndexPattern pattern = indexPattern();
        String variable = pattern.variable();
        String label = pattern.label();
        boolean relationship = pattern.relationships();
        expectKeyword("ON");
        expect(TokenType.LPAREN);
        List<String> props = new ArrayList<>();
        do {
            props.add(variableProperty(variable));
        } while (accept(TokenType.COMMA));
        expect(TokenType.RPAREN);
        indexOptions("index");
        return new Statement.CreateIndex(indexName, label, props, relationship, ifNotExists, true, p);
    }

    /**
     * {@code CREATE VECTOR INDEX}: Neo4j 5's form ({@code [name | $name] [IF NOT EXISTS] FOR (n:L)
     * ON (n.p) [OPTIONS {...}]}, or {@code FOR ()-[r:T]-()} with {@code ->} or {@code <-} for
     * relationships) or Memgraph's ({@code name ON :L(p) [WITH CONFIG {...}]}, {@code CREATE VECTOR
     * EDGE INDEX} for relationships). The options are checked when the statement runs (they may
     * hold parameters).
     */
    private Statement createVectorIndex() {
        Position p = pos();
        i += 2;
        boolean edge = acceptKeyword("EDGE");
        expectKeyword("INDEX");
        IndexName named = edge ? new IndexName(name("a vector index name"), null) : indexName();
        String indexName = named.name();
        String nameParameter = named.parameter();
        if (edge) {
            expectKeyword("ON");
        }
        if (edge || indexName != null && acceptKeyword("ON")) {
            expect(TokenType.COLON);
            String label = name(edge ? "an edge type" : "a label");
            expect(TokenType.LPAREN);
            String property = name("a property key");
            expect(TokenType.RPAREN);
            Expression config = null;
            if (acceptKeyword("WITH")) {
                expectKeyword("CONFIG");
                config = at(TokenType.LBRACE) ? configMap() : expression();
            }
            return new Statement.CreateVectorIndex(indexName, null, label, edge, property, false, config, true, p);
        }
        boolean ifNotExists = ifExists(true);
        IndexPattern pattern = indexPattern();
        expectKeyword("ON");
        boolean parenthesised = accept(TokenType.LPAREN);
        String property = variableProperty(pattern.variable());
        if (parenthesised) {
            if (at(TokenType.COMMA)) {
                throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "A vector index is on exactly one property", pos());
            }
            expect(TokenType.RPAREN);
        }
        Expression options = acceptKeyword("OPTIONS") ? expression() : null;
        return new Statement.CreateVectorIndex(indexName, nameParameter, pattern.label(), pattern.relationships(),
                property, ifNotExists, options, false, p);
    }

    /** What a Neo4j 5 index or constraint is for: a variable and a label, or a relationship type. */
    private record IndexPattern(String variable, String label, boolean relationships) {}

    /**
     * {@code FOR (n:L)} or {@code FOR ()-[r:T]-()} of a Neo4j 5 index; {@code -[r:T]->()} and
     * {@code <-[r:T]-()} are read too (the direction means nothing to an index). One label or type.
     */
    private IndexPattern indexPattern() {
        expectKeyword("FOR");
        return entityPattern();
    }

    /** {@code (n:L)} or {@code ()-[r:T]-()} ({@code ->} and {@code <-} too), after FOR or Memgraph's ON. */
    private IndexPattern entityPattern() {
        expect(TokenType.LPAREN);
        if (!accept(TokenType.RPAREN)) {
            String variable = name("a variable");
            expect(TokenType.COLON);
            String label = name("a label");
            expect(TokenType.RPAREN);
            return new IndexPattern(variable, label, false);
        }
        boolean in = accept(TokenType.LT);
        expect(TokenType.MINUS);
        expect(TokenType.LBRACKET);
        String variable = name("a variable");
        expect(TokenType.COLON);
        String type = name("a relationship type");
        expect(TokenType.RBRACKET);
        expect(TokenType.MINUS);
        if (!in) {
            accept(TokenType.GT);
        }
        expect(TokenType.LPAREN);
        expect(TokenType.RPAREN);
        return new IndexPattern(variable, type, true);
    }

    /** An index statement's name: a name, a {@code $parameter}, or neither (both null). */
    private record IndexName(String name, String parameter) {}

    /** The name or {@code $parameter} of a Neo4j 5 index statement, before its FOR or IF NOT EXISTS. */
    private IndexName indexName() {
        if (at(TokenType.PARAMETER)) {
            return new IndexName(null, advance().value());
        }
        return new IndexName(atKeyword("FOR") || atKeyword("IF") ? null
                : name("'FOR', 'IF NOT EXISTS' or an index name"), null);
    }

    /**
     * {@code CREATE FULLTEXT INDEX} (Neo4j 5: {@code [name | $name] [IF NOT EXISTS] FOR (n:L1|L2)
     * ON EACH [n.p1, n.p2] [OPTIONS {...}]}, or {@code FOR ()-[r:T1|T2]-()}) or Memgraph's {@code
     * CREATE TEXT [EDGE] INDEX name ON :L[(p1, p2)]}. The options are checked when it runs.
     */
    private Statement createFulltextIndex() {
        Position p = pos();
        advance();
        if (acceptKeyword("TEXT")) {
            boolean edge = acceptKeyword("EDGE");
            expectKeyword("INDEX");
            String indexName = name("a text index name");
            expectKeyword("ON");
            expect(TokenType.COLON);
            String label = name(edge ? "an edge type" : "a label");
            return new Statement.CreateFulltextIndex(indexName, null, List.of(label), edge, labelPropertyList(), false,
                    null, true, p);
        }
        advance();
        expectKeyword("INDEX");
        IndexName named = indexName();
        String indexName = named.name();
        String nameParameter = named.parameter();
        boolean ifNotExists = ifExists(true);
        expectKeyword("FOR");
        expect(TokenType.LPAREN);
        boolean relationships = accept(TokenType.RPAREN);
        if (relationships) {
            accept(TokenType.LT);
            expect(TokenType.MINUS);
            expect(TokenType.LBRACKET);
        }
        String variable = name("a variable");
        expect(TokenType.COLON);
        List<String> labels = new ArrayList<>();
        do {
            labels.add(name(relationships ? "a relationship type" : "a label"));
        } while (accept(TokenType.PIPE));
        if (relationships) {
            expect(TokenType.RBRACKET);
            expect(TokenType.MINUS);
            accept(TokenType.GT);
            expect(TokenType.LPAREN);
            expect(TokenType.RPAREN);
        } else {
            expect(TokenType.RPAREN);
        }
        expectKeyword("ON");
        expectKeyword("EACH");
        expect(TokenType.LBRACKET);
        List<String> props = new ArrayList<>();
        do {
            props.add(variableProperty(variable));
        } while (accept(TokenType.COMMA));
        expect(TokenType.RBRACKET);
        Expression options = acceptKeyword("OPTIONS") ? expression() : null;
        return new Statement.CreateFulltextIndex(indexName, nameParameter, labels, relationships, props, ifNotExists,
                options, false, p);
    }

    /**
     * {@code OPTIONS {...}} after a Neo4j 5 index or constraint, as tools and {@code SHOW INDEXES}
     * write it: the index every one of them has here is a range index, so the provider may only
     * be {@code 'range-1.0'} and the configuration only empty; anything else is an ArgumentError
     * naming it, so that no one believes an option took effect.
     */
    private void indexOptions(String what) {
        if (!acceptKeyword("OPTIONS")) {
            return;
        }
        Position at = pos();
        if (!(expression() instanceof Expression.MapLiteral options)) {
            throw error(CypherErrorKind.INVALID_ARGUMENT_VALUE, "OPTIONS of a " + what + " must be a map literal", at);
        }
        for (Expression.MapEntry e : options.entries()) {
            Object value = e.value() instanceof Expression.Literal l ? l.value() : e.value();
            boolean valid = switch (e.key()) {
                case "indexProvider" -> "range-1.0".equals(value);
                case "indexConfig" -> e.value() instanceof Expression.MapLiteral m && m.entries().isEmpty();
                default -> throw error(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Invalid option '" + e.key()
                        + "' for a " + what + ": valid options are 'indexProvider' and 'indexConfig'", at);
            };
            if (!valid) {
                throw error(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Invalid " + e.key() + " for a " + what
                        + ": only range indexes exist here (indexProvider 'range-1.0', an empty indexConfig)", at);
            }
        }
    }

    /** {@code IF [NOT] EXISTS}, if it is next; whether it was. */
    private boolean ifExists(boolean not) {
        if (acceptKeyword("IF")) {
            if (not) {
                expectKeyword("NOT");
            }
            expectKeyword("EXISTS");
            return true;
        }
        return false;
    }

    /** {@code (p [, q ...])} after {@code :Label}, or nothing for a label-only index. */
    private List<String> labelPropertyList() {
        List<String> props = new ArrayList<>();
        if (accept(TokenType.LPAREN)) {
            do {
                props.add(name("a property key"));
            } while (accept(TokenType.COMMA));
            expect(TokenType.RPAREN);
        }
        return props;
    }

    /** {@code variable.key} where the variable must be the one the statement declared. */
    private String variableProperty(String variable) {
        Position p = pos();
        String v = name("'" + variable + "'");
        if (!v.equals(variable)) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX,
                    "Invalid input '" + v + "': expected '" + variable + "' (the variable declared in the pattern)", p);
        }
        expect(TokenType.DOT);
        return name("a property key");
    }

    private Statement dropIndex() {
        Position p = pos();
        advance();
        advance();
        if (acceptKeyword("ON")) {
            expect(TokenType.COLON);
            String label = name("a label");
            return new Statement.DropIndex(null, label, labelPropertyList(), false, p);
        }
        String indexName = name("'ON' or an index name");
        return new Statement.DropIndex(indexName, null, List.of(), ifExists(false), p);
    }

    private Statement constraint(boolean create) {
        Position p = pos();
        advance();
        advance();
        String constraintName = null;
        String nameParameter = null;
        if (create && at(TokenType.PARAMETER)) {
            nameParameter = advance().value();
        } else if (!atKeyword("ON") && !atKeyword("FOR") && !atKeyword("IF")) {
            constraintName = name("'ON' or a constraint name");
        }
        boolean conditional = ifExists(create);
        if (!create && constraintName != null && !atKeyword("ON") && !atKeyword("FOR")) {
            return new Statement.DropConstraint(constraintName, null, null, false, null, List.of(), null, conditional,
                    p);
        }
        boolean neo4j = constraintName != null || nameParameter != null || conditional;
        if (!acceptKeyword("ON")) {
            expectKeyword("FOR");
            neo4j = true;
        }
        Position patternPosition = pos();
        IndexPattern pattern = entityPattern();
        String variable = pattern.variable();
        boolean memgraphTypes = acceptKeyword("ASSERT");
        if (!memgraphTypes) {
            expectKeyword("REQUIRE");
            neo4j = true;
        }
        Statement.ConstraintKind kind;
        List<String> props = new ArrayList<>();
        CypherType type = null;
        if (acceptKeyword("EXISTS")) {
            kind = Statement.ConstraintKind.EXISTS;
            expect(TokenType.LPAREN);
            props.add(variableProperty(variable));
            expect(TokenType.RPAREN);
        } else {
            boolean paren = accept(TokenType.LPAREN);
            do {
                props.add(variableProperty(variable));
            } while (accept(TokenType.COMMA));
            if (paren) {
                expect(TokenType.RPAREN);
            }
            if (accept(TokenType.COLONCOLON)) {
                kind = Statement.ConstraintKind.PROPERTY_TYPE;
            } else {
                expectKeyword("IS");
                kind = constraintKind();
            }
            if (kind == Statement.ConstraintKind.PROPERTY_TYPE) {
                if (props.size() > 1) {
                    throw error(CypherErrorKind.UNEXPECTED_SYNTAX,
                            "Constraint type 'IS ::' does not allow multiple properties", p);
                }
                type = memgraphTypes ? memgraphPropertyType() : cypherType();
            }
        }
        if (pattern.relationships() && kind != Statement.ConstraintKind.PROPERTY_TYPE) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Relationship constraints other than property type "
                    + "constraints are not supported yet: FOR ()-[r:T]-() takes REQUIRE r.p IS :: <type>",
                    patternPosition);
        }
        if (create) {
            indexOptions("constraint");
        }
        return create
                ? new Statement.CreateConstraint(constraintName, nameParameter, variable, pattern.label(),
                        pattern.relationships(), kind, props, type, conditional, neo4j, p)
                : new Statement.DropConstraint(constraintName, variable, pattern.label(), pattern.relationships(), kind,
                        props, type, conditional, p);
    }

    /** After {@code IS}: UNIQUE, [NODE] KEY, NODE UNIQUE, NOT NULL, {@code ::} or TYPED. */
    private Statement.ConstraintKind constraintKind() {
        if (acceptKeyword("UNIQUE")) {
            return Statement.ConstraintKind.UNIQUE;
        } else if (acceptKeyword("KEY")) {
            return Statement.ConstraintKind.NODE_KEY;
        } else if (acceptKeyword("NODE")) {
            if (acceptKeyword("UNIQUE")) {
                return Statement.ConstraintKind.UNIQUE;
            }
            expectKeyword("KEY");
            return Statement.ConstraintKind.NODE_KEY;
        } else if (acceptKeyword("NOT")) {
            expectKeyword("NULL");
            return Statement.ConstraintKind.EXISTS;
        } else if (accept(TokenType.COLONCOLON) || acceptKeyword("TYPED")) {
            return Statement.ConstraintKind.PROPERTY_TYPE;
        }
        throw unexpected("'UNIQUE', 'NODE KEY', 'NOT NULL', '::' or 'TYPED'");
    }

    /**
     * Memgraph's type of {@code ASSERT n.p IS TYPED <type>}: one of its names ({@code LIST} and
     * {@code MAP} of any content, {@code LOCALTIME}, {@code LOCALDATETIME}, {@code ZONEDDATETIME})
     * or a Neo4j type; {@code ENUM} is refused (there are no enums here).
     */
    private CypherType memgraphPropertyType() {
        Position p = pos();
        if (atKeyword("ENUM")) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Property type constraints of type ENUM are not supported "
                    + "(there are no enums here)", p);
        }
        CypherType.Base base = null;
        if (at(TokenType.IDENTIFIER) && peek(1).type() != TokenType.LT) {
            base = switch (peek().text().toUpperCase(java.util.Locale.ROOT)) {
                case "LOCALTIME" -> CypherType.Base.LOCAL_TIME;
                case "LOCALDATETIME" -> CypherType.Base.LOCAL_DATETIME;
                case "ZONEDDATETIME" -> CypherType.Base.ZONED_DATETIME;
                case "LIST" -> CypherType.Base.ANY;
                default -> null;
            };
        }
        if (base == null) {
            return cypherType();
        }
        advance();
        CypherType.Simple simple = new CypherType.Simple(base, true);
        return base == CypherType.Base.ANY ? new CypherType.ListOf(simple, true) : simple;
    }

    // ---------------------------------------------------------------- queries and clauses

    private Query query() {
        Query.SingleQuery first = singleQuery();
        List<Query.UnionPart> unions = new ArrayList<>();
        while (atKeyword("UNION")) {
            Position p = pos();
            advance();
            boolean all = acceptKeyword("ALL");
            if (!all) {
                acceptKeyword("DISTINCT"); // UNION DISTINCT is the explicit spelling of UNION
            }
            unions.add(new Query.UnionPart(all, singleQuery(), p));
        }
        return new Query(first, unions);
    }

    private static final String CLAUSE_START =
            "'MATCH', 'OPTIONAL MATCH', 'UNWIND', 'LOAD CSV', 'WITH', 'RETURN', 'FINISH', 'CREATE', 'MERGE', "
                    + "'SET', 'REMOVE', 'DELETE', 'DETACH DELETE', 'FOREACH', 'CALL', 'ORDER BY', 'SKIP', 'OFFSET' or "
                    + "'LIMIT'";

    private Query.SingleQuery singleQuery() {
        Position p = pos();
        if (acceptKeyword("USE")) {
            graphReference();
        }
        List<Clause> clauses = new ArrayList<>();
        clauses.add(clause());
        while (!at(TokenType.EOF) && !at(TokenType.SEMICOLON) && !at(TokenType.RBRACE)
                && !at(TokenType.RPAREN) && !atKeyword("UNION")) {
            clauses.add(clause());
        }
        return new Query.SingleQuery(clauses, p);
    }

    /**
     * The graph of {@code USE graph} (Neo4j 5), a query's first clause: {@code neo4j},
     * {@code composite.part}, {@code `my-db`}, {@code graph.byName($name)}. There is one database,
     * so the reference is read and not checked, as the database a driver names is not.
     */
    private void graphReference() {
        name("a graph name after USE");
        while (accept(TokenType.DOT)) {
            name("a graph name");
        }
        if (accept(TokenType.LPAREN)) { // graph.byName(...), graph.byElementId(...)
            if (!at(TokenType.RPAREN)) {
                do {
                    expression();
                } while (accept(TokenType.COMMA));
            }
            expect(TokenType.RPAREN, "')'");
        }
    }

    private Clause clause() {
        Position p = pos();
        if (atKeyword("OPTIONAL")) {
            advance();
            if (acceptKeyword("CALL")) {
                return call(p, true);
            }
            expectKeyword("MATCH");
            return match(true, p);
        }
        if (acceptKeyword("MATCH")) {
            return match(false, p);
        }
        if (acceptKeyword("UNWIND")) {
            Expression e = expression();
            expectKeyword("AS");
            return new Clause.Unwind(e, name("a variable"), p);
        }
        if (acceptKeyword("WITH")) {
            Projection proj = projection();
            Expression where = acceptKeyword("WHERE") ? expression() : null;
            return new Clause.With(proj, where, p);
        }
        if (acceptKeyword("RETURN")) {
            return new Clause.Return(projection(), p);
        }
        if (acceptKeyword("FINISH")) {
            return new Clause.Finish(p);
        }
        if (atOrderBy() || atKeyword("SKIP") || atKeyword("OFFSET") || atKeyword("LIMIT")) {
            // Standalone (Neo4j 5.24, GQL): the same as WITH * ORDER BY ... SKIP ... LIMIT ...
            String keyword = atOrderBy() ? "ORDER BY" : peek().text().toUpperCase(java.util.Locale.ROOT);
            Projection tail = orderSkipLimit(false, true, List.of());
            return new Clause.With(tail, null, p, keyword);
        }
        if (acceptKeyword("CREATE")) {
            return new Clause.Create(pattern(), p);
        }
        if (acceptKeyword("MERGE")) {
            return merge(p);
        }
        if (acceptKeyword("SET")) {
            return new Clause.Set(setItems(), p);
        }
        if (acceptKeyword("REMOVE")) {
            List<Clause.RemoveItem> items = new ArrayList<>();
            do {
                items.add(removeItem());
            } while (accept(TokenType.COMMA));
            return new Clause.Remove(items, p);
        }
        if (atKeyword("DETACH") || atKeyword("DELETE")) {
            boolean detach = acceptKeyword("DETACH");
            expectKeyword("DELETE");
            List<Expression> exprs = new ArrayList<>();
            do {
                exprs.add(expression());
            } while (accept(TokenType.COMMA));
            return new Clause.Delete(detach, exprs, p);
        }
        if (acceptKeyword("FOREACH")) {
            return foreach(p);
        }
        if (acceptKeyword("CALL")) {
            return call(p, false);
        }
        if (atKeyword("LOAD") && atKeyword(1, "CSV")) {
            return loadCsv(p);
        }
        if (atKeyword("USING") && atKeyword(1, "PERIODIC")) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "USING PERIODIC COMMIT is not supported (Neo4j 5 removed"
                    + " it): commit in batches with CALL { ... } IN TRANSACTIONS, e.g. LOAD CSV ... AS row CALL (row)"
                    + " { CREATE ... } IN TRANSACTIONS OF 1000 ROWS", p);
        }
        throw unexpected(CLAUSE_START);
    }

    /**
     * {@code LOAD CSV} in Neo4j's form ({@code [WITH HEADERS] FROM e AS v [FIELDTERMINATOR s]}) or
     * Memgraph's ({@code FROM e (WITH | NO) HEADER [IGNORE BAD] [DELIMITER s] [QUOTE s] [NULLIF s] AS v},
     * its options in any order): a HEADER after the source says which.
     */
    private Clause loadCsv(Position p) {
        advance();
        advance();
        boolean headers = atKeyword("WITH") && atKeyword(1, "HEADERS");
        if (headers) {
            advance();
            advance();
        }
        expectKeyword("FROM");
        Expression source = expression();
        if (!headers && (atKeyword("WITH") || atKeyword("NO")) && atKeyword(1, "HEADER")) {
            boolean withHeader = advance().isKeyword("WITH");
            advance();
            boolean ignoreBad = false;
            String delimiter = ",";
            String quote = "\"";
            String nullIf = null;
            java.util.Set<String> given = new java.util.HashSet<>();
            while (!atKeyword("AS")) {
                Position at = pos();
                String option = name("'IGNORE BAD', 'DELIMITER', 'QUOTE', 'NULLIF' or 'AS'")
                        .toUpperCase(java.util.Locale.ROOT);
                if (!given.add(option)) {
                    throw error(CypherErrorKind.UNEXPECTED_SYNTAX, option + " is given twice", at);
                }
                switch (option) {
                    case "IGNORE" -> {
                        expectKeyword("BAD");
                        ignoreBad = true;
                    }
                    case "DELIMITER" -> delimiter = csvCharacter(option);
                    case "QUOTE" -> quote = csvCharacter(option);
                    case "NULLIF" -> nullIf = expect(TokenType.STRING, "a string").value();
                    default -> throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Invalid input '" + previous().text()
                            + "': expected 'IGNORE BAD', 'DELIMITER', 'QUOTE', 'NULLIF' or 'AS'", at);
                }
            }
            if (delimiter.equals(quote)) {
                throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "LOAD CSV: DELIMITER and QUOTE must differ", p);
            }
            expectKeyword("AS");
            return new Clause.LoadCsv(source, name("a variable"), true, withHeader, delimiter.charAt(0),
                    quote.charAt(0), nullIf, ignoreBad, p);
        }
        expectKeyword("AS");
        String variable = name("a variable");
        String terminator = acceptKeyword("FIELDTERMINATOR") ? csvCharacter("FIELDTERMINATOR") : ",";
        return new Clause.LoadCsv(source, variable, false, headers, terminator.charAt(0), '"', null, false, p);
    }

    /** The one-character string literal a LOAD CSV option takes. */
    private String csvCharacter(String option) {
        Token t = expect(TokenType.STRING, "a string");
        if (t.value().length() != 1) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "The " + option + " specified for LOAD CSV can only be one"
                    + " character wide, got '" + t.value() + "'", t.position());
        }
        return t.value();
    }

    private Clause match(boolean optional, Position p) {
        Pattern pattern = pattern();
        List<Hint> hints = new ArrayList<>();
        while (atKeyword("USING")) {
            hints.add(hint());
        }
        Expression where = acceptKeyword("WHERE") ? expression() : null;
        return new Clause.Match(optional, pattern, hints, where, p);
    }

    /**
     * One of Neo4j's planner hints after a MATCH pattern ({@code USING} is next): {@code USING [RANGE |
     * TEXT | POINT] INDEX [SEEK] v:L(p, ...)}, {@code USING SCAN v:L} or {@code USING JOIN ON v, ...}.
     */
    private Hint hint() {
        Position p = pos();
        advance();
        if (acceptKeyword("JOIN")) {
            expectKeyword("ON");
            List<String> variables = new ArrayList<>();
            do {
                variables.add(name("a variable"));
            } while (accept(TokenType.COMMA));
            return new Hint.Join(variables, p);
        }
        if (acceptKeyword("SCAN")) {
            String variable = name("a variable");
            expect(TokenType.COLON);
            return new Hint.Scan(variable, name("a label or relationship type"), p);
        }
        Hint.IndexKind kind = Hint.IndexKind.ANY;
        for (Hint.IndexKind k : List.of(Hint.IndexKind.RANGE, Hint.IndexKind.TEXT, Hint.IndexKind.POINT)) {
            if (acceptKeyword(k.name())) {
                kind = k;
                break;
            }
        }
        if (!acceptKeyword("INDEX")) {
            throw unexpected(kind == Hint.IndexKind.ANY
                    ? "'INDEX', 'RANGE INDEX', 'TEXT INDEX', 'POINT INDEX', 'SCAN' or 'JOIN'" : "'INDEX'");
        }
        // `USING INDEX seek:L(p)` names a variable seek
        boolean seek = atKeyword("SEEK") && !peek(1).is(TokenType.COLON) && acceptKeyword("SEEK");
        String variable = name("a variable");
        expect(TokenType.COLON);
        String labelOrType = name("a label or relationship type");
        if (!at(TokenType.LPAREN)) {
            throw unexpected("'(' and the indexed properties");
        }
        return new Hint.Index(variable, labelOrType, labelPropertyList(), kind, seek, p);
    }

    /**
     * A query, after Memgraph's index hints when it has them: {@code USING INDEX :L, :L2(p), ...}
     * before its first clause.
     */
    private Query hintedQuery() {
        if (atKeyword("USING") && atKeyword(1, "HOPS") && atKeyword(2, "LIMIT")) {
            // Memgraph counts hops in the order its own operators look at relationships, so a
            // budget here would stop at other rows than Memgraph's; refused rather than different.
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "USING HOPS LIMIT is not supported: bound the "
                    + "expansions instead (e.g. [*..5], *BFS ..5) or use LIMIT", pos());
        }
        if (!atKeyword("USING") || !atKeyword(1, "INDEX") || !peek(2).is(TokenType.COLON)) {
            return query();
        }
        i += 2;
        List<Hint.PreferIndex> hints = new ArrayList<>();
        do {
            Position p = pos();
            expect(TokenType.COLON);
            String label = name("a label");
            hints.add(new Hint.PreferIndex(label, labelPropertyList(), p));
        } while (accept(TokenType.COMMA));
        Query q = query();
        return new Query(q.first(), q.unions(), hints);
    }

    private Clause merge(Position p) {
        Pattern.Part part = patternPart();
        List<Clause.MergeAction> actions = new ArrayList<>();
        while (atKeyword("ON")) {
            Position ap = pos();
            advance();
            boolean onCreate;
            if (acceptKeyword("CREATE")) {
                onCreate = true;
            } else if (acceptKeyword("MATCH")) {
                onCreate = false;
            } else {
                throw unexpected("'CREATE' or 'MATCH'");
            }
            expectKeyword("SET");
            actions.add(new Clause.MergeAction(onCreate, setItems(), ap));
        }
        return new Clause.Merge(part, actions, p);
    }

    private List<Clause.SetItem> setItems() {
        List<Clause.SetItem> items = new ArrayList<>();
        do {
            items.add(setItem());
        } while (accept(TokenType.COMMA));
        return items;
    }

    private Clause.SetItem setItem() {
        Position p = pos();
        if (atName()) {
            TokenType next = peek(1).type();
            if (next == TokenType.EQ || next == TokenType.PLUS_EQ) {
                String v = advance().value();
                boolean merge = advance().type() == TokenType.PLUS_EQ;
                return new Clause.SetVariable(v, expression(), merge, p);
            }
            if (next == TokenType.COLON) {
                String v = advance().value();
                List<String> labels = new ArrayList<>();
                List<LabelExpression.Dynamic> dynamic = new ArrayList<>();
                nodeLabels(labels, dynamic);
                return new Clause.SetLabels(v, labels, dynamic, p);
            }
        }
        Expression target = propertyExpression();
        expect(TokenType.EQ, "'='");
        if (target instanceof Expression.Subscript dynamic) {
            return new Clause.SetDynamicProperty(dynamic, expression(), p);
        }
        return new Clause.SetProperty((Expression.Property) target, expression(), p);
    }

    /** {@code n.key}, or {@code n[key]} (a key computed per row, Neo4j 5.24): a Property or a Subscript. */
    private Expression propertyExpression() {
        Token first = peek();
        Expression e = postfix(false);
        if (!(e instanceof Expression.Property) && !(e instanceof Expression.Subscript)) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Invalid input '" + first.text()
                    + "': expected a property (e.g. n.name or n[$key])", first.position());
        }
        return e;
    }

    private Clause.RemoveItem removeItem() {
        Position p = pos();
        if (atName() && peek(1).is(TokenType.COLON)) {
            String v = advance().value();
            List<String> labels = new ArrayList<>();
            List<LabelExpression.Dynamic> dynamic = new ArrayList<>();
            nodeLabels(labels, dynamic);
            return new Clause.RemoveLabels(v, labels, dynamic, p);
        }
        Expression target = propertyExpression();
        if (target instanceof Expression.Subscript dynamic) {
            return new Clause.RemoveDynamicProperty(dynamic, p);
        }
        return new Clause.RemoveProperty((Expression.Property) target, p);
    }

    private Clause foreach(Position p) {
        expect(TokenType.LPAREN);
        String v = name("a variable");
        expectKeyword("IN");
        Expression list = pipeEnded(this::expression);
        expect(TokenType.PIPE);
        List<Clause> body = new ArrayList<>();
        enter(QueryLimits.SUBQUERY_LEVELS);
        try {
            do {
                body.add(clause());
            } while (!at(TokenType.RPAREN) && !at(TokenType.EOF));
        } finally {
            leave(QueryLimits.SUBQUERY_LEVELS);
        }
        expect(TokenType.RPAREN);
        return new Clause.Foreach(v, list, body, p);
    }

    private Clause call(Position p, boolean optional) {
        List<String> scope = null;
        boolean scopeAll = false;
        if (accept(TokenType.LPAREN)) {
            // a scope clause: CALL (x, y) { }, CALL (*) { }, CALL () { }
            if (accept(TokenType.STAR)) {
                scopeAll = true;
            } else {
                scope = new ArrayList<>();
                if (!at(TokenType.RPAREN)) {
                    do {
                        scope.add(name("a variable"));
                    } while (accept(TokenType.COMMA));
                }
            }
            expect(TokenType.RPAREN);
            if (!at(TokenType.LBRACE)) {
                throw unexpected("'{'");
            }
        }
        if (accept(TokenType.LBRACE)) {
            Query q;
            enter(QueryLimits.SUBQUERY_LEVELS);
            try {
                q = query();
            } finally {
                leave(QueryLimits.SUBQUERY_LEVELS);
            }
            expect(TokenType.RBRACE);
            Clause.InTransactions inTx = null;
            if (atKeyword("IN")) { // nothing else may follow a subquery's brace
                Position tp = advance().position();
                boolean concurrent = acceptKeyword("CONCURRENT");
                Expression concurrency = null;
                if (!concurrent && !atKeyword("TRANSACTIONS")) { // IN 4 CONCURRENT TRANSACTIONS (Neo4j 5.21)
                    concurrency = expression();
                    expectKeyword("CONCURRENT");
                    concurrent = true;
                }
                expectKeyword("TRANSACTIONS");
                inTx = inTransactionsOptions(tp, concurrent, concurrency);
            }
            return new Clause.CallSubquery(q, scope, scopeAll, optional, inTx, p);
        }
        if (optional) {
            throw unexpected("'{' (OPTIONAL CALL takes a subquery)");
        }
        StringBuilder procedure = new StringBuilder(name("a procedure name or '{'"));
        while (accept(TokenType.DOT)) {
            procedure.append('.').append(name("a procedure name"));
        }
        List<Expression> args = null;
        if (accept(TokenType.LPAREN)) {
            args = new ArrayList<>();
            if (!at(TokenType.RPAREN)) {
                do {
                    args.add(expression());
                } while (accept(TokenType.COMMA));
            }
            expect(TokenType.RPAREN);
        }
        boolean yieldAll = false;
        List<Clause.YieldItem> yields = new ArrayList<>();
        Expression where = null;
        if (acceptKeyword("YIELD")) {
            if (accept(TokenType.STAR)) {
                yieldAll = true;
            } else {
                do {
                    Position yp = pos();
                    String field = name("a field name");
                    String alias = acceptKeyword("AS") ? name("a variable") : field;
                    yields.add(new Clause.YieldItem(field, alias, yp));
                } while (accept(TokenType.COMMA));
                if (acceptKeyword("WHERE")) {
                    where = expression();
                }
            }
        }
        return new Clause.CallProcedure(procedure.toString(), args, yieldAll, yields, where, p);
    }

    private Projection projection() {
        boolean distinct = acceptKeyword("DISTINCT");
        boolean star = false;
        List<Projection.Item> items = new ArrayList<>();
        if (accept(TokenType.STAR)) {
            star = true;
            while (accept(TokenType.COMMA)) {
                items.add(projectionItem());
            }
        } else {
            do {
                items.add(projectionItem());
            } while (accept(TokenType.COMMA));
        }
        return orderSkipLimit(distinct, star, items);
    }

    private boolean atOrderBy() {
        return atKeyword("ORDER") && atKeyword(1, "BY");
    }

    /** {@code [ORDER BY ...] [SKIP|OFFSET n] [LIMIT n]} after the items of a projection. */
    private Projection orderSkipLimit(boolean distinct, boolean star, List<Projection.Item> items) {
        List<Projection.SortItem> order = new ArrayList<>();
        if (atKeyword("ORDER")) {
            advance();
            expectKeyword("BY");
            do {
                Position p = pos();
                Expression e = expression();
                boolean asc = true;
                if (acceptKeyword("DESC") || acceptKeyword("DESCENDING")) {
                    asc = false;
                } else if (!acceptKeyword("ASC")) {
                    acceptKeyword("ASCENDING");
                }
                order.add(new Projection.SortItem(e, asc, p));
            } while (accept(TokenType.COMMA));
        }
        Expression skip = acceptKeyword("SKIP") || acceptKeyword("OFFSET") ? expression() : null;
        Expression limit = acceptKeyword("LIMIT") ? expression() : null;
        return new Projection(distinct, star, items, order, skip, limit);
    }

    private Projection.Item projectionItem() {
        Token first = peek();
        Expression e = expression();
        String text = src.substring(first.position().offset(), previous().end());
        String alias = acceptKeyword("AS") ? name("a variable") : null;
        return new Projection.Item(e, alias, text, first.position());
    }

    // ---------------------------------------------------------------- patterns

    private Pattern pattern() {
        List<Pattern.Part> parts = new ArrayList<>();
        do {
            parts.add(patternPart());
        } while (accept(TokenType.COMMA));
        return new Pattern(parts);
    }

    private Pattern.Part patternPart() {
        Position p = pos();
        String pathVar = null;
        if (atName() && peek(1).is(TokenType.EQ)) {
            pathVar = advance().value();
            advance();
        }
        Pattern.Selector selector = null;
        if (atSelector()) {
            selector = selector();
        }
        Pattern.PathKind kind = Pattern.PathKind.PLAIN;
        if (atName() && peek(1).is(TokenType.LPAREN)
                && (atKeyword("shortestPath") || atKeyword("allShortestPaths"))) {
            if (selector != null || previous().isKeyword("ALL") || previous().isKeyword("PATH")
                    || previous().isKeyword("PATHS")) {
                throw error(CypherErrorKind.INVALID_PATH_PATTERN, "Mixing shortestPath/allShortestPaths with path "
                        + "selectors (e.g. `ANY SHORTEST`), explicit match modes (e.g. `DIFFERENT RELATIONSHIPS`) or "
                        + "explicit path modes (e.g. `ACYCLIC`) is not allowed.", pos());
            }
            kind = atKeyword("shortestPath") ? Pattern.PathKind.SHORTEST : Pattern.PathKind.ALL_SHORTEST;
            advance();
            advance();
            Pattern.Element e = patternElement(true);
            expect(TokenType.RPAREN);
            return new Pattern.Part(pathVar, kind, e, p);
        }
        if (atParenthesizedPath()) {
            return parenthesizedPath(pathVar, selector, p);
        }
        return new Pattern.Part(pathVar, kind, pathElement(), p, selector, null);
    }

    /** At {@code SHORTEST}, {@code ALL} or {@code ANY} opening a pattern part (not a path variable). */
    private boolean atSelector() {
        if (peek(1).is(TokenType.EQ)) {
            return false;
        }
        if (atKeyword("SHORTEST")) {
            return true;
        }
        return (atKeyword("ALL") || atKeyword("ANY"))
                && (!peek(1).is(TokenType.LPAREN) || startsPathPattern(i + 1));
    }

    /** Whether the {@code (} at {@code k} opens a node pattern or a parenthesised path pattern. */
    private boolean startsPathPattern(int k) {
        Token next = tokenAt(k + 1);
        return next.is(TokenType.LPAREN) || next.is(TokenType.RPAREN) || next.is(TokenType.COLON)
                || next.is(TokenType.LBRACE) || (next.is(TokenType.IDENTIFIER) || next.is(TokenType.ESCAPED_IDENTIFIER))
                && !tokenAt(k + 2).is(TokenType.LPAREN) && !tokenAt(k + 2).is(TokenType.DOT);
    }

    /**
     * {@code SHORTEST k [PATH|PATHS]}, {@code SHORTEST [k] [PATH|PATHS] GROUP|GROUPS}, {@code ALL SHORTEST},
     * {@code ANY SHORTEST}, {@code ANY [k]}, {@code ALL [PATH|PATHS]} (not selective: null).
     */
    private Pattern.Selector selector() {
        Token first = peek();
        Position p = first.position();
        long count = 1;
        boolean groups = false;
        if (acceptKeyword("ANY")) {
            if (!acceptKeyword("SHORTEST") && at(TokenType.INTEGER)) {
                count = selectorCount("path");
            }
            pathOrPaths();
        } else if (acceptKeyword("ALL")) {
            if (!acceptKeyword("SHORTEST")) {
                pathOrPaths();
                return null;
            }
            groups = true;
            pathOrPaths();
        } else {
            expectKeyword("SHORTEST");
            Long k = null;
            Token countToken = peek();
            if (at(TokenType.INTEGER)) {
                k = selectorCount("?");
            }
            pathOrPaths();
            if (acceptKeyword("GROUP") || acceptKeyword("GROUPS")) {
                groups = true;
                count = k == null ? 1 : k;
                if (count == 0) {
                    throw error(CypherErrorKind.INVALID_PATH_PATTERN, "The group count needs to be greater than 0.",
                            countToken.position());
                }
            } else if (k == null) {
                throw unexpected("an integer, 'PATH', 'PATHS', 'GROUP' or 'GROUPS'");
            } else if (k == 0) {
                throw error(CypherErrorKind.INVALID_PATH_PATTERN, "The path count needs to be greater than 0.",
                        countToken.position());
            } else {
                count = k;
            }
        }
        return new Pattern.Selector(count, groups, src.substring(first.position().offset(), previous().end()), p);
    }

    /** The k of a selector ({@code what} "path" refuses 0 at once; otherwise the caller checks). */
    private long selectorCount(String what) {
        Token t = advance();
        long k = integerValue(t, false);
        if (k == 0 && what.equals("path")) {
            throw error(CypherErrorKind.INVALID_PATH_PATTERN, "The path count needs to be greater than 0.",
                    t.position());
        }
        return k;
    }

    private void pathOrPaths() {
        if (!acceptKeyword("PATHS")) {
            acceptKeyword("PATH");
        }
    }

    /**
     * At a {@code (} that opens a path pattern rather than a node pattern, and is not quantified:
     * {@code ((a)-->(b) WHERE ...)} or {@code (p = ...)}.
     */
    private boolean atParenthesizedPath() {
        return at(TokenType.LPAREN) && opensPath(i) && !quantifiedAfter(i);
    }

    /** Whether the {@code (} at {@code k} is followed by {@code (} or {@code name =}. */
    private boolean opensPath(int k) {
        Token next = tokenAt(k + 1);
        return next.is(TokenType.LPAREN) || (next.is(TokenType.IDENTIFIER) || next.is(TokenType.ESCAPED_IDENTIFIER))
                && tokenAt(k + 2).is(TokenType.EQ);
    }

    /** Whether the parenthesis opened at {@code k} is followed by a quantifier. */
    private boolean quantifiedAfter(int k) {
        int close = closingParen[k];
        return close >= 0 && startsQuantifier(tokenAt(close + 1));
    }

    private static boolean startsQuantifier(Token t) {
        return t.is(TokenType.PLUS) || t.is(TokenType.STAR) || t.is(TokenType.LBRACE);
    }

    /** At a quantified path pattern: {@code ((a)-->(b)){1,3}}. */
    private boolean atQuantifiedPath() {
        return at(TokenType.LPAREN) && opensPath(i) && quantifiedAfter(i);
    }

    /**
     * {@code selector ([p =] element [WHERE where])}: the predicate filters paths before the
     * selector picks among them. Only under a selector (as in Neo4j 5).
     */
    private Pattern.Part parenthesizedPath(String pathVar, Pattern.Selector selector, Position p) {
        Position open = pos();
        advance();
        enter();
        try {
            String inner = null;
            if (atName() && peek(1).is(TokenType.EQ)) {
                Position vp = pos();
                inner = advance().value();
                advance();
                if (selector == null) {
                    throw error(CypherErrorKind.INVALID_PATH_PATTERN,
                            "Sub-path assignment is currently not supported outside quantified path patterns.", vp);
                }
                if (pathVar != null) {
                    throw error(CypherErrorKind.INVALID_PATH_PATTERN, "Not yet supported: a path variable both before"
                            + " the path selector and inside the parenthesised path pattern; declare `" + inner
                            + "` only", vp);
                }
            }
            if (atParenthesizedPath()) {
                throw error(CypherErrorKind.INVALID_PATH_PATTERN,
                        "Not yet supported: parenthesised path patterns nested in one another", pos());
            }
            Pattern.Element element = pathElement();
            Expression where = acceptKeyword("WHERE") ? expression() : null;
            expect(TokenType.RPAREN, "')'");
            if (selector == null) {
                throw error(CypherErrorKind.INVALID_PATH_PATTERN, "Not yet supported: a parenthesised path pattern "
                        + "that is not quantified needs a path selector such as SHORTEST 1 before it", open);
            }
            return new Pattern.Part(inner != null ? inner : pathVar, Pattern.PathKind.PLAIN, element, p, selector,
                    where);
        } finally {
            leave();
        }
    }

    /**
     * A path pattern of MATCH, CREATE or MERGE: node patterns joined by relationships (perhaps
     * quantified, {@code -[:R]->{1,3}}) and quantified path patterns ({@code ((a)-->(b)){2}}), which
     * may also stand next to a node pattern or to each other. Node and relationship patterns may have
     * an inline {@code WHERE}. Pattern predicates and comprehensions use {@link #patternElement}.
     */
    private Pattern.Element pathElement() {
        Pattern.NodePattern start = null;
        List<Pattern.Step> steps = new ArrayList<>();
        Pattern.Quantified pending = null; // a quantified path pattern whose next node is not read yet
        Position first = pos();
        boolean written = false; // a node pattern outside the quantified path patterns
        boolean mayBeEmpty = true;
        List<String> minimal = new ArrayList<>();
        while (true) {
            if (atQuantifiedPath()) {
                Position qp = pos();
                Pattern.Quantified q = quantifiedPath();
                mayBeEmpty &= q.min() == 0;
                minimal.add(q.body() + "{0}");
                if (start == null) {
                    start = anonymousNode(qp);
                }
                if (pending != null) {
                    steps.add(new Pattern.Step(null, anonymousNode(qp), pending));
                }
                pending = q;
                continue;
            }
            if (at(TokenType.LPAREN) && (start == null || pending != null)) {
                Pattern.NodePattern n = nodePattern(true);
                written = true;
                if (start == null) {
                    start = n;
                } else {
                    steps.add(new Pattern.Step(null, n, pending));
                    pending = null;
                }
                while (at(TokenType.MINUS) || (at(TokenType.LT) && peek(1).is(TokenType.MINUS))) {
                    Token relStart = peek();
                    Pattern.RelationshipPattern rel = relationshipPattern(true);
                    if (startsQuantifier(peek())) {
                        Pattern.Quantified q = quantifiedRelationship(rel, relStart);
                        steps.add(new Pattern.Step(null, nodePattern(true), q));
                    } else {
                        steps.add(new Pattern.Step(rel, nodePattern(true)));
                    }
                }
                continue;
            }
            break;
        }
        if (start == null) {
            start = nodePattern(true);
        }
        if (!written && mayBeEmpty) {
            throw error(CypherErrorKind.INVALID_PATH_PATTERN, "A top-level path pattern in a `MATCH` clause must be "
                    + "written such that it always evaluates to at least one node pattern.\nIn this case, `"
                    + String.join(" ", minimal) + "` would result in an empty pattern.", first);
        }
        if (pending != null) {
            steps.add(new Pattern.Step(null, anonymousNode(pos()), pending));
        }
        return new Pattern.Element(start, steps);
    }

    private static Pattern.NodePattern anonymousNode(Position p) {
        return new Pattern.NodePattern(null, List.of(), null, p);
    }

    /** {@code ( element [WHERE where] ) quantifier}; quantified path patterns do not nest. */
    private Pattern.Quantified quantifiedPath() {
        Token open = peek();
        advance();
        enter();
        try {
            if (atName() && peek(1).is(TokenType.EQ)) {
                throw error(CypherErrorKind.INVALID_PATH_PATTERN,
                        "Assigning a path in a quantified path pattern is not yet supported.", pos());
            }
            if (atQuantifiedPath() || atParenthesizedPath()) {
                throw nestedQuantified(pos());
            }
            Pattern.NodePattern start = nodePattern(true);
            List<Pattern.Step> steps = new ArrayList<>();
            while (at(TokenType.MINUS) || (at(TokenType.LT) && peek(1).is(TokenType.MINUS))) {
                Pattern.RelationshipPattern rel = relationshipPattern(true);
                if (startsQuantifier(peek())) {
                    throw nestedQuantified(rel.position());
                }
                if (rel.length() != null) {
                    throw error(CypherErrorKind.INVALID_PATH_PATTERN,
                            "Variable length relationships cannot be part of a quantified path pattern.",
                            rel.position());
                }
                steps.add(new Pattern.Step(rel, nodePattern(true)));
            }
            if (atQuantifiedPath()) {
                throw nestedQuantified(pos());
            }
            Expression where = acceptKeyword("WHERE") ? expression() : null;
            expect(TokenType.RPAREN, steps.isEmpty() ? "'-', '<-' or ')'" : "')'");
            String body = src.substring(open.position().offset(), previous().end());
            if (steps.isEmpty()) {
                throw error(CypherErrorKind.INVALID_PATH_PATTERN, "A quantified path pattern needs to have at least "
                        + "one relationship.\nIn this case, the quantified path pattern " + body
                        + src.substring(peek().position().offset(), quantifierEnd()) + " consists of only one node.",
                        open.position());
            }
            Token q = peek();
            Pattern.Range r = quantifier();
            return new Pattern.Quantified(new Pattern.Element(start, steps), where, r.min(), r.max(), body,
                    src.substring(q.position().offset(), previous().end()), open.position());
        } finally {
            leave();
        }
    }

    /** Where the quantifier starting at the current token ends (for a message; no token consumed). */
    private int quantifierEnd() {
        int k = i;
        if (tokenAt(k).is(TokenType.LBRACE)) {
            while (k < tokens.size() - 1 && !tokenAt(k).is(TokenType.RBRACE)) {
                k++;
            }
        }
        return tokenAt(k).end();
    }

    private CypherSyntaxException nestedQuantified(Position p) {
        return error(CypherErrorKind.INVALID_PATH_PATTERN, "Quantified path patterns are not allowed to be nested.", p);
    }

    /** {@code -[r]->{1,3}}: the quantified path pattern {@code (()-[r]->()){1,3}}. */
    private Pattern.Quantified quantifiedRelationship(Pattern.RelationshipPattern rel, Token relStart) {
        if (rel.length() != null) {
            throw error(CypherErrorKind.INVALID_PATH_PATTERN,
                    "Variable length relationships cannot be part of a quantified path pattern.", rel.position());
        }
        String relText = src.substring(relStart.position().offset(), previous().end());
        Token q = peek();
        Pattern.Range r = quantifier();
        Pattern.Element inner = new Pattern.Element(anonymousNode(rel.position()),
                List.of(new Pattern.Step(rel, anonymousNode(rel.position()))));
        return new Pattern.Quantified(inner, null, r.min(), r.max(), "(()" + relText + "())",
                src.substring(q.position().offset(), previous().end()), rel.position());
    }

    /**
     * {@code +} (1 or more), {@code *} (0 or more), {@code {n}}, {@code {n,}}, {@code {,m}},
     * {@code {n,m}}, {@code {,}}; the max of the range is null when unbounded.
     */
    private Pattern.Range quantifier() {
        Token t = peek();
        if (accept(TokenType.PLUS)) {
            return new Pattern.Range(1L, null);
        }
        if (accept(TokenType.STAR)) {
            return new Pattern.Range(0L, null);
        }
        expect(TokenType.LBRACE, "'+', '*' or '{'");
        Long min = at(TokenType.INTEGER) ? integerValue(advance(), false) : null;
        Pattern.Range r;
        if (accept(TokenType.COMMA)) {
            Long max = at(TokenType.INTEGER) ? integerValue(advance(), false) : null;
            expect(TokenType.RBRACE, max == null ? "an integer or '}'" : "'}'");
            r = new Pattern.Range(min == null ? 0L : min, max);
        } else {
            if (min == null) {
                throw unexpected("an integer or ','");
            }
            expect(TokenType.RBRACE, "',' or '}'");
            r = new Pattern.Range(min, min);
        }
        if (r.max() != null && r.max() < r.min()) {
            throw error(CypherErrorKind.INVALID_PATH_PATTERN, "A quantifier for a path pattern must not have a lower "
                    + "bound which exceeds its upper bound.\nIn this case, the lower bound " + r.min()
                    + " is greater than the upper bound " + r.max() + ".", t.position());
        }
        if (r.max() != null && r.max() == 0) {
            throw error(CypherErrorKind.INVALID_PATH_PATTERN, "A quantifier for a path pattern must not be limited by 0.",
                    t.position());
        }
        return r;
    }

    private Pattern.Element patternElement() {
        return patternElement(false);
    }

    /** Node patterns joined by relationships; {@code inlineWhere}: {@code (n WHERE ...)} is allowed (comprehensions). */
    private Pattern.Element patternElement(boolean inlineWhere) {
        Pattern.NodePattern start = nodePattern(inlineWhere);
        List<Pattern.Step> steps = new ArrayList<>();
        while (at(TokenType.MINUS) || (at(TokenType.LT) && peek(1).is(TokenType.MINUS))) {
            Pattern.RelationshipPattern rel = relationshipPattern(inlineWhere);
            steps.add(new Pattern.Step(rel, nodePattern(inlineWhere)));
        }
        return new Pattern.Element(start, steps);
    }

    /** A node pattern; {@code inlineWhere}: in a path pattern, where {@code (n WHERE ...)} is allowed. */
    private Pattern.NodePattern nodePattern(boolean inlineWhere) {
        Position p = pos();
        expect(TokenType.LPAREN, "'('");
        String variable = atName() && !atIsLabel() ? advance().value() : null;
        List<String> labels = List.of();
        LabelExpression expression = null;
        if (at(TokenType.COLON) || atIsLabel()) {
            advance();
            LabelExpression e = labelOr(true);
            labels = LabelExpression.conjunctionOfNames(e);
            if (labels == null && e.dynamic() && e instanceof LabelExpression.And and) {
                // (n:Person&$($extra)): Person stays a plain label (scans, CREATE), the rest is per row
                List<String> names = new ArrayList<>();
                List<LabelExpression> rest = new ArrayList<>();
                for (LabelExpression o : and.operands()) {
                    if (o instanceof LabelExpression.Name n) {
                        names.add(n.name());
                    } else {
                        rest.add(o);
                    }
                }
                labels = names;
                expression = rest.size() == 1 ? rest.get(0) : new LabelExpression.And(rest);
            } else if (labels == null) {
                labels = List.of();
                expression = e;
            }
        }
        Expression props = properties();
        Expression where = inlineWhere && acceptKeyword("WHERE") ? expression() : null;
        expect(TokenType.RPAREN, propsExpected(variable == null && labels.isEmpty() && expression == null
                && props == null));
        return new Pattern.NodePattern(variable, labels, expression, props, where, p);
    }

    /**
     * Whether a label expression starts {@code ahead} tokens on: a name, {@code !}, {@code %} or
     * {@code (}, possibly after a {@code :} (the legacy {@code [:T|:U]}).
     */
    private boolean labelFollows(int ahead) {
        return peek(ahead).is(TokenType.COLON) ? startsLabel(ahead + 1) : startsLabel(ahead);
    }

    private boolean startsLabel(int ahead) {
        Token t = peek(ahead);
        return t.is(TokenType.IDENTIFIER) || t.is(TokenType.ESCAPED_IDENTIFIER) || t.is(TokenType.BANG)
                || t.is(TokenType.PERCENT) || t.is(TokenType.LPAREN) || startsDynamic(ahead);
    }

    /** At {@code $(}, {@code $any(} or {@code $all(}: a dynamic label (Neo4j 5.26). */
    private boolean startsDynamic(int ahead) {
        Token t = peek(ahead);
        if (t.is(TokenType.DOLLAR)) {
            return true;
        }
        return t.is(TokenType.PARAMETER) && peek(ahead + 1).is(TokenType.LPAREN)
                && (t.text().equalsIgnoreCase("$any") || t.text().equalsIgnoreCase("$all"));
    }

    /** At {@code IS} followed by a label expression (Neo4j 5's {@code (n IS Person)}). */
    private boolean atIsLabel() {
        return atKeyword("IS") && startsLabel(1);
    }

    /**
     * A label expression, after its leading {@code :} or {@code IS}: {@code |} binds loosest,
     * then {@code &} (or a further {@code :}, as in {@code :A:B}), then {@code !}; {@code %} is any
     * label. {@code pipes} false: a {@code |} ends it (see {@link #pipeStops}).
     */
    private LabelExpression labelOr(boolean pipes) {
        List<LabelExpression> operands = new ArrayList<>();
        operands.add(labelAnd());
        while (pipes && at(TokenType.PIPE) && labelFollows(1)) {
            advance();
            accept(TokenType.COLON);
            operands.add(labelAnd());
        }
        return operands.size() == 1 ? operands.get(0) : new LabelExpression.Or(operands);
    }

    private LabelExpression labelAnd() {
        List<LabelExpression> operands = new ArrayList<>();
        operands.add(labelNot());
        while ((at(TokenType.AMP) || at(TokenType.COLON)) && labelFollows(1) && !peek(1).is(TokenType.COLON)) {
            advance();
            operands.add(labelNot());
        }
        return operands.size() == 1 ? operands.get(0) : new LabelExpression.And(operands);
    }

    private LabelExpression labelNot() {
        if (accept(TokenType.BANG)) {
            enter();
            try {
                return new LabelExpression.Not(labelNot());
            } finally {
                leave();
            }
        }
        if (accept(TokenType.PERCENT)) {
            return new LabelExpression.Any();
        }
        if (startsDynamic(0)) {
            return dynamicLabel();
        }
        if (accept(TokenType.LPAREN)) {
            enter();
            try {
                LabelExpression e = labelOr(true);
                expect(TokenType.RPAREN, "')'");
                return e;
            } finally {
                leave();
            }
        }
        return new LabelExpression.Name(name("a label name"));
    }

    /**
     * {@code $(expr)}, {@code $all(expr)} or {@code $any(expr)}. A literal that names labels
     * ({@code $('Person')}, {@code $any(['A', 'B'])}) is read as those names, so a label written
     * this way is as good as a static one (scans, indexes); any other value is left to the checks
     * of the semantic analysis (constants) and of run time.
     */
    private LabelExpression dynamicLabel() {
        Token first = advance();
        boolean any = first.is(TokenType.PARAMETER) && first.text().equalsIgnoreCase("$any");
        expect(TokenType.LPAREN, "'('");
        Expression e = pipeEnded(this::expression);
        expect(TokenType.RPAREN, "')'");
        String text = src.substring(first.position().offset(), previous().end());
        List<String> names = literalNames(e);
        if (names == null || names.isEmpty()) {
            return new LabelExpression.Dynamic(e, any, text, first.position());
        }
        if (names.size() == 1) {
            return new LabelExpression.Name(names.get(0));
        }
        List<LabelExpression> operands = new ArrayList<>();
        for (String n : names) {
            operands.add(new LabelExpression.Name(n));
        }
        return any ? new LabelExpression.Or(operands) : new LabelExpression.And(operands);
    }

    /** The names of a non-empty string literal or a list literal of them, else null. */
    private static List<String> literalNames(Expression e) {
        if (e instanceof Expression.Literal l) {
            return l.value() instanceof String str && !str.isEmpty() ? List.of(str) : null;
        }
        if (!(e instanceof Expression.ListLiteral list)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Expression x : list.elements()) {
            if (!(x instanceof Expression.Literal l) || !(l.value() instanceof String str) || str.isEmpty()) {
                return null;
            }
            if (!out.contains(str)) {
                out.add(str);
            }
        }
        return out;
    }

    /** Parses {@code body} with a {@code |} ending label expressions (see {@link #pipeStops}). */
    private Expression pipeEnded(java.util.function.Supplier<Expression> body) {
        pipeStops++;
        try {
            return body.get();
        } finally {
            pipeStops--;
        }
    }

    private static String propsExpected(boolean nothingYet) {
        return nothingYet ? "a variable, ':', '{', a parameter or ')'" : "')'";
    }

    /** {@code :A:$(expr):B} after SET or REMOVE: static names into {@code labels}, dynamic parts into {@code dynamic}. */
    private void nodeLabels(List<String> labels, List<LabelExpression.Dynamic> dynamic) {
        while (accept(TokenType.COLON)) {
            if (!startsDynamic(0)) {
                labels.add(name("a label name"));
                continue;
            }
            Token at = peek();
            LabelExpression e = dynamicLabel();
            if (e instanceof LabelExpression.Dynamic d && d.any()) {
                throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Invalid input '" + at.text() + "': $any(...) "
                        + "can only be matched; SET and REMOVE take $(...) or $all(...)", at.position());
            }
            if (e instanceof LabelExpression.Dynamic d) {
                dynamic.add(d);
            } else {
                labels.addAll(LabelExpression.conjunctionOfNames(e));
            }
        }
    }

    private Expression properties() {
        if (at(TokenType.LBRACE)) {
            return mapLiteral();
        }
        if (at(TokenType.PARAMETER)) {
            Token t = advance();
            return parameter(t.value(), t.position());
        }
        return null;
    }

    /** A relationship pattern; {@code inlineWhere}: {@code [r WHERE ...]} is allowed. */
    private Pattern.RelationshipPattern relationshipPattern(boolean inlineWhere) {
        Position p = pos();
        boolean left = accept(TokenType.LT);
        expect(TokenType.MINUS, "'-'");
        String variable = null;
        List<String> types = new ArrayList<>();
        LabelExpression typeExpression = null;
        Pattern.Range range = null;
        Expression props = null;
        Expression where = null;
        Pattern.Traversal traversal = null;
        Pattern.Lambda filter = null;
        if (accept(TokenType.LBRACKET)) {
            if (atName()) {
                variable = advance().value();
            }
            boolean typed = accept(TokenType.COLON);
            if (!typed && atIsLabel()) {
                advance();
                typed = true;
            }
            if (typed) {
                LabelExpression e = labelOr(true);
                List<String> names = LabelExpression.disjunctionOfNames(e);
                if (names != null) {
                    types.addAll(names);
                } else {
                    typeExpression = e;
                }
            }
            if (accept(TokenType.STAR)) {
                if (atTraversalKind()) {
                    traversal = traversalHead(previous());
                    range = new Pattern.Range(null, null);
                } else {
                    range = rangeLiteral();
                }
            } else if (at(TokenType.DOTDOT) || at(TokenType.INTEGER)) {
                throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN, "A variable-length relationship "
                        + "needs '*' before its bounds, e.g. [:T*1..2]", peek(0).position());
            }
            props = properties();
            if (traversal != null) {
                traversal = traversalLambdas(traversal);
            } else if (atLambda()) {
                if (range == null) {
                    throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN,
                            "Filter lambda is only allowed in variable length expansion.", pos());
                }
                filter = depthFirstFilter();
            }
            if (inlineWhere && acceptKeyword("WHERE")) {
                where = expression();
            }
            expect(TokenType.RBRACKET, "']'");
        }
        expect(TokenType.MINUS, "'-'");
        boolean right = accept(TokenType.GT);
        Pattern.Direction d = left == right ? Pattern.Direction.BOTH
                : left ? Pattern.Direction.INCOMING : Pattern.Direction.OUTGOING;
        return new Pattern.RelationshipPattern(variable, d, types, typeExpression, range, props, where, p, traversal,
                filter);
    }

    // ---------------------------------------------------------------- Memgraph's traversals

    private boolean atTraversalKind() {
        for (Pattern.TraversalKind k : Pattern.TraversalKind.values()) {
            if (atKeyword(k.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * After {@code *}: {@code BFS|WSHORTEST|ALLSHORTEST|KSHORTEST [min][..[max]] [| limit]}, as Memgraph
     * reads it: a bound without {@code ..} is both bounds, but only the maximum of the weighted kinds,
     * which take no minimum. The lambdas come after the property map ({@link #traversalLambdas}).
     */
    private Pattern.Traversal traversalHead(Token star) {
        Pattern.TraversalKind kind = Pattern.TraversalKind.valueOf(advance().text().toUpperCase(java.util.Locale.ROOT));
        boolean weighted = kind == Pattern.TraversalKind.WSHORTEST || kind == Pattern.TraversalKind.ALLSHORTEST;
        Expression min = null;
        Expression max = null;
        Position minAt = pos();
        if (startsTraversalBound()) {
            Expression b = traversalBound();
            if (accept(TokenType.DOTDOT)) {
                min = b;
                max = startsTraversalBound() ? traversalBound() : null;
            } else {
                min = weighted ? null : b;
                max = b;
            }
        } else if (accept(TokenType.DOTDOT) && startsTraversalBound()) {
            max = traversalBound();
        }
        if (min != null && weighted) {
            throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN,
                    "Lower bound is not allowed in weighted or all shortest path expansion.", minAt);
        }
        Expression limit = null;
        if (at(TokenType.PIPE)) {
            if (kind != Pattern.TraversalKind.KSHORTEST) {
                throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN,
                        "Limit parameter is only supported with KSHORTEST path expansion.", pos());
            }
            advance();
            limit = traversalBound();
        }
        return new Pattern.Traversal(kind, min, max, limit, null, null, null,
                src.substring(star.position().offset(), previous().end()), star.position());
    }

    private boolean startsTraversalBound() {
        return at(TokenType.INTEGER) || at(TokenType.PARAMETER) || at(TokenType.MINUS)
                || atName() && !atKeyword("WHERE");
    }

    /** A bound or path count: an integer literal, a parameter, or a variable or a property of one. */
    private Expression traversalBound() {
        Token t = peek();
        if (at(TokenType.MINUS)) {
            throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN,
                    "The bounds of a variable-length relationship cannot be negative", t.position());
        }
        if (at(TokenType.INTEGER)) {
            return new Expression.Literal(integerValue(advance(), false), t.position());
        }
        if (at(TokenType.PARAMETER)) {
            advance();
            return parameter(t.value(), t.position());
        }
        Expression e = new Expression.Variable(name("an integer, a parameter or a variable"), t.position());
        while (at(TokenType.DOT) && atName(1)) {
            Position at = advance().position();
            e = new Expression.Property(e, name("a property key"), at);
        }
        return e;
    }

    /** At {@code (name, name}: the start of a lambda, not of a node pattern or an expression. */
    private boolean atLambda() {
        return at(TokenType.LPAREN) && atName(1) && peek(2).is(TokenType.COMMA);
    }

    /**
     * {@code [lambda [totalWeight]] [lambda]} after a traversal's bounds and property map: the first
     * lambda is the weight of WSHORTEST and ALLSHORTEST, else the filter. Misuse gets Memgraph's messages.
     */
    private Pattern.Traversal traversalLambdas(Pattern.Traversal head) {
        boolean weighted = head.kind() == Pattern.TraversalKind.WSHORTEST
                || head.kind() == Pattern.TraversalKind.ALLSHORTEST;
        Pattern.Lambda first = atLambda() ? lambda() : null;
        Position totalAt = pos();
        String total = first != null && atName() ? advance().value() : null;
        Position secondAt = pos();
        Pattern.Lambda second = first != null && atLambda() ? lambda() : null;
        if (atLambda()) {
            throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN, "Only one filter lambda can be supplied.", pos());
        }
        if (!weighted) {
            if (total != null) {
                throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN, "Variable for total weight is allowed only "
                        + "with weighted and all shortest path expansion.", totalAt);
            }
            if (second != null) {
                throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN, "Only one filter lambda can be supplied.",
                        secondAt);
            }
            if (first != null && first.weight() != null) {
                throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN, "Accumulated weight in filter lambda can "
                        + "be used only with shortest paths expansion.", first.position());
            }
            if (first != null && first.path() != null && head.kind() == Pattern.TraversalKind.KSHORTEST) {
                throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN, "KSHORTEST expansion does not support the "
                        + "accumulated path in a filter lambda.", first.position());
            }
            return new Pattern.Traversal(head.kind(), head.min(), head.max(), head.limit(), null, null, first,
                    head.text(), head.position());
        }
        if (first == null) {
            throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN, "Lambda for calculating weights is mandatory "
                    + "with " + (head.kind() == Pattern.TraversalKind.WSHORTEST ? "weighted shortest path"
                    : "all shortest paths") + " expansion, e.g. *" + head.kind() + " (r, n | r.weight)", head.position());
        }
        if (first.path() != null) {
            throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN, "The weight lambda takes the relationship and "
                    + "the node only, e.g. (r, n | r.weight)", first.position());
        }
        return new Pattern.Traversal(head.kind(), head.min(), head.max(), head.limit(), first, total, second,
                head.text(), head.position());
    }

    /** The filter lambda of a plain {@code *} (depth-first): {@code (e, n[, p] | expr)}, once. */
    private Pattern.Lambda depthFirstFilter() {
        Pattern.Lambda l = lambda();
        if (l.weight() != null) {
            throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN, "Accumulated weight in filter lambda can "
                    + "be used only with shortest paths expansion.", l.position());
        }
        if (atName() && !atKeyword("WHERE")) {
            throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN, "Variable for total weight is allowed only "
                    + "with weighted and all shortest path expansion.", pos());
        }
        if (atLambda()) {
            throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN, "Only one filter lambda can be supplied.", pos());
        }
        return l;
    }

    /** {@code (edge, node[, path[, weight]] | expression)}. */
    private Pattern.Lambda lambda() {
        Position p = pos();
        expect(TokenType.LPAREN);
        String edge = name("a variable");
        expect(TokenType.COMMA);
        String node = name("a variable");
        String path = accept(TokenType.COMMA) ? name("a variable") : null;
        String weight = path != null && accept(TokenType.COMMA) ? name("a variable") : null;
        expect(TokenType.PIPE, weight == null ? "',' or '|'" : "'|'");
        Expression body = nestedWithoutPipeStops(() -> {
            Expression e = expression();
            expect(TokenType.RPAREN, "')'");
            return e;
        });
        return new Pattern.Lambda(edge, node, path, weight, body, p);
    }

    private Pattern.Range rangeLiteral() {
        if (at(TokenType.MINUS)) {
            throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN,
                    "The bounds of a variable-length relationship cannot be negative", peek(0).position());
        }
        Long min = at(TokenType.INTEGER) ? integerValue(advance(), false) : null;
        if (accept(TokenType.DOTDOT)) {
            if (at(TokenType.MINUS)) {
                throw error(CypherErrorKind.INVALID_RELATIONSHIP_PATTERN,
                        "The bounds of a variable-length relationship cannot be negative", peek(0).position());
            }
            Long max = at(TokenType.INTEGER) ? integerValue(advance(), false) : null;
            return new Pattern.Range(min, max);
        }
        return new Pattern.Range(min, min);
    }

    // ---------------------------------------------------------------- expressions

    // How tightly the operators bind, loosest first. NOT is a prefix operator between AND and the
    // comparisons; IS [NOT] NULL is a postfix one at the level of the other predicates.
    private static final int OR_LEVEL = 1;
    private static final int XOR_LEVEL = 2;
    private static final int AND_LEVEL = 3;
    private static final int NOT_LEVEL = 4;
    private static final int COMPARISON_LEVEL = 5;
    private static final int PREDICATE_LEVEL = 6;
    private static final int ADDITIVE_LEVEL = 7;
    private static final int MULTIPLICATIVE_LEVEL = 8;
    private static final int POWER_LEVEL = 9;

    /**
     * An operator waiting for its operands in {@link #expression()}: a prefix NOT, or a run of
     * binary operators of one level whose operands start at {@code firstOperand} on the operand
     * stack.
     */
    private static final class Pending {
        final int level;
        final int firstOperand;
        final Position position;
        final List<Expression.BinaryOperator> operators = new ArrayList<>(2);
        final List<Position> positions = new ArrayList<>(2);

        Pending(int level, int firstOperand, Position position) {
            this.level = level;
            this.firstOperand = firstOperand;
            this.position = position;
        }
    }

    /**
     * An expression, with the precedence levels of the openCypher grammar from OR (loosest) down to
     * the power operator; an operand is a postfix expression with any signs in front (a minus
     * right before a number literal is folded into it). The levels are resolved with explicit
     * stacks of operands and pending operators instead of one method per level, so a nested
     * expression (a parenthesis, a list element, a function argument) costs a handful of stack
     * frames whatever operators surround it, and the nesting is counted against
     * {@link QueryLimits#MAX_NESTING_DEPTH}. Runs of one left-associative operator are grouped to
     * the left; a long run becomes one {@link Expression.BinaryChain}.
     */
    Expression expression() {
        return expressionAbove(0);
    }

    /**
     * An expression of operators that bind tighter than {@code floor} only: {@code expressionAbove(COMPARISON_LEVEL)}
     * stops before {@code =}, {@code AND} and the like (the value after {@code WHEN <} in a CASE).
     */
    private Expression expressionAbove(int floor) {
        enter();
        try {
            List<Expression> operands = new ArrayList<>(2);
            List<Pending> pending = new ArrayList<>(2);
            List<Token> signs = new ArrayList<>(0);
            boolean needOperand = true;
            while (true) {
                if (needOperand) {
                    // NOT may start the operand of OR, XOR, AND and NOT, and the whole expression.
                    if (floor < NOT_LEVEL
                            && (pending.isEmpty() || pending.get(pending.size() - 1).level <= NOT_LEVEL)) {
                        while (atKeyword("NOT")) {
                            pending.add(new Pending(NOT_LEVEL, -1, advance().position()));
                        }
                    }
                    // Signs, then a postfix expression. Written out here rather than called, because
                    // every frame on the way to a nested expression counts against the stack.
                    int firstSign = signs.size();
                    while (at(TokenType.PLUS) || (at(TokenType.MINUS)
                            && !peek(1).is(TokenType.INTEGER) && !peek(1).is(TokenType.FLOAT))) {
                        signs.add(advance());
                    }
                    Expression operand;
                    if (at(TokenType.MINUS)) {
                        // Folding the sign into a literal lets -9223372036854775808 be written.
                        Position p = advance().position();
                        Token t = advance();
                        operand = postfixOf(new Expression.Literal(t.is(TokenType.INTEGER)
                                ? (Object) integerValue(t, true) : (Object) (-floatValue(t)), p), true);
                    } else {
                        operand = postfixOf(atom(), true);
                    }
                    while (signs.size() > firstSign) {
                        Token sign = signs.remove(signs.size() - 1);
                        operand = new Expression.Unary(sign.is(TokenType.MINUS) ? Expression.UnaryOperator.MINUS
                                : Expression.UnaryOperator.PLUS, operand, sign.position());
                    }
                    operands.add(operand);
                }
                int level = infixLevel();
                if (level <= floor) {
                    break;
                }
                while (!pending.isEmpty() && pending.get(pending.size() - 1).level > level) {
                    reduce(operands, pending);
                }
                Pending top = pending.isEmpty() ? null : pending.get(pending.size() - 1);
                Position p = pos();
                if (level == PREDICATE_LEVEL && (atKeyword("IS") || at(TokenType.COLONCOLON))) {
                    // Postfix: applies to everything of its level written before it.
                    if (top != null && top.level == PREDICATE_LEVEL) {
                        reduce(operands, pending);
                    }
                    int last = operands.size() - 1;
                    operands.set(last, isPredicate(operands.get(last), p, true));
                    needOperand = false;
                    continue;
                }
                Expression.BinaryOperator op = consumeInfix();
                if (top == null || top.level != level) {
                    top = new Pending(level, operands.size() - 1, p);
                    pending.add(top);
                }
                top.operators.add(op);
                top.positions.add(p);
                needOperand = true;
            }
            while (!pending.isEmpty()) {
                reduce(operands, pending);
            }
            return operands.get(0);
        } finally {
            leave();
        }
    }

    /** The level of the binary or postfix operator at the current token, 0 when there is none. */
    private int infixLevel() {
        Token t = peek();
        switch (t.type()) {
            case EQ, NE, LT, LE, GT, GE:
                return COMPARISON_LEVEL;
            case REGEX, COLONCOLON:
                return PREDICATE_LEVEL;
            case PLUS, MINUS, CONCAT:
                return ADDITIVE_LEVEL;
            case STAR, SLASH, PERCENT:
                return MULTIPLICATIVE_LEVEL;
            case CARET:
                return POWER_LEVEL;
            case IDENTIFIER:
                break;
            default:
                return 0;
        }
        if (t.isKeyword("OR")) {
            return OR_LEVEL;
        }
        if (t.isKeyword("XOR")) {
            return XOR_LEVEL;
        }
        if (t.isKeyword("AND")) {
            return AND_LEVEL;
        }
        if (t.isKeyword("CONTAINS") || t.isKeyword("IN") || t.isKeyword("IS")
                || ((t.isKeyword("STARTS") || t.isKeyword("ENDS")) && atKeyword(1, "WITH"))) {
            return PREDICATE_LEVEL;
        }
        return 0;
    }

    /**
     * The postfix predicates on {@code subject}: {@code IS [NOT] NULL}, and the type predicates
     * {@code IS [NOT] :: type}, {@code IS [NOT] TYPED type} and {@code :: type}. {@code colons}: whether
     * the forms with {@code ::} are allowed (not in a CASE alternative, as in Neo4j).
     */
    private Expression isPredicate(Expression subject, Position p, boolean colons) {
        if (colons && accept(TokenType.COLONCOLON)) {
            return new Expression.IsType(subject, cypherType(), false, p);
        }
        expectKeyword("IS");
        boolean negated = acceptKeyword("NOT");
        if (acceptKeyword("NULL")) {
            return new Expression.IsNull(subject, negated, p);
        }
        if (acceptKeyword("TYPED") || colons && accept(TokenType.COLONCOLON)) {
            return new Expression.IsType(subject, cypherType(), negated, p);
        }
        if (at(TokenType.COLONCOLON)) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Invalid input '::': a type test in a CASE alternative is "
                    + "written IS " + (negated ? "NOT " : "") + "TYPED <TYPE>", pos());
        }
        java.text.Normalizer.Form form = normalForm(peek());
        if (form != null) {
            advance();
            expectKeyword("NORMALIZED");
            return new Expression.IsNormalized(subject, form, negated, p);
        }
        if (acceptKeyword("NORMALIZED")) {
            return new Expression.IsNormalized(subject, java.text.Normalizer.Form.NFC, negated, p);
        }
        throw unexpected((colons ? "'NULL', 'TYPED', '::'" : "'NULL', 'TYPED'")
                + " or '[NFC | NFD | NFKC | NFKD] NORMALIZED'");
    }

    /** The Unicode normal form a keyword names ({@code NFC}, {@code NFD}, {@code NFKC}, {@code NFKD}), else null. */
    private static java.text.Normalizer.Form normalForm(Token t) {
        for (java.text.Normalizer.Form f : java.text.Normalizer.Form.values()) {
            if (t.isKeyword(f.name())) {
                return f;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- types (of type predicates)

    /**
     * A type: {@code part | part ...}, a closed dynamic union when there are several. In an expression
     * that a {@code |} ends (see {@link #pipeStops}) a {@code |} ends the type too: write {@code ANY<A | B>}.
     */
    private CypherType cypherType() {
        Position p = pos();
        List<CypherType> members = new ArrayList<>();
        addUnionMember(members, typePart());
        while (pipeStops == 0 && at(TokenType.PIPE)) {
            advance();
            addUnionMember(members, typePart());
        }
        return union(members, p);
    }

    private static void addUnionMember(List<CypherType> members, CypherType t) {
        if (t instanceof CypherType.Union u) {
            members.addAll(u.members());
        } else {
            members.add(t);
        }
    }

    private CypherType union(List<CypherType> members, Position p) {
        if (members.size() == 1) {
            return members.get(0);
        }
        for (CypherType m : members) {
            if (m.nullable() != members.get(0).nullable()) {
                throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "All types in a Closed Dynamic Union must be nullable, "
                        + "or be appended with `NOT NULL`.", p);
            }
        }
        return new CypherType.Union(members);
    }

    /** {@code name [NOT NULL | !] (LIST | ARRAY [NOT NULL | !])*}. */
    private CypherType typePart() {
        Position p = pos();
        CypherType t = typeName();
        boolean notNull = notNull();
        if (notNull) {
            if (t instanceof CypherType.Union) {
                throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Closed Dynamic Union Types can not be appended with "
                        + "`NOT NULL`, specify `NOT NULL` on all inner types instead.", p);
            }
            t = t instanceof CypherType.Simple s ? new CypherType.Simple(s.base(), false)
                    : new CypherType.ListOf(((CypherType.ListOf) t).element(), false);
        }
        while (atKeyword("LIST") || atKeyword("ARRAY")) {
            advance();
            t = new CypherType.ListOf(t, !notNull());
        }
        return t;
    }

    private boolean notNull() {
        if (atKeyword("NOT") && atKeyword(1, "NULL")) {
            advance();
            advance();
            return true;
        }
        return accept(TokenType.BANG);
    }

    /** A type name and its synonyms, as the Neo4j 5 manual lists them ("Types and their synonyms"). */
    private CypherType typeName() {
        Position p = pos();
        if (!at(TokenType.IDENTIFIER)) {
            throw unexpected(TYPE_NAME);
        }
        String word = advance().text().toUpperCase(java.util.Locale.ROOT);
        CypherType.Base base = switch (word) {
            case "NOTHING" -> CypherType.Base.NOTHING;
            case "NULL" -> CypherType.Base.NULL;
            case "BOOL", "BOOLEAN" -> CypherType.Base.BOOLEAN;
            case "VARCHAR", "STRING" -> CypherType.Base.STRING;
            case "INT", "INTEGER" -> CypherType.Base.INTEGER;
            case "SIGNED" -> {
                expectKeyword("INTEGER");
                yield CypherType.Base.INTEGER;
            }
            case "FLOAT" -> CypherType.Base.FLOAT;
            case "DATE" -> CypherType.Base.DATE;
            case "LOCAL", "ZONED" -> {
                boolean local = word.equals("LOCAL");
                if (acceptKeyword("TIME")) {
                    yield local ? CypherType.Base.LOCAL_TIME : CypherType.Base.ZONED_TIME;
                }
                expectKeyword("DATETIME");
                yield local ? CypherType.Base.LOCAL_DATETIME : CypherType.Base.ZONED_DATETIME;
            }
            case "TIME", "TIMESTAMP" -> {
                boolean zoned = !acceptKeyword("WITHOUT");
                if (zoned && !acceptKeyword("WITH")) {
                    throw unexpected("'WITH' or 'WITHOUT'");
                }
                if (!acceptKeyword("TIMEZONE")) {
                    expectKeyword("TIME");
                    expectKeyword("ZONE");
                }
                yield word.equals("TIME") ? (zoned ? CypherType.Base.ZONED_TIME : CypherType.Base.LOCAL_TIME)
                        : (zoned ? CypherType.Base.ZONED_DATETIME : CypherType.Base.LOCAL_DATETIME);
            }
            case "DURATION" -> CypherType.Base.DURATION;
            case "POINT" -> CypherType.Base.POINT;
            case "NODE", "VERTEX" -> CypherType.Base.NODE;
            case "RELATIONSHIP", "EDGE" -> CypherType.Base.RELATIONSHIP;
            case "MAP" -> CypherType.Base.MAP;
            case "PATH" -> CypherType.Base.PATH;
            case "PROPERTY" -> {
                expectKeyword("VALUE");
                yield CypherType.Base.PROPERTY_VALUE;
            }
            case "LIST", "ARRAY" -> null;
            case "ANY" -> anyType();
            default -> throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Invalid input '" + previous().text()
                    + "': expected " + TYPE_NAME, p);
        };
        if (base != null) {
            return new CypherType.Simple(base, true);
        }
        if (word.equals("ANY")) {
            return innerType(p); // ANY<...>
        }
        return new CypherType.ListOf(innerType(p), true);
    }

    private static final String TYPE_NAME = "a type (e.g. INTEGER, STRING, LIST<INTEGER>, INTEGER | FLOAT)";

    /**
     * After {@code ANY}: {@code NODE}, {@code VERTEX}, {@code RELATIONSHIP}, {@code EDGE}, {@code MAP},
     * {@code PROPERTY VALUE}, {@code [VALUE] <...>} (null: the caller reads the {@code <...>}) or plain ANY.
     */
    private CypherType.Base anyType() {
        if (acceptKeyword("NODE") || acceptKeyword("VERTEX")) {
            return CypherType.Base.NODE;
        }
        if (acceptKeyword("RELATIONSHIP") || acceptKeyword("EDGE")) {
            return CypherType.Base.RELATIONSHIP;
        }
        if (acceptKeyword("MAP")) {
            return CypherType.Base.MAP;
        }
        if (atKeyword("PROPERTY") && atKeyword(1, "VALUE")) {
            advance();
            advance();
            return CypherType.Base.PROPERTY_VALUE;
        }
        acceptKeyword("VALUE");
        return at(TokenType.LT) ? null : CypherType.Base.ANY;
    }

    /** {@code < type >} of {@code LIST<...>} and {@code ANY<...>}; a {@code |} inside never ends an expression. */
    private CypherType innerType(Position p) {
        expect(TokenType.LT, "'<'");
        return nestedWithoutPipeStops(() -> {
            CypherType inner = cypherType();
            expect(TokenType.GT, "'>'");
            return inner;
        });
    }

    /** Parses {@code body} one nesting level deeper, where a {@code |} ends nothing (see {@link #pipeStops}). */
    private <T> T nestedWithoutPipeStops(java.util.function.Supplier<T> body) {
        int saved = pipeStops;
        pipeStops = 0;
        enter();
        try {
            return body.get();
        } finally {
            leave();
            pipeStops = saved;
        }
    }

    /** Consumes the binary operator {@link #infixLevel()} found. */
    private Expression.BinaryOperator consumeInfix() {
        Token t = advance();
        return switch (t.type()) {
            case EQ -> Expression.BinaryOperator.EQ;
            case NE -> Expression.BinaryOperator.NE;
            case LT -> Expression.BinaryOperator.LT;
            case LE -> Expression.BinaryOperator.LE;
            case GT -> Expression.BinaryOperator.GT;
            case GE -> Expression.BinaryOperator.GE;
            case REGEX -> Expression.BinaryOperator.REGEX;
            case PLUS -> Expression.BinaryOperator.ADD;
            case MINUS -> Expression.BinaryOperator.SUBTRACT;
            case CONCAT -> Expression.BinaryOperator.CONCAT;
            case STAR -> Expression.BinaryOperator.MULTIPLY;
            case SLASH -> Expression.BinaryOperator.DIVIDE;
            case PERCENT -> Expression.BinaryOperator.MODULO;
            case CARET -> Expression.BinaryOperator.POWER;
            default -> {
                if (t.isKeyword("OR")) {
                    yield Expression.BinaryOperator.OR;
                }
                if (t.isKeyword("XOR")) {
                    yield Expression.BinaryOperator.XOR;
                }
                if (t.isKeyword("AND")) {
                    yield Expression.BinaryOperator.AND;
                }
                if (t.isKeyword("CONTAINS")) {
                    yield Expression.BinaryOperator.CONTAINS;
                }
                if (t.isKeyword("IN")) {
                    yield Expression.BinaryOperator.IN;
                }
                advance(); // WITH
                yield t.isKeyword("STARTS") ? Expression.BinaryOperator.STARTS_WITH : Expression.BinaryOperator.ENDS_WITH;
            }
        };
    }

    /** Applies the innermost pending operator to its operands on the operand stack. */
    private static void reduce(List<Expression> operands, List<Pending> pending) {
        Pending top = pending.remove(pending.size() - 1);
        if (top.level == NOT_LEVEL) {
            int last = operands.size() - 1;
            operands.set(last, new Expression.Unary(Expression.UnaryOperator.NOT, operands.get(last), top.position));
            return;
        }
        List<Expression> run = operands.subList(top.firstOperand, operands.size());
        Expression e = top.level == COMPARISON_LEVEL ? comparisonChain(run, top)
                : Expressions.leftAssociative(new ArrayList<>(run), top.operators, top.positions);
        if (top.level == PREDICATE_LEVEL) {
            e = ElementIdComparisons.desugar(e); // elementId(n) IN [42]
        }
        run.clear();
        operands.add(e);
    }

    /** {@code a < b <= c} means {@code a < b AND b <= c}. */
    private static Expression comparisonChain(List<Expression> run, Pending comparisons) {
        List<Expression> pairs = new ArrayList<>(run.size() - 1);
        List<Expression.BinaryOperator> ands = new ArrayList<>(run.size() - 1);
        List<Position> andPositions = new ArrayList<>(run.size() - 1);
        for (int k = 0; k < comparisons.operators.size(); k++) {
            Position p = comparisons.positions.get(k);
            pairs.add(ElementIdComparisons.desugar(
                    new Expression.Binary(comparisons.operators.get(k), run.get(k), run.get(k + 1), p)));
            if (k > 0) {
                ands.add(Expression.BinaryOperator.AND);
                andPositions.add(p);
            }
        }
        return Expressions.leftAssociative(pairs, ands, andPositions);
    }

    private Expression postfix(boolean allowLabels) {
        return postfixOf(atom(), allowLabels);
    }

    private Expression postfixOf(Expression e, boolean allowLabels) {
        while (true) {
            Position p = e.position(); // a postfix expression starts where its subject does
            if (at(TokenType.DOT)) {
                advance();
                e = new Expression.Property(e, name("a property key"), p);
            } else if (at(TokenType.LBRACKET)) {
                advance();
                if (accept(TokenType.DOTDOT)) {
                    Expression to = at(TokenType.RBRACKET) ? null : expression();
                    expect(TokenType.RBRACKET, "']'");
                    e = new Expression.Slice(e, null, to, p);
                    continue;
                }
                Expression index = expression();
                if (accept(TokenType.DOTDOT)) {
                    Expression to = at(TokenType.RBRACKET) ? null : expression();
                    expect(TokenType.RBRACKET, "']'");
                    e = new Expression.Slice(e, index, to, p);
                } else {
                    expect(TokenType.RBRACKET, "']' or '..'");
                    e = new Expression.Subscript(e, index, p);
                }
            } else if (allowLabels && at(TokenType.COLON) && labelFollows(1)) {
                advance();
                LabelExpression le = labelOr(pipeStops == 0);
                List<String> names = LabelExpression.conjunctionOfNames(le);
                e = names != null ? new Expression.HasLabels(e, names, p) : new Expression.HasLabels(e, List.of(), le, p);
            } else {
                return e;
            }
        }
    }

    private Expression atom() {
        Token t = peek();
        Position p = t.position();
        switch (t.type()) {
            case INTEGER -> {
                advance();
                return new Expression.Literal(integerValue(t, false), p);
            }
            case FLOAT -> {
                advance();
                return new Expression.Literal(floatValue(t), p);
            }
            case STRING -> {
                advance();
                return new Expression.Literal(t.value(), p);
            }
            // Letters make a malformed number (1a); a symbol such as '#' is not part of any token.
            case INVALID_NUMBER -> throw error(t.text().indexOf('#') >= 0 ? CypherErrorKind.UNEXPECTED_SYNTAX
                    : CypherErrorKind.INVALID_NUMBER_LITERAL, "Invalid input '" + t.text() + "': expected a number", p);
            case PARAMETER -> {
                advance();
                return parameter(t.value(), p);
            }
            case LBRACE -> {
                return mapLiteral();
            }
            case LBRACKET -> {
                return bracket();
            }
            case LPAREN -> {
                return parenthesised();
            }
            case IDENTIFIER -> {
                // Every form that nests is entered straight from here: each frame between two
                // nesting levels counts against the stack.
                if (t.isKeyword("CASE")) {
                    return caseExpression();
                }
                if ((t.isKeyword("EXISTS") || t.isKeyword("COUNT") || t.isKeyword("COLLECT"))
                        && peek(1).is(TokenType.LBRACE)) {
                    return subqueryExpression();
                }
                Expression.QuantifierKind q = peek(1).is(TokenType.LPAREN) ? quantifierKind(t) : null;
                if (q != null && atName(2) && peek(3).isKeyword("IN")) {
                    return quantifier(q);
                }
                if (t.isKeyword("REDUCE") && peek(1).is(TokenType.LPAREN) && atName(2) && peek(3).is(TokenType.EQ)) {
                    return reduce();
                }
                Expression literal = keywordLiteral(t);
                return literal != null ? literal : nameAtom();
            }
            case ESCAPED_IDENTIFIER -> {
                return nameAtom();
            }
            default -> throw unexpected("an expression");
        }
    }

    /** TRUE, FALSE, NULL and count(*); null for anything else. */
    private Expression keywordLiteral(Token t) {
        Position p = t.position();
        if (t.isKeyword("TRUE")) {
            advance();
            return new Expression.Literal(Boolean.TRUE, p);
        }
        if (t.isKeyword("FALSE")) {
            advance();
            return new Expression.Literal(Boolean.FALSE, p);
        }
        if (t.isKeyword("NULL")) {
            advance();
            return new Expression.Literal(null, p);
        }
        if (t.isKeyword("COUNT") && peek(1).is(TokenType.LPAREN) && peek(2).is(TokenType.STAR)
                && peek(3).is(TokenType.RPAREN)) {
            advance();
            advance();
            advance();
            advance();
            return new Expression.CountStar(p);
        }
        return null;
    }

    /**
     * {@code EXISTS | COUNT | COLLECT { query }}, and for EXISTS and COUNT the short form
     * {@code { pattern [WHERE ...] }} (read as a MATCH query): one level deeper.
     */
    private Expression subqueryExpression() {
        Token keyword = advance();
        Position p = keyword.position();
        advance();
        Query q;
        enter(QueryLimits.SUBQUERY_LEVELS);
        try {
            if (!keyword.isKeyword("COLLECT") && (at(TokenType.LPAREN) || (atName() && peek(1).is(TokenType.EQ)))) {
                Position mp = pos();
                Pattern pattern = pattern();
                Expression where = acceptKeyword("WHERE") ? expression() : null;
                q = Query.of(new Query.SingleQuery(List.of(new Clause.Match(false, pattern, where, mp)), mp));
            } else {
                q = query();
            }
        } finally {
            leave(QueryLimits.SUBQUERY_LEVELS);
        }
        expect(TokenType.RBRACE, "'}'");
        if (keyword.isKeyword("EXISTS")) {
            return new Expression.ExistsSubquery(q, p);
        }
        return new Expression.Subquery(keyword.isKeyword("COUNT") ? Expression.SubqueryKind.COUNT
                : Expression.SubqueryKind.COLLECT, q, p);
    }

    private boolean atName(int ahead) {
        TokenType tt = peek(ahead).type();
        return tt == TokenType.IDENTIFIER || tt == TokenType.ESCAPED_IDENTIFIER;
    }

    private static Expression.QuantifierKind quantifierKind(Token t) {
        if (t.isKeyword("ALL")) {
            return Expression.QuantifierKind.ALL;
        }
        if (t.isKeyword("ANY")) {
            return Expression.QuantifierKind.ANY;
        }
        if (t.isKeyword("NONE")) {
            return Expression.QuantifierKind.NONE;
        }
        if (t.isKeyword("SINGLE")) {
            return Expression.QuantifierKind.SINGLE;
        }
        return null;
    }

    /**
     * Words that never name a variable unless escaped. Kept short on purpose: Neo4j accepts most
     * keywords as variable names ({@code end}, {@code order}, {@code set} are common), so only
     * words whose use as a variable would hide a misplaced clause are refused here.
     */
    private static final java.util.Set<String> RESERVED = java.util.Set.of(
            "MATCH", "OPTIONAL", "RETURN", "WITH", "WHERE", "CREATE", "MERGE", "DELETE", "DETACH", "REMOVE",
            "UNWIND", "UNION", "FOREACH", "AND", "OR", "XOR", "NOT", "IN", "IS", "AS", "CASE", "WHEN", "THEN", "ELSE",
            "STARTS", "ENDS", "CONTAINS", "DISTINCT");

    /** A variable, a (namespaced) function call, or a map projection. */
    private Expression nameAtom() {
        Position p = pos();
        // Look ahead for name(.name)* '(' : a function call, possibly namespaced.
        int k = 0;
        while (atName(k) && peek(k + 1).is(TokenType.DOT)) {
            k += 2;
        }
        if (k == 0 && peek(1).is(TokenType.LPAREN)) {
            if (atKeyword("TRIM")) {
                return trimCall(p);
            }
            if (atKeyword("NORMALIZE")) {
                return normalizeCall(p);
            }
        }
        if (atName(k) && peek(k + 1).is(TokenType.LPAREN)) {
            StringBuilder fn = new StringBuilder(advance().value());
            while (at(TokenType.DOT)) {
                advance();
                fn.append('.').append(advance().value());
            }
            expect(TokenType.LPAREN);
            boolean distinct = acceptKeyword("DISTINCT");
            List<Expression> args = new ArrayList<>();
            if (!at(TokenType.RPAREN)) {
                do {
                    args.add(expression());
                } while (accept(TokenType.COMMA));
            }
            expect(TokenType.RPAREN, "')' or ','");
            return new Expression.FunctionCall(fn.toString(), distinct, args, p);
        }
        if (at(TokenType.IDENTIFIER) && RESERVED.contains(peek().text().toUpperCase(java.util.Locale.ROOT))) {
            // Reserved words are not variables unless escaped; this keeps errors at the right place.
            throw unexpected("an expression");
        }
        String variable = name("an expression");
        if (at(TokenType.LBRACE)) {
            return mapProjection(variable, p);
        }
        return new Expression.Variable(variable, p);
    }

    /**
     * {@code trim(s)}, or Neo4j 5.20's {@code trim([BOTH | LEADING | TRAILING] [characters] FROM s)}. A
     * side is one when something follows it ({@code trim(both)} trims a variable); {@code FROM} without
     * a side or characters before it is one when an operand follows it.
     */
    private Expression trimCall(Position p) {
        String name = advance().value();
        expect(TokenType.LPAREN);
        if (accept(TokenType.RPAREN)) {
            return new Expression.FunctionCall(name, false, List.of(), p); // refused for its arity
        }
        Expression.TrimSide side = null;
        for (Expression.TrimSide s : Expression.TrimSide.values()) {
            if (side == null && atKeyword(s.name()) && (atKeyword(1, "FROM") || startsOperand(peek(1)))) {
                advance();
                side = s;
            }
        }
        Expression characters = null;
        if (side == null ? !(atKeyword("FROM") && startsOperand(peek(1))) : !atKeyword("FROM")) {
            characters = expression();
            if (side == null && !atKeyword("FROM")) {
                List<Expression> args = new ArrayList<>();
                args.add(characters);
                while (accept(TokenType.COMMA)) {
                    args.add(expression());
                }
                expect(TokenType.RPAREN, "')', ',' or 'FROM'");
                return new Expression.FunctionCall(name, false, args, p);
            }
        }
        expectKeyword("FROM");
        Expression source = expression();
        expect(TokenType.RPAREN, "')'");
        return new Expression.Trim(side == null ? Expression.TrimSide.BOTH : side, characters, source, p);
    }

    /** Whether {@code t} can start an operand (not an operator, a closing bracket or a comma). */
    private static boolean startsOperand(Token t) {
        return switch (t.type()) {
            case STRING, INTEGER, FLOAT, PARAMETER, LPAREN, LBRACE, ESCAPED_IDENTIFIER -> true;
            case IDENTIFIER -> !(t.isKeyword("AND") || t.isKeyword("OR") || t.isKeyword("XOR") || t.isKeyword("IN")
                    || t.isKeyword("IS") || t.isKeyword("CONTAINS") || t.isKeyword("STARTS") || t.isKeyword("ENDS")
                    || t.isKeyword("FROM"));
            default -> false;
        };
    }

    /**
     * {@code normalize(s [, NFC | NFD | NFKC | NFKD])} (Neo4j 5.17): the form is a keyword, passed on
     * to the function as its name.
     */
    private Expression normalizeCall(Position p) {
        String name = advance().value();
        expect(TokenType.LPAREN);
        List<Expression> args = new ArrayList<>();
        args.add(expression());
        if (accept(TokenType.COMMA)) {
            Position fp = pos();
            java.text.Normalizer.Form form = normalForm(peek());
            if (form == null) {
                throw unexpected("a normal form: NFC, NFD, NFKC or NFKD");
            }
            advance();
            args.add(new Expression.Literal(form.name(), fp));
        }
        expect(TokenType.RPAREN, args.size() == 1 ? "',' or ')'" : "')'");
        return new Expression.FunctionCall(name, false, args, p);
    }

    private Expression mapProjection(String variable, Position p) {
        expect(TokenType.LBRACE);
        List<Expression.MapProjectionItem> items = new ArrayList<>();
        if (!at(TokenType.RBRACE)) {
            do {
                if (accept(TokenType.DOT)) {
                    if (accept(TokenType.STAR)) {
                        items.add(new Expression.AllPropertiesSelector());
                    } else {
                        items.add(new Expression.PropertySelector(name("a property key or '*'")));
                    }
                } else {
                    String key = name("'.', a key or a variable");
                    if (accept(TokenType.COLON)) {
                        items.add(new Expression.LiteralEntry(key, expression()));
                    } else {
                        items.add(new Expression.VariableSelector(key));
                    }
                }
            } while (accept(TokenType.COMMA));
        }
        expect(TokenType.RBRACE, "',' or '}'");
        return new Expression.MapProjection(variable, items, p);
    }

    private Expression quantifier(Expression.QuantifierKind kind) {
        Position p = advance().position();
        expect(TokenType.LPAREN);
        String v = name("a variable");
        expectKeyword("IN");
        Expression list = expression();
        Expression where = acceptKeyword("WHERE") ? expression() : null;
        expect(TokenType.RPAREN, "')'");
        return new Expression.Quantifier(kind, v, list, where, p);
    }

    private Expression reduce() {
        Position p = advance().position();
        expect(TokenType.LPAREN);
        String acc = name("an accumulator variable");
        expect(TokenType.EQ);
        Expression init = expression();
        expect(TokenType.COMMA, "','");
        String v = name("a variable");
        expectKeyword("IN");
        Expression list = pipeEnded(this::expression);
        expect(TokenType.PIPE, "'|'");
        Expression body = expression();
        expect(TokenType.RPAREN, "')'");
        return new Expression.Reduce(acc, init, v, list, body, p);
    }

    /**
     * {@code CASE [subject] WHEN ... THEN ... [ELSE ...] END}. With a subject, the extended simple form
     * of Neo4j 5: several tests per WHEN ({@code WHEN 1, 2 THEN}), each a value (compared with =) or
     * a comparison, {@code STARTS WITH}/{@code ENDS WITH}/{@code =~}, {@code IS [NOT] NULL} or
     * {@code IS [NOT] TYPED type} of the subject. Between CASE and END a {@code |} ends nothing.
     */
    private Expression caseExpression() {
        Position p = advance().position();
        int saved = pipeStops;
        pipeStops = 0;
        try {
            Expression subject = atKeyword("WHEN") ? null : expression();
            List<Expression.CaseAlternative> alts = new ArrayList<>();
            while (acceptKeyword("WHEN")) {
                List<Expression> tests = new ArrayList<>();
                do {
                    tests.add(subject == null ? expression() : caseTest());
                } while (subject != null && accept(TokenType.COMMA));
                expectKeyword("THEN");
                Expression then = expression();
                for (Expression test : tests) {
                    alts.add(new Expression.CaseAlternative(test, then));
                }
            }
            if (alts.isEmpty()) {
                throw unexpected("'WHEN'");
            }
            Expression elseExpr = acceptKeyword("ELSE") ? expression() : null;
            if (!acceptKeyword("END")) {
                throw unexpected(elseExpr == null ? "'WHEN', 'ELSE' or 'END'" : "'END'");
            }
            return new Expression.Case(subject, alts, elseExpr, p);
        } finally {
            pipeStops = saved;
        }
    }

    /** One test after WHEN in a simple CASE: an operator applied to the subject, or a value. */
    private Expression caseTest() {
        Position p = pos();
        Expression subject = new Expression.CaseSubject(p);
        int level = infixLevel();
        if (level == COMPARISON_LEVEL) {
            Expression.BinaryOperator op = consumeInfix();
            return new Expression.Binary(op, subject, expressionAbove(COMPARISON_LEVEL), p);
        }
        if (at(TokenType.REGEX) || (atKeyword("STARTS") || atKeyword("ENDS")) && atKeyword(1, "WITH")) {
            Expression.BinaryOperator op = consumeInfix();
            return new Expression.Binary(op, subject, expressionAbove(PREDICATE_LEVEL), p);
        }
        if (atKeyword("IS")) {
            return isPredicate(subject, p, false);
        }
        if (at(TokenType.COLONCOLON)) {
            throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Invalid input '::': a type test in a CASE alternative is "
                    + "written IS TYPED <TYPE>", p);
        }
        return expression();
    }

    private Expression mapLiteral() {
        Position p = expect(TokenType.LBRACE).position();
        if (atName() && peek(1).is(TokenType.RBRACE)) {
            // {name} was the parameter syntax before $name ({1} is just a malformed map).
            throw error(CypherErrorKind.LEGACY_PARAMETER_SYNTAX, "The old parameter syntax `{" + peek().text()
                    + "}` is no longer supported. Please use `$" + peek().text() + "` instead", p);
        }
        List<Expression.MapEntry> entries = new ArrayList<>();
        if (!at(TokenType.RBRACE)) {
            do {
                String key = name("a property key");
                expect(TokenType.COLON, "':'");
                entries.add(new Expression.MapEntry(key, expression()));
            } while (accept(TokenType.COMMA));
        }
        expect(TokenType.RBRACE, "',' or '}'");
        return new Expression.MapLiteral(entries, p);
    }

    /**
     * Memgraph's {@code WITH CONFIG} map, whose keys may be strings ({@code {"dimension": 256}}) as
     * well as names; the values are expressions.
     */
    private Expression configMap() {
        Position p = expect(TokenType.LBRACE).position();
        List<Expression.MapEntry> entries = new ArrayList<>();
        if (!at(TokenType.RBRACE)) {
            do {
                String key = at(TokenType.STRING) ? advance().value() : name("a configuration key");
                expect(TokenType.COLON, "':'");
                entries.add(new Expression.MapEntry(key, expression()));
            } while (accept(TokenType.COMMA));
        }
        expect(TokenType.RBRACE, "',' or '}'");
        return new Expression.MapLiteral(entries, p);
    }

    /** A list literal, a list comprehension or a pattern comprehension. */
    private Expression bracket() {
        Position p = pos();
        if (atName(1) && peek(2).isKeyword("IN")) {
            advance();
            String v = advance().value();
            advance();
            Expression list = pipeEnded(this::expression);
            Expression where = acceptKeyword("WHERE") ? pipeEnded(this::expression) : null;
            Expression projection = accept(TokenType.PIPE) ? expression() : null;
            expect(TokenType.RBRACKET, where == null && projection == null ? "'WHERE', '|' or ']'" : "']'");
            return new Expression.ListComprehension(v, list, where, projection, p);
        }
        boolean named = atName(1) && peek(2).is(TokenType.EQ);
        if (startsRelationshipPattern(i + (named ? 3 : 1))) {
            Expression pc = attempt(this::patternComprehension, notPatternComprehension);
            if (pc != null) {
                return pc;
            }
        }
        advance();
        List<Expression> elements = new ArrayList<>();
        if (!at(TokenType.RBRACKET)) {
            do {
                elements.add(expression());
            } while (accept(TokenType.COMMA));
        }
        expect(TokenType.RBRACKET, "',' or ']'");
        return new Expression.ListLiteral(elements, p);
    }

    private Expression patternComprehension() {
        Position p = expect(TokenType.LBRACKET).position();
        String pathVar = null;
        if (atName()) {
            pathVar = advance().value();
            expect(TokenType.EQ);
        }
        List<Expression> inline = new ArrayList<>();
        Pattern.Element element = withoutInlineWhere(patternElement(true), inline);
        if (element.steps().isEmpty()) {
            throw unexpected("a relationship pattern");
        }
        if (acceptKeyword("WHERE")) {
            inline.add(pipeEnded(this::expression));
        }
        Expression where = inline.isEmpty() ? null : Expressions.and(inline, inline.get(0).position());
        expect(TokenType.PIPE, "'|'");
        Expression projection = expression();
        expect(TokenType.RBRACKET, "']'");
        return new Expression.PatternComprehension(pathVar, element, where, projection, p);
    }

    /**
     * {@code element} without the inline WHEREs of its node and relationship patterns, which go to
     * {@code predicates} in written order: in a pattern comprehension they filter the matches exactly
     * as its WHERE does, so they join it.
     */
    private Pattern.Element withoutInlineWhere(Pattern.Element element, List<Expression> predicates) {
        Pattern.NodePattern start = withoutWhere(element.start(), predicates);
        List<Pattern.Step> steps = new ArrayList<>(element.steps().size());
        for (Pattern.Step step : element.steps()) {
            Pattern.RelationshipPattern r = step.relationship();
            if (r.where() != null) {
                if (r.length() != null) {
                    // A semantic error, as in MATCH: backtracking over the comprehension must not swallow it.
                    throw new io.memgraph.ha.query.semantic.CypherSemanticException(
                            CypherErrorKind.INVALID_PATH_PATTERN, "Relationship pattern predicates are not "
                            + "supported for variable-length relationships.", r.where().position());
                }
                predicates.add(r.where());
                r = new Pattern.RelationshipPattern(r.variable(), r.direction(), r.types(), r.typeExpression(),
                        r.length(), r.properties(), r.position());
            }
            steps.add(new Pattern.Step(r, withoutWhere(step.node(), predicates)));
        }
        return new Pattern.Element(start, steps);
    }

    private static Pattern.NodePattern withoutWhere(Pattern.NodePattern n, List<Expression> predicates) {
        if (n.where() == null) {
            return n;
        }
        predicates.add(n.where());
        return new Pattern.NodePattern(n.variable(), n.labels(), n.labelExpression(), n.properties(), n.position());
    }

    /**
     * Neo4j 5 refuses an inline {@code WHERE} in a pattern predicate ({@code WHERE (a)-->(b WHERE ...)});
     * a semantic error, which backtracking over the pattern must not swallow.
     */
    private static void refuseInlineWhere(Pattern.Element e) {
        Expression where = e.start().where();
        String what = "Node";
        for (int k = 0; where == null && k < e.steps().size(); k++) {
            Pattern.Step step = e.steps().get(k);
            where = step.relationship().where();
            what = where != null ? "Relationship" : "Node";
            where = where != null ? where : step.node().where();
        }
        if (where != null) {
            throw new io.memgraph.ha.query.semantic.CypherSemanticException(CypherErrorKind.INVALID_PATH_PATTERN,
                    what + " pattern predicates are not allowed in an expression, but only in a MATCH clause or "
                            + "inside a pattern comprehension (write EXISTS { ... } instead)", where.position());
        }
    }

    /** A relationship pattern used as a predicate, or a parenthesised expression. */
    private Expression parenthesised() {
        Position p = pos();
        Expression pattern = !startsRelationshipPattern(i) ? null : attempt(() -> {
            Pattern.Element e = patternElement(true);
            if (e.steps().isEmpty()) {
                throw unexpected("a relationship pattern");
            }
            refuseInlineWhere(e);
            return new Expression.PatternPredicate(e, p);
        }, notPatternPredicate);
        if (pattern != null) {
            return pattern;
        }
        advance();
        Expression inner = expression();
        expect(TokenType.RPAREN, "')'");
        return inner;
    }

    // ---------------------------------------------------------------- number literals

    private Long integerValue(Token t, boolean negative) {
        String text = t.text();
        BigInteger v;
        try {
            if (text.length() > 2 && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
                v = new BigInteger(text.substring(2), 16);
            } else if (text.length() > 2 && (text.charAt(1) == 'o' || text.charAt(1) == 'O')) {
                v = new BigInteger(text.substring(2), 8);
            } else if (text.length() > 1 && text.charAt(0) == '0') {
                // openCypher 9 octal: a leading zero.
                v = new BigInteger(text.substring(1), 8);
            } else {
                v = new BigInteger(text);
            }
        } catch (NumberFormatException e) {
            throw error(CypherErrorKind.INVALID_NUMBER_LITERAL,
                    "Invalid input '" + text + "': expected a valid integer literal", t.position());
        }
        if (negative) {
            v = v.negate();
        }
        if (v.bitLength() > 63) {
            throw error(CypherErrorKind.INTEGER_OVERFLOW_LITERAL,
                    "integer is too large: " + (negative ? "-" : "") + text, t.position());
        }
        return v.longValue();
    }

    private double floatValue(Token t) {
        double d;
        try {
            d = Double.parseDouble(t.text());
        } catch (NumberFormatException e) {
            throw error(CypherErrorKind.INVALID_NUMBER_LITERAL,
                    "Invalid input '" + t.text() + "': expected a valid float literal", t.position());
        }
        if (Double.isInfinite(d)) {
            throw error(CypherErrorKind.FLOATING_POINT_OVERFLOW,
                    "floating point number is too large: " + t.text(), t.position());
        }
        return d;
    }
}
