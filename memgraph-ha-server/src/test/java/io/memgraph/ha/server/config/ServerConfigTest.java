package io.memgraph.ha.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memgraph.ha.daemon.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path dir;

    private ServerConfig load(Map<String, String> env, Path defaultFile, String... args) throws ConfigException {
        return ServerConfig.load(args, env, defaultFile);
    }

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void defaultsWhenNothingIsGiven() throws Exception {
        ServerConfig c = load(Map.of(), dir.resolve("missing.conf"));
        assertThat(c.serverId()).as("not given").isZero();
        assertThat(c.boltAdvertisedAddress()).isNull();
        assertThat(c.boltAddress()).isEqualTo("0.0.0.0");
        assertThat(c.boltPort()).isEqualTo(7687);
        assertThat(c.durabilityDirectory()).isEqualTo(Path.of("/var/lib/memgraph/durability"));
        assertThat(c.coordinationConfigFile()).isEqualTo(Path.of("/etc/memgraph/coordination.json"));
        assertThat(c.raftConfigFile()).isEqualTo(Path.of("/etc/memgraph/raft.json"));
        assertThat(c.queryExecutionTimeSec()).isEqualTo(180);
        assertThat(c.boltCertFile()).isNull();
        assertThat(c.logFile()).isNull();
        assertThat(c.logLevel()).isEqualTo("INFO");
        assertThat(c.boltNumWorkers()).isEqualTo(64);
        assertThat(c.boltSessionInactivityTimeoutSec()).isEqualTo(1800);
        assertThat(c.authEnabled()).as("the original HA Memgraph accepted any credentials").isFalse();
        assertThat(c.loadCsvDirectory()).isEqualTo(Path.of("/var/lib/memgraph/durability/import"));
    }

    @Test
    void loadCsvDirectoryDefaultsToImportInTheDurabilityDirectoryAndEmptyDisablesIt() throws Exception {
        assertThat(load(Map.of(), null, "--durability-directory=/tmp/mg").loadCsvDirectory())
                .isEqualTo(Path.of("/tmp/mg/import"));
        assertThat(load(Map.of(), null, "--load_csv_directory=/srv/csv").loadCsvDirectory())
                .isEqualTo(Path.of("/srv/csv"));
        assertThat(load(Map.of(), null, "--load-csv-directory=").loadCsvDirectory()).as("disabled").isNull();
        Path conf = file("m.conf", "# --load-csv-directory=/nope\n--load-csv-directory=/var/lib/memgraph/import\n");
        assertThat(load(Map.of(), conf).loadCsvDirectory()).isEqualTo(Path.of("/var/lib/memgraph/import"));
    }

    @Test
    void webSocketOriginsAreListedByTheFlagAndAWrongEntryIsNamed() throws Exception {
        assertThat(load(Map.of(), null).boltWebSocketOrigins().allows("https://neodash.graphapp.io"))
                .as("by default only loopback pages").isFalse();
        assertThat(load(Map.of(), null).boltWebSocketOrigins().allows("http://localhost:3000")).isTrue();
        ServerConfig c = load(Map.of(), null, "--bolt-websocket-allowed-origins=https://neodash.graphapp.io, null");
        assertThat(c.boltWebSocketOrigins().allows("https://neodash.graphapp.io")).isTrue();
        assertThat(c.boltWebSocketOrigins().allows("null")).isTrue();
        assertThat(c.boltWebSocketOrigins().allows("https://evil.example")).isFalse();
        assertThat(assertThrows(ConfigException.class,
                () -> load(Map.of(), null, "--bolt-websocket-allowed-origins=https://ok.example/app")).problems())
                .singleElement().asString()
                .startsWith("command line: --bolt-websocket-allowed-origins=https://ok.example/app is wrong:"
                        + " 'https://ok.example/app' is not an origin");
    }

    @Test
    void authEnabledIsABooleanFlagWithEitherSpelling() throws Exception {
        assertThat(load(Map.of(), null, "--auth-enabled").authEnabled()).isTrue();
        assertThat(load(Map.of(), null, "--auth_enabled=true").authEnabled()).isTrue();
        assertThat(load(Map.of(), null, "--auth-enabled=true", "--auth-enabled=false").authEnabled()).isFalse();
        assertThatThrownBy(() -> load(Map.of(), null, "--auth-enabled=maybe"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--auth-enabled=maybe");
    }

    @Test
    void exportingToFilesIsOffUnlessTheFlagSaysSo() throws Exception {
        assertThat(load(Map.of(), null).apocExportFileEnabled()).as("Neo4j's apoc.export.file.enabled is off too")
                .isFalse();
        assertThat(load(Map.of(), null, "--apoc-export-file-enabled").apocExportFileEnabled()).isTrue();
        assertThatThrownBy(() -> load(Map.of(), null, "--apoc-export-file-enabled=yes please"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--apoc-export-file-enabled");
    }

    @Test
    void boltWorkerAndInactivityFlagsAreReadAndBounded() throws Exception {
        ServerConfig c = load(Map.of(), null, "--bolt-num-workers=8", "--bolt_session_inactivity_timeout=60");
        assertThat(c.boltNumWorkers()).isEqualTo(8);
        assertThat(c.boltSessionInactivityTimeoutSec()).isEqualTo(60);
        assertThatThrownBy(() -> load(Map.of(), null, "--bolt-num-workers=0", "--bolt-session-inactivity-timeout=0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--bolt-num-workers=0 must be between 1 and 4096")
                .hasMessageContaining("--bolt-session-inactivity-timeout=0 must be between 1 and 2147483647");
    }

    @Test
    void serverIdAndAdvertisedAddressAreValidated() throws Exception {
        ServerConfig c = load(Map.of(), null, "--server-id=3", "--bolt-advertised-address=db3.example:7690");
        assertThat(c.serverId()).isEqualTo(3);
        assertThat(c.boltAdvertisedAddress()).isEqualTo("db3.example:7690");
        assertThat(load(Map.of(), null, "--bolt-advertised-address=[::1]:7687").boltAdvertisedAddress())
                .isEqualTo("[::1]:7687");
        assertThatThrownBy(() -> load(Map.of(), null, "--server-id=0"))
                .hasMessageContaining("--server-id=0 must be between 1 and 65535");
        assertThatThrownBy(() -> load(Map.of(), null, "--bolt-advertised-address=10.0.0.1"))
                .hasMessageContaining("--bolt-advertised-address").hasMessageContaining("host:port");
        assertThatThrownBy(() -> load(Map.of(), null, "--bolt-advertised-address=h:99999"))
                .hasMessageContaining("--bolt-advertised-address");
    }

    @Test
    void commandLineWinsOverTheFlagFileAndUnderscoresEqualDashes() throws Exception {
        Path conf = file("memgraph_ha.conf", """
                # a comment
                --server-id=2

                --bolt-port=7688
                --durability_directory=/tmp/d
                """);
        ServerConfig c = load(Map.of(), conf, "--server_id=3", "--query-execution-time-sec=-1");
        assertThat(c.serverId()).isEqualTo(3);
        assertThat(c.boltPort()).isEqualTo(7688);
        assertThat(c.durabilityDirectory()).isEqualTo(Path.of("/tmp/d"));
        assertThat(c.queryExecutionTimeSec()).isEqualTo(-1);
    }

    @Test
    void memgraphConfigEnvironmentAndFlagFileIncludesAreRead() throws Exception {
        Path env = file("env.conf", "--bolt-port=1111\n--server-id=4\n");
        Path inc = file("inc.conf", "--bolt-port=2222\n");
        ServerConfig c = load(Map.of("MEMGRAPH_CONFIG", env.toString()), null, "--flag-file=" + inc);
        assertThat(c.serverId()).isEqualTo(4);
        assertThat(c.boltPort()).isEqualTo(2222);
    }

    @Test
    void missingMemgraphConfigIsAnError() {
        assertThatThrownBy(() -> load(Map.of("MEMGRAPH_CONFIG", dir.resolve("nope").toString()), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MEMGRAPH_CONFIG environment variable set to nonexisting path");
    }

    @Test
    void shippedServerIdZeroIsRefusedNamingTheFileLineAndFlag() throws Exception {
        Path conf = file("memgraph_ha.conf", "--bolt-port=7687\n--server-id=0\n");
        assertThatThrownBy(() -> load(Map.of(), conf))
                .isInstanceOf(ConfigException.class)
                .hasMessage(conf + ":2: --server-id=0 must be between 1 and 65535");
    }

    @Test
    void everyProblemIsReportedOnItsOwnLine() throws Exception {
        Path conf = file("memgraph_ha.conf", "--bolt-port=http\nbolt-address=1.2.3.4\n--no-such-flag=1\n");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> load(Map.of(), conf, "--log-level=LOUD", "--query-execution-time-sec=0",
                        "--bolt-cert-file=" + dir.resolve("cert.pem")));
        assertThat(e.problems()).containsExactly(
                conf + ":2: expected a --flag=value line, found 'bolt-address=1.2.3.4'",
                conf + ":3: unknown flag --no-such-flag",
                conf + ":1: --bolt-port=http must be an integer between 0 and 65535",
                "command line: --bolt-cert-file=" + dir.resolve("cert.pem")
                        + " is set but its pair is not: TLS needs both --bolt-cert-file and --bolt-key-file",
                "command line: --bolt-cert-file=" + dir.resolve("cert.pem") + " is not a readable file",
                "command line: --query-execution-time-sec=0 must be positive, or -1 for no limit",
                "command line: --log-level=LOUD must be one of TRACE, DEBUG, INFO, WARN, ERROR");
    }

    @Test
    void valueFlagWithoutValueIsRefused() {
        assertThatThrownBy(() -> load(Map.of(), null, "--bolt-port"))
                .hasMessage("command line: --bolt-port needs a value (--bolt-port=...)");
    }

    @Test
    void positionalArgumentIsRefused() {
        assertThatThrownBy(() -> load(Map.of(), null, "7687"))
                .hasMessageContaining("unexpected argument '7687'");
    }

    @Test
    void theShippedConfigFileIsValidOnceTheServerIdIsSetAndTheFilesItNamesExist() throws Exception {
        // The shipped file names /etc/memgraph/...; here they live in the temporary directory.
        Path etc = Files.createDirectories(dir.resolve("etc/memgraph/ssl"));
        for (String name : new String[] {"ssl/cert.pem", "ssl/key.pem", "coordination.json"}) {
            Files.writeString(dir.resolve("etc/memgraph").resolve(name), "x");
        }
        // Set as a user would, with a note after the value (the file says '#' after white space starts a comment).
        String text = Files.readString(Path.of("..", "etc", "memgraph_ha.conf"))
                .replace("# --server-id=0", "--server-id=2   # db2, rack B")
                .replace("/etc/memgraph/", dir.resolve("etc/memgraph") + "/");
        ServerConfig c = load(Map.of(), file("shipped.conf", text));
        assertThat(c.serverId()).isEqualTo(2);
        assertThat(c.boltPort()).isEqualTo(7687);
        assertThat(c.authEnabled()).isTrue();
        assertThat(c.boltCertFile()).isEqualTo(etc.resolve("cert.pem"));
        assertThat(c.coordinationConfigFile()).isEqualTo(dir.resolve("etc/memgraph/coordination.json"));
        assertThat(c.logFile()).isEqualTo(Path.of("/var/log/memgraph/memgraph_ha.log"));
        assertThat(c.loadCsvDirectory()).isEqualTo(Path.of("/var/lib/memgraph/import"));
    }

    @Test
    void requireCoordinationFileRefusesAMissingFileWithOneLineSayingWhatToWrite() throws Exception {
        Path coordination = dir.resolve("coordination.json");
        Files.writeString(dir.resolve("coordination.json.example"), "[[1, \"192.168.0.1\", 10000]]");
        Path conf = file("memgraph_ha.conf", "--coordination-config-file=" + coordination
                + "\n--require-coordination-file\n");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> load(Map.of(), conf));
        assertThat(e.problems()).singleElement().isEqualTo(conf + ":1: --coordination-config-file=" + coordination
                + " does not exist: this server is not configured yet. Copy " + coordination + ".example to "
                + coordination + " and list every server of the cluster in it, one [server_id, \"ip_address\","
                + " rpc_port] entry each (the same file on every server); then set --server-id=<this server's id> in "
                + conf);

        Files.writeString(coordination, "[[1, \"127.0.0.1\", 10000]]");
        assertThat(load(Map.of(), conf).coordinationConfigFile()).isEqualTo(coordination);
    }

    @Test
    void withoutRequireCoordinationFileAMissingFileIsAllowed() throws Exception {
        // A checkout's bin/memgraph_ha runs a single server with no coordination file.
        ServerConfig c = load(Map.of(), null, "--coordination-config-file=" + dir.resolve("absent.json"));
        assertThat(c.coordinationConfigFile()).isEqualTo(dir.resolve("absent.json"));
        assertThatThrownBy(() -> load(Map.of(), null, "--coordination-config-file=" + dir.resolve("absent.json"),
                "--require-coordination-file=true"))
                .hasMessageContaining("absent.json does not exist: this server is not configured yet");
    }
}
