package io.memgraph.ha.bolt.messaging;

import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Reads and writes the fields of one request message in one wire form (e.g. RUN with 3 fields).
 * The structure header is handled by the caller, which checks the signature and field count.
 *
 * @param <T> the request type
 */
public interface RequestCodec<T extends Request> {

  /** The wire name, e.g. {@code "PULL_ALL"}. */
  String name();

  /** The structure tag. */
  byte signature();

  /** The number of structure fields in this wire form. */
  int fieldCount();

  /** The request type this codec produces and accepts. */
  Class<T> type();

  /** Reads the fields. */
  T read(PackStreamReader in);

  /** Writes the fields. */
  void write(T request, PackStreamWriter out);

  /** Builds a codec from functions. */
  static <T extends Request> RequestCodec<T> of(
      String name, byte signature, int fieldCount, Class<T> type,
      Function<PackStreamReader, T> reader,
      BiConsumer<T, PackStreamWriter> writer) {
    return new RequestCodec<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public byte signature() {
        return signature;
      }

      @Override
      public int fieldCount() {
        return fieldCount;
      }

      @Override
      public Class<T> type() {
        return type;
      }

      @Override
      public T read(PackStreamReader in) {
        return reader.apply(in);
      }

      @Override
      public void write(T request, PackStreamWriter out) {
        writer.accept(request, out);
      }

      @Override
      public String toString() {
        return name + "(" + fieldCount + " fields)";
      }
    };
  }
}
