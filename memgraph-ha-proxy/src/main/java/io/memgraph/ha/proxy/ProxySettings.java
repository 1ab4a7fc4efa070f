package io.memgraph.ha.proxy;

import io.memgraph.ha.bolt.transport.WebSocketOrigins;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;

/**
 * Everything a {@link BoltProxy} needs, already validated (the flag parsing lives in
 * {@link MemgraphHaProxy}).
 *
 * @param endpoints the servers' Bolt endpoints, at least one
 * @param bindAddress the address the proxy listens on
 * @param port the port it listens on (0: an ephemeral port, for tests)
 * @param clientTls TLS towards the clients, or null for plain TCP
 * @param serverTls TLS towards the servers, or null for plain TCP
 * @param workerThreads the proxy's event-loop threads
 * @param sessionInactivityTimeout how long a client connection may stay idle before it is closed
 * @param numRetries how many rounds over the endpoints one leader search makes
 * @param retryDelay the pause between those rounds
 * @param connectTimeout the TCP connect and handshake timeout towards one server
 * @param maxMessageSize the largest Bolt message accepted from a client or a server
 * @param shutdownGrace how long a graceful stop lets running transactions finish
 * @param webSocketOrigins the web pages that may open Bolt over WebSocket on the proxy's port
 *     besides those of this machine's loopback
 */
public record ProxySettings(
        List<Endpoint> endpoints,
        String bindAddress,
        int port,
        SslContext clientTls,
        SslContext serverTls,
        int workerThreads,
        Duration sessionInactivityTimeout,
        int numRetries,
        Duration retryDelay,
        Duration connectTimeout,
        int maxMessageSize,
        Duration shutdownGrace,
        WebSocketOrigins webSocketOrigins) {

    /** The largest message by default: the server's own default limit. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = io.memgraph.ha.bolt.server.BoltServer.DEFAULT_MAX_MESSAGE_SIZE;

    /** Settings that let only loopback pages open Bolt over WebSocket. */
    public ProxySettings(List<Endpoint> endpoints, String bindAddress, int port, SslContext clientTls,
            SslContext serverTls, int workerThreads, Duration sessionInactivityTimeout, int numRetries,
            Duration retryDelay, Duration connectTimeout, int maxMessageSize, Duration shutdownGrace) {
        this(endpoints, bindAddress, port, clientTls, serverTls, workerThreads, sessionInactivityTimeout, numRetries,
                retryDelay, connectTimeout, maxMessageSize, shutdownGrace, WebSocketOrigins.LOOPBACK);
    }

    /** Checks ranges; the endpoints list is copied. */
    public ProxySettings {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint is needed");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        if (workerThreads < 1 || numRetries < 1 || maxMessageSize < 1) {
            throw new IllegalArgumentException("worker threads, retries and message size must be positive");
        }
    }

    /** Settings for tests and embedding: plain TCP both ways, an ephemeral port on 127.0.0.1. */
    public static ProxySettings plain(List<Endpoint> endpoints) {
        return new ProxySettings(endpoints, "127.0.0.1", 0, null, null, 2, Duration.ofMinutes(30), 30,
                Duration.ofMillis(100), Duration.ofSeconds(2), DEFAULT_MAX_MESSAGE_SIZE, Duration.ofSeconds(10));
    }

    /** A copy listening on {@code newPort}. */
    public ProxySettings withPort(int newPort) {
        return new ProxySettings(endpoints, bindAddress, newPort, clientTls, serverTls, workerThreads,
                sessionInactivityTimeout, numRetries, retryDelay, connectTimeout, maxMessageSize, shutdownGrace);
    }
}
