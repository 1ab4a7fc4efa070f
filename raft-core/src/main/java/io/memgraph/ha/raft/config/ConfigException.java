package io.memgraph.ha.raft.config;

import java.nio.file.Path;

/**
 * A configuration file is missing, unreadable or invalid. The message always starts with the file's
 * path and then says what is wrong, so one line in the start-up log is enough to fix it.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String problem;

  /** Creates an exception for {@code file} describing {@code problem}. */
  public ConfigException(String file, String problem) {
    this(file, problem, null);
  }

  /** Creates an exception for {@code file} describing {@code problem}, caused by {@code cause}. */
  public ConfigException(String file, String problem, Throwable cause) {
    this(file, ": ", problem, cause);
  }

  private ConfigException(String file, String separator, String problem, Throwable cause) {
    super(file + separator + problem, cause);
    this.file = file;
    this.problem = problem;
  }

  static ConfigException of(Path file, String problem) {
    return new ConfigException(file.toString(), problem);
  }

  /** For problems with the file itself, read as one sentence: "/etc/raft.json is a directory". */
  static ConfigException sentence(Path file, String predicate, Throwable cause) {
    return new ConfigException(file.toString(), " ", predicate, cause);
  }

  /** The file the problem was found in, as given by the caller. */
  public String file() {
    return file;
  }

  /** What is wrong, without the file name. */
  public String problem() {
    return problem;
  }
}
