package io.memgraph.ha.bolt.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP listener that answers {@code GET /metrics} with a daemon's figures in
 * Prometheus's text format, computed at each request (the server's and the proxy's). Anything else gets
 * 404 (another path) or 405 (another method); a request that is not HTTP, or too large, gets 400,
 * 413 or 431 and its connection is closed. It has one thread of its own, so a scrape never waits for
 * Bolt clients nor they for it; at most {@link #MAX_CONNECTIONS} connections are served at once, and
 * a connection idle for {@link #IDLE_SECONDS} seconds is closed.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
  /** Connections served at once; more are closed at once. */
  static final int MAX_CONNECTIONS = 16;
  /** A connection that sends nothing for this long is closed. */
  static final int IDLE_SECONDS = 30;
  private static final int MAX_REQUEST_BYTES = 16 * 1024;
  /** The content type of Prometheus's text format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final EventLoopGroup group;
  private final Channel channel;

  private MetricsServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /**
   * Listens on {@code host:port}.
   *
   * @param text the figures now, in Prometheus's text format; called on the listener's thread for each scrape
   * @throws RuntimeException what the bind threw, undeclared as Netty rethrows it: a
   *     {@link java.net.BindException} when the address is taken; callers catch {@link Exception}
   *     and say which flag
   */
  public static MetricsServer start(String host, int port, Supplier<String> text) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("metrics-http", true),
        NettyTransport.get().ioHandlerFactory());
    AtomicInteger open = new AtomicInteger();
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NettyTransport.get().serverChannel())
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (open.incrementAndGet() > MAX_CONNECTIONS) {
              open.decrementAndGet();
              LOG.warn("metrics: refused a connection from {}: {} are open already",
                  ch.remoteAddress(), MAX_CONNECTIONS);
              ch.close();
              return;
            }
            ch.closeFuture().addListener(f -> open.decrementAndGet());
            ch.pipeline()
                .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast(new HttpServerCodec(4096, 8192, 8192))
                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(new Handler(text));
          }
        });
    try {
      Channel channel = bootstrap.bind(host, port).syncUninterruptibly().channel();
      return new MetricsServer(group, channel);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Supplier<String> text;

    Handler(Supplier<String> text) {
      this.text = text;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      if (request.decoderResult().isFailure()) {
        // too large (the aggregator answers 413 itself) or not HTTP
        send(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad request: "
            + request.decoderResult().cause().getMessage() + "\n", true);
        return;
      }
      String path = new QueryStringDecoder(request.uri()).path();
      if (!path.equals("/metrics")) {
        send(ctx, request, HttpResponseStatus.NOT_FOUND, "not found: the metrics are at /metrics\n", false);
        return;
      }
      if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
        send(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n", false);
        return;
      }
      String body;
      try {
        body = text.get();
      } catch (RuntimeException e) {
        LOG.error("metrics: could not compute the figures", e);
        send(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "the figures could not be computed: "
            + e + "\n", false);
        return;
      }
      FullHttpResponse response = response(request, HttpResponseStatus.OK, body);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
      if (request.method().equals(HttpMethod.HEAD)) {
        response.content().clear();
      }
      write(ctx, request, response, false);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
        String body, boolean close) {
      FullHttpResponse response = response(request, status, body);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      write(ctx, request, response, close);
    }

    private static FullHttpResponse response(FullHttpRequest request, HttpResponseStatus status, String body) {
      ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
      return response;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response,
        boolean close) {
      boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
      if (keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(response);
      } else {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof IdleStateEvent) {
        ctx.close();
        return;
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("metrics: closing a connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }
}
