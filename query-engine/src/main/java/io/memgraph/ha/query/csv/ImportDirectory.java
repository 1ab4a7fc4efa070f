package io.memgraph.ha.query.csv;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@link CsvFiles} over one directory, as Neo4j's import directory: {@code file:///a.csv} and
 * {@code a.csv} name {@code <directory>/a.csv}; an absolute path (as Memgraph users write them) is
 * accepted only inside the directory. Containment is decided on real paths, after {@code ..} and
 * symbolic links are resolved; a path that is outside lexically is refused before anything about
 * it is looked up, so a query cannot learn which files exist elsewhere. URLs of other schemes are
 * refused: the server fetches nothing from the network.
 */
final class ImportDirectory implements CsvFiles {
    /** {@code scheme:} as RFC 3986 spells it, two letters at least (no drive letters on our platforms). */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

    private final Path directory;
    private final String configuredBy;
    private final boolean writable;
    /** The flag that lets the export procedures write here, for the refusal when it is off (null: none). */
    private final String writeFlag;

    ImportDirectory(Path directory, String configuredBy, boolean writable, String writeFlag) {
        this.directory = directory.toAbsolutePath().normalize();
        this.configuredBy = configuredBy;
        this.writable = writable;
        this.writeFlag = writeFlag;
    }

    @Override
    public Path resolve(String location) {
        return resolve(location, "LOAD CSV");
    }

    @Override
    public Path resolve(String location, String reader) {
        Path candidate = candidate(location, reader, " reads");
        Path root = realDirectory(reader);
        if (!candidate.startsWith(directory) && !candidate.startsWith(root)) {
            throw outside(location, reader);
        }
        if (!Files.exists(candidate)) {
            throw CsvErrors.failure(reader + ": " + candidate + " does not exist (" + location + ", under "
                    + directory + ")");
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw CsvErrors.failure(reader + ": " + candidate + " cannot be resolved: " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            throw outside(location, reader); // a symbolic link that leads out of the directory
        }
        return real;
    }

    /**
     * Where {@code writer} may write the file {@code location} names: a path inside the directory
     * whose parent directory exists, by real path (so no {@code ..} or symbolic link leads out);
     * the file itself may not exist yet, and is not followed if it is a symbolic link (the writer
     * replaces it by a rename).
     */
    @Override
    public Path resolveForWriting(String location, String writer) {
        if (!writable) {
            throw CsvErrors.failure(writer + ": writing files is disabled on this server" + (writeFlag == null ? ""
                    : " (" + writeFlag + " is false; set it to true to write into " + directory + ")")
                    + "; or stream the result instead: a null file or {stream: true}");
        }
        Path candidate = candidate(location, writer, " writes");
        Path root = realDirectory(writer);
        if (!candidate.startsWith(directory) && !candidate.startsWith(root) || candidate.getFileName() == null
                || candidate.equals(directory) || candidate.equals(root)) {
            throw outsideForWriting(location, writer);
        }
        Path parent;
        try {
            parent = candidate.getParent().toRealPath();
        } catch (IOException e) {
            throw CsvErrors.failure(writer + ": the directory of " + candidate + " does not exist (" + location
                    + ", under " + directory + ")");
        }
        if (!parent.startsWith(root)) {
            throw outsideForWriting(location, writer); // a symbolic link on the way leads out of the directory
        }
        Path target = parent.resolve(candidate.getFileName());
        if (Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw CsvErrors.failure(writer + ": " + target + " is a directory (" + location + ")");
        }
        return target;
    }

    private RuntimeException outsideForWriting(String location, String writer) {
        return CsvErrors.failure(prefix(writer, " writes") + "; " + location + " is outside it");
    }

    /**
     * The normalized absolute path {@code location} names, before any check but that it is a
     * path and not a URL of another scheme than {@code file:}.
     */
    private Path candidate(String location, String reader, String verb) {
        try {
            return path(location, reader, verb);
        } catch (InvalidPathException e) {
            throw CsvErrors.failure(reader + ": '" + location + "' is not a valid file name: " + e.getReason());
        }
    }

    private Path path(String location, String reader, String verb) {
        if (SCHEME.matcher(location).find()) {
            String scheme = location.substring(0, location.indexOf(':')).toLowerCase(Locale.ROOT);
            if (!scheme.equals("file")) {
                throw CsvErrors.failure(prefix(reader, verb) + "; " + location + " is a " + scheme
                        + " URL, and the server fetches nothing over the network");
            }
            return directory.resolve(relative(filePath(location))).normalize();
        }
        if (location.startsWith("/")) {
            return Path.of(location).normalize();
        }
        return directory.resolve(location).normalize();
    }

    /** The path of a {@code file:} URL, percent-decoded as Neo4j expects ({@code file:///a%20b.csv}). */
    private static String filePath(String url) {
        try {
            URI uri = new URI(url);
            String host = uri.getAuthority() == null ? "" : uri.getAuthority();
            String path = uri.getPath() == null ? uri.getSchemeSpecificPart() : uri.getPath();
            return host + "/" + path;
        } catch (URISyntaxException e) {
            return url.substring("file:".length()); // not encoded (a space): taken as written
        }
    }

    private static String relative(String path) {
        int k = 0;
        while (k < path.length() && path.charAt(k) == '/') {
            k++;
        }
        return path.substring(k);
    }

    private Path realDirectory(String reader) {
        try {
            return directory.toRealPath();
        } catch (IOException e) {
            throw CsvErrors.failure(reader + ": the import directory " + directory + " (" + configuredBy
                    + ") does not exist or cannot be read");
        }
    }

    private String prefix(String reader, String verb) {
        return reader + verb + " only files under " + directory + " (" + configuredBy + ")";
    }

    private RuntimeException outside(String location, String reader) {
        return CsvErrors.failure(prefix(reader, " reads") + "; " + location + " is outside it");
    }
}
