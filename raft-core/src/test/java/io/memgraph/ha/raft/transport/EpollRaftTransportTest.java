package io.memgraph.ha.raft.transport;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Every {@link RaftTransportTest} again on Linux's epoll, the sockets the server gives its Raft
 * transport where Netty's native library loads (on other systems these tests are skipped).
 */
@EnabledIf("epollAvailable")
class EpollRaftTransportTest extends RaftTransportTest {

  static boolean epollAvailable() {
    return Epoll.isAvailable();
  }

  @Override
  RaftTransport.Sockets sockets() {
    return new RaftTransport.Sockets(EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
        EpollSocketChannel.class);
  }
}
