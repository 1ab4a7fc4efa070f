package io.memgraph.ha.bolt.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP part of Bolt over WebSocket, as browser drivers (Neo4j Browser, NeoDash, the Neo4j
 * JavaScript driver in a web page) speak it on the Bolt port itself.
 *
 * <p>{@link ServerHandshakeDecoder} finds an HTTP request where the Bolt magic belongs and calls
 * {@link #install}: an HTTP decoder with bounded request line and headers, this handler, and behind
 * it a fresh handshake decoder for the Bolt handshake that follows inside the frames. A WebSocket
 * upgrade (RFC 6455, version 13, any path, no subprotocol, no extension) is answered 101 and this
 * handler gives its place to {@link WebSocketFrames}; from then on the connection is the Bolt
 * connection a TCP client would have, with the frame codec in front. Any other request (a browser
 * opening {@code http://host:7687}, a malformed or oversized request) is answered 400 with a line
 * that says what the port is, one INFO line is logged, and the connection is closed. An upgrade
 * from a web page whose origin {@link WebSocketOrigins} does not allow is answered 403 the same way.
 */
public final class WebSocketUpgrade extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketUpgrade.class);

  /** The longest request line accepted (method, path, version). */
  static final int MAX_REQUEST_LINE = 4096;
  /** The most header bytes accepted; browsers send the host's cookies along, so not too few. */
  static final int MAX_HEADERS = 16 * 1024;
  /** The largest request body buffered; an upgrade has none, a body only earns the 400. */
  static final int MAX_BODY = 8 * 1024;

  /** The first four bytes of the HTTP requests recognised in place of the Bolt magic. */
  private static final int[] METHODS = {
      ascii("GET "), ascii("POST"), ascii("PUT "), ascii("HEAD"), ascii("DELE"), ascii("OPTI"), ascii("PATC"),
      ascii("TRAC"), ascii("CONN")};

  private final int maxFramePayload;
  private final WebSocketOrigins origins;

  private WebSocketUpgrade(int maxFramePayload, WebSocketOrigins origins) {
    this.maxFramePayload = maxFramePayload;
    this.origins = origins;
  }

  /** Whether a connection's first four bytes start an HTTP request rather than the Bolt magic. */
  static boolean isHttpRequest(int firstFourBytes) {
    for (int m : METHODS) {
      if (m == firstFourBytes) {
        return true;
      }
    }
    return false;
  }

  /**
   * The largest WebSocket frame payload accepted: the largest Bolt message, chunked. A frame may
   * carry any part of the byte stream, but one larger than that cannot be needed.
   */
  public static int maxFramePayload(int maxMessageSize) {
    return (int) Math.min(Integer.MAX_VALUE, (long) Chunking.chunkedSize(maxMessageSize) + 2L);
  }

  /**
   * Puts the HTTP stage after {@code after}, then {@code boltHandshake}; the HTTP request's bytes
   * must reach the pipeline after {@code after} (the caller removes itself and they flow on).
   */
  static void install(ChannelPipeline pipeline, String after, int maxFramePayload, WebSocketOrigins origins,
      ServerHandshakeDecoder boltHandshake) {
    HttpDecoderConfig http = new HttpDecoderConfig()
        .setMaxInitialLineLength(MAX_REQUEST_LINE)
        .setMaxHeaderSize(MAX_HEADERS);
    pipeline.addAfter(after, "http", new HttpServerCodec(http, 1));
    pipeline.addAfter("http", "http-aggregator", new HttpObjectAggregator(MAX_BODY));
    pipeline.addAfter("http-aggregator", "ws-upgrade", new WebSocketUpgrade(maxFramePayload, origins));
    pipeline.addAfter("ws-upgrade", "bolt-handshake", boltHandshake);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (!ctx.channel().isActive()) {
      return; // the rest of a request cut off by the close (e.g. the handshake timeout's): nothing to answer
    }
    if (!req.decoderResult().isSuccess()) {
      Throwable cause = req.decoderResult().cause();
      refuse(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request (" + firstLine(cause) + ")");
      return;
    }
    if (!req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      refuse(ctx, HttpResponseStatus.BAD_REQUEST, "HTTP " + req.method() + " " + abbreviate(req.uri())
          + " is not a WebSocket upgrade");
      return;
    }
    if (!HttpMethod.GET.equals(req.method())) {
      refuse(ctx, HttpResponseStatus.BAD_REQUEST, "a WebSocket upgrade must be a GET, not " + req.method());
      return;
    }
    String version = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
    if (!"13".equals(version)) {
      LOG.info("Closing Bolt connection from {}: WebSocket version {} requested, only 13 (RFC 6455) is spoken",
          ctx.channel().remoteAddress(), version);
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    String origin = req.headers().get(HttpHeaderNames.ORIGIN);
    if (!origins.allows(origin)) {
      refuse(ctx, HttpResponseStatus.FORBIDDEN, "a WebSocket upgrade from a web page of origin "
          + abbreviate(origin) + ", which may not open Bolt here; " + origins.howToAllow());
      return;
    }
    WebSocketDecoderConfig frames = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxFramePayload)
        .expectMaskedFrames(true)
        .allowExtensions(false)
        .closeOnProtocolViolation(true)
        .build();
    String scheme = ctx.pipeline().get(SslHandler.class) != null ? "wss://" : "ws://";
    WebSocketServerHandshaker13 handshaker =
        new WebSocketServerHandshaker13(scheme + req.headers().get(HttpHeaderNames.HOST, "") + req.uri(), null, frames);
    try {
      // swaps the HTTP codec for the frame codec once the 101 is written; removes the aggregator now
      handshaker.handshake(ctx.channel(), req).addListener(f -> {
        if (!f.isSuccess()) {
          LOG.info("Closing Bolt connection from {}: the WebSocket upgrade could not be answered: {}",
              ctx.channel().remoteAddress(), firstLine(f.cause()));
          ctx.channel().close();
        }
      });
    } catch (WebSocketHandshakeException e) {
      refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad WebSocket upgrade: " + firstLine(e));
      return;
    }
    LOG.debug("Bolt connection from {} upgraded to WebSocket", ctx.channel().remoteAddress());
    ctx.pipeline().replace(this, "ws-frames", new WebSocketFrames());
  }

  /** A short plain-text answer saying what this port is, then the close; one INFO line. */
  private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String problem) {
    boolean tls = ctx.pipeline().get(SslHandler.class) != null;
    LOG.info("Closing Bolt connection from {}: {}; answered HTTP {}", ctx.channel().remoteAddress(), problem,
        status.code());
    String text = "This is a Bolt port: use bolt:// or neo4j:// with a driver, or " + (tls ? "wss://" : "ws://")
        + " from a browser (Bolt over WebSocket). Refused: " + problem + ".\n";
    ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
  }

  private static String firstLine(Throwable t) {
    if (t == null) {
      return "unknown cause";
    }
    String m = String.valueOf(t.getMessage()).lines().findFirst().orElse("");
    return t.getClass().getSimpleName() + ": " + abbreviate(m);
  }

  private static String abbreviate(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "...";
  }

  private static int ascii(String four) {
    byte[] b = four.getBytes(StandardCharsets.US_ASCII);
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }
}
