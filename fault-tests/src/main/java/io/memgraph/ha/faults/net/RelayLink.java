package io.memgraph.ha.faults.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 */
public final class RelayLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayLink.class);
    private static final int CONNECT_TIMEOUT_MS = 1000;

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
    private final ServerSocket server;
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
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(loopback, 0));
        Thread t = new Thread(this::acceptLoop, "relay-" + name + "-accept");
        t.setDaemon(true);
        t.start();
    }

    /** The port this relay listens on. */
    public int port() {
        return server.getLocalPort();
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
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("relay {}: closing the listener: {}", name, e.toString());
        }
        for (Connection c : connections) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "relay " + name + " (:" + port() + " -> :" + target.getPort() + ", " + mode + ")";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
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

    private static void shutdownInputQuietly(Socket s) {
        try {
            if (!s.isClosed() && !s.isInputShutdown()) {
                s.shutdownInput();
            }
        } catch (IOException e) {
            LOG.trace("shutdown: {}", e.toString());
        }
    }

    private static void closeQuietly(Socket s) {
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
