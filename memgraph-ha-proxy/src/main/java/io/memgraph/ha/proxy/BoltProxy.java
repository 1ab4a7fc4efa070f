package io.memgraph.ha.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * PLACEHOLDER, to be replaced by the real proxy core when the proxy-cli branch is merged: it only
 * binds the listening socket, with the API the real class will have, so that
 * {@link MemgraphHaProxy} can be built and its start-up and stop tested. It accepts no client and
 * forwards nothing.
 */
public final class BoltProxy implements AutoCloseable {
    private final ServerSocket socket;

    private BoltProxy(ServerSocket socket) {
        this.socket = socket;
    }

    /**
     * Binds {@code settings.bindAddress()}:{@code settings.port()}.
     *
     * @throws BindException when the address cannot be bound; the message names address:port
     * @throws IOException when the socket cannot be opened
     */
    public static BoltProxy start(ProxySettings settings) throws IOException {
        InetSocketAddress address =
                new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port());
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(address);
        } catch (IOException e) {
            socket.close();
            if (e instanceof BindException) {
                BindException named = new BindException(e.getMessage() + " (" + settings.bindAddress() + ":"
                        + settings.port() + ")");
                named.initCause(e);
                throw named;
            }
            throw e;
        }
        return new BoltProxy(socket);
    }

    /** The bound port. */
    public int port() {
        return socket.getLocalPort();
    }

    /** Closes the socket; the placeholder has no transactions to wait for. */
    public boolean stopGracefully(Duration grace) {
        close();
        return true;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the listening socket", e);
        }
    }
}
