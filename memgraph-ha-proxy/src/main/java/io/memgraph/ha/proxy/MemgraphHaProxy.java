package io.memgraph.ha.proxy;

import io.memgraph.ha.bolt.transport.MetricsServer;
import io.memgraph.ha.daemon.ConfigException;
import io.memgraph.ha.daemon.FlagParser;
import io.memgraph.ha.daemon.LogSetup;
import io.memgraph.ha.daemon.ProgramVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.help.HelpFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code memgraph_ha_proxy} process.
 *
 * <p>Flags come from {@code /etc/memgraph/memgraph_ha_proxy.conf} (if it exists), then the command
 * line (see {@link ProxyConfig}). {@code --help} prints them. A bad configuration, or a listening
 * address that cannot be bound, prints one line per problem to standard error and exits with
 * status 1; a failure to start for another reason exits with status 3. SIGTERM (or SIGINT) stops
 * it gracefully: no new connections, running transactions get {@code --shutdown-timeout-sec} to
 * finish, then every connection is closed and the process exits with status 0.
 */
public final class MemgraphHaProxy {
    /** Exit status of a configuration error, a taken port included. */
    static final int EXIT_CONFIG = 1;
    /** Exit status when the proxy cannot start for another reason, or its graceful stop failed. */
    static final int EXIT_FAILED = 3;

    private static final String NAME = "memgraph_ha_proxy";

    private MemgraphHaProxy() {
    }

    /**
     * Starts the proxy and blocks until the process is asked to stop.
     *
     * @param args {@code --flag=value} arguments
     */
    public static void main(String[] args) {
        if (FlagParser.wantsHelp(args)) {
            printHelp();
            return;
        }
        ProxyConfig config;
        BoltProxy proxy;
        try {
            // Reading the flags loads the TLS files with Netty, which logs; until the flags say where
            // and how much, that goes to standard error at INFO (Netty at WARN), not to Logback's
            // default of everything on standard output.
            LogSetup.configure("INFO", null);
            config = ProxyConfig.load(args, ProxyConfig.DEFAULT_FLAG_FILE);
            LogSetup.configure(config.logLevel(), config.logFile());
            proxy = start(config.settings());
            startMetrics(config, proxy);
        } catch (ConfigException e) {
            for (String problem : e.problems()) {
                System.err.println(NAME + ": " + problem.replace('\n', ' '));
            }
            System.exit(EXIT_CONFIG);
            return;
        } catch (IOException e) {
            System.err.println(NAME + ": " + e.getMessage().replace('\n', ' '));
            System.exit(EXIT_FAILED);
            return;
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(MemgraphHaProxy.class).error("{} cannot start", NAME, e);
            System.exit(EXIT_FAILED);
            return;
        }
        Logger log = LoggerFactory.getLogger(MemgraphHaProxy.class);
        ProxySettings s = config.settings();
        Duration grace = s.shutdownGrace();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(proxy, grace, log), "memgraph-ha-proxy-shutdown"));
        log.info("{} {} listening on {} ({}); servers {} ({})", NAME, version(),
                hostPort(s.bindAddress(), proxy.port()), config.clientTransport(), endpointList(s),
                config.serverTransport());
        if (s.serverTls() != null && !config.verifiesServers()) {
            log.warn("--use-ssl without --trusted-cert-file: connections to the servers are encrypted but their"
                    + " certificates are not verified; set --trusted-cert-file to pin them");
        }
        // The proxy's threads may all be daemons: the main thread keeps the process alive until the
        // shutdown hook ends it.
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the proxy; a listening address that cannot be bound is a configuration error.
     *
     * @throws IOException for any other failure, with a one-line message naming the address
     */
    private static BoltProxy start(ProxySettings settings) throws ConfigException, IOException {
        String address = hostPort(settings.bindAddress(), settings.port());
        try {
            return BoltProxy.start(settings);
        } catch (BindException e) {
            throw new ConfigException("cannot listen on " + address + " (--bolt-address, --bolt-port): "
                    + e.getMessage());
        } catch (IOException e) {
            throw new IOException("cannot start the proxy on " + address + ": " + e, e);
        }
    }

    /**
     * Starts the metrics endpoint when {@code --metrics-port} is set; one that cannot listen closes
     * the proxy and is a configuration error naming both flags. Its thread is a daemon: it ends with
     * the process.
     */
    private static void startMetrics(ProxyConfig config, BoltProxy proxy) throws ConfigException {
        if (config.metricsPort() == 0) {
            return;
        }
        String version = version();
        try {
            MetricsServer metrics = MetricsServer.start(config.metricsAddress(), config.metricsPort(),
                    () -> proxy.metricsText(version));
            LoggerFactory.getLogger(MemgraphHaProxy.class).info("Metrics at http://{}/metrics (Prometheus text format)",
                    hostPort(config.metricsAddress(), metrics.port()));
        } catch (Exception e) {
            // Netty rethrows a failed bind's BindException undeclared, so RuntimeException is not enough
            proxy.close();
            throw new ConfigException("cannot listen on " + hostPort(config.metricsAddress(), config.metricsPort())
                    + " (--metrics-address, --metrics-port): " + e.getMessage());
        }
    }

    /**
     * The shutdown hook: a graceful stop, then the process ends with status 0 ({@link #EXIT_FAILED}
     * if the stop itself failed). It halts rather than returning because a JVM ended by SIGTERM
     * otherwise reports status 143, which service managers count as a failure.
     */
    private static void stop(BoltProxy proxy, Duration grace, Logger log) {
        int status = 0;
        try {
            log.info("{} stopping: no new connections; running transactions get up to {} s", NAME, grace.toSeconds());
            if (proxy.stopGracefully(grace)) {
                log.info("{} stopped; every transaction finished", NAME);
            } else {
                log.warn("{} stopped; transactions still running after {} s were cut off", NAME, grace.toSeconds());
            }
        } catch (RuntimeException e) {
            log.error("{}: the graceful stop failed; closing every connection", NAME, e);
            status = EXIT_FAILED;
            proxy.close();
        } finally {
            Runtime.getRuntime().halt(status);
        }
    }

    private static String endpointList(ProxySettings settings) {
        return String.join(",", settings.endpoints().stream().map(Endpoint::toString).toList());
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static void printHelp() {
        try {
            HelpFormatter.builder().setShowSince(false).get().printHelp(NAME + " [--flag=value ...]",
                    "Standard Bolt for any driver on this machine, always reaching the cluster's leader. Flags are"
                            + " read from " + ProxyConfig.DEFAULT_FLAG_FILE + " (if it exists), then the command line;"
                            + " dashes and underscores in names are interchangeable; the original proxy's names"
                            + " (--address, --port, --cert-file, --key-file, --session-inactivity-timeout) are"
                            + " accepted too.",
                    new FlagParser(ProxyConfig.FLAGS).helpOptions(), "Version " + version() + ".", false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot print the help text", e);
        }
    }

    /** The project version, from the filtered {@code version.properties}. */
    static String version() {
        return ProgramVersion.of(MemgraphHaProxy.class);
    }
}
