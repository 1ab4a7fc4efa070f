package io.memgraph.ha.bolt.version;

/**
 * A Bolt protocol version, {@code MAJOR.MINOR}, and its 32-bit handshake encoding
 * ({@code 00 RANGE MINOR MAJOR}, big-endian; Bolt 1 and 3 are {@code 00 00 00 01} and {@code 00 00 00 03}).
 *
 * @param major the major version, 1..255
 * @param minor the minor version, 0..255
 */
public record BoltVersion(int major, int minor) implements Comparable<BoltVersion> {

  /** Validates the ranges that fit the handshake encoding. */
  public BoltVersion {
    if (major < 0 || major > 255 || minor < 0 || minor > 255) {
      throw new IllegalArgumentException("Bolt version out of range: " + major + "." + minor);
    }
  }

  /** Parses {@code "5.4"} or {@code "1"}. */
  public static BoltVersion parse(String text) {
    int dot = text.indexOf('.');
    try {
      return dot < 0
          ? new BoltVersion(Integer.parseInt(text.trim()), 0)
          : new BoltVersion(Integer.parseInt(text.substring(0, dot).trim()), Integer.parseInt(text.substring(dot + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a Bolt version (expected MAJOR.MINOR): '" + text + "'", e);
    }
  }

  /** This version as a handshake slot with no range. */
  public int encode() {
    return (minor << 8) | major;
  }

  /**
   * A handshake slot proposing this version and the {@code range} minor versions below it
   * (4.3+ range encoding), e.g. {@code new BoltVersion(5, 4).encodeRange(4)} = 5.4 down to 5.0.
   */
  public int encodeRange(int range) {
    if (range < 0 || range > minor) {
      throw new IllegalArgumentException("range " + range + " does not fit below " + this);
    }
    return (range << 16) | encode();
  }

  /** {@code true} when this version is at least {@code other}. */
  public boolean atLeast(BoltVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(BoltVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
