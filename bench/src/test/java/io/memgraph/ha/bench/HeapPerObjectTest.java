package io.memgraph.ha.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapPerObjectTest {
    @Test
    void readsTheFigureFromStorageBenchOutput() {
        assertThat(HeapPerObject.parse("heap after full GC: 313.9 MiB total, 109.7 bytes per object (vertices + edges)"))
                .isEqualTo(109.7);
        assertThat(HeapPerObject.parse("load: 1000 vertices in 0.10 s")).isEqualTo(-1);
    }
}
