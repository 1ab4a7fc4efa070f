package io.memgraph.ha.proxy;

import io.memgraph.ha.bolt.messaging.InvalidMessageException;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.RequestCodec;
import io.memgraph.ha.bolt.messaging.ResponseCodec;
import io.memgraph.ha.bolt.messaging.Signatures;
import io.memgraph.ha.bolt.packstream.PackStreamException;
import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.transport.FramingFailure;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection and its backend connection to the leader, both on one event loop.
 *
 * <p>Requests are forwarded as the bytes they came in; the proxy decodes only HELLO, LOGON, ROUTE
 * and the extra map of BEGIN and auto-commit RUN (to add an {@code ha_tx_id} to write
 * transactions). Responses are forwarded as bytes too; only summaries are looked at. Each request
 * sent to the backend waits in {@link #inFlight} until its summary comes back, so the proxy always
 * knows which request a response answers.
 *
 * <p>The failover rules (a unit is an explicit transaction, or an auto-commit RUN and its PULLs):
 * <ul>
 *   <li>between units the session moves to the current leader silently;
 *   <li>a unit refused with NotALeader or DatabaseUnavailable before it ran, or whose server died
 *       before answering its first request, is sent again, as it was, to the new leader; an
 *       auto-commit query whose PULL or DISCARD got DatabaseUnavailable (nothing written) is run
 *       again as below;
 *   <li>a unit (Bolt 3 and later) that loses its server before its COMMIT was sent (for an
 *       auto-commit write: its PULL or DISCARD), or whose commit is learnt not to have happened
 *       (below), is run again on the new leader; so is a read (explicit or auto-commit, in mode
 *       {@code r}, in which a server refuses to write) that loses its server at any point. Every
 *       request the client sent in the unit is sent again, its first with a new {@code ha_tx_id}
 *       for a write; a request that may commit waits for the check below. The answers the
 *       client already had are checked, not forwarded (a checksum of the records and of the
 *       summaries' fields, has_more, type and stats), and the client's next requests wait for the
 *       check: when the answers are the same, the unit goes on there as if nothing had happened;
 *       when they differ (another transaction changed what it read), or the unit was too large to
 *       keep ({@value Transcript#MAX_REQUESTS} requests, {@value Transcript#MAX_BYTES} bytes), it
 *       fails with {@code LeaderSwitch} as below. The first run never committed a write (no COMMIT
 *       reached its server, the fence made sure that it never will, or it was a read), so the
 *       second is the only one that can;
 *   <li>any other unit that loses its server after it began fails with {@code LeaderSwitch}
 *       (transient, so drivers run their retry logic);
 *   <li>a commit whose outcome is unknown is resolved: the proxy asks the leader to fence the
 *       unit's {@code ha_tx_id} through the Raft log, which answers the first outcome if the commit
 *       made it and otherwise guarantees that it never will; the client gets the real outcome
 *       (for an auto-commit write that committed before even its RUN was answered, only when the
 *       query has no fields: the proxy learns them from the leader, {@link #askFields}).
 *   <li>an auto-commit write that may commit in batches ({@code CALL { } IN TRANSACTIONS},
 *       {@link Unit#batched}) is never run or sent again once a server answered its RUN with
 *       SUCCESS (a RUN refused as above is sent again: a server runs nothing of a query, and so
 *       commits none of its batches, before it has answered the RUN).
 * </ul>
 * A server that is no longer the leader and has owed an answer for
 * {@value LeaderWatch#SILENCE_MILLIS} ms counts as lost, as if its connection had closed: a leader
 * that stopped or lost power never closes it ({@link #leaderLost}).
 */
final class ProxySession extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProxySession.class);
    /** Client requests buffered while no backend is ready, before reading pauses. */
    private static final int MAX_QUEUED = 256;
    /** The cluster's one database, as its servers name it in summaries and routing tables. */
    static final String DEFAULT_DATABASE = "memgraph";
    /**
     * How long learning a commit's outcome may look for a leader, at the least: giving up leaves the
     * client with an unknown outcome, the worst answer there is, so it waits as long as a driver
     * would retry a transaction (30 s by default), not only {@code num-retries} rounds.
     */
    static final long RESOLVE_SEARCH_NANOS = TimeUnit.SECONDS.toNanos(30);
    /**
     * How long a leader search goes on, at the least, once a server has answered that it knows no
     * leader: the cluster is electing one. A brand-new cluster elects its first about three election
     * timeouts after its servers start (its servers listen for two before they campaign), longer
     * than {@code num-retries} rounds take by default; a client connecting then waits for the
     * election instead of failing. Servers that answer nothing (all down) still fail the search
     * after {@code num-retries} rounds.
     */
    static final long ELECTION_SEARCH_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** What the client of a query that commits in batches is told when its server was lost during it. */
    static final String BATCHES_MAY_HAVE_COMMITTED = "The connection to the leader was lost while this query ran,"
            + " and it commits in batches (CALL { } IN TRANSACTIONS): its last batch was not committed, but batches"
            + " before it may have been; check the data before running it again";

    private final BoltProxy proxy;
    private final Channel client;
    private final BoltProtocol protocol;
    private final boolean hasTxMetadata;
    private StructShape shape;

    private ByteBuf hello;
    private ByteBuf logon;
    private Map<String, Object> routingContext;

    private Channel backend;
    private String backendAddress;
    /** The backend's server's activity record, for the {@link LeaderWatch}; set with the backend. */
    private LeaderWatch.Activity activity;
    /** Requests were written to the backend since its last flush. */
    private boolean sentSinceFlush;
    /** A check of requests waiting on a server that is not the leader is scheduled. */
    private boolean stuckCheckScheduled;
    private Search search;
    private Resolve resolve;
    /** An explicit transaction to run again on the leader being looked for, or null. */
    private Replay replay;
    /** The answers of a transaction run again, until they are checked against the client's; or null. */
    private Verify verify;

    /** Client requests not yet sent to the backend, oldest first. */
    private final ArrayDeque<Req> queued = new ArrayDeque<>();
    /** Requests sent to the backend and not yet answered with a summary, oldest first. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** The unit the client's latest requests belong to, or null between units. */
    private Unit unit;
    /** The proxy failed a request itself: everything is IGNORED until RESET (ACK_FAILURE in Bolt 1/2). */
    private boolean failedState;
    /** How often the current unit was sent again; bounded by the retry count. */
    private int resends;
    private boolean closing;
    private boolean closed;
    /** The client's HELLO was answered (by a server). */
    private boolean helloAnswered;
    /**
     * The backend's session is READY with no transaction and no result open, as its latest answer
     * left it: a RESET from the client then changes nothing there and is answered by the proxy.
     */
    private boolean backendClean;
    /**
     * True while a read callback of either connection runs: writes then wait for its
     * channelReadComplete, which flushes both connections once for the whole batch read.
     */
    private boolean inRead;

    ProxySession(BoltProxy proxy, Channel client, BoltProtocol protocol) {
        this.proxy = proxy;
        this.client = client;
        this.protocol = protocol;
        this.hasTxMetadata = protocol.supports(Request.Begin.class);
        this.shape = protocol.structShape(List.of());
    }

    // ------------------------------------------------------------------ client side

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inRead = true;
        try {
            fromClient(msg);
        } finally {
            inRead = false;
        }
    }

    private void fromClient(Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof FramingFailure f) {
            refuse("Bad Bolt message: " + f.reason());
            return;
        }
        ByteBuf body = (ByteBuf) msg;
        int sig = Messages.signature(body);
        RequestCodec<?> codec = sig < 0 ? null : protocol.requestCodecs().get((byte) sig);
        if (codec == null || codec.fieldCount() != Messages.fieldCount(body)) {
            body.release();
            refuse(codec == null ? "Bad Bolt message: not a request of Bolt " + protocol.version()
                    : "Bad Bolt message: " + codec.name() + " with " + Messages.fieldCount(body) + " field(s)");
            return;
        }
        queued.add(new Req(sig, body, System.nanoTime()));
        if (queued.size() >= MAX_QUEUED) {
            client.config().setAutoRead(false);
        }
        drain();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushBoth();
    }

    private void flushBoth() {
        if (backend != null) {
            if (sentSinceFlush) {
                sentSinceFlush = false;
                activity.sent();
            }
            backend.flush();
        }
        client.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (backend != null) {
            backend.config().setAutoRead(client.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && idle()) {
            LOG.info("Closing idle client connection {}", client.remoteAddress());
            close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("Client connection {} failed: {}", client.remoteAddress(), String.valueOf(cause));
        close();
    }

    /** Answers a request the proxy cannot read with a FAILURE and closes this connection only. */
    private void refuse(String why) {
        LOG.warn("Closing client connection {}: {}", client.remoteAddress(), why);
        closeWith(failure(Messages.REQUEST_INVALID, why));
    }

    /** Sends {@code last} (a FAILURE) to the client, then closes both connections. */
    private void closeWith(ByteBuf last) {
        if (closed) {
            last.release();
            return;
        }
        closed = true;
        releaseAll();
        closeBackend();
        client.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        proxy.sessionClosed(this);
    }

    io.netty.channel.EventLoop eventLoop() {
        return client.eventLoop();
    }

    /** True when no request is waiting and no unit is open. */
    boolean idle() {
        return queued.isEmpty() && inFlight.isEmpty() && unit == null && search == null && resolve == null
                && replay == null;
    }

    /** Graceful stop: closes now when idle, else when the running unit ends. */
    void closeWhenIdle() {
        closing = true;
        if (idle()) {
            close();
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseAll();
        closeBackend();
        client.flush(); // answers written in this read cycle (e.g. a COMMIT's before a graceful stop)
        client.close();
        proxy.sessionClosed(this);
    }

    private void releaseAll() {
        queued.forEach(r -> r.body.release());
        queued.clear();
        inFlight.forEach(InFlight::release);
        inFlight.clear();
        if (hello != null) {
            hello.release();
            hello = null;
        }
        if (logon != null) {
            logon.release();
            logon = null;
        }
        if (search != null) {
            search.cancel();
            search = null;
        }
        resolve = null;
        replay = null;
        verify = null;
    }

    // ------------------------------------------------------------------ processing client requests

    /** Processes queued client requests as far as the state allows. */
    private void drain() {
        // while a transaction run again is checked, the client's next requests wait: a COMMIT
        // must not reach the leader before the answers the client decided on are known to match
        while (!closed && !queued.isEmpty() && search == null && resolve == null && verify == null) {
            Req r = queued.peek();
            if (failedState) {
                if (!inFlight.isEmpty()) {
                    return; // local answers keep the order of the backend's
                }
                queued.poll();
                answerWhileFailed(r);
                continue;
            }
            if (!step(r)) {
                return;
            }
        }
        if (!closed && queued.size() < MAX_QUEUED / 2 && !client.config().isAutoRead()
                && (backend == null || backend.isWritable())) {
            client.config().setAutoRead(true);
        }
        if (!inRead) {
            flushBoth(); // written outside a read cycle (after a search, a timer)
        }
        if (closing && idle()) {
            close();
        }
    }

    /** Handles the head request; false when it must wait (for a backend or for in-flight answers). */
    private boolean step(Req r) {
        switch ((byte) r.sig) {
            case Signatures.HELLO -> {
                if (hello != null) {
                    queued.poll();
                    r.body.release();
                    refuse("HELLO was already sent on this connection");
                    return false;
                }
                try {
                    Request.Hello h = (Request.Hello) decode(r.body);
                    protocol.checkHello(h.extra());
                    routingContext = protocol.routingContext(h.extra());
                } catch (InvalidMessageException | PackStreamException e) {
                    queued.poll();
                    r.body.release();
                    refuse("Bad HELLO: " + e.getMessage());
                    return false;
                }
                queued.poll();
                hello = r.body;
                startSearch(true);
                return false;
            }
            case Signatures.GOODBYE -> {
                queued.poll();
                r.body.release();
                if (backend != null) {
                    backend.writeAndFlush(Messages.goodbye(backend.alloc()));
                }
                close();
                return false;
            }
            case Signatures.ROUTE -> {
                if (!inFlight.isEmpty()) {
                    return false;
                }
                queued.poll();
                answerRoute(r);
                return true;
            }
            case Signatures.RESET, Signatures.ACK_FAILURE -> {
                if (backend == null || (backendClean && inFlight.isEmpty() && unit == null)) {
                    // Drivers send a RESET whenever they return a connection to their pool: with
                    // the backend idle it is answered here, sparing the leader a round trip
                    if (!inFlight.isEmpty()) {
                        return false;
                    }
                    queued.poll();
                    r.body.release();
                    unit = null;
                    client.write(Messages.success(client.alloc(), Map.of()));
                    return true;
                }
                queued.poll();
                forward(r, null);
                return true;
            }
            case Signatures.BEGIN -> {
                return startUnit(r, true);
            }
            case Signatures.RUN -> {
                if (unit != null && unit.explicit) {
                    if (unit.lost) {
                        return failLostUnit(r);
                    }
                    queued.poll();
                    forward(r, unit);
                    return true;
                }
                return startUnit(r, false);
            }
            case Signatures.COMMIT, Signatures.ROLLBACK, Signatures.PULL, Signatures.DISCARD -> {
                Unit u = unit;
                if (u != null && u.lost) {
                    if (r.sig == Signatures.ROLLBACK) {
                        // the transaction died with its server: rolled back already
                        queued.poll();
                        r.body.release();
                        unit = null;
                        client.write(Messages.success(client.alloc(), Map.of()));
                        return true;
                    }
                    return failLostUnit(r);
                }
                if (backend == null) {
                    startSearch(false);
                    return false;
                }
                queued.poll();
                if (u != null && commits(u, r.sig)) {
                    u.commitSent = true;
                }
                forward(r, u);
                return true;
            }
            default -> {
                if (hello == null) {
                    queued.poll();
                    r.body.release();
                    refuse("Bad Bolt message: " + Messages.name(r.sig) + " before HELLO");
                    return false;
                }
                if (backend == null) {
                    startSearch(false);
                    return false;
                }
                queued.poll();
                forward(r, null);
                return true;
            }
        }
    }

    /** BEGIN, or a RUN outside an explicit transaction: a new unit, maybe on a new leader first. */
    private boolean startUnit(Req r, boolean explicit) {
        if (backend == null) {
            startSearch(false);
            return false;
        }
        if (inFlight.isEmpty() && !onLeader()) {
            closeBackend(); // between units: move to the leader silently
            startSearch(false);
            return false;
        }
        boolean read = false;
        String txId = null;
        String database = null;
        ByteBuf sent = r.body;
        if (hasTxMetadata) {
            try {
                Messages.Extra extra = Messages.extra(r.body, shape);
                read = "r".equals(extra.map().get("mode"));
                database = extra.map().get("db") instanceof String db ? db : null;
                txId = read ? null : proxy.newTxId();
                sent = tagged(r.body, extra, txId);
            } catch (PackStreamException | ClassCastException e) {
                queued.poll();
                r.body.release();
                refuse("Bad " + Messages.name(r.sig) + ": " + e.getMessage());
                return false;
            }
        }
        queued.poll();
        Unit u = new Unit(explicit, read, txId, database, r.arrived);
        u.batched = hasTxMetadata && !explicit && !read && Messages.mayCommitInBatches(r.body, shape);
        if (hasTxMetadata) {
            u.transcript = new Transcript();
            u.transcript.request(r.sig, r.body);
        }
        unit = u;
        InFlight f = new InFlight(r, u, true);
        inFlight.add(f);
        backend.write(sent == r.body ? r.body.retainedDuplicate() : sent);
        sent();
        if (!backend.isWritable()) {
            client.config().setAutoRead(false);
        }
        return true;
    }

    /**
     * A unit's first request as the proxy sends it: a write carries {@code txId} as its {@code
     * ha_tx_id}; a read ({@code txId} null) may be answered only by the leader: one that lost its
     * leadership unawares refuses, and the read goes to the new leader instead of reading state
     * older than the client's.
     */
    private ByteBuf tagged(ByteBuf body, Messages.Extra extra, String txId) {
        return Messages.withTxMetadata(client.alloc(), body, shape, extra,
                txId != null ? Map.of(Messages.HA_TX_ID, txId) : Map.of(Messages.HA_LEADER_READ, true));
    }

    /** True when the backend is the leader as far as the proxy knows. */
    private boolean onLeader() {
        String leader = proxy.locator().leader();
        return leader == null || leader.equals(backendAddress);
    }

    private void forward(Req r, Unit u) {
        if (u != null && u.transcript != null) {
            u.transcript.request(r.sig, r.body);
        }
        inFlight.add(new InFlight(r, u, false));
        backend.write(r.body.retainedDuplicate());
        sent();
        if (!backend.isWritable()) {
            client.config().setAutoRead(false);
        }
    }

    /** A client request was written to the backend. */
    private void sent() {
        sentSinceFlush = true;
        if (!stuckCheckScheduled && !backendIsLeader()) {
            // e.g. the rest of a transaction on a leader that has been replaced: if it went silent,
            // nobody else will notice
            scheduleStuckCheck(TimeUnit.MILLISECONDS.toNanos(LeaderWatch.SILENCE_MILLIS));
        }
    }

    /** True when the backend's server is the leader as far as the proxy knows (false when none is known). */
    private boolean backendIsLeader() {
        String leader = proxy.locator().leader();
        return leader != null && leader.equals(backendAddress);
    }

    /**
     * The proxy no longer takes {@code address} for the leader (another server leads, or none is
     * known). If this session's requests wait on that server and the oldest has waited
     * {@value LeaderWatch#SILENCE_MILLIS} ms, the server is given up on as if its connection had
     * closed, and the failover rules apply (the requests are sent again, the commit is resolved, or
     * the transaction fails with LeaderSwitch); a leader that stopped or lost power never closes
     * it. A younger request is looked at again when it is that old: a live server that has just
     * handed its leadership over answers it by then.
     */
    void leaderLost(String address) {
        if (address.equals(backendAddress)) {
            checkStuck();
        }
    }

    /** Gives up on a backend that is not the leader and owes an answer that is old enough (see {@link #leaderLost}). */
    private void checkStuck() {
        if (closed || backend == null || inFlight.isEmpty() || backendIsLeader()) {
            return;
        }
        InFlight head = inFlight.peek();
        long waited = System.nanoTime() - head.sentNanos;
        long silence = TimeUnit.MILLISECONDS.toNanos(LeaderWatch.SILENCE_MILLIS);
        if (waited < silence) {
            scheduleStuckCheck(silence - waited);
            return;
        }
        LOG.info("{} is not the leader any more and has not answered {} in {} ms; giving up on it", backendAddress,
                Messages.name(head.sig), TimeUnit.NANOSECONDS.toMillis(waited));
        backend.close(); // channelInactive: backendLost()
    }

    /**
     * Runs {@link #checkStuck} in {@code delayNanos}; a check already scheduled (never more than
     * {@value LeaderWatch#SILENCE_MILLIS} ms away) stands for it, and schedules the next if needed.
     */
    private void scheduleStuckCheck(long delayNanos) {
        if (stuckCheckScheduled) {
            return;
        }
        stuckCheckScheduled = true;
        client.eventLoop().schedule(() -> {
            stuckCheckScheduled = false;
            checkStuck();
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** A request inside a transaction whose server died: LeaderSwitch, then IGNORED until RESET. */
    private boolean failLostUnit(Req r) {
        if (!inFlight.isEmpty()) {
            return false;
        }
        queued.poll();
        r.body.release();
        unit = null;
        failedState = true;
        client.write(failure(Messages.LEADER_SWITCH,
                "The leader changed during this transaction, so it was rolled back and nothing of it was"
                        + " committed; run it again"));
        return true;
    }

    private void answerWhileFailed(Req r) {
        r.body.release();
        if (r.sig == Signatures.RESET || r.sig == Signatures.ACK_FAILURE) {
            failedState = false;
            unit = null;
            if (backend != null) {
                // the backend may still hold state of the failed unit: reset it quietly
                inFlight.add(InFlight.internal(Signatures.RESET, body -> body.release()));
                backend.write(Messages.reset(backend.alloc()));
            }
            client.write(Messages.success(client.alloc(), Map.of()));
        } else if (r.sig == Signatures.GOODBYE) {
            close();
        } else {
            client.write(Messages.ignored(client.alloc()));
        }
    }

    private void answerRoute(Req r) {
        String db = null;
        try {
            Request.Route route = (Request.Route) decode(r.body);
            db = route.extra().get("db") instanceof String s ? s : null;
        } catch (InvalidMessageException | PackStreamException | ClassCastException e) {
            r.body.release();
            refuse("Bad ROUTE: " + e.getMessage());
            return;
        }
        r.body.release();
        List<String> self = List.of(ownAddress());
        List<Map<String, Object>> servers = List.of(
                Map.of("addresses", self, "role", "ROUTE"),
                Map.of("addresses", self, "role", "READ"),
                Map.of("addresses", self, "role", "WRITE"));
        Map<String, Object> rt = new LinkedHashMap<>();
        rt.put("ttl", 300L);
        rt.put("db", db == null ? DEFAULT_DATABASE : db);
        rt.put("servers", servers);
        client.write(Messages.success(client.alloc(), Map.of("rt", rt)));
    }

    /** The address the client reached the proxy at: its routing context, else the socket's. */
    private String ownAddress() {
        if (routingContext != null && routingContext.get("address") instanceof String s && !s.isBlank()) {
            return s;
        }
        SocketAddress local = client.localAddress();
        if (local instanceof InetSocketAddress inet) {
            return new Endpoint(inet.getAddress().getHostAddress(), inet.getPort()).toString();
        }
        return String.valueOf(local);
    }

    private Request decode(ByteBuf body) {
        return protocol.decodeRequest(new PackStreamReader(body.duplicate(), shape));
    }

    // ------------------------------------------------------------------ backend side

    /** Handles what the backend sends; installed when a backend is ready. */
    private final class BackendHandler extends ChannelInboundHandlerAdapter {
        private final Channel channel;

        BackendHandler(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (channel != backend || closed) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (!(msg instanceof ByteBuf body)) {
                LOG.warn("Backend {} sent a broken message stream ({}); dropping it", backendAddress, msg);
                channel.close();
                return;
            }
            inRead = true;
            try {
                fromBackend(body);
            } finally {
                inRead = false;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (channel == backend && activity != null) {
                activity.answered();
            }
            // also when this connection was just dropped: what its answers made is for the client
            if (!closed) {
                flushBoth();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (channel == backend && !closed) {
                client.config().setAutoRead(channel.isWritable() && queued.size() < MAX_QUEUED);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (channel == backend && !closed) {
                backendLost();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("Connection to {} failed: {}", backendAddress, String.valueOf(cause));
            ctx.close();
        }
    }

    private void fromBackend(ByteBuf body) {
        InFlight head = inFlight.peek();
        if (head == null) {
            body.release();
            LOG.warn("Backend {} answered a request that was not sent; closing the client connection", backendAddress);
            close();
            return;
        }
        int sig = Messages.signature(body);
        if (verify != null && head.internal == null && head.unit == verify.unit) {
            checkReplayed(head, sig, body);
            return;
        }
        if (sig == Signatures.RECORD) {
            if (head.internal != null) {
                body.release();
            } else {
                if (head.unit != null && head.unit.transcript != null) {
                    head.unit.transcript.answer(sig, body);
                }
                client.write(body);
                if (!client.isWritable()) {
                    backend.config().setAutoRead(false);
                }
            }
            return;
        }
        inFlight.poll();
        if (head.internal != null) {
            backendClean = sig == Signatures.SUCCESS && (head.sig == Signatures.RESET || head.sig == Signatures.COMMIT);
            head.internal.answer(body);
            drain();
            return;
        }
        try {
            summary(head, sig, body);
        } finally {
            head.release();
        }
        drain();
    }

    private void summary(InFlight head, int sig, ByteBuf body) {
        Unit u = head.unit;
        backendClean = false; // until a SUCCESS below says the session is READY again
        if (sig == Signatures.FAILURE) {
            Map<String, Object> meta = safeMetadata(body);
            String code = ResponseCodec.failureCode(meta);
            boolean refused = Messages.NOT_A_LEADER.equals(code) || Messages.UNAVAILABLE.equals(code);
            if (refused && head.unitStart && !u.answered && resends < proxy.settings().numRetries()) {
                // refused before anything ran (not the leader, or not ready, or stopping): send the
                // unit and all after it to the leader. This holds for a query that commits in
                // batches too: a server runs nothing of a query before it has answered its RUN.
                body.release();
                proxy.metrics().resent(ProxyMetrics.Resend.REFUSED);
                LOG.debug("{} refused by {} ({}); sending it to the leader", Messages.name(head.req.sig),
                        backendAddress, code);
                proxy.locator().forget(backendAddress);
                resends++;
                requeue(head);
                closeBackend();
                return;
            }
            if (u != null && u.txId != null && u.commitSent && Messages.REPLICATION_TIMEOUT.equals(code)
                    && (head.req.sig == Signatures.COMMIT || !u.explicit)) {
                body.release();
                LOG.info("Commit of {} timed out on {}: resolving its outcome", u.txId, backendAddress);
                startResolve(u, head);
                return;
            }
            if (Messages.UNAVAILABLE.equals(code) && u != null && !u.explicit && u == unit
                    && (head.req.sig == Signatures.PULL || head.req.sig == Signatures.DISCARD)
                    && runAgainAfterRefusedCommit(u, head)) {
                body.release();
                return;
            }
            endUnit(u);
            if (Messages.NOT_A_LEADER.equals(code) && u != null) {
                body.release();
                client.write(failure(Messages.LEADER_SWITCH,
                        String.valueOf(meta.get("message")) + " (the transaction was rolled back; run it again)"));
                return;
            }
            client.write(body);
            return;
        }
        if (sig == Signatures.SUCCESS) {
            switch ((byte) head.req.sig) {
                case Signatures.BEGIN, Signatures.RUN -> {
                    if (u != null) {
                        u.answered = true;
                    }
                    resends = 0;
                }
                case Signatures.PULL, Signatures.DISCARD -> {
                    if (u != null && !u.explicit && !Messages.hasMore(body)) {
                        endUnit(u);
                        // Bolt 1/2 carry BEGIN and COMMIT as queries, so only Bolt 3+ knows it ended
                        backendClean = hasTxMetadata;
                    }
                }
                case Signatures.COMMIT, Signatures.ROLLBACK, Signatures.RESET, Signatures.ACK_FAILURE -> {
                    endUnit(u);
                    backendClean = hasTxMetadata;
                    if (head.req.sig == Signatures.RESET || head.req.sig == Signatures.ACK_FAILURE) {
                        unit = null;
                    }
                }
                case Signatures.LOGON -> {
                    if (logon != null) {
                        logon.release();
                    }
                    logon = head.req.body.retain();
                    backendClean = true;
                }
                case Signatures.LOGOFF -> {
                    if (logon != null) {
                        logon.release();
                        logon = null;
                    }
                }
                default -> { }
            }
            if (u != null && u.transcript != null) {
                u.transcript.answer(sig, body);
            }
        } else if (head.unitStart && u != null && u == unit && !u.answered) {
            unit = null; // IGNORED: the unit never ran
        }
        client.write(body);
    }

    private void endUnit(Unit u) {
        if (u == null) {
            return;
        }
        if (u == unit) {
            unit = null;
        }
        if (!u.timed) {
            u.timed = true;
            proxy.metrics().unitEnded(u.explicit, u.read, System.nanoTime() - u.started);
        }
    }

    private static Map<String, Object> safeMetadata(ByteBuf body) {
        try {
            return Messages.metadata(body);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** Puts {@code head} and every request still in flight back at the front of the queue, in order. */
    private void requeue(InFlight head) {
        List<Req> again = new ArrayList<>();
        if (head != null && head.req != null) {
            again.add(head.req.retain());
        }
        for (InFlight f : inFlight) {
            if (f.req != null) {
                again.add(f.req.retain());
            }
        }
        inFlight.forEach(InFlight::release);
        inFlight.clear();
        for (int i = again.size() - 1; i >= 0; i--) {
            queued.addFirst(again.get(i));
        }
        unit = null;
    }

    /** The backend connection closed while the session still uses it. */
    private void backendLost() {
        String lost = backendAddress;
        backend = null;
        backendAddress = null;
        proxy.locator().forget(lost);
        InFlight head = inFlight.peek();
        if (head == null) {
            if (unit != null && !startReplay(lost)) {
                unit.lost = true; // its next request gets LeaderSwitch
            }
            if (closing) {
                close();
            } else {
                drain();
            }
            return;
        }
        Unit u = head.unit;
        boolean mayHaveCommitted = false;
        for (InFlight f : inFlight) {
            if (f.unit != null && !f.unit.read && f.unit.commitSent) {
                mayHaveCommitted = true;
                break;
            }
        }
        if (resolve != null) {
            // the fence's connection died: ask again
            if (!retryResolve("connection lost")) {
                inFlight.clear();
                searchFailed("the fence's connection was lost " + resolve.attempts + " times", null);
            }
            return;
        }
        if (verify != null || (u != null && u == unit && u.answered)) {
            if (startReplay(lost)) {
                return;
            }
            if (verify != null) {
                rejectReplay(verify, "lost its server too");
                return;
            }
        }
        if (head.internal != null) {
            // only quiet RESETs are internal outside a resolve: nothing to tell the client
            inFlight.poll();
            requeue(null);
            drain();
            return;
        }
        if (!mayHaveCommitted && resends < proxy.settings().numRetries()
                && (u == null || (head.unitStart && !u.answered))) {
            proxy.metrics().resent(ProxyMetrics.Resend.LOST);
            LOG.info("Lost {} before it answered; sending {} request(s) again to the leader", lost, inFlight.size());
            resends++;
            inFlight.poll();
            requeue(head);
            head.release();
            drain();
            return;
        }
        if (u != null && u.txId != null && mayHaveCommitted && u.commitSent) {
            LOG.info("Lost {} while committing {}: resolving its outcome", lost, u.txId);
            inFlight.poll();
            startResolve(u, head);
            head.release();
            return;
        }
        // the unit ran on the lost server and did not commit there (or cannot be resolved)
        if (u != null && u.batched && u.answered) {
            failInFlight(Messages.OUTCOME_UNKNOWN, BATCHES_MAY_HAVE_COMMITTED);
            drain();
            return;
        }
        String code = mayHaveCommitted ? Messages.OUTCOME_UNKNOWN : Messages.LEADER_SWITCH;
        String message = mayHaveCommitted
                ? "The connection to the leader " + lost + " was lost while committing, and this transaction"
                        + " carries no id to learn its outcome by; it may or may not have been committed"
                : "The connection to the leader " + lost + " was lost during this transaction, so it was rolled"
                        + " back and nothing of it was committed; run it again";
        failInFlight(code, message);
        drain();
    }

    /** Answers every request in flight: the first with a FAILURE, the rest IGNORED; then IGNORED until RESET. */
    /** A failure the proxy answers itself, counted by its code. */
    private ByteBuf failure(String code, String message) {
        proxy.metrics().failure(code);
        return Messages.failure(client.alloc(), protocol.gqlErrors(), code, message);
    }

    private void failInFlight(String code, String message) {
        int awaited = 0;
        for (InFlight f : inFlight) {
            if (f.internal == null) {
                awaited++;
            }
            f.release();
        }
        inFlight.clear();
        failAwaited(awaited, code, message);
    }

    /**
     * Answers {@code awaited} client requests (none in flight any more): the first with a FAILURE,
     * the rest IGNORED; then IGNORED until RESET.
     */
    private void failAwaited(int awaited, String code, String message) {
        for (int i = 0; i < awaited; i++) {
            client.write(i == 0 ? failure(code, message)
                    : Messages.ignored(client.alloc()));
        }
        unit = null;
        failedState = true;
    }

    private void closeBackend() {
        Channel ch = backend;
        backend = null;
        backendAddress = null;
        if (ch != null) {
            ch.close();
        }
    }

    // ------------------------------------------------------------------ resolving a commit's outcome

    /**
     * The outcome of {@code u}'s commit is unknown: its server died or timed out after the COMMIT
     * (or the auto-commit PULL) was sent. {@code head} is the request waiting for the answer; the
     * requests after it stay in flight until the outcome is known.
     */
    private void startResolve(Unit u, InFlight head) {
        List<InFlight> rest = new ArrayList<>(inFlight);
        inFlight.clear();
        resolve = new Resolve(u, head.retain(), rest);
        closeBackend();
        startSearch(false);
    }

    /** Sends the fence for the pending resolve on the freshly opened backend. */
    private void sendResolve() {
        Resolve r = resolve;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(Messages.HA_TX_ID, r.unit.txId);
        meta.put(Messages.HA_TX_RESOLVE, true);
        ByteBuf begin = Messages.begin(backend.alloc(), protocol, shape, meta);
        r.beginFailure = null;
        inFlight.add(InFlight.internal(Signatures.BEGIN, body -> {
            if (Messages.signature(body) == Signatures.FAILURE) {
                r.beginFailure = safeMetadata(body);
            }
            body.release();
        }));
        inFlight.add(InFlight.internal(Signatures.COMMIT, this::resolved));
        // No RESET after them: a server IGNOREs every request queued before a RESET. A failed
        // fence leaves the backend failed, and the client's RESET (it gets a FAILURE) clears it.
        backend.write(begin);
        backend.write(Messages.commit(backend.alloc()));
        backend.flush();
        activity.sent();
    }

    /** The answer to the fence's COMMIT. */
    private void resolved(ByteBuf body) {
        Resolve r = resolve;
        int sig = Messages.signature(body);
        Map<String, Object> meta = sig == Signatures.SUCCESS || sig == Signatures.FAILURE ? safeMetadata(body)
                : r.beginFailure != null ? r.beginFailure : Map.of("message", "the fence was IGNORED");
        body.release();
        String code = ResponseCodec.failureCode(meta);
        if (sig != Signatures.SUCCESS && !Messages.NOT_COMMITTED.equals(code)) {
            if (!Messages.REQUEST_INVALID.equals(code) && retryResolve(code + ": " + meta.get("message"))) {
                return;
            }
            finishResolve(null, Messages.OUTCOME_UNKNOWN, "The leader was lost while this transaction committed,"
                    + " and its outcome could not be learnt (" + meta.get("message") + "); it may or may not have"
                    + " been committed");
            return;
        }
        if (sig == Signatures.SUCCESS) {
            proxy.metrics().resolvedCommitted.increment();
            LOG.info("Transaction {} had committed (bookmark {})", r.unit.txId, meta.get("bookmark"));
            String bookmark = meta.get("bookmark") instanceof String b ? b : null;
            if (!askFields(r, bookmark)) {
                finishResolve(bookmark, null, null);
            }
        } else {
            proxy.metrics().resolvedNotCommitted.increment();
            LOG.info("Transaction {} had not committed, and now never will", r.unit.txId);
            if (r.unit.batched) {
                finishResolve(null, Messages.OUTCOME_UNKNOWN, BATCHES_MAY_HAVE_COMMITTED);
                return;
            }
            if (replayUncommitted(r)) {
                return;
            }
            finishResolve(null, Messages.LEADER_SWITCH, "The leader changed while this transaction committed; it"
                    + " was not committed (and now never will be), so it is safe to run it again");
        }
    }

    /**
     * An auto-commit write that committed, though its server died before it answered even its RUN
     * (a server sends a write's answers when its commit is durable): the client awaits the RUN's
     * {@code fields} and the stream, which the proxy never saw. Asks this leader for the fields:
     * the same query in a transaction that is rolled back before anything is pulled. A query
     * without fields (a write that returns nothing, as most do) has no records, so the client then
     * gets its whole answer ({@link #fieldsLearnt}). Asked once per resolve.
     *
     * @return false when this does not apply: the caller answers as before
     */
    private boolean askFields(Resolve r, String bookmark) {
        Unit u = r.unit;
        Transcript t = u.transcript;
        if (r.fieldsAsked || u.explicit || u.answered || t == null || t.overflow || t.requests.isEmpty()
                || t.requests.get(0).sig() != Signatures.RUN || r.head.req == null
                || r.head.req.sig() != Signatures.RUN || r.rest.size() != 1 || r.rest.get(0).unit != u
                || r.rest.get(0).req == null || (r.rest.get(0).req.sig() != Signatures.PULL
                        && r.rest.get(0).req.sig() != Signatures.DISCARD)) {
            return false;
        }
        ByteBuf run;
        try {
            run = Messages.withEmptyExtra(backend.alloc(), Unpooled.wrappedBuffer(t.requests.get(0).bytes()), shape);
        } catch (PackStreamException | ClassCastException e) {
            LOG.warn("Cannot ask for the fields of {}: its RUN no longer reads: {}", u.txId, e.toString());
            return false;
        }
        r.fieldsAsked = true;
        Object[] fields = new Object[1];
        inFlight.add(InFlight.internal(Signatures.BEGIN, ByteBuf::release));
        inFlight.add(InFlight.internal(Signatures.RUN, body -> {
            if (Messages.signature(body) == Signatures.SUCCESS) {
                fields[0] = safeMetadata(body).get("fields");
            }
            body.release();
        }));
        // after a FAILURE the ROLLBACK is IGNORED and the session stays failed: the client, which
        // then gets a FAILURE, sends a RESET, and the proxy resets the backend with it
        inFlight.add(InFlight.internal(Signatures.ROLLBACK, body -> {
            body.release();
            fieldsLearnt(r, bookmark, fields[0]);
        }));
        backend.write(Messages.begin(backend.alloc(), protocol, shape, Map.of()));
        backend.write(run);
        backend.write(Messages.rollback(backend.alloc()));
        backend.flush();
        activity.sent();
        return true;
    }

    /**
     * The answer to {@link #askFields}: with no fields, the client gets the RUN's SUCCESS and the
     * PULL's (or DISCARD's) SUCCESS with the commit's bookmark, as if its server had answered (no
     * {@code stats}: the proxy never saw them); otherwise, or when the query failed, the answer of
     * before ({@code CommitOutcomeUnknown}, "committed").
     */
    private void fieldsLearnt(Resolve r, String bookmark, Object fields) {
        if (resolve != r) {
            return;
        }
        if (!(fields instanceof List<?> l) || !l.isEmpty()) {
            finishResolve(bookmark, null, null);
            return;
        }
        LOG.info("{} has no fields: the client gets its answer", r.unit.name());
        resolve = null;
        endUnit(r.unit);
        client.write(Messages.success(client.alloc(), Map.of("fields", List.of(), "t_first", 0L)));
        client.write(committed(r.unit, bookmark));
        r.head.release();
        r.rest.forEach(InFlight::release);
        drain();
    }

    /**
     * The SUCCESS that ends {@code u} once its commit is known to have happened: a COMMIT's, or an
     * auto-commit write's last PULL's (with {@code type: w}), with the commit's bookmark if known.
     */
    private ByteBuf committed(Unit u, Object bookmark) {
        Map<String, Object> meta = new LinkedHashMap<>();
        if (bookmark != null) {
            meta.put("bookmark", bookmark);
        }
        if (!u.explicit) {
            // as a server ends a stream: Bolt 4 and later name the database the result came from
            protocol.streamEnd(meta, Map.of("type", "w"), 0, u.database != null ? u.database : DEFAULT_DATABASE);
        }
        return Messages.success(client.alloc(), meta);
    }

    /**
     * Tries the fence again on a fresh connection to the leader after the retry delay.
     *
     * @return false when the attempts are used up
     */
    private boolean retryResolve(String why) {
        Resolve r = resolve;
        r.attempts++;
        if (r.attempts >= proxy.settings().numRetries() && resolveBudget() == 0) {
            return false;
        }
        LOG.info("Resolving {} on {} failed ({}); trying again", r.unit.txId, backendAddress, why);
        inFlight.clear(); // only the fence's own requests: their answers will never come
        closeBackend();
        client.eventLoop().schedule(() -> {
            if (!closed && resolve == r) {
                startSearch(false);
            }
        }, proxy.settings().retryDelay().toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    /**
     * Answers the request that waited for the outcome, and the requests after it.
     *
     * @param bookmark the bookmark of the commit when it was committed, else null
     */
    private void finishResolve(Object bookmark, String code, String message) {
        Resolve r = resolve;
        resolve = null;
        Unit u = r.unit;
        endUnit(u);
        InFlight head = r.head;
        boolean answeredStream = u.explicit || u.answered;
        if (code == null && answeredStream) {
            client.write(committed(u, bookmark));
            head.release();
            // the requests after the unit never reached a server that answered them: send them again
            List<Req> again = new ArrayList<>();
            for (InFlight f : r.rest) {
                if (f.req != null) {
                    again.add(f.req.retain());
                }
                f.release();
            }
            for (int i = again.size() - 1; i >= 0; i--) {
                queued.addFirst(again.get(i));
            }
        } else {
            if (code == null) {
                code = Messages.OUTCOME_UNKNOWN;
                message = "The query committed (bookmark " + bookmark + "), but its server died before its result"
                        + " reached the proxy; do not run it again";
            }
            inFlight.add(head);
            inFlight.addAll(r.rest);
            failInFlight(code, message);
        }
        drain();
    }

    // ------------------------------------------------------------------ running a transaction again

    /**
     * The server of the current unit was lost: a write before its COMMIT (or auto-commit PULL or
     * DISCARD) was sent, or a read (explicit or auto-commit; a server refuses writes in mode {@code
     * r}, so a read commits nothing) at any point. Looks for the leader to run the unit again there
     * (see the class comment).
     *
     * @return false when it cannot be run again (too large, a write's commit sent, the retries used
     *     up, or requests of other units in flight): the caller fails it as before
     */
    private boolean startReplay(String lost) {
        Unit u = verify != null ? verify.unit : unit;
        if (u == null || (u.commitSent && !u.read) || !replayable(u)) {
            return false;
        }
        int awaited = 0;
        for (InFlight f : inFlight) {
            if (f.internal == null) {
                awaited++;
            }
        }
        long target = u.transcript.messages;
        long crc = u.transcript.crc.getValue();
        if (verify != null) {
            // lost again while checking: the client still has what it had the first time
            target = verify.target;
            crc = verify.crc;
            awaited -= verify.silentLeft;
            verify = null;
        }
        resends++;
        inFlight.forEach(InFlight::release);
        inFlight.clear();
        unit = u;
        replay = new Replay(u, List.copyOf(u.transcript.requests), target, crc, awaited);
        proxy.metrics().reruns.increment();
        LOG.info("Lost {} during {} ({} request(s), {} answer(s) forwarded); running it again on the"
                + " leader", lost, u.name(), replay.requests().size(), target);
        startSearch(false);
        return true;
    }

    /**
     * Whether {@code u} can be run again from its transcript: it is kept whole, starts as a unit
     * does, the retry count allows one more, and every request in flight belongs to it.
     */
    private boolean replayable(Unit u) {
        if (u.batched || u.transcript == null || u.transcript.overflow || u.transcript.requests.isEmpty()
                || u.transcript.requests.get(0).sig() != (u.explicit ? Signatures.BEGIN : Signatures.RUN)
                || resends >= proxy.settings().numRetries()) {
            return false;
        }
        for (InFlight f : inFlight) {
            if (f.internal == null && f.unit != u) {
                return false;
            }
        }
        return true;
    }

    /**
     * The PULL or DISCARD of auto-commit unit {@code u} (just taken off {@link #inFlight}) was
     * answered DatabaseUnavailable: its server did not accept the commit, or could not confirm a
     * read, and wrote nothing (a server answers that code only then; for example while it shuts
     * down). So the unit is run again on the leader as after a lost connection, that request
     * waiting for the check as after a fence that says "not committed"; not when records of it
     * already reached the client.
     *
     * @return false when it cannot be run again: the client then gets the FAILURE as it came
     */
    private boolean runAgainAfterRefusedCommit(Unit u, InFlight head) {
        if (!replayable(u) || u.transcript.midStream) {
            return false;
        }
        String refusedBy = backendAddress;
        LOG.info("{} refused by {} without writing anything: running it again on the leader", u.name(), refusedBy);
        inFlight.addFirst(head.retain()); // the client still awaits its answer
        u.commitSent = false; // nothing was committed
        proxy.locator().forget(refusedBy);
        closeBackend();
        return startReplay(refusedBy);
    }

    /**
     * The commit of {@code r}'s unit is known not to have happened, and the fence made sure it
     * never will: runs the whole unit again on this leader, its COMMIT (or an auto-commit write's
     * PULL or DISCARD) once the answers are checked.
     *
     * @return false when it cannot be run again: the client gets LeaderSwitch as before
     */
    private boolean replayUncommitted(Resolve r) {
        Unit u = r.unit;
        if (r.head.req == null || !replayable(u)) {
            return false;
        }
        int awaited = 1 + r.rest.size();
        if (u.explicit) {
            if (!r.rest.isEmpty() || r.head.req.sig() != Signatures.COMMIT) {
                return false;
            }
        } else {
            // an auto-commit write: its RUN (when unanswered) and its PULL or DISCARD; none of its
            // records forwarded yet, since that PULL, which commits, waits for the check
            if (u.transcript.midStream) {
                return false;
            }
            for (InFlight f : r.rest) {
                if (f.internal != null || f.unit != u) {
                    return false;
                }
            }
        }
        resends++;
        resolve = null;
        r.head.release();
        // the fence left this connection's session failed: reset it first, quietly
        inFlight.add(InFlight.internal(Signatures.RESET, ByteBuf::release));
        backend.write(Messages.reset(backend.alloc()));
        for (InFlight f : r.rest) {
            f.release();
        }
        replay = new Replay(u, List.copyOf(u.transcript.requests), u.transcript.messages, u.transcript.crc.getValue(),
                awaited);
        proxy.metrics().reruns.increment();
        LOG.info("Running {} again on {} ({} request(s))", u.name(), backendAddress, replay.requests().size());
        sendReplay();
        drain();
        return true;
    }

    /**
     * Sends the pending replay's requests to the fresh backend, its BEGIN (or auto-commit RUN) with
     * a new {@code ha_tx_id}. A request the client awaits that may commit (a COMMIT, or a write's
     * auto-commit PULL or DISCARD), and what follows it, go back to the queue: they are sent only
     * once the answers are checked.
     */
    private void sendReplay() {
        Replay rp = replay;
        replay = null;
        Unit old = rp.unit();
        ByteBuf begin = Unpooled.wrappedBuffer(rp.requests().get(0).bytes());
        ByteBuf tagged;
        String txId = old.txId == null ? null : proxy.newTxId();
        try {
            tagged = tagged(begin, Messages.extra(begin, shape), txId);
        } catch (PackStreamException | ClassCastException e) {
            begin.release();
            LOG.warn("Cannot run transaction {} again: its BEGIN no longer reads: {}", old.txId, e.toString());
            failReplayed(old, rp.pending(), "its BEGIN could not be read again");
            return;
        }
        Unit u = new Unit(old.explicit, old.read, txId, old.database, old.started);
        u.transcript = new Transcript();
        int silent = rp.requests().size() - rp.pending();
        List<Req> held = new ArrayList<>();
        for (int i = 0; i < rp.requests().size(); i++) {
            Sent s = rp.requests().get(i);
            Req r = new Req(s.sig(), i == 0 ? begin : Unpooled.wrappedBuffer(s.bytes()), old.started);
            if (i >= silent && (commits(old, s.sig()) || !held.isEmpty())) {
                held.add(r);
                continue;
            }
            u.transcript.request(r.sig, r.body);
            inFlight.add(new InFlight(r, u, i == 0));
            backend.write(i == 0 ? tagged : r.body.retainedDuplicate());
        }
        for (int i = held.size() - 1; i >= 0; i--) {
            queued.addFirst(held.get(i));
        }
        unit = u;
        backendClean = false;
        verify = rp.target() == 0 ? null : new Verify(u, rp.target(), rp.crc(), silent);
        sent();
    }

    /**
     * Whether request {@code sig} of {@code u} may commit: a COMMIT, or the PULL or DISCARD of an
     * auto-commit write (a read's PULLs commit nothing).
     */
    private static boolean commits(Unit u, int sig) {
        return sig == Signatures.COMMIT
                || (!u.explicit && !u.read && (sig == Signatures.PULL || sig == Signatures.DISCARD));
    }

    /**
     * An answer to a request of a transaction run again, while its answers are checked: counted
     * into the checksum and dropped, up to as many answers as the client had; then the checksums
     * are compared, and the answers after them go to the client as usual.
     */
    private void checkReplayed(InFlight head, int sig, ByteBuf body) {
        Verify v = verify;
        if (sig != Signatures.RECORD) {
            if (sig != Signatures.SUCCESS || v.silentLeft == 0) {
                body.release();
                rejectReplay(v, sig != Signatures.SUCCESS ? "answered " + Messages.name(sig) + " where it had"
                        + " answered SUCCESS" : "answered fewer records");
                return;
            }
            inFlight.poll();
            head.release();
            v.silentLeft--;
        }
        Transcript t = v.unit.transcript;
        t.answer(sig, body);
        body.release();
        if (t.messages == v.target) {
            if (t.crc.getValue() != v.crc) {
                rejectReplay(v, "answered differently");
                return;
            }
            verify = null;
            v.unit.answered = true;
            proxy.metrics().rerunsMatched.increment();
            LOG.info("{} ran again on {} and answered as before; it goes on there",
                    v.unit.name(), backendAddress);
        }
        drain();
    }

    /** The transaction run again did not answer as before: it is dropped, and the client gets LeaderSwitch. */
    private void rejectReplay(Verify v, String why) {
        verify = null;
        proxy.metrics().rerunsDiffered.increment();
        LOG.info("{} run again on {} {}; the client gets LeaderSwitch",
                v.unit.name(), backendAddress, why);
        closeBackend(); // the transaction is rolled back there with its connection
        int silent = v.silentLeft;
        int awaited = 0;
        for (InFlight f : inFlight) {
            if (f.internal == null && silent-- <= 0) {
                awaited++;
            }
            f.release();
        }
        inFlight.clear();
        failReplayed(v.unit, awaited, why);
        drain();
    }

    /**
     * A transaction could not be run again: the first of the {@code awaited} requests the client
     * still waits for gets LeaderSwitch, the rest IGNORED; with none, its next request does.
     */
    private void failReplayed(Unit u, int awaited, String why) {
        if (awaited == 0) {
            u.lost = true;
            unit = u;
            return;
        }
        failAwaited(awaited, Messages.LEADER_SWITCH, "The leader changed during this transaction, and run again on"
                + " the new leader it " + why + ", so it was rolled back and nothing of it was committed; run it again");
    }

    // ------------------------------------------------------------------ finding the leader

    private void startSearch(boolean forwardHello) {
        if (search != null || closed) {
            return;
        }
        search = new Search(forwardHello, resolve != null ? resolveBudget() : 0);
        search.start();
    }

    /** A backend to the leader is ready. */
    private void backendReady(Channel ch, String address, List<ByteBuf> answers, boolean forwardHello) {
        search = null;
        ch.pipeline().replace(BackendOpener.HANDLER, BackendOpener.HANDLER, new BackendHandler(ch));
        backend = ch;
        backendAddress = address;
        proxy.metrics().backendConnections.increment();
        activity = proxy.watch().activity(address);
        backendClean = hasTxMetadata && answers.stream().allMatch(a -> Messages.signature(a) == Signatures.SUCCESS);
        if (forwardHello) {
            ByteBuf helloAnswer = answers.get(0);
            learnPatches(helloAnswer);
            client.write(helloAnswer);
            for (int i = 1; i < answers.size(); i++) {
                answers.get(i).release();
            }
        } else {
            answers.forEach(ByteBuf::release);
        }
        LOG.debug("Client {} now on {}", client.remoteAddress(), address);
        if (resolve != null) {
            sendResolve();
            return;
        }
        if (replay != null) {
            sendReplay();
        }
        drain();
    }

    private void learnPatches(ByteBuf helloAnswer) {
        if (Messages.signature(helloAnswer) != Signatures.SUCCESS) {
            return;
        }
        if (safeMetadata(helloAnswer).get("patch_bolt") instanceof List<?> patches) {
            List<String> accepted = new ArrayList<>();
            patches.forEach(p -> accepted.add(String.valueOf(p)));
            shape = protocol.structShape(accepted);
        }
    }

    /** What is left of the pending resolve's time to look for a leader, in nanoseconds (0 when none). */
    private long resolveBudget() {
        return Math.max(0, resolve.startedNanos + RESOLVE_SEARCH_NANOS - System.nanoTime());
    }

    /** No leader was found within the retries. */
    private void searchFailed(String why, ByteBuf failure) {
        search = null;
        String message = "No leader found among " + proxy.locator().everyAddress() + " after "
                + proxy.settings().numRetries() + " tries" + (resolve != null ? " and "
                + TimeUnit.NANOSECONDS.toSeconds(RESOLVE_SEARCH_NANOS) + " s" : "") + " (" + why + ")";
        LOG.warn("Client {}: {}", client.remoteAddress(), message);
        if (replay != null) {
            Replay rp = replay;
            replay = null;
            if (failure != null) {
                failure.release();
            }
            failReplayed(rp.unit(), rp.pending(), "no leader was found to run it again. " + message);
            drain();
            return;
        }
        if (resolve != null) {
            Resolve r = resolve;
            resolve = null;
            inFlight.add(r.head);
            inFlight.addAll(r.rest);
            failInFlight(Messages.OUTCOME_UNKNOWN, "The leader was lost while this transaction committed, and no new"
                    + " leader answered to learn its outcome: it may or may not have been committed. " + message);
            if (failure != null) {
                failure.release();
            }
            drain();
            return;
        }
        if (!helloAnswered) {
            closeWith(failure != null ? failure
                    : failure(Messages.UNAVAILABLE, message));
            return;
        }
        if (failure != null) {
            failure.release();
        }
        // the first waiting request fails; the rest are IGNORED until RESET
        Req r = queued.poll();
        if (r != null) {
            r.body.release();
            client.write(failure(Messages.UNAVAILABLE, message));
            unit = null;
            failedState = true;
        }
        drain();
    }

    /** One search for the leader: the known leader first, then rounds over every endpoint. */
    private final class Search {
        private final boolean forwardHello;
        private final List<BackendOpener.Attempt> attempts = new ArrayList<>();
        private final Set<String> tried = new HashSet<>();
        private int round;
        private int outstanding;
        private boolean done;
        private String lastReason = "no endpoint answered";
        private ByteBuf authFailure;
        /** Registered with the locator for the next leader it learns. */
        private boolean waiting;
        /** {@link System#nanoTime()} until which rounds go on after {@code num-retries} of them. */
        private long deadline;
        private final long started = System.nanoTime();
        /** Whether a server answered that it knows no leader (an election is under way). */
        private boolean electing;

        Search(boolean forwardHello, long budgetNanos) {
            this.forwardHello = forwardHello;
            this.deadline = started + budgetNanos;
        }

        void start() {
            String hint = proxy.locator().leader();
            if (hint != null) {
                tried.add(hint);
                tryAddress(hint);
            } else {
                nextRound();
            }
        }

        private void nextRound() {
            if (done || closed) {
                return;
            }
            round++;
            if (round > proxy.settings().numRetries() && System.nanoTime() - deadline >= 0) {
                done = true;
                String why = lastReason;
                if (electing) {
                    why += "; the servers were electing a leader, waited "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms";
                }
                searchFailed(why, authFailure);
                return;
            }
            tried.clear();
            for (String address : proxy.locator().everyAddress()) {
                tried.add(address);
                tryAddress(address);
            }
        }

        private void tryAddress(String address) {
            Endpoint e;
            try {
                e = Endpoint.parse(address);
            } catch (IllegalArgumentException ex) {
                lastReason = "bad leader address " + address;
                return;
            }
            outstanding++;
            List<ByteBuf> auth = logon == null ? List.of(hello) : List.of(hello, logon);
            attempts.add(BackendOpener.open(client.eventLoop(), e.host(), e.port(), proxy.settings().serverTls(),
                    protocol.version(), auth, proxy.settings().connectTimeout().toMillis(),
                    proxy.settings().maxMessageSize(), new BackendOpener.Result() {
                        @Override
                        public void opened(Channel ch, String addr, List<ByteBuf> answers, Map<String, Object> meta) {
                            outstanding--;
                            onOpened(ch, addr, answers, meta);
                        }

                        @Override
                        public void failed(String addr, String reason) {
                            outstanding--;
                            lastReason = addr + ": " + reason;
                            proxy.locator().forget(addr);
                            afterMiss();
                        }
                    }));
        }

        private void onOpened(Channel ch, String address, List<ByteBuf> answers, Map<String, Object> meta) {
            if (done || closed) {
                answers.forEach(ByteBuf::release);
                ch.close();
                return;
            }
            ByteBuf failed = null;
            for (ByteBuf a : answers) {
                if (Messages.signature(a) != Signatures.SUCCESS) {
                    failed = a;
                    break;
                }
            }
            if (failed != null) {
                // the server refused the client's credentials: that is the client's answer
                Map<String, Object> m = safeMetadata(failed);
                lastReason = address + ": " + ResponseCodec.failureCode(m) + ": " + m.get("message");
                failed.retain();
                answers.forEach(ByteBuf::release);
                ch.close();
                done = true;
                cancel();
                search = null;
                if (forwardHello) {
                    closeWith(failed);
                } else {
                    searchFailed(lastReason, failed);
                }
                return;
            }
            proxy.locator().learn(address, meta);
            if (LeaderLocator.saysLeader(meta)) {
                done = true;
                attempts.clear();
                cancel();
                if (forwardHello) {
                    helloAnswered = true;
                }
                backendReady(ch, address, answers, forwardHello);
                return;
            }
            answers.forEach(ByteBuf::release);
            ch.writeAndFlush(Messages.goodbye(ch.alloc())).addListener(ChannelFutureListener.CLOSE);
            String named = LeaderLocator.namedLeader(meta);
            lastReason = address + (named == null ? " knows no leader" : " is not the leader");
            if (named == null && !electing) {
                electing = true;
                deadline = started + Math.max(deadline - started, ELECTION_SEARCH_NANOS);
            }
            if (named != null && tried.add(named)) {
                tryAddress(named);
                return;
            }
            afterMiss();
        }

        private void afterMiss() {
            if (done || closed || outstanding > 0) {
                return;
            }
            client.eventLoop().schedule(this::nextRound, proxy.settings().retryDelay().toMillis(),
                    TimeUnit.MILLISECONDS);
            if (!waiting) {
                // the shared poll usually finds the new leader long before the next round
                waiting = true;
                proxy.locator().whenLeaderKnown(client.eventLoop(), address -> {
                    waiting = false;
                    if (!done && !closed && outstanding == 0) {
                        tryAddress(address);
                    }
                });
            }
        }

        void cancel() {
            done = true;
            for (BackendOpener.Attempt a : attempts) {
                a.cancel();
            }
            attempts.clear();
        }
    }

    // ------------------------------------------------------------------ small records

    /** A client request and its bytes. */
    /** A client's request, and when it came (nanos), kept when it is sent again. */
    private record Req(int sig, ByteBuf body, long arrived) {
        Req retain() {
            body.retain();
            return this;
        }
    }

    /** Called with the summary of a request the proxy sent itself; owns the body. */
    @FunctionalInterface
    private interface Internal {
        void answer(ByteBuf body);
    }

    /** A request sent to the backend and not yet answered. */
    private static final class InFlight {
        final Req req;
        /** The signature of the request answered: the client's, or the proxy's own. */
        final int sig;
        final Unit unit;
        final boolean unitStart;
        final Internal internal;
        /** When it was sent (System.nanoTime). */
        final long sentNanos = System.nanoTime();

        InFlight(Req req, Unit unit, boolean unitStart) {
            this(req, req.sig, unit, unitStart, null);
        }

        private InFlight(Req req, int sig, Unit unit, boolean unitStart, Internal internal) {
            this.req = req;
            this.sig = sig;
            this.unit = unit;
            this.unitStart = unitStart;
            this.internal = internal;
        }

        static InFlight internal(int sig, Internal internal) {
            return new InFlight(null, sig, null, false, internal);
        }

        InFlight retain() {
            if (req != null) {
                req.body.retain();
            }
            return this;
        }

        void release() {
            if (req != null) {
                req.body.release();
            }
        }
    }

    /** An explicit transaction, or an auto-commit RUN and its PULLs. */
    private static final class Unit {
        final boolean explicit;
        final boolean read;
        /** The {@code ha_tx_id} the proxy added, or null (a read, or Bolt 1/2). */
        final String txId;
        /** The database its BEGIN or RUN named, or null for the default one. */
        final String database;
        /** The server answered the unit's first request with SUCCESS. */
        boolean answered;
        /** A request that {@link #commits may commit} was sent. */
        boolean commitSent;
        /** The server of this explicit transaction died between requests. */
        boolean lost;
        /**
         * An auto-commit write whose query may commit in batches ({@code CALL { } IN TRANSACTIONS}):
         * batches before its last commit on their own, without its {@code ha_tx_id}, so it is never
         * run again, nor sent again once its RUN reached a server.
         */
        boolean batched;
        /** What the client sent and saw in this unit, to run it again (Bolt 3 and later), or null. */
        Transcript transcript;

        /** When its first request came from the client (nanos), however often it was sent or run again. */
        final long started;
        /** Its time went to the metrics. */
        boolean timed;

        Unit(boolean explicit, boolean read, String txId, String database, long started) {
            this.explicit = explicit;
            this.read = read;
            this.txId = txId;
            this.database = database;
            this.started = started;
        }

        /** For the log: "transaction" and its id, or what kind of read it is. */
        String name() {
            return txId != null ? "transaction " + txId : explicit ? "a read transaction" : "an auto-commit read";
        }
    }

    /** A request of a unit as the client sent it, kept to send it again. */
    private record Sent(int sig, byte[] bytes) {}

    /**
     * What the client sent in a unit that may be run again (copies), and a checksum of what it got
     * back: each record's bytes, and the fields of each SUCCESS that describe the result rather
     * than the server or the moment (not {@code t_first}, {@code qid}, {@code bookmark}).
     * Package-private for {@code TranscriptBench}.
     */
    static final class Transcript {
        static final int MAX_REQUESTS = 256;
        static final int MAX_BYTES = 256 << 10;
        private static final Set<String> CHECKED = Set.of("fields", "has_more", "type", "stats");

        final List<Sent> requests = new ArrayList<>();
        private int bytes;
        /** Too large to keep: it is not run again. */
        boolean overflow;
        /** Answers counted (records and SUCCESS summaries). */
        long messages;
        /** The last answer counted was a record: the client has part of a stream. */
        boolean midStream;
        final CRC32C crc = new CRC32C();

        void request(int sig, ByteBuf body) {
            if (overflow) {
                return;
            }
            int n = body.readableBytes();
            if (requests.size() >= MAX_REQUESTS || bytes + n > MAX_BYTES) {
                overflow = true;
                requests.clear();
                return;
            }
            byte[] copy = new byte[n];
            body.getBytes(body.readerIndex(), copy);
            requests.add(new Sent(sig, copy));
            bytes += n;
        }

        void answer(int sig, ByteBuf body) {
            if (overflow) {
                return;
            }
            messages++;
            midStream = sig == Signatures.RECORD;
            crc.update(sig);
            if (sig == Signatures.RECORD) {
                crc.update(body.nioBuffer());
            } else {
                Messages.checksum(body, CHECKED, crc);
            }
        }
    }

    /** A unit to run again: its requests, the answers the client had, and how many requests await answers. */
    private record Replay(Unit unit, List<Sent> requests, long target, long crc, int pending) {}

    /** The check of a unit run again: the client's count and checksum of answers. */
    private static final class Verify {
        final Unit unit;
        final long target;
        final long crc;
        /** Requests whose answers the client had in full and that are still in flight. */
        int silentLeft;

        Verify(Unit unit, long target, long crc, int silentLeft) {
            this.unit = unit;
            this.target = target;
            this.crc = crc;
            this.silentLeft = silentLeft;
        }
    }

    /** A commit whose outcome is being learnt. */
    private static final class Resolve {
        final Unit unit;
        final InFlight head;
        final List<InFlight> rest;
        int attempts;
        /** {@link #askFields} was sent (once). */
        boolean fieldsAsked;
        final long startedNanos = System.nanoTime();
        /** The metadata of the fence's BEGIN FAILURE in the current attempt, or null. */
        Map<String, Object> beginFailure;

        Resolve(Unit unit, InFlight head, List<InFlight> rest) {
            this.unit = unit;
            this.head = head;
            this.rest = rest;
        }
    }
}
