package io.memgraph.ha.bolt.server;

import io.memgraph.ha.bolt.messaging.InvalidMessageException;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.messaging.ResponseCodec;
import io.memgraph.ha.bolt.messaging.Signatures;
import io.memgraph.ha.bolt.packstream.PackStreamException;
import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.transport.Chunking;
import io.memgraph.ha.bolt.transport.FramingFailure;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a server pipeline: takes whole messages from the chunk decoder and runs
 * them through the connection's {@link BoltStateMachine} on a worker executor, strictly one
 * batch at a time and in order, so the network thread never waits for the backend.
 *
 * <p>Each batch of queued requests is decoded, handled, and its responses encoded (PackStream
 * and chunks) into one buffer that is written and flushed once. A RESET is recognised on the
 * network thread from its two bytes, so that a long-running call can be interrupted before the
 * RESET's turn comes. A lone RESET of an idle session, which drivers send each time they put a
 * connection back in their pool, is answered on the event loop itself, as a task queued behind any
 * reply a worker handed it. Reading pauses while too many request bytes are queued.
 *
 * <p>A worker never waits for the client: when the socket's outbound buffer passes its high water
 * mark, the batch stops (a PULL part-way through stays in progress in the state machine) and the
 * worker is given back; the writability event resumes it. A client that does not read for the
 * write timeout is disconnected, and one that sends nothing for the session inactivity timeout is
 * closed (its session, and so any open transaction, is closed with it).
 *
 * <p>Nor does a worker wait for a commit: when the backend answers a COMMIT (or the end of an
 * auto-commit result) with a stage that is still running, the batch stops there and the worker is
 * given back. The stage's completion, on whatever thread, only schedules this connection's drain
 * again; that drain writes the reply and goes on with the queued requests, which have waited in
 * order. When the reply is a SUCCESS and nothing else waits (the usual end of a write) the event
 * loop writes it, sparing a worker's wake-up and its hand-off of the write back to the loop. A
 * pending reply is not inactivity, and a RESET or the connection's end that arrives
 * meanwhile interrupts the session at once but is handled after the reply.
 *
 * <p>A worker survives whatever a request throws: the state machine answers exceptions and
 * errors of backend calls with a FAILURE ({@link WorkerErrors}); an error outside a backend call
 * (decoding a request) is answered the same way here; and if even answering fails (out of memory
 * again while encoding the FAILURE) the connection is closed without an answer and logged. Only an
 * error that means the JVM is broken is rethrown, ending the worker thread (the pool replaces it).
 *
 * <p>A message refused for its size ends the connection, since the rest of it cannot be told from
 * what follows; the FAILURE is written and the output side shut down (FIN) first, and the input is
 * read and discarded until the client closes or {@link #LINGER_AFTER_REFUSAL_MILLIS} passes, so that a
 * client still sending the refused message does not get a connection reset instead of the FAILURE.
 */
final class BoltConnection extends ChannelInboundHandlerAdapter implements ResponseSink {

  private static final Logger LOG = LoggerFactory.getLogger(BoltConnection.class);
  private static final int FLUSH_THRESHOLD = 64 * 1024;
  private static final long MAX_QUEUED_BYTES = 8L * 1024 * 1024;
  private static final int SCRATCH_KEEP = 1024 * 1024;
  /** The most requests one task of the event loop runs for a connection; a worker takes the rest. */
  private static final int MAX_LOOP_REQUESTS = 16;
  private static final Object CLOSED = new Object();
  /** How long a connection refused for an oversize message keeps discarding input before it is closed. */
  static final long LINGER_AFTER_REFUSAL_MILLIS = 10_000;

  private final BoltStateMachine machine;
  private final Executor executor;
  private final BoltServerStats stats;
  private final Queue<Object> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final long writeTimeoutNanos;
  private final long inactivityTimeoutNanos;
  private volatile Channel channel;
  // set by the worker when it stopped because the client does not read; the event loop resumes it
  private volatile boolean parked;
  private volatile long lastActivityNanos = System.nanoTime();

  // event-loop state
  /** A request arrived in the current read and the worker has not been started for it. */
  private boolean readPending;
  private ScheduledFuture<?> stallTimer;
  private ScheduledFuture<?> idleTimer;

  // worker-side output state (touched only by the worker running a batch)
  private ByteBuf batch;
  private ByteBuf scratch;
  private PackStreamWriter writer;
  private boolean closeAfterFlush;
  private boolean shutdownOutputFirst;
  private boolean finished;
  private long encodedBytes;

  /**
   * @param writeTimeout how long the client may leave the outbound buffer full; zero: forever
   * @param inactivityTimeout how long the client may send nothing while no request is running; zero: forever
   */
  BoltConnection(BoltProtocol protocol, ConnectionContext context, Executor executor, Duration writeTimeout,
      Duration inactivityTimeout) {
    this(protocol, context, executor, writeTimeout, inactivityTimeout, new BoltServerStats());
  }

  BoltConnection(BoltProtocol protocol, ConnectionContext context, Executor executor, Duration writeTimeout,
      Duration inactivityTimeout, BoltServerStats stats) {
    this.stats = stats;
    this.machine = new BoltStateMachine(protocol, context, this, this::replyReady);
    this.executor = executor;
    this.writeTimeoutNanos = writeTimeout.toNanos();
    this.inactivityTimeoutNanos = inactivityTimeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    lastActivityNanos = System.nanoTime();
    if (inactivityTimeoutNanos > 0) {
      idleTimer = ctx.executor().schedule(() -> checkIdle(ctx), inactivityTimeoutNanos, TimeUnit.NANOSECONDS);
    }
    if (!ctx.channel().isWritable()) {
      startStallTimer(ctx);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastActivityNanos = System.nanoTime();
    if (msg instanceof ByteBuf buf) {
      if (isReset(buf)) {
        machine.interrupt();
      }
      if (queuedBytes.addAndGet(buf.readableBytes()) > MAX_QUEUED_BYTES) {
        ctx.channel().config().setAutoRead(false);
      }
    } else if (!(msg instanceof FramingFailure)) {
      ReferenceCountUtil.release(msg);
      throw new IllegalStateException("unexpected inbound object " + msg.getClass().getName());
    }
    inbox.add(msg);
    if (msg instanceof ByteBuf) {
      readPending = true; // the worker starts at the end of this read (channelReadComplete)
    } else {
      schedule(); // a framing failure, maybe from the decoder's timer outside any read
    }
  }

  /**
   * Starts the worker once for everything one read brought: a driver's RUN and PULL then reach it
   * together, so the RUN's answer waits for the PULL's and both leave in one write.
   */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (readPending) {
      readPending = false;
      schedule(ctx.executor());
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimers();
    inbox.add(CLOSED);
    machine.interrupt();
    schedule();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof java.io.IOException) {
      // clients that vanish (reset by peer, broken pipe) are routine, not worth a warning
      LOG.debug("Closing Bolt connection from {} after a network error: {}", ctx.channel().remoteAddress(),
          cause.toString());
    } else {
      LOG.warn("Closing Bolt connection from {} after an error", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }

  private Object remoteAddress() {
    Channel ch = channel;
    return ch == null ? "?" : ch.remoteAddress();
  }

  private static boolean isReset(ByteBuf buf) {
    return buf.readableBytes() == 2
        && buf.getUnsignedByte(buf.readerIndex()) == 0xB0
        && buf.getByte(buf.readerIndex() + 1) == Signatures.RESET;
  }

  private void schedule() {
    schedule(null);
  }

  /**
   * The state machine's wake-up: a backend stage (a commit, a read's barrier) completed after the
   * worker returned. When its reply is all there is to do, the event loop writes it: the stage's
   * thread hands it straight to the loop instead of to a worker that would hand the write to the
   * loop again.
   */
  private void replyReady() {
    Channel ch = channel;
    schedule(ch == null ? null : ch.eventLoop());
  }

  /**
   * Starts the drain on a worker, or on {@code loop} (this connection's event loop) when all there
   * is to do is light work the loop can do without calling the backend: a lone RESET of an idle
   * session, or the SUCCESS of a stage that completed (see {@link #loopWork(boolean)}). A driver sends a
   * RESET each time it puts a connection back in its pool, and every write waits for its commit's
   * stage; answering either costs a microsecond or two, while handing it to a worker and its reply
   * back to the event loop costs two thread wake-ups. It runs as a task of the loop rather than at
   * once, so that a reply a worker has already handed to the loop is written before it.
   */
  private void schedule(Executor loop) {
    if (scheduled.compareAndSet(false, true)) {
      // holding the flag, no worker touches the state machine: its state is stable here
      boolean onLoop = loop != null && loopWork(true) != null;
      try {
        if (onLoop) {
          loop.execute(this::drainOnLoop);
        } else {
          executor.execute(this::drain);
        }
      } catch (RejectedExecutionException e) {
        // the server is shutting down and its workers are gone; holding the flag, no worker runs
        // this connection, so release its session here rather than leak it
        releaseInbox();
        if (!finished) {
          finished = true;
          machine.abandonPull();
          machine.close();
        }
        scheduled.set(false);
      }
    }
  }

  /**
   * Whether a RESET now would find the session idle. Bolt 1 and 2 are left out: their transactions
   * are the queries BEGIN and COMMIT, so READY does not tell that no transaction is open.
   */
  private boolean idleForReset() {
    return machine.state() == ServerState.READY && machine.protocol().supports(Request.Begin.class)
        && !machine.pulling() && !machine.awaitingCompletion() && !machine.completionReady();
  }

  /**
   * What the event loop may do for this connection now, or null when it needs a worker: the reply
   * of a stage that completed successfully (encoding a SUCCESS from the stage's value; a failure is
   * mapped on a worker), with nothing else waiting; or the requests of {@link #quickRequests()}
   * (among them the RESET of an idle session).
   *
   * @param vouchFirst whether to ask about the first request now (when deciding where to drain);
   *     the loop's own drain skips that, since {@link #runQuickRequests()} asks about each request
   *     anyway (sparing a second decoding of it)
   */
  private Runnable loopWork(boolean vouchFirst) {
    if (machine.completionReady()) {
      return machine.completionSucceeded() && inbox.isEmpty() && !machine.pulling() ? machine::completePending : null;
    }
    if (!vouchFirst) {
      return inbox.isEmpty() ? null : this::runQuickRequests;
    }
    return quickRequests();
  }

  /**
   * Requests the session says wait for nothing and run in microseconds ({@link
   * BoltStateMachine#handlesWithoutWaiting}): an auto-commit RUN, a BEGIN, a RUN inside the
   * transaction, its COMMIT, each PULL or DISCARD right behind a RUN run here, and the RESET of an
   * idle session a driver sends when it puts the connection back in its pool (often in the same
   * read as its next requests). The event loop runs them in order, sparing a worker's wake-up and
   * the hand-off of each reply back to the loop (on two cores, a point read costs about a third
   * less CPU), and stops at the first it may not run, at a reply that waits for a stage (a
   * commit), at a PULL that leaves records for later, or after {@link #MAX_LOOP_REQUESTS}: the rest
   * goes on as usual. Null when the first request is none of these.
   */
  private Runnable quickRequests() {
    Object head = inbox.peek();
    if (head == null) {
      return null;
    }
    if (!(head instanceof ByteBuf buf && isReset(buf) && idleForReset())) {
      // the session is asked about a request after a RESET ahead of it ran: until then it is pending
      Request first = peek(head);
      if (first == null || !machine.handlesWithoutWaiting(first)) {
        return null;
      }
    }
    return this::runQuickRequests;
  }

  private void runQuickRequests() {
    boolean afterRun = false;
    for (int handled = 0; handled < MAX_LOOP_REQUESTS; handled++) {
      if (machine.awaitingCompletion() || machine.pulling()) {
        return;
      }
      Object head = inbox.peek();
      if (head instanceof ByteBuf buf && isReset(buf)) {
        if (!idleForReset()) {
          return;
        }
        guarded(() -> process(inbox.poll()));
        afterRun = false;
        continue;
      }
      Request request = peek(head);
      boolean quick = request instanceof Request.Pull || request instanceof Request.Discard
          ? afterRun && machine.streamsLatestResult(request)
          : request != null && machine.handlesWithoutWaiting(request);
      if (!quick) {
        return; // a worker takes it
      }
      ByteBuf body = (ByteBuf) inbox.poll(); // what peek() decoded: nothing else takes from the inbox
      guarded(() -> process(body, request));
      afterRun = request instanceof Request.Run;
    }
  }

  /** The request in {@code msg}, decoded without consuming it; null when it is not a well-formed request. */
  private Request peek(Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      return null;
    }
    try {
      return machine.protocol().decodeRequest(new PackStreamReader(buf.duplicate(), machine.structShape()));
    } catch (RuntimeException e) { // InvalidMessageException, or bytes PackStream cannot read
      return null; // the worker decodes it again and answers
    }
  }

  /**
   * The drain of {@link #schedule} on the event loop: only the work that {@link #loopWork(boolean)} allows
   * (the loop may have read more requests since it was scheduled), then a worker for the rest.
   */
  private void drainOnLoop() {
    drain(() -> {
      Runnable work = loopWork(false);
      if (work != null) {
        guarded(work);
      }
      if (!machine.awaitingCompletion()) {
        flush(); // else what was encoded goes out with the stage's answer, as drainInbox does
      }
    });
  }

  private void drain() {
    drain(this::drainInbox);
  }

  private void drain(Runnable work) {
    parked = false;
    try {
      work.run();
    } catch (RuntimeException | Error e) {
      if (WorkerErrors.fatal(e)) {
        // the state machine answered and logged it: send that, close, and let the worker end
        endAfterFatal((Error) e); // fatal() holds only for VirtualMachineErrors
        throw e;
      }
      // answering itself failed (guarded() could not write its FAILURE either): close without one
      lastResort(e);
    } finally {
      lastActivityNanos = System.nanoTime();
      scheduled.set(false);
    }
    // re-check after clearing the flag: a message, a writability change or a completed stage may
    // have come meanwhile (their schedule() found the flag still set)
    if (machine.completionReady()
        || (!machine.awaitingCompletion() && (machine.pulling() || !inbox.isEmpty()) && !mustWait())) {
      schedule();
    }
  }

  private void drainInbox() {
    while (true) {
      if (machine.completionReady()) {
        guarded(machine::completePending);
        continue;
      }
      if (machine.awaitingCompletion()) {
        // The stage's completion schedules this again. What this pass encoded before it (an
        // auto-commit RUN's SUCCESS and records) waits for the stage's answer and goes out in the
        // same write: one system call and one wake-up of the client per request instead of two,
        // and what a transaction whose end fails (a commit, or a deposed leader's read barrier)
        // produced arrives together with that failure, never ahead of it.
        return;
      }
      if (mustWait()) {
        parked = true;
        break;
      }
      if (machine.pulling()) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
          machine.abandonPull();
        } else {
          guarded(machine::resume);
        }
        continue;
      }
      Object msg = inbox.poll();
      if (msg == null) {
        break;
      }
      guarded(() -> process(msg));
    }
    flush();
  }

  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      // a bug, not bad input: keep the worker alive, tell the client, and end the connection
      LOG.error("Bolt connection from {} failed while handling a request", remoteAddress(), e);
      machine.abandonPull();
      machine.fatal("internal server error: " + e);
    } catch (Error e) {
      // outside a backend call (e.g. decoding a request): a FAILURE as for the call's own errors
      machine.abandonPull();
      machine.failed("a request", e);
    }
  }

  /** Sends what was encoded (the FAILURE of a fatal error) and closes the connection. */
  private void endAfterFatal(Error e) {
    try {
      flush();
    } catch (RuntimeException | Error f) {
      e.addSuppressed(f);
    } finally {
      Channel ch = channel;
      if (ch != null) {
        ch.close(); // after the flush's write: both run on the channel's event loop, in order
      }
    }
  }

  /** Nothing can be written any more: drop what was encoded, close the connection, keep the worker. */
  private void lastResort(Throwable e) {
    LOG.error("Closing Bolt connection from {}: could not answer after {}", remoteAddress(), WorkerErrors.describe(e));
    if (batch != null) {
      batch.release();
      batch = null;
    }
    closeAfterFlush = false;
    Channel ch = channel;
    if (ch != null) {
      ch.close(); // channelInactive queues CLOSED, which closes the session
    }
  }

  /**
   * Work must wait while the client is not reading what was sent (unless a RESET or the
   * connection's end is pending, which are handled at once).
   */
  private boolean mustWait() {
    Channel ch = channel;
    return ch != null && ch.isActive() && !ch.isWritable() && !finished && !machine.resetPending()
        && (machine.pulling() || !inbox.isEmpty());
  }

  private void process(Object msg) {
    if (msg == CLOSED) {
      if (!finished) {
        finished = true;
        machine.close();
      }
      releaseInbox();
      return;
    }
    if (finished) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof FramingFailure failure) {
      shutdownOutputFirst = true;
      machine.fatal(failure.reason());
      return;
    }
    ByteBuf body = (ByteBuf) msg;
    try {
      Request request;
      try {
        request = machine.protocol().decodeRequest(new PackStreamReader(body, machine.structShape()));
      } catch (InvalidMessageException e) {
        machine.invalid(e.getMessage());
        return;
      }
      machine.handle(request);
    } finally {
      releaseQueued(body);
    }
  }

  /** {@link #process(Object)} of a message whose request {@link #peek} decoded already. */
  private void process(ByteBuf body, Request request) {
    if (finished) {
      ReferenceCountUtil.release(body);
      return;
    }
    try {
      machine.handle(request);
    } finally {
      releaseQueued(body);
    }
  }

  private void releaseQueued(ByteBuf body) {
    long size = body.writerIndex(); // the whole message, as counted when it was queued
    body.release();
    if (queuedBytes.addAndGet(-size) <= MAX_QUEUED_BYTES / 2) {
      Channel ch = channel;
      if (ch != null && !ch.config().isAutoRead() && ch.isActive()) {
        ch.config().setAutoRead(true);
      }
    }
  }

  private void releaseInbox() {
    Object msg;
    while ((msg = inbox.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }

  // ---- ResponseSink, called by the state machine on the worker

  @Override
  public void success(Map<String, Object> metadata) {
    encode(w -> ResponseCodec.writeSuccess(metadata, w));
  }

  @Override
  public void accept(List<Object> values) {
    encode(w -> ResponseCodec.writeRecord(values, w));
  }

  @Override
  public void failure(String code, String message) {
    stats.failureSent(code);
    boolean gql = machine.protocol().gqlErrors();
    encode(w -> ResponseCodec.writeFailure(code, message, gql, w));
  }

  @Override
  public void ignored() {
    encode(w -> ResponseCodec.write(new Response.Ignored(), w));
  }

  @Override
  public void close() {
    closeAfterFlush = true;
    finished = true;
  }

  private void encode(Consumer<PackStreamWriter> message) {
    Channel ch = channel;
    if (finished || ch == null) {
      return;
    }
    StructShape shape = machine.structShape();
    if (scratch == null) {
      scratch = ch.alloc().heapBuffer(256);
    }
    if (writer == null || !writer.shape().equals(shape)) {
      writer = new PackStreamWriter(scratch, shape);
    }
    scratch.clear();
    try {
      message.accept(writer);
    } catch (PackStreamException e) {
      scratch.clear();
      throw e;
    }
    if (batch == null) {
      batch = ch.alloc().ioBuffer(Math.max(FLUSH_THRESHOLD / 4, Chunking.chunkedSize(scratch.readableBytes())));
    }
    Chunking.writeChunked(scratch, batch);
    encodedBytes += scratch.readableBytes();
    if (batch.readableBytes() >= FLUSH_THRESHOLD) {
      ch.writeAndFlush(batch, ch.voidPromise());
      batch = null;
    }
  }

  @Override
  public boolean backedUp() {
    Channel ch = channel;
    return ch != null && !ch.isWritable();
  }

  @Override
  public long encodedBytes() {
    return encodedBytes;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!ctx.channel().isWritable()) {
      startStallTimer(ctx);
    } else {
      if (stallTimer != null) {
        stallTimer.cancel(false);
        stallTimer = null;
      }
      if (parked) {
        schedule();
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void startStallTimer(ChannelHandlerContext ctx) {
    if (stallTimer == null && writeTimeoutNanos > 0) {
      long backlog = ctx.channel().bytesBeforeWritable();
      stallTimer = ctx.executor().schedule(() -> stalled(ctx, backlog), writeTimeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * The outbound buffer has been full for the write timeout. If the socket took none of it
   * meanwhile the client has stopped reading; if it took some, the client is slow but alive
   * (the kernel wakes the writer only after the peer read a good part of its buffer).
   */
  private void stalled(ChannelHandlerContext ctx, long backlogBefore) {
    stallTimer = null;
    Channel ch = ctx.channel();
    if (!ch.isActive() || ch.isWritable()) {
      return;
    }
    if (ch.bytesBeforeWritable() < backlogBefore) {
      startStallTimer(ctx);
      return;
    }
    LOG.warn("Closing Bolt connection from {}: the client has not read its responses for {} ms (write timeout)",
        ch.remoteAddress(), TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos));
    ctx.close();
  }

  private void checkIdle(ChannelHandlerContext ctx) {
    idleTimer = null;
    Channel ch = ctx.channel();
    if (!ch.isActive()) {
      return;
    }
    // a running request, a parked stream, a reply waiting for its commit or queued requests are not inactivity
    boolean busy = scheduled.get() || parked || machine.awaitingCompletion() || machine.completionReady()
        || !inbox.isEmpty();
    long idle = System.nanoTime() - lastActivityNanos;
    if (!busy && idle >= inactivityTimeoutNanos) {
      LOG.info("Closing Bolt connection from {}: no request for {} ms (session inactivity timeout)",
          ch.remoteAddress(), TimeUnit.NANOSECONDS.toMillis(idle));
      ctx.close();
      return;
    }
    long next = busy ? inactivityTimeoutNanos : inactivityTimeoutNanos - idle;
    idleTimer = ctx.executor().schedule(() -> checkIdle(ctx), next, TimeUnit.NANOSECONDS);
  }

  private void cancelTimers() {
    if (stallTimer != null) {
      stallTimer.cancel(false);
      stallTimer = null;
    }
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }

  private void flush() {
    Channel ch = channel;
    if (ch == null) {
      return;
    }
    if (batch != null) {
      ch.writeAndFlush(batch, ch.voidPromise());
      batch = null;
    }
    if (scratch != null && (closeAfterFlush || finished || scratch.capacity() > SCRATCH_KEEP)) {
      // give back the buffer of a huge message instead of holding it for the connection's lifetime
      scratch.release();
      scratch = null;
      writer = null;
    }
    if (closeAfterFlush) {
      closeAfterFlush = false;
      if (shutdownOutputFirst && ch instanceof DuplexChannel duplex) {
        // the client may still be sending the message it was refused: closing now could reset the
        // connection before it reads the FAILURE, so send FIN and discard its input for a while
        ch.writeAndFlush(ch.alloc().buffer(0)).addListener(f -> {
          duplex.shutdownOutput();
          ch.eventLoop().schedule(() -> {
            ch.close();
          }, LINGER_AFTER_REFUSAL_MILLIS, TimeUnit.MILLISECONDS);
        });
      } else {
        ch.writeAndFlush(ch.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
