package io.memgraph.ha.bolt.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.messaging.RequestCodec;
import io.memgraph.ha.bolt.packstream.StructShape;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each version speaks, as the message specification lists it per version. */
class BoltProtocolsTest {

  @Test
  void advertisedVersionsHighestFirstWithout55() {
    assertThat(BoltProtocols.VERSIONS).extracting(BoltVersion::toString)
        .containsExactly("5.8", "5.7", "5.6", "5.4", "5.3", "5.2", "5.1", "5.0", "4.4", "4.3", "4.2", "4.1", "4.0", "3.0", "1.0");
  }

  @ParameterizedTest(name = "Bolt {0}")
  @CsvSource(delimiter = '|', value = {
      "1.0 | ACK_FAILURE DISCARD_ALL INIT PULL_ALL RESET RUN",
      "3.0 | BEGIN COMMIT DISCARD_ALL GOODBYE HELLO PULL_ALL RESET ROLLBACK RUN",
      "4.0 | BEGIN COMMIT DISCARD GOODBYE HELLO PULL RESET ROLLBACK RUN",
      "4.2 | BEGIN COMMIT DISCARD GOODBYE HELLO PULL RESET ROLLBACK RUN",
      "4.3 | BEGIN COMMIT DISCARD GOODBYE HELLO PULL RESET ROLLBACK ROUTE RUN",
      "4.4 | BEGIN COMMIT DISCARD GOODBYE HELLO PULL RESET ROLLBACK ROUTE RUN",
      "5.0 | BEGIN COMMIT DISCARD GOODBYE HELLO PULL RESET ROLLBACK ROUTE RUN",
      "5.1 | BEGIN COMMIT DISCARD GOODBYE HELLO LOGOFF LOGON PULL RESET ROLLBACK ROUTE RUN",
      "5.3 | BEGIN COMMIT DISCARD GOODBYE HELLO LOGOFF LOGON PULL RESET ROLLBACK ROUTE RUN",
      "5.4 | BEGIN COMMIT DISCARD GOODBYE HELLO LOGOFF LOGON PULL RESET ROLLBACK ROUTE RUN TELEMETRY",
      "5.6 | BEGIN COMMIT DISCARD GOODBYE HELLO LOGOFF LOGON PULL RESET ROLLBACK ROUTE RUN TELEMETRY",
      "5.7 | BEGIN COMMIT DISCARD GOODBYE HELLO LOGOFF LOGON PULL RESET ROLLBACK ROUTE RUN TELEMETRY",
      "5.8 | BEGIN COMMIT DISCARD GOODBYE HELLO LOGOFF LOGON PULL RESET ROLLBACK ROUTE RUN TELEMETRY"})
  void requestMessagesPerVersion(String version, String messages) {
    BoltProtocol p = BoltProtocols.forVersion(BoltVersion.parse(version)).orElseThrow();
    TreeSet<String> names = p.requestCodecs().values().stream().map(RequestCodec::name)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(List.copyOf(names)).containsExactly(messages.split(" "));
  }

  @Test
  void structShapesAndPatches() {
    BoltProtocol v44 = BoltProtocols.forVersion(new BoltVersion(4, 4)).orElseThrow();
    assertThat(v44.acceptedPatches(Map.of("patch_bolt", List.of("utc", "other")))).containsExactly("utc");
    assertThat(v44.structShape(List.of())).isEqualTo(StructShape.LEGACY);
    assertThat(v44.structShape(List.of("utc"))).isEqualTo(StructShape.V4_4_UTC);
    BoltProtocol v43 = BoltProtocols.forVersion(new BoltVersion(4, 3)).orElseThrow();
    assertThat(v43.acceptedPatches(Map.of("patch_bolt", List.of("utc")))).isEmpty();
    BoltProtocol v50 = BoltProtocols.forVersion(new BoltVersion(5, 0)).orElseThrow();
    assertThat(v50.acceptedPatches(Map.of("patch_bolt", List.of("utc")))).isEmpty();
    assertThat(v50.structShape(List.of())).isEqualTo(StructShape.V5);
  }

  @Test
  void handshakeSlotEncoding() {
    assertThat(new BoltVersion(5, 4).encodeRange(4)).isEqualTo(0x00040405);
    assertThat(HandshakeProposal.versions(0x00020304)).extracting(BoltVersion::toString).containsExactly("4.3", "4.2", "4.1");
    assertThat(HandshakeProposal.versions(HandshakeProposal.MANIFEST_V1)).isEmpty();
    assertThat(HandshakeProposal.versions(0x00000001)).containsExactly(new BoltVersion(1, 0));
    assertThat(HandshakeProposal.versions(0x00090205)).extracting(BoltVersion::toString).containsExactly("5.2", "5.1", "5.0");
  }
}
