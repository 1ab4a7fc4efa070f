package io.memgraph.ha.bolt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpinningSelectTest {

  /** A gauge with a fixed figure that adds up the polling it is told of. */
  private static final class FixedGauge implements SpinningSelect.Gauge {
    private final double spare;
    final AtomicLong polled = new AtomicLong();

    FixedGauge(double spare) {
      this.spare = spare;
    }

    @Override
    public double spareCores(long now) {
      return spare;
    }

    @Override
    public void polled(long nanos) {
      polled.addAndGet(nanos);
    }
  }

  @Test
  void aBusyMachineBlocksAtOnceWithoutPolling() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    SpinningSelect select = new SpinningSelect(TimeUnit.SECONDS.toNanos(10), new FixedGauge(0.4));
    select.messageDue();
    assertThat(select.calculateStrategy(polls::incrementAndGet, false)).isEqualTo(SelectStrategy.SELECT);
    assertThat(polls).as("polls on a machine with less than half a core spare").hasValue(0);
  }

  @Test
  void withCpuToSpareItPollsUntilSocketsAreReady() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    FixedGauge gauge = new FixedGauge(1.5);
    SpinningSelect select = new SpinningSelect(TimeUnit.SECONDS.toNanos(10), gauge);
    select.messageDue();
    int ready = select.calculateStrategy(() -> polls.incrementAndGet() < 5 ? 0 : 3, false);
    assertThat(ready).isEqualTo(3);
    assertThat(polls).hasValue(5);
    assertThat(gauge.polled.get()).as("polling time counted as spare").isPositive();
  }

  @Test
  void withNoMessageDueItBlocksAtOnceWithoutPolling() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    SpinningSelect select = new SpinningSelect(TimeUnit.SECONDS.toNanos(10), new FixedGauge(1.5));
    assertThat(select.calculateStrategy(polls::incrementAndGet, false)).isEqualTo(SelectStrategy.SELECT);
    assertThat(polls).as("polls with nothing flushed").hasValue(0);
    select.messageDue();
    assertThat(select.calculateStrategy(() -> polls.incrementAndGet() < 3 ? 0 : 1, false)).isEqualTo(1);
    assertThat(polls).as("polls once a message is due").hasValue(3);
    assertThat(select.calculateStrategy(polls::incrementAndGet, false))
        .as("the next choice, nothing flushed meanwhile").isEqualTo(SelectStrategy.SELECT);
    assertThat(polls).hasValue(3);
  }

  @Test
  void afterPollsInVainItPollsForOneDueMessageInSixteenUntilAPollFindsOne() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    SpinningSelect select = new SpinningSelect(TimeUnit.MICROSECONDS.toNanos(20), new FixedGauge(1.5));
    io.netty.util.IntSupplier nothing = () -> {
      polls.incrementAndGet();
      return 0;
    };
    for (int i = 0; i < SpinningSelect.MAX_MISSES; i++) {
      select.messageDue();
      assertThat(select.calculateStrategy(nothing, false)).isEqualTo(SelectStrategy.SELECT);
    }
    assertThat(polls.get()).as("polls of the vain rounds").isGreaterThanOrEqualTo(SpinningSelect.MAX_MISSES);
    for (int i = 1; i < SpinningSelect.PROBE_EVERY; i++) {
      polls.set(0);
      select.messageDue();
      assertThat(select.calculateStrategy(nothing, false)).isEqualTo(SelectStrategy.SELECT);
      assertThat(polls).as("polls for due message %d after the pause began", i).hasValue(0);
    }
    polls.set(0);
    select.messageDue();
    assertThat(select.calculateStrategy(() -> polls.incrementAndGet() < 3 ? 0 : 1, false))
        .as("the probe finds a message").isEqualTo(1);
    assertThat(polls).hasValue(3);
    polls.set(0);
    select.messageDue();
    assertThat(select.calculateStrategy(() -> polls.incrementAndGet() < 2 ? 0 : 1, false))
        .as("polling resumed at the next due message").isEqualTo(1);
    assertThat(polls).hasValue(2);
  }

  @Test
  void itPollsForAtMostItsSpinThenBlocks() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    // a spin long enough that a busy machine cannot preempt the thread for all of it
    SpinningSelect select = new SpinningSelect(TimeUnit.MILLISECONDS.toNanos(100), new FixedGauge(1.5));
    select.messageDue();
    long start = System.nanoTime();
    assertThat(select.calculateStrategy(() -> {
      polls.incrementAndGet();
      return 0;
    }, false)).isEqualTo(SelectStrategy.SELECT);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(polls.get()).isGreaterThan(1);
  }

  @Test
  void withTasksWaitingItLooksOnceAndDoesNotPoll() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    SpinningSelect select = new SpinningSelect(TimeUnit.SECONDS.toNanos(10), new FixedGauge(1.5));
    select.messageDue();
    assertThat(select.calculateStrategy(() -> {
      polls.incrementAndGet();
      return 0;
    }, true)).isZero();
    assertThat(polls).hasValue(1);
  }

  /**
   * On a real epoll loop that would poll for a minute: it does not poll before a connection with
   * {@link PollAfterFlush} flushed; after an echo it polls, and bytes arriving on its socket and a
   * task handed to it from another thread are handled while it polls, not after.
   */
  /** How long the test lets the loop poll with nothing to do; it expects 40 ms of it counted. */
  private static final long POLL_WAIT_MILLIS = 250;
  /** Waits of {@link #POLL_WAIT_MILLIS} at most, for a busy machine (about 10 s). */
  private static final int MAX_POLL_WAITS = 40;

  @Test
  void aLoopPollsAfterAFlushAndStillReadsAndRunsTasksAtOnce() throws Exception {
    assumeTrue(NettyTransport.choose("epoll") == NettyTransport.EPOLL);
    long minute = TimeUnit.MINUTES.toNanos(1);
    long fiveSeconds = TimeUnit.SECONDS.toNanos(5);
    FixedGauge gauge = new FixedGauge(1.5);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
        EpollIoHandler.newFactory(0, () -> new SpinningSelect(minute, gauge)));
    EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      Channel server = new ServerBootstrap().group(group).channel(NettyTransport.EPOLL.serverChannel())
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(PollAfterFlush.INSTANCE, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                  ctx.writeAndFlush(msg);
                }
              });
            }
          })
          .bind("127.0.0.1", 0).sync().channel();
      LinkedBlockingQueue<String> echoed = new LinkedBlockingQueue<>();
      Channel client = new Bootstrap().group(clients).channel(NettyTransport.EPOLL.socketChannel())
          .handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              ByteBuf b = (ByteBuf) msg;
              echoed.add(b.toString(StandardCharsets.UTF_8));
              b.release();
            }
          })
          .connect(server.localAddress()).sync().channel();
      Thread.sleep(50);
      assertThat(runOn(group)).as("ns until a task ran").isLessThan(fiveSeconds);
      assertThat(gauge.polled.get()).as("ns polled before anything was flushed").isZero();

      client.writeAndFlush(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8));
      assertThat(echoed.poll(20, TimeUnit.SECONDS)).isEqualTo("x");
      // the loop polls by now, with nothing to do, until the next message ends its poll; the gauge
      // leaves out the time its thread was not run, so on a busy machine one wait may count less
      // than 40 ms of polling: wait again, after another echo, until it counts that much
      long polled = 0;
      for (int i = 0; i < MAX_POLL_WAITS && polled < TimeUnit.MILLISECONDS.toNanos(40); i++) {
        Thread.sleep(POLL_WAIT_MILLIS);
        long sent = System.nanoTime();
        client.writeAndFlush(Unpooled.copiedBuffer("y", StandardCharsets.UTF_8));
        assertThat(echoed.poll(20, TimeUnit.SECONDS)).isEqualTo("y");
        assertThat(System.nanoTime() - sent).as("ns until the echo").isLessThan(fiveSeconds);
        polled = gauge.polled.get(); // counted when the message ended the poll, before the echo
      }
      assertThat(polled).as("ns polled after an echo").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));

      // polling again after the last echo, until a task handed to the loop ends it at once
      long polledBefore = gauge.polled.get();
      long polledAgain = 0;
      for (int i = 0; i < MAX_POLL_WAITS && polledAgain < TimeUnit.MILLISECONDS.toNanos(40); i++) {
        if (i > 0) {
          client.writeAndFlush(Unpooled.copiedBuffer("z", StandardCharsets.UTF_8));
          assertThat(echoed.poll(20, TimeUnit.SECONDS)).isEqualTo("z");
        }
        Thread.sleep(POLL_WAIT_MILLIS);
        assertThat(runOn(group)).as("ns until a task ran").isLessThan(fiveSeconds);
        polledAgain = gauge.polled.get() - polledBefore; // counted before the task ran
      }
      assertThat(polledAgain).as("ns polled after the last echo")
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
      client.close().sync();
      server.close().sync();
    } finally {
      clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** Hands {@code group} a task from this thread; returns the nanoseconds until it ran. */
  private static long runOn(EventLoopGroup group) throws Exception {
    CompletableFuture<Long> ran = new CompletableFuture<>();
    long handed = System.nanoTime();
    group.execute(() -> ran.complete(System.nanoTime() - handed));
    return ran.get(20, TimeUnit.SECONDS);
  }

  @Test
  void spareCpuIsIdleTimeAndPollingOverTheInterval(@TempDir Path dir) throws Exception {
    Path stat = dir.resolve("stat");
    Files.writeString(stat, "cpu  100 0 50 1000 7 0 3 0 0 0\ncpu0 50 0 25 500 3 0 1 0 0 0\n");
    SpareCpu spare = new SpareCpu(stat);
    long t0 = System.nanoTime();
    assertThat(spare.spareCores(t0)).as("nothing to compare with yet").isZero();
    // 15 ticks (150 ms) idle and 5 ticks in I/O wait over 100 ms: two cores spare
    Files.writeString(stat, "cpu  180 0 70 1015 12 0 3 0 0 0\n");
    long t1 = t0 + SpareCpu.INTERVAL_NANOS;
    assertThat(spare.spareCores(t1)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    // within the interval the figure stands
    Files.writeString(stat, "cpu  380 0 70 1015 12 0 3 0 0 0\n");
    assertThat(spare.spareCores(t1 + 1)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    // no idle tick at all, but 50 ms of polling
    spare.polled(TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(spare.spareCores(t1 + SpareCpu.INTERVAL_NANOS)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void withoutProcStatNothingIsSpare(@TempDir Path dir) {
    SpareCpu spare = new SpareCpu(dir.resolve("absent"));
    long t0 = System.nanoTime();
    assertThat(spare.spareCores(t0)).isZero();
    assertThat(spare.spareCores(t0 + SpareCpu.INTERVAL_NANOS)).isZero();
  }

  @Test
  void idleTicksAreIdlePlusIoWaitOfTheFirstLine() {
    assertThat(SpareCpu.idleTicks("cpu  1245801 0 337814 749252 8395 0 93435 1942 0 0\ncpu0 1 2 3 4 5 6\n"))
        .isEqualTo(749252 + 8395);
  }
}
