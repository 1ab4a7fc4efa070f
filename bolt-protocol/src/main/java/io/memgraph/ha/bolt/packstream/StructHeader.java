package io.memgraph.ha.bolt.packstream;

/**
 * The header of a PackStream structure: its number of fields and its tag byte.
 *
 * @param size the number of fields that follow (0..15)
 * @param tag  the tag byte (for a Bolt message: the message signature)
 */
public record StructHeader(int size, byte tag) {
}
