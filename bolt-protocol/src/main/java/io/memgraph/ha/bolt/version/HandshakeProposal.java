package io.memgraph.ha.bolt.version;

import java.util.List;

/**
 * Decodes one 32-bit handshake slot into the versions it proposes.
 *
 * <p>Layout, big-endian: {@code 00 RANGE MINOR MAJOR}. Bolt 1 to 3 have no minor; from 4.3 on a
 * slot may carry a range: {@code 00 02 03 04} proposes 4.3, 4.2 and 4.1. A slot we do not
 * understand (a non-zero first byte, or the 5.7 handshake-manifest marker {@code 00 00 01 FF},
 * which the handshake decoder handles itself) proposes no version.
 */
public final class HandshakeProposal {

  /** The client's magic preamble. */
  public static final int MAGIC = 0x6060B017;

  /** The manifest v1 marker of the 5.7+ handshake (major 0xFF, minor 1). */
  public static final int MANIFEST_V1 = 0x000001FF;

  private HandshakeProposal() {}

  /** The versions proposed by one slot, highest first; empty for a filler or an unknown slot. */
  public static List<BoltVersion> versions(int slot) {
    int reserved = (slot >>> 24) & 0xFF;
    int range = (slot >>> 16) & 0xFF;
    int minor = (slot >>> 8) & 0xFF;
    int major = slot & 0xFF;
    if (slot == 0 || reserved != 0 || major == 0 || major == 0xFF) {
      return List.of();
    }
    int lowest = Math.max(0, minor - range);
    BoltVersion[] out = new BoltVersion[minor - lowest + 1];
    for (int m = minor, i = 0; m >= lowest; m--, i++) {
      out[i] = new BoltVersion(major, m);
    }
    return List.of(out);
  }
}
