package io.memgraph.ha.storage;

import io.memgraph.ha.storage.auth.Credential;

/**
 * The binary form of a {@link Credential} in write sets and snapshots:
 * {@code algorithm:string, iterations:varint, salt:(len:varint bytes), hash:(len:varint bytes)}.
 */
final class CredentialCodec {
  private CredentialCodec() {}

  static void write(ByteWriter w, Credential c) {
    w.writeString(c.algorithm());
    w.writeVarInt(c.iterations());
    byte[] salt = c.salt();
    w.writeVarInt(salt.length);
    w.writeBytes(salt, 0, salt.length);
    byte[] hash = c.hash();
    w.writeVarInt(hash.length);
    w.writeBytes(hash, 0, hash.length);
  }

  /** Reads a credential; anything out of format or range is a {@link MalformedDataException}. */
  static Credential read(ByteReader r) {
    String algorithm = r.readString();
    int iterations = r.readVarInt();
    byte[] salt = r.readBytes(r.readCount());
    byte[] hash = r.readBytes(r.readCount());
    try {
      return new Credential(algorithm, iterations, salt, hash);
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException("bad credential before byte " + r.position() + ": " + e.getMessage());
    }
  }
}
