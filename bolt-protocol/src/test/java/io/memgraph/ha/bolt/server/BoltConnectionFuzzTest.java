package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.memgraph.ha.bolt.packstream.PackStreamException;
import io.memgraph.ha.bolt.fuzz.BoltDecodingFuzzTest;
import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.server.spi.BoltBackend;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.RecordSink;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import io.memgraph.ha.bolt.testing.LogCapture;
import io.memgraph.ha.bolt.transport.ChunkDecoder;
import io.memgraph.ha.bolt.transport.ServerHandshakeDecoder;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.memgraph.ha.bolt.version.HandshakeProposal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fuzz target for a whole server connection: arbitrary client bytes go through the real pipeline
 * (handshake, chunk decoder, {@link BoltConnection} and its state machine) on an
 * {@link EmbeddedChannel}, with requests run on the calling thread. The contract: nothing escapes
 * the pipeline, nothing is logged as an error or as an unexpected exception, and what the server
 * sends is a handshake answer followed by whole chunked messages, each one PackStream structure.
 *
 * <p>The input is cut into up to three writes at the positions its first two bytes give, so that
 * split handshakes and chunks are tried too.
 */
class BoltConnectionFuzzTest {

  private static final int MAX_MESSAGE_SIZE = 64 * 1024;

  @FuzzTest
  void serverConnection(byte[] data) {
    try (LogCapture logs = new LogCapture(ServerHandshakeDecoder.class, ChunkDecoder.class, BoltConnection.class,
        BoltStateMachine.class, WorkerErrors.class)) {
      EmbeddedChannel channel = new EmbeddedChannel(
          new ServerHandshakeDecoder(BoltProtocols.VERSIONS, Duration.ofSeconds(7), BoltConnectionFuzzTest::install));
      int cut1 = data.length < 2 ? 0 : Math.min(data[0] & 0xFF, data.length - 2);
      int cut2 = data.length < 2 ? 0 : Math.min(cut1 + (data[1] & 0xFF), data.length - 2);
      int from = Math.min(2, data.length);
      for (int[] part : new int[][] {{from, from + cut1}, {from + cut1, from + cut2}, {from + cut2, data.length}}) {
        if (part[1] > part[0] && channel.isOpen()) {
          channel.writeInbound(Unpooled.copiedBuffer(data, part[0], part[1] - part[0]));
          channel.runPendingTasks();
        }
      }
      channel.checkException();
      channel.close().syncUninterruptibly();
      channel.runPendingTasks();
      channel.checkException();
      checkAnswer(channel);
      assertThat(logs.messages(Level.ERROR)).isEmpty();
      assertThat(logs.messages(Level.WARN))
          .noneMatch(m -> m.contains("after an error") || m.contains("before its handshake"));
      channel.finishAndReleaseAll();
    }
  }

  /** What {@code ServerRuntime} installs after the handshake, with a direct executor and no timers. */
  private static void install(ChannelHandlerContext ctx, BoltVersion version) {
    BoltProtocol protocol = BoltProtocols.forVersion(version).orElseThrow();
    ConnectionContext context = new ConnectionContext(new EchoBackend(), "memgraph-ha/fuzz", Map.of(), "bolt-fuzz",
        ctx.channel().remoteAddress(), ctx.channel().localAddress());
    ctx.pipeline().addAfter(ctx.name(), "chunks", new ChunkDecoder(MAX_MESSAGE_SIZE, Duration.ZERO));
    ctx.pipeline().addAfter("chunks", "bolt", new BoltConnection(protocol, context, Runnable::run, Duration.ZERO,
        Duration.ZERO));
  }

  /** The handshake answer (4 bytes), then messages of chunks ended by an empty chunk, each a structure. */
  private static void checkAnswer(EmbeddedChannel channel) {
    ByteBuf out = Unpooled.buffer();
    for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
      ByteBuf b = (ByteBuf) o;
      out.writeBytes(b);
      b.release();
    }
    if (!out.isReadable()) {
      return;
    }
    assertThat(out.readableBytes()).as("handshake answer").isGreaterThanOrEqualTo(4);
    int answer = out.readInt();
    if (answer == 0) {
      assertThat(out.isReadable()).as("nothing after a refused handshake").isFalse();
      return;
    }
    assertThat(BoltProtocols.VERSIONS).anyMatch(v -> v.encode() == answer);
    ByteBuf message = Unpooled.buffer();
    while (out.isReadable()) {
      assertThat(out.readableBytes()).as("chunk header").isGreaterThanOrEqualTo(2);
      int size = out.readUnsignedShort();
      if (size == 0) {
        assertThat(message.isReadable()).as("a message before the end marker").isTrue();
        checkMessage(message);
        message.clear();
        continue;
      }
      assertThat(out.readableBytes()).as("chunk body").isGreaterThanOrEqualTo(size);
      out.readBytes(message, size);
    }
    assertThat(message.isReadable()).as("unfinished message at the end").isFalse();
  }

  private static void checkMessage(ByteBuf message) {
    PackStreamReader reader = new PackStreamReader(message, StructShape.V5);
    assertThat(reader.peekMarker() & 0xF0).as("a response is a structure").isEqualTo(0xB0);
    try {
      reader.skipValue();
    } catch (PackStreamException e) {
      throw new AssertionError("the server sent a malformed message: " + e.getMessage(), e);
    }
    assertThat(reader.hasRemaining()).as("bytes after the response").isFalse();
  }

  /**
   * Writes seed inputs ({@code -Dfuzz.seeds=write}): for Bolt 5.4, 4.4 and 1, a handshake that
   * proposes the version, then the sample requests it speaks, encoded and chunked as a driver does.
   */
  @Test
  @EnabledIfSystemProperty(named = "fuzz.seeds", matches = "write")
  void writeSeeds() throws IOException {
    Path dir = Path.of("src/test/resources/io/memgraph/ha/bolt/server/BoltConnectionFuzzTestInputs/serverConnection");
    Files.createDirectories(dir);
    for (BoltVersion version : BoltDecodingFuzzTest.SEED_VERSIONS) {
      ByteBuf b = Unpooled.buffer().writeShort(0); // no cuts: one write
      b.writeInt(HandshakeProposal.MAGIC).writeInt(version.encode()).writeInt(0).writeInt(0).writeInt(0);
      for (byte[] message : BoltDecodingFuzzTest.encodedSampleRequests(BoltProtocols.forVersion(version).orElseThrow())
          .values()) {
        b.writeShort(message.length).writeBytes(message).writeShort(0);
      }
      Files.write(dir.resolve("seed-session-" + version), ByteBufUtil.getBytes(b));
    }
  }

  /** Every query succeeds with one record: its parameters. */
  private static final class EchoBackend implements BoltBackend {
    @Override
    public BoltSession open(io.memgraph.ha.bolt.server.spi.ConnectionInfo info) {
      return new EchoSession();
    }
  }

  private static final class EchoSession implements BoltSession {
    @Override
    public void authenticate(Map<String, Object> authToken) {}

    @Override
    public ResultStream run(String query, Map<String, Object> parameters, TxOptions options) {
      return new ResultStream() {
        private boolean sent;

        @Override
        public List<String> fields() {
          return List.of("parameters");
        }

        @Override
        public boolean pull(long n, RecordSink sink) {
          if (!sent && n != 0) {
            sent = true;
            sink.accept(List.of(parameters));
          }
          return !sent;
        }

        @Override
        public boolean discard(long n) {
          sent = sent || n != 0;
          return !sent;
        }

        @Override
        public Map<String, Object> summary() {
          return Map.of("type", "r");
        }
      };
    }

    @Override
    public void begin(TxOptions options) {}

    @Override
    public String commit() {
      return "fuzz-bookmark";
    }

    @Override
    public void rollback() {}

    @Override
    public Map<String, Object> route(Map<String, Object> routing, List<String> bookmarks, String database,
        String impersonatedUser) {
      return Map.of("ttl", 300L, "db", "neo4j", "servers", List.of());
    }

    @Override
    public void interrupt() {}

    @Override
    public void reset() {}

    @Override
    public void close() {}
  }
}
