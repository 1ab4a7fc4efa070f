package io.memgraph.ha.bolt.packstream;

/** PackStream marker bytes and structure tags, shared by the reader and the writer. */
final class Markers {

  static final int TINY_STRING = 0x80;
  static final int TINY_LIST = 0x90;
  static final int TINY_MAP = 0xA0;
  static final int TINY_STRUCT = 0xB0;
  static final int NULL = 0xC0;
  static final int FLOAT_64 = 0xC1;
  static final int FALSE = 0xC2;
  static final int TRUE = 0xC3;
  static final int INT_8 = 0xC8;
  static final int INT_16 = 0xC9;
  static final int INT_32 = 0xCA;
  static final int INT_64 = 0xCB;
  static final int BYTES_8 = 0xCC;
  static final int BYTES_16 = 0xCD;
  static final int BYTES_32 = 0xCE;
  static final int STRING_8 = 0xD0;
  static final int STRING_16 = 0xD1;
  static final int STRING_32 = 0xD2;
  static final int LIST_8 = 0xD4;
  static final int LIST_16 = 0xD5;
  static final int LIST_32 = 0xD6;
  static final int MAP_8 = 0xD8;
  static final int MAP_16 = 0xD9;
  static final int MAP_32 = 0xDA;

  static final byte NODE = 0x4E;
  static final byte RELATIONSHIP = 0x52;
  static final byte UNBOUND_RELATIONSHIP = 0x72;
  static final byte PATH = 0x50;
  static final byte DATE = 0x44;
  static final byte TIME = 0x54;
  static final byte LOCAL_TIME = 0x74;
  static final byte DATE_TIME = 0x49;
  static final byte DATE_TIME_LEGACY = 0x46;
  static final byte DATE_TIME_ZONE_ID = 0x69;
  static final byte DATE_TIME_ZONE_ID_LEGACY = 0x66;
  static final byte LOCAL_DATE_TIME = 0x64;
  static final byte DURATION = 0x45;
  static final byte POINT_2D = 0x58;
  static final byte POINT_3D = 0x59;

  /** Deeper nesting than this is refused: it protects the recursive codec from stack overflow. */
  static final int MAX_DEPTH = 1000;

  private Markers() {
  }

  static String hex(int marker) {
    return String.format("0x%02X", marker & 0xFF);
  }
}
