package io.memgraph.ha.bolt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebSocketOriginsTest {

  private static final WebSocketOrigins DEFAULT = WebSocketOrigins.LOOPBACK;

  @Test
  void clientsThatAreNotBrowsersSendNoOriginAndAreAllowed() {
    assertThat(DEFAULT.allows(null)).isTrue();
  }

  @Test
  void pagesServedByThisMachinesLoopbackAreAllowed() {
    assertThat(DEFAULT.allows("http://localhost")).isTrue();
    assertThat(DEFAULT.allows("http://localhost:3000")).isTrue();
    assertThat(DEFAULT.allows("https://LocalHost:8443")).isTrue();
    assertThat(DEFAULT.allows("http://lab.localhost:3000")).isTrue();
    assertThat(DEFAULT.allows("http://127.0.0.1:7474")).isTrue();
    assertThat(DEFAULT.allows("http://127.1.2.3")).isTrue();
    assertThat(DEFAULT.allows("http://[::1]:3000")).isTrue();
  }

  @Test
  void pagesFromAnywhereElseAreRefusedByDefault() {
    assertThat(DEFAULT.allows("https://evil.example")).isFalse();
    assertThat(DEFAULT.allows("http://127.0.0.1.evil.example")).as("a name that starts like a loopback address")
        .isFalse();
    assertThat(DEFAULT.allows("http://localhost.evil.example")).isFalse();
    assertThat(DEFAULT.allows("http://evil-localhost")).isFalse();
    assertThat(DEFAULT.allows("http://127.0.0.256")).isFalse();
    assertThat(DEFAULT.allows("http://128.0.0.1")).isFalse();
    assertThat(DEFAULT.allows("http://10.0.0.5:3000")).isFalse();
    assertThat(DEFAULT.allows("null")).as("a sandboxed frame or a local file").isFalse();
    assertThat(DEFAULT.allows("file://")).isFalse();
    assertThat(DEFAULT.allows("not an origin at all")).isFalse();
    assertThat(DEFAULT.allows("")).isFalse();
  }

  @Test
  void listedOriginsAreAllowedWhateverTheirCaseAndWithTheirDefaultPortWrittenOrNot() {
    WebSocketOrigins o = WebSocketOrigins.parse(" https://neodash.graphapp.io , http://lab.example:3000,null", "--x");
    assertThat(o.allows("https://neodash.graphapp.io")).isTrue();
    assertThat(o.allows("https://NeoDash.GraphApp.io:443")).isTrue();
    assertThat(o.allows("http://lab.example:3000")).isTrue();
    assertThat(o.allows("null")).isTrue();
    assertThat(o.allows("http://neodash.graphapp.io")).as("another scheme is another origin").isFalse();
    assertThat(o.allows("http://lab.example:3001")).as("another port is another origin").isFalse();
    assertThat(o.allows("https://evil.example")).isFalse();
    assertThat(o.allows("http://localhost:3000")).as("loopback pages stay allowed").isTrue();
  }

  @Test
  void aStarAllowsEveryPage() {
    WebSocketOrigins any = WebSocketOrigins.parse("*", "--x");
    assertThat(any.allows("https://evil.example")).isTrue();
    assertThat(any.allows("null")).isTrue();
  }

  @Test
  void anEmptySettingIsTheDefault() {
    WebSocketOrigins none = WebSocketOrigins.parse("", "--x");
    assertThat(none.allows("https://evil.example")).isFalse();
    assertThat(none.allows("http://localhost")).isTrue();
  }

  @Test
  void anEntryThatIsNotAnOriginIsNamed() {
    assertThatThrownBy(() -> WebSocketOrigins.parse("https://ok.example,neodash.graphapp.io", "--x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'neodash.graphapp.io' is not an origin: write scheme://host[:port]");
    assertThatThrownBy(() -> WebSocketOrigins.parse("https://ok.example/path", "--x"))
        .hasMessageStartingWith("'https://ok.example/path' is not an origin");
    assertThatThrownBy(() -> WebSocketOrigins.parse("ftp://ok.example", "--x"))
        .hasMessageStartingWith("'ftp://ok.example' is not an origin");
  }

  @Test
  void theRefusalSaysWhichSettingAllowsAPage() {
    assertThat(WebSocketOrigins.parse("", "--bolt-websocket-allowed-origins").howToAllow())
        .contains("list it in --bolt-websocket-allowed-origins (or * for every page)");
  }
}
