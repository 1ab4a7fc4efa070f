package io.memgraph.ha.query.csv;

import java.nio.file.Path;

/**
 * Where {@code LOAD CSV} may read: turns the location a query names ({@code file:///people.csv},
 * {@code people.csv}, {@code /var/lib/memgraph/import/people.csv}) into the real path of a file it
 * may open, or refuses with a one-line {@code Neo.ClientError.Statement.ExternalResourceFailed}
 * error. The engine never reads a path it was not given here; whoever builds the engine (the
 * server, from its flags; a test, with a temporary directory) decides which files that is.
 */
@FunctionalInterface
public interface CsvFiles {

    /**
     * The real path of the file {@code location} names.
     *
     * @throws io.memgraph.ha.query.error.CypherException when the location is not allowed, names no
     *     file, or cannot be resolved; the message names the location and what governs it
     */
    Path resolve(String location);

    /**
     * As {@link #resolve(String)}, for {@code reader} (a procedure's name, e.g.
     * {@code apoc.load.json}), which errors then name instead of {@code LOAD CSV}.
     */
    default Path resolve(String location, String reader) {
        return resolve(location);
    }

    /**
     * The path {@code writer} (an export procedure, e.g. {@code apoc.export.json.all}) may write
     * the file {@code location} names to: the same rules as for reading, but the file need not
     * exist (its directory must); refused unless writing was enabled.
     *
     * @throws io.memgraph.ha.query.error.CypherException when writing is not enabled, or the
     *     location is not allowed; the message names the location and what governs it
     */
    default Path resolveForWriting(String location, String writer) {
        throw CsvErrors.failure(writer + ": writing files is not enabled in this engine (stream the result"
                + " instead: a null file or {stream: true})");
    }

    /** What an engine built without a {@code CsvFiles} reads: nothing. */
    CsvFiles NONE = disabled("LOAD CSV is not enabled in this engine (it was built without a directory to read"
            + " CSV files from)");

    /** No file may be read: every {@code LOAD CSV} fails with {@code why}. */
    static CsvFiles disabled(String why) {
        return new CsvFiles() {
            @Override
            public Path resolve(String location) {
                throw CsvErrors.failure(why);
            }

            @Override
            public Path resolve(String location, String reader) {
                throw CsvErrors.failure(reader + ": " + why);
            }

            @Override
            public Path resolveForWriting(String location, String writer) {
                throw CsvErrors.failure(writer + ": " + why);
            }
        };
    }

    /**
     * Files inside {@code directory} only, compared by real path (so {@code ..} and symbolic links
     * cannot lead out of it); {@code configuredBy} says in error messages what chose the directory
     * (the server's flag, e.g. {@code --load-csv-directory}).
     */
    static CsvFiles under(Path directory, String configuredBy) {
        return new ImportDirectory(directory, configuredBy, false, null);
    }

    /**
     * As {@link #under(Path, String)}, and the export procedures may write files there too when
     * {@code writeEnabled}; else {@link #resolveForWriting} refuses, naming {@code writeFlag}
     * (the server's flag that enables it, e.g. {@code --apoc-export-file-enabled}).
     */
    static CsvFiles under(Path directory, String configuredBy, boolean writeEnabled, String writeFlag) {
        return new ImportDirectory(directory, configuredBy, writeEnabled, writeFlag);
    }
}
