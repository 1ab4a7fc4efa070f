/**
 * PackStream, the binary value encoding underneath Bolt.
 *
 * <p>{@link io.memgraph.ha.bolt.packstream.PackStreamWriter} encodes values of the model in
 * {@code io.memgraph.ha.bolt.value} into a Netty {@code ByteBuf}, always choosing the smallest
 * marker; {@link io.memgraph.ha.bolt.packstream.PackStreamReader} decodes them, bounding every
 * length by the readable bytes before allocating and reporting malformed input as
 * {@link io.memgraph.ha.bolt.packstream.PackStreamException}. Which field layout the graph and
 * date-time structures use depends on the negotiated Bolt version and is chosen by a
 * {@link io.memgraph.ha.bolt.packstream.StructShape}.
 */
package io.memgraph.ha.bolt.packstream;
