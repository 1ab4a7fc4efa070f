package io.memgraph.ha.raft.transport;

import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.EntryType;
import io.memgraph.ha.raft.core.Message;
import io.memgraph.ha.raft.core.SnapshotMeta;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The binary form of Raft messages on the wire. A frame is
 * {@code [length u32][version u8][type u8][body]}, where {@code length} counts everything after
 * itself. This class writes and reads the part after the length; {@link RaftTransport} adds and
 * bounds the length with Netty's length-field codecs.
 *
 * <p>Every variable-size field is checked against the bytes actually present before anything is
 * allocated, so a corrupt or hostile frame fails with {@link WireFormatException} and never with an
 * {@link OutOfMemoryError}.
 */
public final class MessageCodec {
  /**
   * Frame format version; a peer sending another version is disconnected. Version 2 added the
   * advertised info to the handshake.
   */
  public static final byte VERSION = 2;

  /** The largest advertised info a handshake may carry, in UTF-8 bytes. */
  public static final int MAX_INFO_BYTES = 1024;

  static final byte HANDSHAKE = 0;
  static final byte PRE_VOTE = 1;
  static final byte PRE_VOTE_RESPONSE = 2;
  static final byte REQUEST_VOTE = 3;
  static final byte REQUEST_VOTE_RESPONSE = 4;
  static final byte APPEND_ENTRIES = 5;
  static final byte APPEND_ENTRIES_RESPONSE = 6;
  static final byte HEARTBEAT = 7;
  static final byte HEARTBEAT_RESPONSE = 8;
  static final byte INSTALL_SNAPSHOT_CHUNK = 9;
  static final byte INSTALL_SNAPSHOT_RESPONSE = 10;
  static final byte TIMEOUT_NOW = 11;

  /** "MGRT": first field of the handshake, to reject a connection from a non-Raft client. */
  static final int HANDSHAKE_MAGIC = 0x4D475254;

  /** Bytes of an entry without its data: term, index, type, data length. */
  private static final int ENTRY_FIXED = 8 + 8 + 1 + 4;

  private MessageCodec() {}

  /**
   * The first frame on every connection: the connecting node says who it is and whom it wants, and
   * what it advertises to its peers. Body: magic, from, to, info length (u32), info (UTF-8).
   *
   * @param from the connecting node's server id
   * @param to the server id it believes it reached
   * @param info what the connecting node advertises (for example its Bolt address), opaque to the
   *     transport, at most {@link #MAX_INFO_BYTES} in UTF-8; "" = nothing
   */
  public record Handshake(int from, int to, String info) {
    /** Checks the info's size. */
    public Handshake {
      checkInfo(info);
    }

    /** A handshake that advertises nothing. */
    public Handshake(int from, int to) {
      this(from, to, "");
    }
  }

  /**
   * Checks that {@code info} can be advertised: not null, at most {@link #MAX_INFO_BYTES} bytes in
   * UTF-8, and no unpaired surrogates (it must survive the UTF-8 round trip unchanged).
   *
   * @return its UTF-8 bytes
   * @throws IllegalArgumentException if it cannot
   */
  public static byte[] checkInfo(String info) {
    Objects.requireNonNull(info, "info");
    if (info.length() > MAX_INFO_BYTES) {
      throw new IllegalArgumentException("advertised info has " + info.length()
          + " characters, more than the limit of " + MAX_INFO_BYTES + " bytes");
    }
    ByteBuffer encoded;
    try {
      encoded = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(info));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("advertised info is not valid Unicode (unpaired"
          + " surrogate)", e);
    }
    if (encoded.remaining() > MAX_INFO_BYTES) {
      throw new IllegalArgumentException("advertised info is " + encoded.remaining()
          + " bytes in UTF-8, more than the limit of " + MAX_INFO_BYTES);
    }
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }

  /** Writes version, type and body of {@code h}. */
  public static void encodeHandshake(Handshake h, ByteBuf out) {
    byte[] info = checkInfo(h.info());
    out.writeByte(VERSION).writeByte(HANDSHAKE);
    out.writeInt(HANDSHAKE_MAGIC).writeInt(h.from()).writeInt(h.to());
    out.writeInt(info.length).writeBytes(info);
  }

  /**
   * Reads a handshake frame (without its length prefix).
   *
   * @throws WireFormatException if the frame is not a valid handshake
   */
  public static Handshake decodeHandshake(ByteBuf in) {
    checkHeader(in);
    byte type = in.readByte();
    if (type != HANDSHAKE) {
      throw new WireFormatException("expected a handshake frame, got type " + type);
    }
    need(in, 12);
    if (in.readInt() != HANDSHAKE_MAGIC) {
      throw new WireFormatException("bad handshake magic: not a Raft peer");
    }
    int from = in.readInt();
    int to = in.readInt();
    need(in, 4);
    int len = in.readInt();
    if (len < 0 || len > MAX_INFO_BYTES) {
      throw new WireFormatException("advertised info length " + len + " is not within 0.."
          + MAX_INFO_BYTES + " bytes");
    }
    need(in, len);
    String info;
    try {
      info = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in.nioBuffer(in.readerIndex(), len))
          .toString();
    } catch (CharacterCodingException e) {
      throw new WireFormatException("advertised info is not valid UTF-8");
    }
    in.skipBytes(len);
    end(in);
    return new Handshake(from, to, info);
  }

  /** Writes version, type and body of {@code m}. */
  public static void encode(Message m, ByteBuf out) {
    out.writeByte(VERSION);
    if (m instanceof Message.AppendEntries a) {
      out.writeByte(APPEND_ENTRIES);
      ids(out, m);
      out.writeLong(a.prevLogIndex()).writeLong(a.prevLogTerm()).writeLong(a.leaderCommit());
      out.writeInt(a.entries().size());
      for (Entry e : a.entries()) {
        out.writeLong(e.term()).writeLong(e.index()).writeByte(e.type().ordinal());
        out.writeInt(e.data().length).writeBytes(e.data());
      }
    } else if (m instanceof Message.AppendEntriesResponse r) {
      out.writeByte(APPEND_ENTRIES_RESPONSE);
      ids(out, m);
      out.writeBoolean(r.success()).writeLong(r.matchIndex()).writeLong(r.rejectedIndex())
          .writeLong(r.hintIndex()).writeLong(r.hintTerm());
    } else if (m instanceof Message.Heartbeat h) {
      out.writeByte(HEARTBEAT);
      ids(out, m);
      out.writeLong(h.commit()).writeLong(h.context());
    } else if (m instanceof Message.HeartbeatResponse h) {
      out.writeByte(HEARTBEAT_RESPONSE);
      ids(out, m);
      out.writeLong(h.context());
    } else if (m instanceof Message.PreVote v) {
      out.writeByte(PRE_VOTE);
      ids(out, m);
      out.writeLong(v.lastLogIndex()).writeLong(v.lastLogTerm());
    } else if (m instanceof Message.PreVoteResponse v) {
      out.writeByte(PRE_VOTE_RESPONSE);
      ids(out, m);
      out.writeBoolean(v.granted());
    } else if (m instanceof Message.RequestVote v) {
      out.writeByte(REQUEST_VOTE);
      ids(out, m);
      out.writeLong(v.lastLogIndex()).writeLong(v.lastLogTerm())
          .writeBoolean(v.leadershipTransfer());
    } else if (m instanceof Message.RequestVoteResponse v) {
      out.writeByte(REQUEST_VOTE_RESPONSE);
      ids(out, m);
      out.writeBoolean(v.granted());
    } else if (m instanceof Message.InstallSnapshotChunk c) {
      out.writeByte(INSTALL_SNAPSHOT_CHUNK);
      ids(out, m);
      meta(out, c.meta());
      out.writeLong(c.offset()).writeBoolean(c.done());
      out.writeInt(c.data().length).writeBytes(c.data());
    } else if (m instanceof Message.InstallSnapshotResponse r) {
      out.writeByte(INSTALL_SNAPSHOT_RESPONSE);
      ids(out, m);
      meta(out, r.meta());
      out.writeLong(r.nextOffset()).writeBoolean(r.installed());
    } else if (m instanceof Message.TimeoutNow) {
      out.writeByte(TIMEOUT_NOW);
      ids(out, m);
    } else {
      throw new IllegalArgumentException("no wire format for " + m.getClass().getName());
    }
  }

  /** A rough upper bound of the encoded size, for buffer sizing. */
  public static int sizeHint(Message m) {
    int size = 64;
    if (m instanceof Message.AppendEntries a) {
      for (Entry e : a.entries()) {
        size += ENTRY_FIXED + e.data().length;
      }
    } else if (m instanceof Message.InstallSnapshotChunk c) {
      size += c.data().length;
    }
    return size;
  }

  /**
   * Reads a message frame (without its length prefix); the whole buffer must be consumed.
   *
   * @throws WireFormatException if the frame is malformed
   */
  public static Message decode(ByteBuf in) {
    checkHeader(in);
    byte type = in.readByte();
    need(in, 16);
    int from = in.readInt();
    int to = in.readInt();
    long term = in.readLong();
    Message m;
    try {
      m = switch (type) {
        case APPEND_ENTRIES -> {
          need(in, 28);
          long prevIndex = in.readLong();
          long prevTerm = in.readLong();
          long commit = in.readLong();
          int n = in.readInt();
          if (n < 0 || (long) n * ENTRY_FIXED > in.readableBytes()) {
            throw new WireFormatException("entry count " + n + " does not fit the frame");
          }
          List<Entry> entries = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            need(in, ENTRY_FIXED);
            long eTerm = in.readLong();
            long eIndex = in.readLong();
            EntryType eType = entryType(in.readByte());
            entries.add(new Entry(eTerm, eIndex, eType, bytes(in)));
          }
          yield new Message.AppendEntries(from, to, term, prevIndex, prevTerm, entries, commit);
        }
        case APPEND_ENTRIES_RESPONSE -> {
          need(in, 33);
          yield new Message.AppendEntriesResponse(from, to, term, bool(in), in.readLong(),
              in.readLong(), in.readLong(), in.readLong());
        }
        case HEARTBEAT -> {
          need(in, 16);
          yield new Message.Heartbeat(from, to, term, in.readLong(), in.readLong());
        }
        case HEARTBEAT_RESPONSE -> {
          need(in, 8);
          yield new Message.HeartbeatResponse(from, to, term, in.readLong());
        }
        case PRE_VOTE -> {
          need(in, 16);
          yield new Message.PreVote(from, to, term, in.readLong(), in.readLong());
        }
        case PRE_VOTE_RESPONSE -> {
          need(in, 1);
          yield new Message.PreVoteResponse(from, to, term, bool(in));
        }
        case REQUEST_VOTE -> {
          need(in, 17);
          yield new Message.RequestVote(from, to, term, in.readLong(), in.readLong(),
              bool(in));
        }
        case REQUEST_VOTE_RESPONSE -> {
          need(in, 1);
          yield new Message.RequestVoteResponse(from, to, term, bool(in));
        }
        case INSTALL_SNAPSHOT_CHUNK -> {
          need(in, 25);
          SnapshotMeta meta = meta(in);
          long offset = in.readLong();
          boolean done = bool(in);
          yield new Message.InstallSnapshotChunk(from, to, term, meta, offset, bytes(in), done);
        }
        case INSTALL_SNAPSHOT_RESPONSE -> {
          need(in, 25);
          SnapshotMeta meta = meta(in);
          yield new Message.InstallSnapshotResponse(from, to, term, meta, in.readLong(),
              bool(in));
        }
        case TIMEOUT_NOW -> new Message.TimeoutNow(from, to, term);
        default -> throw new WireFormatException("unknown message type " + type);
      };
    } catch (IllegalArgumentException e) {
      // A record's own validation (negative index, term 0 entry, ...): a corrupt frame.
      throw new WireFormatException("invalid message of type " + type + ": " + e.getMessage());
    }
    end(in);
    return m;
  }

  private static void ids(ByteBuf out, Message m) {
    out.writeInt(m.from()).writeInt(m.to()).writeLong(m.term());
  }

  private static void meta(ByteBuf out, SnapshotMeta meta) {
    out.writeLong(meta.index()).writeLong(meta.term());
  }

  private static SnapshotMeta meta(ByteBuf in) {
    return new SnapshotMeta(in.readLong(), in.readLong());
  }

  /** Strict: only 0 and 1, so that every accepted frame has exactly one encoding. */
  private static boolean bool(ByteBuf in) {
    byte b = in.readByte();
    if (b != 0 && b != 1) {
      throw new WireFormatException("invalid boolean byte " + b);
    }
    return b == 1;
  }

  private static EntryType entryType(byte b) {
    EntryType[] all = EntryType.values();
    if (b < 0 || b >= all.length) {
      throw new WireFormatException("unknown entry type " + b);
    }
    return all[b];
  }

  private static byte[] bytes(ByteBuf in) {
    need(in, 4);
    int len = in.readInt();
    if (len < 0 || len > in.readableBytes()) {
      throw new WireFormatException("data length " + len + " exceeds the " + in.readableBytes()
          + " bytes left in the frame");
    }
    byte[] b = new byte[len];
    in.readBytes(b);
    return b;
  }

  private static void checkHeader(ByteBuf in) {
    need(in, 2);
    byte v = in.readByte();
    if (v != VERSION) {
      throw new WireFormatException("unsupported frame version " + v + " (this node speaks "
          + VERSION + ")");
    }
  }

  private static void need(ByteBuf in, int n) {
    if (in.readableBytes() < n) {
      throw new WireFormatException("frame truncated: need " + n + " more bytes, have "
          + in.readableBytes());
    }
  }

  private static void end(ByteBuf in) {
    if (in.isReadable()) {
      throw new WireFormatException(
          in.readableBytes() + " unexpected bytes at the end of the frame");
    }
  }
}
