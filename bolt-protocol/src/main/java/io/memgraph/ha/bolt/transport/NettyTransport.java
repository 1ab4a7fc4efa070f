package io.memgraph.ha.bolt.transport;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket transport every Netty event loop of the server and the proxy uses: Linux's epoll
 * through Netty's native library where it loads, else the JDK's NIO selector.
 *
 * <p>Epoll costs fewer system calls and wake-ups per message than NIO, which matters most where a
 * process only moves bytes (the proxy forwards every message twice). The native library comes
 * inside Netty's jar and is unpacked to the temporary directory on first use; where that fails
 * (no x86_64 Linux, a {@code noexec} /tmp), NIO is used and one line says why. The system property
 * {@code memgraph.netty.transport} ({@code auto}, {@code epoll} or {@code nio}) overrides the choice.
 */
public enum NettyTransport {
  EPOLL,
  NIO;

  /** The system property that overrides the choice: {@code auto} (the default), {@code epoll} or {@code nio}. */
  public static final String PROPERTY = "memgraph.netty.transport";

  private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
  private static volatile NettyTransport chosen;

  /** The transport of this process, chosen (and logged) once. */
  public static NettyTransport get() {
    NettyTransport t = chosen;
    if (t == null) {
      synchronized (NettyTransport.class) {
        t = chosen;
        if (t == null) {
          t = choose(System.getProperty(PROPERTY, "auto"));
          chosen = t;
        }
      }
    }
    return t;
  }

  static NettyTransport choose(String wanted) {
    switch (wanted.trim().toLowerCase(Locale.ROOT)) {
      case "nio" -> {
        LOG.info("Network transport: NIO ({}=nio)", PROPERTY);
        return NIO;
      }
      case "epoll", "auto", "" -> {
        if (Epoll.isAvailable()) {
          LOG.debug("Network transport: epoll");
          return EPOLL;
        }
        LOG.info("Network transport: NIO, since epoll is not available here: {}",
            String.valueOf(Epoll.unavailabilityCause()));
        return NIO;
      }
      default -> {
        LOG.warn("Network transport: NIO, since {}={} is none of auto, epoll, nio", PROPERTY, wanted);
        return NIO;
      }
    }
  }

  /** The I/O handler factory for a {@code MultiThreadIoEventLoopGroup} of this transport. */
  public IoHandlerFactory ioHandlerFactory() {
    return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  /**
   * As {@link #ioHandlerFactory()}, but with epoll each loop polls for ready sockets for up to
   * {@code spinMicros} before it blocks, after one of its connections with {@link PollAfterFlush}
   * flushed and while the machine has CPU to spare ({@link SpinningSelect}).
   *
   * @param spinMicros how long to poll; zero or less: block at once, as {@link #ioHandlerFactory()}
   */
  public IoHandlerFactory ioHandlerFactory(long spinMicros) {
    if (this != EPOLL || spinMicros <= 0) {
      return ioHandlerFactory();
    }
    long spinNanos = spinMicros * 1000;
    return EpollIoHandler.newFactory(0, () -> new SpinningSelect(spinNanos, SpareCpu.machine()));
  }

  /** The listening channel class of this transport. */
  public Class<? extends ServerSocketChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /**
   * How large the buffers are that Bolt connections receive into: at least 2 KiB, growing to 64 KiB
   * for bulk. Netty's default shrinks its guess to the size of the last few reads, which for Bolt's
   * small requests and answers is often below the next message: a driver's RUN and PULL (or the
   * proxy's, with its transaction id) then arrive in two reads, so the server may start the RUN
   * and answer it alone, and every read that fills its buffer costs one more read to learn that
   * nothing follows. A buffer lives only until its bytes are decoded.
   */
  public static RecvByteBufAllocator receiveBuffers() {
    return new AdaptiveRecvByteBufAllocator(2048, 2048, 65536);
  }

  /** The connecting channel class of this transport. */
  public Class<? extends SocketChannel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }
}
