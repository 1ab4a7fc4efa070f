package io.memgraph.ha.proxy;

import io.memgraph.ha.bolt.transport.WebSocketOrigins;
import io.memgraph.ha.daemon.ConfigException;
import io.memgraph.ha.daemon.FlagParser;
import io.memgraph.ha.daemon.FlagSpec;
import io.memgraph.ha.daemon.FlagValues;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated flags of {@code memgraph_ha_proxy}: the {@link ProxySettings} to start a
 * {@link BoltProxy} with, and what the process needs besides (logging, and the TLS files for the
 * start-up line).
 *
 * <p>Flags come from {@link #DEFAULT_FLAG_FILE} when it exists, then the command line, which wins;
 * {@code --flag-file=PATH} includes another file where it appears. No environment variable is read.
 * The original proxy's flag names ({@code --address}, {@code --port}, {@code --cert-file},
 * {@code --key-file}, {@code --session-inactivity-timeout}) are accepted as aliases.
 *
 * <p>Reading the flags loads the TLS files into Netty {@link SslContext}s, so that an unusable
 * certificate is reported with the other problems, naming its flag and file; Netty may log while
 * doing so, so logging must be set up before {@link #load} is called.
 *
 * @param settings what the proxy runs with
 * @param boltCertFile the certificate shown to clients, or null for plain Bolt towards them
 * @param trustedCertFile the certificate(s) the servers' certificates must be or be signed by, or
 *     null (with TLS towards the servers, that means encrypted but not verified). Netty's client
 *     contexts also check that a server's certificate names the host it was reached at
 *     (subjectAltName), so {@code settings.serverTls()} must be used as
 *     {@code newHandler(alloc, host, port)}
 * @param logFile the log file, or null to log to standard error only
 * @param logLevel TRACE, DEBUG, INFO, WARN or ERROR
 * @param metricsAddress the address the metrics endpoint listens on
 * @param metricsPort the port of the metrics endpoint ({@code GET /metrics}), or 0 when it is off
 */
public record ProxyConfig(
        ProxySettings settings,
        Path boltCertFile,
        Path trustedCertFile,
        Path logFile,
        String logLevel,
        String metricsAddress,
        int metricsPort) {

    /** The flag file read when it exists. */
    public static final Path DEFAULT_FLAG_FILE = Path.of("/etc/memgraph/memgraph_ha_proxy.conf");

    private static final int DEFAULT_WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    /** The flag naming the web pages that may open Bolt over WebSocket on the proxy's port. */
    static final String WEBSOCKET_ORIGINS = "bolt-websocket-allowed-origins";

    /** Every flag the proxy accepts, with its default and, for the original's names, its aliases. */
    public static final List<FlagSpec> FLAGS = List.of(
            FlagSpec.value("endpoints", "",
                    "the servers' Bolt endpoints, host:port,host:port,... (required; host names are resolved at"
                            + " each connect)"),
            FlagSpec.value("bolt-address", "127.0.0.1", "address the proxy listens on for Bolt clients")
                    .withAliases("address"),
            FlagSpec.value("bolt-port", "7687", "port the proxy listens on (0: any free port)")
                    .withAliases("port"),
            FlagSpec.value("bolt-cert-file", "", "TLS certificate (PEM) shown to clients (with --bolt-key-file)")
                    .withAliases("cert-file"),
            FlagSpec.value("bolt-key-file", "", "TLS private key (PKCS#8 PEM) for clients (with --bolt-cert-file)")
                    .withAliases("key-file"),
            FlagSpec.bool("use-ssl", true, "TLS towards the servers"),
            FlagSpec.value("trusted-cert-file", "",
                    "PEM certificate(s) the servers' certificates must be or be signed by; each must also name"
                            + " its server's --endpoints host in subjectAltName (with --use-ssl; empty: encrypt"
                            + " without verifying the servers)"),
            FlagSpec.value("num-workers", Integer.toString(DEFAULT_WORKERS),
                    "the proxy's network threads; the default is this machine's number of processors"),
            FlagSpec.value("bolt-session-inactivity-timeout", "1800",
                    "close a client connection that sends nothing for this many seconds")
                    .withAliases("session-inactivity-timeout"),
            FlagSpec.value(WEBSOCKET_ORIGINS, "", "web pages (origins: scheme://host[:port], comma-separated; *"
                    + " for all) that may open Bolt over WebSocket on this port besides those served from this"
                    + " machine's loopback; a browser lets any page it shows reach the port"),
            FlagSpec.value("num-retries", "30", "rounds over the endpoints one search for the leader makes"),
            FlagSpec.value("retry-delay-ms", "100", "pause between those rounds, in milliseconds"),
            FlagSpec.value("connect-timeout-ms", "2000",
                    "TCP connect and handshake timeout towards one server, in milliseconds"),
            FlagSpec.value("shutdown-timeout-sec", "10",
                    "on SIGTERM, how long running transactions may go on before every connection is closed"),
            FlagSpec.value("metrics-address", "127.0.0.1", "address the metrics endpoint listens on (with"
                    + " --metrics-port)"),
            FlagSpec.value("metrics-port", "0", "port of an HTTP endpoint that gives the proxy's figures at /metrics"
                    + " in Prometheus's text format (0: off)"),
            FlagSpec.value("log-file", "", "log file (empty: standard error only)"),
            FlagSpec.value("log-level", "INFO", "TRACE, DEBUG, INFO, WARN or ERROR"));

    /**
     * Reads and validates the proxy's flags, and loads the TLS files.
     *
     * @param args the command line
     * @param defaultFlagFile the flag file read when it exists ({@link #DEFAULT_FLAG_FILE})
     * @throws ConfigException with one line per problem, each naming the file (or the command line),
     *     the flag and what is wrong
     */
    public static ProxyConfig load(String[] args, Path defaultFlagFile) throws ConfigException {
        return from(new FlagParser(FLAGS).parse(defaultFlagFile, null, Map.of(), args));
    }

    static ProxyConfig from(FlagValues f) throws ConfigException {
        List<Endpoint> endpoints = endpoints(f);
        String address = f.string("bolt-address", "127.0.0.1").trim();
        if (address.isEmpty()) {
            f.problem("bolt-address", "must not be empty");
        } else {
            try {
                InetAddress.getByName(address);
            } catch (UnknownHostException e) {
                f.problem("bolt-address", "cannot be resolved: " + e.getMessage());
            }
        }
        int port = f.intInRange("bolt-port", 7687, 0, 65535);
        Path cert = f.path("bolt-cert-file", "");
        Path key = f.path("bolt-key-file", "");
        f.bothOrNeither("bolt-cert-file", "bolt-key-file", "TLS");
        boolean certReadable = readable(f, "bolt-cert-file", cert);
        boolean keyReadable = readable(f, "bolt-key-file", key);
        boolean useSsl = f.bool("use-ssl", true);
        Path trusted = f.path("trusted-cert-file", "");
        if (trusted != null && !useSsl) {
            f.problem("trusted-cert-file", "is set but --use-ssl=false: there is no TLS towards the servers to"
                    + " verify; remove one of them");
        }
        boolean trustedReadable = readable(f, "trusted-cert-file", trusted);
        int workers = f.intInRange("num-workers", DEFAULT_WORKERS, 1, 4096);
        int inactivity = f.intInRange("bolt-session-inactivity-timeout", 1800, 1, Integer.MAX_VALUE);
        WebSocketOrigins origins = WebSocketOrigins.LOOPBACK;
        try {
            origins = WebSocketOrigins.parse(f.string(WEBSOCKET_ORIGINS, ""), "--" + WEBSOCKET_ORIGINS);
        } catch (IllegalArgumentException e) {
            f.problem(WEBSOCKET_ORIGINS, "is wrong: " + e.getMessage());
        }
        int retries = f.intInRange("num-retries", 30, 1, 100_000);
        int retryDelay = f.intInRange("retry-delay-ms", 100, 0, 60_000);
        int connectTimeout = f.intInRange("connect-timeout-ms", 2000, 1, 600_000);
        int shutdown = f.intInRange("shutdown-timeout-sec", 10, 0, 3600);
        Path logFile = f.path("log-file", "");
        String logLevel = f.choice("log-level", "INFO", LOG_LEVELS);
        String metricsAddress = f.string("metrics-address", "127.0.0.1").trim();
        if (metricsAddress.isEmpty()) {
            f.problem("metrics-address", "must not be empty");
        }
        int metricsPort = f.intInRange("metrics-port", 0, 0, 65535);

        SslContext clientTls = null;
        if (cert != null && key != null && certReadable && keyReadable) {
            try {
                clientTls = SslContextBuilder.forServer(cert.toFile(), key.toFile()).build();
            } catch (IOException | IllegalArgumentException e) {
                f.problem("bolt-cert-file", "and --bolt-key-file=" + key + " cannot be used for TLS (a PEM"
                        + " certificate chain and an unencrypted PKCS#8 PEM key are needed): " + e.getMessage());
            }
        }
        SslContext serverTls = null;
        if (useSsl && (trusted == null || trustedReadable)) {
            try {
                SslContextBuilder b = SslContextBuilder.forClient();
                serverTls = (trusted == null ? b.trustManager(InsecureTrustManagerFactory.INSTANCE)
                        : b.trustManager(trusted.toFile())).build();
            } catch (IOException | IllegalArgumentException e) {
                f.problem("trusted-cert-file", "cannot be used to verify the servers (PEM certificates are needed): "
                        + e.getMessage());
            }
        }
        f.throwIfProblems();
        ProxySettings settings = new ProxySettings(endpoints, address, port, clientTls, serverTls, workers,
                Duration.ofSeconds(inactivity), retries, Duration.ofMillis(retryDelay),
                Duration.ofMillis(connectTimeout), ProxySettings.DEFAULT_MAX_MESSAGE_SIZE,
                Duration.ofSeconds(shutdown), origins);
        return new ProxyConfig(settings, cert, trusted, logFile, logLevel, metricsAddress, metricsPort);
    }

    private static List<Endpoint> endpoints(FlagValues f) {
        if (!f.isSet("endpoints")) {
            f.problem("endpoints", "is not set: list the servers' Bolt endpoints, e.g."
                    + " --endpoints=10.0.0.1:7687,10.0.0.2:7687,10.0.0.3:7687, in " + DEFAULT_FLAG_FILE
                    + " or on the command line");
            return List.of();
        }
        String text = f.string("endpoints", "").trim();
        if (text.isEmpty()) {
            f.problem("endpoints", "must list the servers' Bolt endpoints, host:port,host:port,...");
            return List.of();
        }
        List<Endpoint> endpoints;
        try {
            endpoints = Endpoint.parseList(text);
        } catch (IllegalArgumentException e) {
            f.problem("endpoints", "is not a list of host:port: " + e.getMessage());
            return List.of();
        }
        Set<Endpoint> seen = new HashSet<>();
        for (Endpoint e : endpoints) {
            if (!seen.add(e)) {
                f.problem("endpoints", "lists " + e + " twice");
            }
        }
        return endpoints;
    }

    private static boolean readable(FlagValues f, String flag, Path file) {
        if (file == null) {
            return false;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            f.problem(flag, "is not a readable file");
            return false;
        }
        return true;
    }

    /** Whether the servers' certificates are checked against {@link #trustedCertFile}. */
    public boolean verifiesServers() {
        return trustedCertFile != null;
    }

    /** How clients reach the proxy, for the start-up line. */
    String clientTransport() {
        return boltCertFile == null ? "plain Bolt" : "TLS with " + boltCertFile;
    }

    /** How the proxy reaches the servers, for the start-up line. */
    String serverTransport() {
        if (settings.serverTls() == null) {
            return "plain Bolt";
        }
        return verifiesServers() ? "TLS, certificates verified against " + trustedCertFile
                : "TLS, certificates not verified";
    }
}
