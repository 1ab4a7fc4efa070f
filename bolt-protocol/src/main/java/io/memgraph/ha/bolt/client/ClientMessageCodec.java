package io.memgraph.ha.bolt.client;

import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.messaging.ResponseCodec;
import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.transport.Chunking;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * The client's half of the message layer for one negotiated version: requests to chunked bytes,
 * message bodies to responses. Immutable; a new instance replaces it when patches change the shape.
 *
 * @param protocol the negotiated protocol
 * @param shape the structure layout in use (changes when 4.4's "utc" patch is accepted)
 */
public record ClientMessageCodec(BoltProtocol protocol, StructShape shape) {

  /** The codec for a protocol without patches. */
  public static ClientMessageCodec of(BoltProtocol protocol) {
    return new ClientMessageCodec(protocol, protocol.structShape(List.of()));
  }

  /** Encodes a request as a whole chunked message (chunks plus end marker) appended to {@code out}. */
  public void encode(Request request, ByteBufAllocator alloc, ByteBuf out) {
    ByteBuf body = alloc.heapBuffer();
    try {
      protocol.encodeRequest(request, new PackStreamWriter(body, shape));
      Chunking.writeChunked(body, out);
    } finally {
      body.release();
    }
  }

  /** Decodes one message body (as produced by the chunk decoder) into a response. */
  public Response decode(ByteBuf body) {
    return ResponseCodec.read(new PackStreamReader(body, shape));
  }
}
