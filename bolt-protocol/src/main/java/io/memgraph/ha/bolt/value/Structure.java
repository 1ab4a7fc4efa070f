package io.memgraph.ha.bolt.value;

import java.util.List;
import java.util.Objects;

/**
 * A PackStream structure whose tag the reader does not know, kept generic so that a higher
 * layer (e.g. Bolt messages) can interpret it.
 *
 * @param tag    the structure tag byte
 * @param fields the decoded fields, in order (not copied)
 */
public record Structure(byte tag, List<Object> fields) {

  /** Validates that the field list is present. */
  public Structure {
    Objects.requireNonNull(fields, "fields");
  }
}
