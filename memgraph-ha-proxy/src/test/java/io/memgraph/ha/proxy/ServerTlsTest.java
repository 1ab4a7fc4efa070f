package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS contexts {@link ProxyConfig} builds, in real handshakes on 127.0.0.1: towards the servers
 * (against a JDK TLS server) with and without {@code --trusted-cert-file}, and towards the clients
 * (a JDK TLS client against a Netty listener using {@code --bolt-cert-file}/{@code --bolt-key-file}).
 */
@Timeout(120)
class ServerTlsTest {
    @TempDir
    static Path serverDir;
    @TempDir
    static Path otherDir;

    private static TestCertificates.Pem server;
    private static TestCertificates.Pem other;
    private static EventLoopGroup group;
    private static SSLServerSocket tlsServer;
    private static final Queue<Throwable> SERVER_SIDE_FAILURES = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestCertificates.selfSigned(serverDir);
        other = TestCertificates.selfSigned(otherDir);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(server), null, null);
        tlsServer = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 16,
                InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            while (!tlsServer.isClosed()) {
                try (SSLSocket s = (SSLSocket) tlsServer.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                } catch (IOException e) {
                    // A refused handshake ends here too; kept for the assertion messages.
                    SERVER_SIDE_FAILURES.add(e);
                }
            }
        }, "test-tls-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void stop() throws Exception {
        tlsServer.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    private static javax.net.ssl.KeyManager[] keyManagers(TestCertificates.Pem pem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pem.keyStore())) {
            ks.load(in, TestCertificates.PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, TestCertificates.PASSWORD);
        return kmf.getKeyManagers();
    }

    private static SslContext towardsServers(String... flags) throws Exception {
        String[] args = new String[flags.length + 1];
        args[0] = "--endpoints=127.0.0.1:" + tlsServer.getLocalPort();
        System.arraycopy(flags, 0, args, 1, flags.length);
        SslContext tls = ProxyConfig.load(args, serverDir.resolve("missing.conf")).settings().serverTls();
        assertThat(tls).isNotNull();
        return tls;
    }

    /** One handshake with the test server, as the proxy would open it; null when it succeeded. */
    private static Throwable handshake(SslContext tls) throws InterruptedException {
        int port = tlsServer.getLocalPort();
        SslHandler[] handler = new SslHandler[1];
        ChannelFuture connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        handler[0] = tls.newHandler(ch.alloc(), "127.0.0.1", port);
                        ch.pipeline().addLast(handler[0], new ClosingOnError());
                    }
                }).connect("127.0.0.1", port);
        assertThat(connect.await(10, TimeUnit.SECONDS)).as("connected").isTrue();
        assertThat(connect.isSuccess()).as("connected: %s", connect.cause()).isTrue();
        try {
            Future<Channel> done = handler[0].handshakeFuture();
            assertThat(done.await(10, TimeUnit.SECONDS)).as("handshake finished").isTrue();
            return done.cause();
        } finally {
            connect.channel().close().await(5, TimeUnit.SECONDS);
        }
    }

    /** The handshake's outcome is read from its future; the pipeline's copy only closes the channel. */
    private static final class ClosingOnError extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Test
    void withoutATrustedCertificateAnyServerCertificateIsAccepted() throws Exception {
        assertThat(handshake(towardsServers())).as("server side: %s", SERVER_SIDE_FAILURES).isNull();
    }

    @Test
    void aTrustedCertificatePinsTheServersCertificate() throws Exception {
        assertThat(handshake(towardsServers("--trusted-cert-file=" + server.cert())))
                .as("server side: %s", SERVER_SIDE_FAILURES).isNull();
        assertThat(handshake(towardsServers("--trusted-cert-file=" + other.cert())))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theClientCertificateAndKeyServeTlsToClients() throws Exception {
        SslContext tls = ProxyConfig.load(new String[] {"--endpoints=127.0.0.1:7687",
            "--bolt-cert-file=" + server.cert(), "--bolt-key-file=" + server.key()},
                serverDir.resolve("missing.conf")).settings().clientTls();
        Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new ClosingOnError());
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(server.keyStore())) {
                trusted.load(in, TestCertificates.PASSWORD);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                assertThat(s.getSession().getPeerCertificates()[0])
                        .isEqualTo(trusted.getCertificate("bolt"));
            }
        } finally {
            listener.close().await(5, TimeUnit.SECONDS);
        }
    }
}
