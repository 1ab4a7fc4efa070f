package io.memgraph.ha.bolt.value;

import java.util.List;
import java.util.Objects;

/**
 * A path in its wire form (PackStream structure tag {@code 0x50}).
 *
 * <p>{@code nodes} holds the distinct nodes (the first is the start), {@code relationships} the
 * distinct relationships, and {@code indices} alternates a relationship index and a node index for
 * each step: a relationship index {@code i > 0} means relationship {@code i - 1} traversed forwards,
 * {@code i < 0} means relationship {@code -i - 1} traversed backwards. The record does not check
 * the indices; the PackStream layer carries them as they are.
 *
 * @param nodes         distinct nodes of the path
 * @param relationships distinct relationships of the path
 * @param indices       the step sequence
 */
public record Path(List<Node> nodes, List<UnboundRelationship> relationships, List<Long> indices) {

  /** Validates that no component is null. */
  public Path {
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(relationships, "relationships");
    Objects.requireNonNull(indices, "indices");
  }
}
