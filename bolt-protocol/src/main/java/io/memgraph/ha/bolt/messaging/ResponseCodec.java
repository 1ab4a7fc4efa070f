package io.memgraph.ha.bolt.messaging;

import io.memgraph.ha.bolt.packstream.PackStreamException;
import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructHeader;
import java.util.List;
import java.util.Map;

/** Encodes and decodes the four response messages, which are the same in every supported Bolt version. */
public final class ResponseCodec {

  private ResponseCodec() {}

  /** Writes a whole response message (structure header and fields). */
  public static void write(Response response, PackStreamWriter out) {
    if (response instanceof Response.Success s) {
      writeSuccess(s.metadata(), out);
    } else if (response instanceof Response.RecordMessage r) {
      writeRecord(r.values(), out);
    } else if (response instanceof Response.Ignored) {
      out.writeStructHeader(0, Signatures.IGNORED);
    } else if (response instanceof Response.Failure f) {
      writeFailure(f.code(), f.message(), false, out);
    } else {
      throw new IllegalArgumentException("unknown response " + response);
    }
  }

  /**
   * Writes a FAILURE: {@code code} and {@code message} before Bolt 5.7, the GQL shape of
   * {@link GqlErrors#failureMetadata} from 5.7 on ({@code gql}).
   */
  public static void writeFailure(String code, String message, boolean gql, PackStreamWriter out) {
    out.writeStructHeader(1, Signatures.FAILURE);
    if (gql) {
      out.writeMap(GqlErrors.failureMetadata(code, message));
      return;
    }
    out.writeMapHeader(2);
    out.writeString("code");
    out.writeString(code);
    out.writeString("message");
    out.writeString(message);
  }

  /** The status code of FAILURE metadata: {@code code} before Bolt 5.7, {@code neo4j_code} after. */
  public static String failureCode(Map<String, Object> metadata) {
    Object code = metadata.get("code");
    return String.valueOf(code != null ? code : metadata.get("neo4j_code"));
  }

  /** Writes a SUCCESS message without building a {@link Response}. */
  public static void writeSuccess(Map<String, Object> metadata, PackStreamWriter out) {
    out.writeStructHeader(1, Signatures.SUCCESS);
    out.writeMap(metadata);
  }

  /** Writes a RECORD message without building a {@link Response}. */
  public static void writeRecord(List<Object> values, PackStreamWriter out) {
    out.writeStructHeader(1, Signatures.RECORD);
    out.writeList(values);
  }

  /**
   * Reads a whole response message.
   *
   * @throws InvalidMessageException when the bytes are not one of the four responses
   */
  public static Response read(PackStreamReader in) {
    try {
      StructHeader h = in.readStructHeader();
      Response r = switch (h.tag()) {
        case Signatures.SUCCESS -> {
          expectFields("SUCCESS", 1, h);
          yield new Response.Success(Fields.map(in, "SUCCESS", "metadata"));
        }
        case Signatures.RECORD -> {
          expectFields("RECORD", 1, h);
          yield new Response.RecordMessage(in.readList());
        }
        case Signatures.IGNORED -> {
          expectFields("IGNORED", 0, h);
          yield new Response.Ignored();
        }
        case Signatures.FAILURE -> {
          expectFields("FAILURE", 1, h);
          Map<String, Object> meta = Fields.map(in, "FAILURE", "metadata");
          String code = Fields.optionalString(meta, meta.containsKey("code") ? "code" : "neo4j_code", "FAILURE");
          String message = Fields.optionalString(meta, "message", "FAILURE");
          yield new Response.Failure(code == null ? "" : code, message == null ? "" : message);
        }
        default -> throw new InvalidMessageException(
            String.format("unknown response signature 0x%02X", h.tag() & 0xFF));
      };
      if (in.hasRemaining()) {
        throw new InvalidMessageException(in.buffer().readableBytes() + " unexpected bytes after a response message");
      }
      return r;
    } catch (PackStreamException e) {
      throw new InvalidMessageException("malformed response: " + e.getMessage(), e);
    }
  }

  private static void expectFields(String name, int expected, StructHeader h) {
    if (h.size() != expected) {
      throw new InvalidMessageException(name + " must have " + expected + " field(s), got " + h.size());
    }
  }
}
