package io.memgraph.ha.bolt.transport;

import io.netty.buffer.ByteBuf;

/**
 * The Bolt chunk format: each message is sent as chunks of at most {@value #MAX_CHUNK_SIZE} bytes,
 * each preceded by its 2-byte big-endian length, and ends with the empty chunk {@code 00 00}.
 */
public final class Chunking {

  /** The largest chunk body a 2-byte length can describe. */
  public static final int MAX_CHUNK_SIZE = 0xFFFF;

  private Chunking() {}

  /** How many bytes {@link #writeChunked} produces for a message of {@code messageSize} bytes. */
  public static int chunkedSize(int messageSize) {
    int chunks = (messageSize + MAX_CHUNK_SIZE - 1) / MAX_CHUNK_SIZE;
    return messageSize + 2 * chunks + 2;
  }

  /** Appends {@code message}'s readable bytes to {@code out} as chunks plus the end marker; does not consume {@code message}. */
  public static void writeChunked(ByteBuf message, ByteBuf out) {
    int index = message.readerIndex();
    int remaining = message.readableBytes();
    out.ensureWritable(chunkedSize(remaining));
    while (remaining > 0) {
      int size = Math.min(remaining, MAX_CHUNK_SIZE);
      out.writeShort(size);
      out.writeBytes(message, index, size);
      index += size;
      remaining -= size;
    }
    out.writeShort(0);
  }
}
