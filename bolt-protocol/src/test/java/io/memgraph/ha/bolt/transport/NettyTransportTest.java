package io.memgraph.ha.bolt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NettyTransportTest {

  @Test
  void epollIsChosenOnLinuxX8664() {
    // the machines we build and ship for; elsewhere the native library is rightly absent
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
        && System.getProperty("os.arch").matches("amd64|x86_64"));
    assertThat(NettyTransport.choose("auto")).isEqualTo(NettyTransport.EPOLL);
    assertThat(NettyTransport.choose(" EPOLL ")).isEqualTo(NettyTransport.EPOLL);
  }

  @Test
  void nioWhenAskedForOrWhenTheChoiceIsUnknown() {
    assertThat(NettyTransport.choose("nio")).isEqualTo(NettyTransport.NIO);
    assertThat(NettyTransport.choose("kqueue")).isEqualTo(NettyTransport.NIO);
  }

  @ParameterizedTest
  @EnumSource(NettyTransport.class)
  void eachTransportCarriesBytesBothWaysOnLoopback(NettyTransport transport) throws Exception {
    assumeTrue(transport != NettyTransport.EPOLL || NettyTransport.choose("epoll") == NettyTransport.EPOLL);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
    try {
      Channel server = echoServer(group, transport);
      CompletableFuture<String> echoed = new CompletableFuture<>();
      Channel client = new Bootstrap().group(group).channel(transport.socketChannel())
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                private final StringBuilder got = new StringBuilder();

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                  ByteBuf b = (ByteBuf) msg;
                  got.append(b.toString(StandardCharsets.UTF_8));
                  b.release();
                  if (got.length() >= 5) {
                    echoed.complete(got.toString());
                  }
                }
              });
            }
          })
          .connect(server.localAddress()).sync().channel();
      client.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8)).sync();
      assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
      assertThat(((InetSocketAddress) client.remoteAddress()).getPort())
          .isEqualTo(((InetSocketAddress) server.localAddress()).getPort());
      client.close().sync();
      server.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** A server on 127.0.0.1 that sends back whatever it reads. */
  static Channel echoServer(EventLoopGroup group, NettyTransport transport) throws InterruptedException {
    return new ServerBootstrap().group(group).channel(transport.serverChannel())
        .childHandler(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }
}
