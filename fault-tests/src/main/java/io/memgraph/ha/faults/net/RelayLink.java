package io.memgraph.ha.faults.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay from a port on 127.0.0.1 to one target port, that can cut the connection: one
 * direction of one pair of servers (every connection the sending server opens to the receiving one
 * crosses it). Plain blocking sockets, two threads per connection: Raft opens one or two.
 *
 * <p>{@link Mode#PASS} forwards both ways. {@link Mode#DROP} closes every connection and accepts
 * new ones only to close them (the sender sees resets and reconnects). {@link Mode#BLACKHOLE}
 * keeps connections open but throws away everything they carry (the sender sees silence, as
 * behind a dead link); a connection that lost bytes is closed when the mode changes, since the
 * framing inside it is broken, so after healing every connection is new and whole.
 *
 * <p>Apart from the mode, {@link #targetDown()} says the target's process is gone: the relay then
 * stops listening, so that a connection to it is refused as one to a dead process's port is, and
 * the sender learns at once that the process is gone (Raft's survivors campaign early on such a
 * refusal); {@link #targetUp()} listens on the same port again. A port that does not listen may be
 * taken by any outgoing connection's ephemeral port, after which it could not be bound again, so
 * the relay's port lies below the kernel's ephemeral range. Where there is no room there, the port
 * is an ephemeral one and the relay keeps listening while its target is down: it accepts and closes,
 * and the sender sees its connections end rather than being refused.
 */
public final class RelayLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayLink.class);
    private static final int CONNECT_TIMEOUT_MS = 1000;
    /** How many ports below the ephemeral range a relay's port is chosen among. */
    private static final int PORT_SPAN = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** How long {@link #targetUp()} tries to bind its port again. */
    private static final long REBIND_MILLIS = 5_000;
    /** How long closing the listener waits for its accept thread to stop. */
    private static final long ACCEPTOR_STOP_MILLIS = 5_000;

    /** What the link does with traffic. */
    public enum Mode {
        /** Forward everything. */
        PASS,
        /** Refuse: close connections at once. */
        DROP,
        /** Accept and discard silently. */
        BLACKHOLE
    }

    private final String name;
    private final InetSocketAddress target;
    private final InetSocketAddress listenAddress;
    /** Whether the port lies outside the ephemeral range, so that it can stop listening and bind again. */
    private final boolean canRefuse;
    /** The listener; null while the target is down and the relay refuses connections. */
    private ServerSocket server;
    /** The thread accepting on {@link #server}. */
    private Thread acceptor;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong forwardedBytes = new AtomicLong();
    private final AtomicLong discardedBytes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

    /**
     * Listens on an ephemeral port of 127.0.0.1 (read it with {@link #port()}) and forwards to
     * {@code 127.0.0.1:targetPort}.
     *
     * @param name for logs and thread names, e.g. {@code 1->2}
     */
    public RelayLink(String name, int targetPort) throws IOException {
        this.name = name;
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        this.target = new InetSocketAddress(loopback, targetPort);
        ServerSocket s = bindBelowEphemeralRange(loopback);
        this.canRefuse = s != null;
        if (s == null) {
            s = new ServerSocket();
            s.bind(new InetSocketAddress(loopback, 0));
        }
        this.listenAddress = new InetSocketAddress(loopback, s.getLocalPort());
        synchronized (this) {
            server = s;
            acceptor = accept(s);
        }
    }

    /** The port this relay listens on. */
    public int port() {
        return listenAddress.getPort();
    }

    /**
     * The target's process is gone: closes the connections the relay carries and stops listening,
     * so that new connections are refused, until {@link #targetUp()}. Where the port could not be
     * chosen outside the ephemeral range (see the class comment) it keeps listening.
     */
    public void targetDown() {
        shut(false);
        LOG.debug("relay {}: target down, {}", name, canRefuse ? "refusing connections" : "still accepting");
    }

    /**
     * The target's process runs again (or is about to): the relay listens on its port again. A port
     * that another socket took meanwhile is retried for a few seconds.
     *
     * @throws IllegalStateException when the port cannot be bound again
     */
    public void targetUp() {
        ServerSocket s;
        synchronized (this) {
            if (server != null || closed) {
                return;
            }
            s = rebind();
            server = s;
            acceptor = accept(s);
        }
        LOG.debug("relay {}: target up, listening on :{} again", name, port());
    }

    /** Whether the relay refuses connections now (its target is down). */
    public synchronized boolean refusing() {
        return server == null;
    }

    /** The current mode. */
    public Mode mode() {
        return mode;
    }

    /** Switches the mode; connections that can no longer carry whole frames are closed. */
    public void setMode(Mode next) {
        Mode previous = mode;
        mode = next;
        if (previous == next) {
            return;
        }
        for (Connection c : connections) {
            if (next == Mode.DROP || c.tainted) {
                c.close();
            }
        }
        LOG.debug("relay {}: {} -> {}", name, previous, next);
    }

    /** Bytes forwarded so far. */
    public long forwardedBytes() {
        return forwardedBytes.get();
    }

    /** Bytes thrown away in {@link Mode#BLACKHOLE}. */
    public long discardedBytes() {
        return discardedBytes.get();
    }

    /** Connections refused in {@link Mode#DROP}. */
    public long refusedConnections() {
        return refused.get();
    }

    @Override
    public void close() {
        shut(true);
    }

    /**
     * Closes every connection the relay carries, and its listener when it is closed for good or
     * can refuse (see {@link #targetDown()}).
     */
    private void shut(boolean forGood) {
        ServerSocket s = null;
        Thread t = null;
        synchronized (this) {
            closed |= forGood;
            if (forGood || canRefuse) {
                s = server;
                t = acceptor;
                server = null;
                acceptor = null;
            }
        }
        if (s != null) {
            closeQuietly(s);
            awaitStopped(t);
        }
        for (Connection c : connections) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "relay " + name + " (:" + port() + " -> :" + target.getPort() + ", " + mode
                + (refusing() ? ", refusing" : "") + ")";
    }

    /** Starts a thread that accepts on {@code listener} until it is closed. */
    private Thread accept(ServerSocket listener) {
        Thread t = new Thread(() -> acceptLoop(listener), "relay-" + name + "-accept");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Waits for the thread that accepted on a listener just closed. Until it has left its blocked
     * {@code accept}, the kernel keeps the listening socket open (the call holds it) and completes
     * new connections into its backlog instead of refusing them: {@link ServerSocket#close()} only
     * signals that thread.
     */
    private void awaitStopped(Thread t) {
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(ACCEPTOR_STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("relay {}: interrupted while its listener closed", name);
            return;
        }
        if (t.isAlive()) {
            LOG.warn("relay {}: accept thread still running {} ms after its listener closed", name,
                    ACCEPTOR_STOP_MILLIS);
        }
    }

    private void acceptLoop(ServerSocket listener) {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed && !listener.isClosed()) {
                    LOG.warn("relay {}: accept failed, the link stops: {}", name, e.toString());
                }
                return;
            }
            if (mode == Mode.DROP) {
                refused.incrementAndGet();
                closeQuietly(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, CONNECT_TIMEOUT_MS);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                // The target is down (killed or restarting): the sender sees the close and retries.
                LOG.debug("relay {}: cannot reach :{}: {}", name, target.getPort(), e.toString());
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            Connection c = new Connection(client, upstream);
            connections.add(c);
            c.start();
        }
    }

    /**
     * A listener on a free port among the {@value #PORT_SPAN} below the kernel's ephemeral range, or
     * null when there is no such room or no free port in it.
     */
    private static ServerSocket bindBelowEphemeralRange(InetAddress loopback) throws IOException {
        int low = 32768; // the kernel's default start of the range
        try {
            // read line by line: Files.readString gets only the first byte of this file, whose size says 0
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            low = Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read {}, assuming the range starts at {}: {}", EPHEMERAL_RANGE, low, e.toString());
        }
        int from = Math.max(1024, low - PORT_SPAN);
        if (low - from < 1000) {
            return null;
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(from, low);
            try {
                return listen(new InetSocketAddress(loopback, port));
            } catch (IOException e) {
                LOG.trace("port {} taken: {}", port, e.toString());
            }
        }
        return null;
    }

    /** A listener on {@code address}, which may still hold connections in TIME_WAIT. */
    private static ServerSocket listen(InetSocketAddress address) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(address);
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /** Binds the relay's port again, retrying for {@value #REBIND_MILLIS} ms. */
    private ServerSocket rebind() {
        long deadline = System.nanoTime() + REBIND_MILLIS * 1_000_000;
        while (true) {
            try {
                return listen(listenAddress);
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("relay " + name + ": cannot listen on " + listenAddress
                            + " again: " + e, e);
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("relay " + name + ": interrupted while binding " + listenAddress
                        + " again", e);
            }
        }
    }

    private static void shutdownInputQuietly(Socket s) {
        try {
            if (!s.isClosed() && !s.isInputShutdown()) {
                s.shutdownInput();
            }
        } catch (IOException e) {
            LOG.trace("shutdown: {}", e.toString());
        }
    }

    private static void closeQuietly(Closeable s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.trace("close: {}", e.toString());
        }
    }

    /** One relayed connection: a pump per direction. */
    private final class Connection {
        private final Socket client;
        private final Socket upstream;
        volatile boolean tainted;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            pump(client, upstream, "relay-" + name + "-out");
            pump(upstream, client, "relay-" + name + "-back");
        }

        void close() {
            connections.remove(this);
            // Shut the input down first: a pump blocked in read() would otherwise still read
            // (and forward or count) bytes that arrive before close() takes effect on its socket,
            // which the JDK defers until that read returns.
            shutdownInputQuietly(client);
            shutdownInputQuietly(upstream);
            closeQuietly(client);
            closeQuietly(upstream);
        }

        private void pump(Socket from, Socket to, String threadName) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (mode == Mode.PASS && !tainted) {
                            out.write(buffer, 0, n);
                            forwardedBytes.addAndGet(n);
                        } else {
                            tainted = true;
                            discardedBytes.addAndGet(n);
                        }
                    }
                } catch (SocketException e) {
                    LOG.trace("relay {}: {}", name, e.toString());
                } catch (IOException e) {
                    LOG.debug("relay {}: connection failed: {}", name, e.toString());
                } finally {
                    close();
                }
            }, threadName);
            t.setDaemon(true);
            t.start();
        }
    }
}
