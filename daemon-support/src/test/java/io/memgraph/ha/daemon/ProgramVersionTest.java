package io.memgraph.ha.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgramVersionTest {
    @Test
    void theVersionBesideTheClassOrUnknown() {
        assertThat(ProgramVersion.of(ProgramVersionTest.class)).isEqualTo("1.2.3-test");
        assertThat(ProgramVersion.of(String.class)).isEqualTo("unknown");
    }
}
