package io.memgraph.ha.bolt.transport;

/**
 * Passed down the pipeline instead of a message when the chunk stream is broken (for example a
 * message larger than the configured maximum). The stream cannot be re-synchronised afterwards:
 * the handler that receives it answers with a FAILURE and closes the connection.
 *
 * @param reason what was wrong, for the FAILURE message and the log
 */
public record FramingFailure(String reason) {}
