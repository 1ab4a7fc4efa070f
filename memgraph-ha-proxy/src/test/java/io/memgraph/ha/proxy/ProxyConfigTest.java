package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memgraph.ha.daemon.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy's flags, as files and command lines, mapped to {@link ProxySettings} or refused. */
class ProxyConfigTest {
    private static final String ENDPOINTS = "--endpoints=127.0.0.1:7687";

    @TempDir
    static Path certDir;

    private static TestCertificates.Pem pem;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeCertificate() throws Exception {
        pem = TestCertificates.selfSigned(certDir);
    }

    private ProxyConfig load(String... args) throws ConfigException {
        return ProxyConfig.load(args, dir.resolve("missing.conf"));
    }

    private List<String> problems(Path defaultFile, String... args) {
        return assertThrows(ConfigException.class, () -> ProxyConfig.load(args, defaultFile)).problems();
    }

    private List<String> problems(String... args) {
        return problems(dir.resolve("missing.conf"), args);
    }

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void webSocketOriginsAreListedByTheFlagAndAWrongEntryIsNamed() throws Exception {
        ProxySettings s = load("--endpoints=10.0.0.1:7687",
                "--bolt-websocket-allowed-origins=https://neodash.graphapp.io").settings();
        assertThat(s.webSocketOrigins().allows("https://neodash.graphapp.io")).isTrue();
        assertThat(s.webSocketOrigins().allows("https://evil.example")).isFalse();
        assertThat(load("--endpoints=10.0.0.1:7687").settings().webSocketOrigins().allows("https://neodash.graphapp.io"))
                .as("by default only loopback pages").isFalse();
        assertThat(problems("--endpoints=10.0.0.1:7687", "--bolt-websocket-allowed-origins=neodash.graphapp.io"))
                .singleElement().asString()
                .startsWith("command line: --bolt-websocket-allowed-origins=neodash.graphapp.io is wrong:"
                        + " 'neodash.graphapp.io' is not an origin");
    }

    @Test
    void defaultsWhenOnlyTheEndpointsAreGiven() throws Exception {
        ProxyConfig c = load("--endpoints=10.0.0.1:7687,db2.example:7688,[::1]:7689");
        ProxySettings s = c.settings();
        assertThat(s.endpoints()).containsExactly(new Endpoint("10.0.0.1", 7687), new Endpoint("db2.example", 7688),
                new Endpoint("::1", 7689));
        assertThat(s.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(7687);
        assertThat(s.clientTls()).as("no certificate: plain Bolt to clients").isNull();
        assertThat(s.serverTls()).as("--use-ssl is true by default").isNotNull();
        assertThat(s.serverTls().isClient()).isTrue();
        assertThat(c.verifiesServers()).as("no --trusted-cert-file").isFalse();
        assertThat(s.workerThreads()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors()));
        assertThat(s.sessionInactivityTimeout()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(s.numRetries()).isEqualTo(30);
        assertThat(s.retryDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.maxMessageSize()).isEqualTo(ProxySettings.DEFAULT_MAX_MESSAGE_SIZE);
        assertThat(c.logFile()).isNull();
        assertThat(c.logLevel()).isEqualTo("INFO");
        assertThat(c.serverTransport()).isEqualTo("TLS, certificates not verified");
        assertThat(c.clientTransport()).isEqualTo("plain Bolt");
    }

    @Test
    void everyFlagIsRead() throws Exception {
        ProxyConfig c = load(ENDPOINTS, "--bolt-address=127.0.0.2", "--bolt-port=0", "--use-ssl=false",
                "--num-workers=3", "--bolt-session-inactivity-timeout=60", "--num-retries=5", "--retry-delay-ms=0",
                "--connect-timeout-ms=250", "--shutdown-timeout-sec=0", "--log-file=/tmp/p.log", "--log-level=debug");
        ProxySettings s = c.settings();
        assertThat(s.bindAddress()).isEqualTo("127.0.0.2");
        assertThat(s.port()).isZero();
        assertThat(s.serverTls()).isNull();
        assertThat(c.serverTransport()).isEqualTo("plain Bolt");
        assertThat(s.workerThreads()).isEqualTo(3);
        assertThat(s.sessionInactivityTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.numRetries()).isEqualTo(5);
        assertThat(s.retryDelay()).isZero();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.shutdownGrace()).isZero();
        assertThat(c.logFile()).isEqualTo(Path.of("/tmp/p.log"));
        assertThat(c.logLevel()).isEqualTo("DEBUG");
    }

    static Stream<Arguments> aliases() {
        return Stream.of(
                Arguments.of("--address=127.0.0.3", (Function<ProxySettings, Object>) ProxySettings::bindAddress,
                        "127.0.0.3"),
                Arguments.of("--port=7777", (Function<ProxySettings, Object>) ProxySettings::port, 7777),
                Arguments.of("--session-inactivity-timeout=42",
                        (Function<ProxySettings, Object>) ProxySettings::sessionInactivityTimeout,
                        Duration.ofSeconds(42)),
                Arguments.of("--session_inactivity_timeout=43",
                        (Function<ProxySettings, Object>) ProxySettings::sessionInactivityTimeout,
                        Duration.ofSeconds(43)));
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void theOriginalProxysNamesSetTheSameValues(String flag, Function<ProxySettings, Object> field, Object expected)
            throws Exception {
        assertThat(field.apply(load(ENDPOINTS, flag).settings())).isEqualTo(expected);
    }

    @Test
    void theOriginalCertAndKeyNamesTurnOnTlsToClients() throws Exception {
        ProxyConfig c = load(ENDPOINTS, "--cert-file=" + pem.cert(), "--key-file=" + pem.key());
        assertThat(c.settings().clientTls()).isNotNull();
        assertThat(c.settings().clientTls().isServer()).isTrue();
        assertThat(c.boltCertFile()).isEqualTo(pem.cert());
        assertThat(c.clientTransport()).isEqualTo("TLS with " + pem.cert());
    }

    @Test
    void tlsBothWaysWithThePinnedServerCertificate() throws Exception {
        ProxyConfig c = load(ENDPOINTS, "--bolt-cert-file=" + pem.cert(), "--bolt-key-file=" + pem.key(),
                "--trusted-cert-file=" + pem.cert());
        assertThat(c.settings().clientTls().isServer()).isTrue();
        assertThat(c.settings().serverTls().isClient()).isTrue();
        assertThat(c.verifiesServers()).isTrue();
        assertThat(c.serverTransport()).isEqualTo("TLS, certificates verified against " + pem.cert());
    }

    static Stream<Arguments> aliasAndRealName() {
        return Stream.of(
                Arguments.of("--address=127.0.0.1", "--bolt-address=127.0.0.1"),
                Arguments.of("--port=7687", "--bolt-port=7688"),
                Arguments.of("--cert-file=/a.pem", "--bolt-cert-file=/a.pem"),
                Arguments.of("--key-file=/k.pem", "--bolt_key_file=/k.pem"),
                Arguments.of("--session-inactivity-timeout=1", "--bolt-session-inactivity-timeout=2"));
    }

    @ParameterizedTest
    @MethodSource("aliasAndRealName")
    void anAliasAndItsRealNameInOnePlaceAreRefusedNamingBoth(String alias, String real) {
        String realNormalized = real.replace('_', '-');
        assertThat(problems(ENDPOINTS, alias, real)).anySatisfy(p -> assertThat(p)
                .startsWith("command line: " + realNormalized + " and " + alias)
                .endsWith("are two names of the same flag; give only one"));
        assertThat(problems(ENDPOINTS, real, alias)).anySatisfy(p -> assertThat(p)
                .startsWith("command line: " + alias + " and " + realNormalized));
    }

    @Test
    void anAliasAndItsRealNameInOneFileAreRefusedNamingTheLines() throws Exception {
        Path conf = file("proxy.conf", ENDPOINTS + "\n--bolt-port=7687\n# the original's name:\n--port=7688\n");
        assertThat(problems(conf)).containsExactly(conf + ":4: --port=7688 and --bolt-port=7687 (" + conf
                + ":2) are two names of the same flag; give only one");
    }

    @Test
    void theCommandLineOverridesTheFileWhicheverNameEachUses() throws Exception {
        Path conf = file("proxy.conf", ENDPOINTS + "\n--bolt-port=7687\n--address=127.0.0.2\n");
        ProxySettings s = ProxyConfig.load(new String[] {"--port=7700", "--bolt-address=127.0.0.3"}, conf).settings();
        assertThat(s.port()).isEqualTo(7700);
        assertThat(s.bindAddress()).isEqualTo("127.0.0.3");
    }

    @Test
    void aFlagFileWithCommentsIsReadAndTheCommandLineWins() throws Exception {
        Path conf = file("memgraph_ha_proxy.conf", """
                # memgraph_ha_proxy configuration
                --endpoints=10.0.0.1:7687,10.0.0.2:7687

                   # indented comment
                --bolt_port=7690
                --num-retries=7
                --use-ssl=false
                """);
        ProxySettings s = ProxyConfig.load(new String[] {"--num-retries=9"}, conf).settings();
        assertThat(s.endpoints()).containsExactly(new Endpoint("10.0.0.1", 7687), new Endpoint("10.0.0.2", 7687));
        assertThat(s.port()).isEqualTo(7690);
        assertThat(s.numRetries()).as("the command line wins").isEqualTo(9);
        assertThat(s.serverTls()).isNull();
    }

    @Test
    void flagFileOnTheCommandLineIsReadAfterTheDefaultFile() throws Exception {
        Path defaults = file("default.conf", ENDPOINTS + "\n--bolt-port=7001\n--num-workers=2\n");
        Path other = file("other.conf", "--port=7002\n");
        ProxySettings s = ProxyConfig.load(new String[] {"--flag-file=" + other}, defaults).settings();
        assertThat(s.port()).isEqualTo(7002);
        assertThat(s.workerThreads()).isEqualTo(2);
    }

    @Test
    void certificateAndKeyGoTogether() {
        assertThat(problems(ENDPOINTS, "--bolt-cert-file=" + pem.cert())).containsExactly(
                "command line: --bolt-cert-file=" + pem.cert()
                        + " is set but its pair is not: TLS needs both --bolt-cert-file and --bolt-key-file");
        assertThat(problems(ENDPOINTS, "--key-file=" + pem.key())).containsExactly("command line: --key-file="
                + pem.key() + " is set but its pair is not: TLS needs both --bolt-cert-file and --bolt-key-file");
    }

    @Test
    void missingEndpointsAreRefused() throws Exception {
        assertThat(problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("--endpoints is not set: list the servers' Bolt endpoints")
                .contains("memgraph_ha_proxy.conf"));
        Path conf = file("proxy.conf", "--endpoints=\n");
        assertThat(problems(conf)).containsExactly(conf
                + ":1: --endpoints= must list the servers' Bolt endpoints, host:port,host:port,...");
    }

    @ParameterizedTest
    @ValueSource(strings = {"db1", "db1:", "db1:x", "db1:0", "db1:70000", "::1:7687", "db1:7687,,db2:7687",
        "db1:7687,"})
    void badEndpointTextIsRefusedNamingTheFlag(String text) {
        assertThat(problems("--endpoints=" + text)).singleElement().satisfies(p -> assertThat(p)
                .startsWith("command line: --endpoints=" + text + " is not a list of host:port: "));
    }

    @Test
    void anEndpointListedTwiceIsRefused() {
        assertThat(problems("--endpoints=10.0.0.1:7687,10.0.0.2:7687,10.0.0.1:7687"))
                .containsExactly("command line: --endpoints=10.0.0.1:7687,10.0.0.2:7687,10.0.0.1:7687 lists"
                        + " 10.0.0.1:7687 twice");
    }

    @Test
    void outOfRangeValuesAreEachRefusedOnTheirOwnLine() {
        assertThat(problems(ENDPOINTS, "--bolt-port=65536", "--num-workers=0",
                "--bolt-session-inactivity-timeout=0", "--num-retries=0", "--retry-delay-ms=-1",
                "--connect-timeout-ms=0", "--shutdown-timeout-sec=3601")).containsExactly(
                "command line: --bolt-port=65536 must be between 0 and 65535",
                "command line: --num-workers=0 must be between 1 and 4096",
                "command line: --bolt-session-inactivity-timeout=0 must be between 1 and 2147483647",
                "command line: --num-retries=0 must be between 1 and 100000",
                "command line: --retry-delay-ms=-1 must be between 0 and 60000",
                "command line: --connect-timeout-ms=0 must be between 1 and 600000",
                "command line: --shutdown-timeout-sec=3601 must be between 0 and 3600");
    }

    @Test
    void unparsableValuesAreRefusedNamingTheFileAndLine() throws Exception {
        Path conf = file("proxy.conf", ENDPOINTS + "\n--port=http\n--use-ssl=maybe\n--log-level=LOUD\n");
        assertThat(problems(conf, "--retry-delay-ms=1s")).containsExactly(
                conf + ":2: --port=http must be an integer between 0 and 65535",
                conf + ":3: --use-ssl=maybe must be true or false",
                "command line: --retry-delay-ms=1s must be an integer between 0 and 60000",
                conf + ":4: --log-level=LOUD must be one of TRACE, DEBUG, INFO, WARN, ERROR");
    }

    @Test
    void unknownFlagsAndValuelessFlagsAreRefused() {
        assertThat(problems(ENDPOINTS, "--bolt-num-workers=4", "--port")).containsExactly(
                "command line: unknown flag --bolt-num-workers",
                "command line: --port needs a value (--port=...)");
    }

    @Test
    void unreadableAndUnusableTlsFilesAreRefusedNamingTheFlagAndFile() throws Exception {
        assertThat(problems(ENDPOINTS, "--trusted-cert-file=" + dir.resolve("none.pem"))).containsExactly(
                "command line: --trusted-cert-file=" + dir.resolve("none.pem") + " is not a readable file");
        Path garbage = file("garbage.pem", "not a certificate\n");
        Path conf = file("proxy.conf", ENDPOINTS + "\n--bolt-cert-file=" + garbage + "\n--bolt-key-file=" + pem.key()
                + "\n--trusted-cert-file=" + garbage + "\n");
        assertThat(problems(conf)).satisfiesExactly(
                p -> assertThat(p).startsWith(conf + ":2: --bolt-cert-file=" + garbage + " and --bolt-key-file="
                        + pem.key() + " cannot be used for TLS"),
                p -> assertThat(p).startsWith(conf + ":4: --trusted-cert-file=" + garbage
                        + " cannot be used to verify the servers"));
    }

    @Test
    void aTrustedCertificateWithoutTlsToTheServersIsRefused() {
        assertThat(problems(ENDPOINTS, "--use-ssl=false", "--trusted-cert-file=" + pem.cert())).containsExactly(
                "command line: --trusted-cert-file=" + pem.cert() + " is set but --use-ssl=false: there is no TLS"
                        + " towards the servers to verify; remove one of them");
    }

    @Test
    void anUnresolvableListeningAddressIsRefused() {
        assertThat(problems(ENDPOINTS, "--bolt-address=")).containsExactly(
                "command line: --bolt-address= must not be empty");
        // Not an address literal, refused without a name lookup.
        assertThat(problems(ENDPOINTS, "--bolt-address=[::1")).singleElement().satisfies(p -> assertThat(p)
                .startsWith("command line: --bolt-address=[::1 cannot be resolved"));
    }

    @Test
    void theShippedConfigFileIsValidOnceTheEndpointsAreSet() throws Exception {
        String text = Files.readString(Path.of("..", "etc", "memgraph_ha_proxy.conf"))
                .replace("# --endpoints=", "--endpoints=");
        ProxyConfig c = ProxyConfig.load(new String[0], file("shipped.conf", text));
        assertThat(c.settings().endpoints()).hasSize(3);
        assertThat(c.settings().port()).isEqualTo(7687);
        assertThat(c.logFile()).isEqualTo(Path.of("/var/log/memgraph/memgraph_ha_proxy.log"));
    }
}
