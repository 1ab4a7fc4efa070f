package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Small property blobs are shared between objects, and sharing never lets one object's change show on another. */
class SmallBlobsTest {
  @Test
  void equalSmallBlobsAreOneArrayAndOthersAreLeftAlone() {
    SmallBlobs blobs = new SmallBlobs();
    byte[] a = {1, 2, 3};
    assertThat(blobs.share(a)).isSameAs(a);
    assertThat(blobs.share(new byte[] {1, 2, 3})).isSameAs(a);
    // same bytes, different length: not the same blob
    assertThat(blobs.share(new byte[] {0, 1, 2, 3})).isNotSameAs(a).containsExactly(0, 1, 2, 3);
    byte[] large = new byte[SmallBlobs.MAX_LENGTH + 1];
    assertThat(blobs.share(large)).isSameAs(large);
    assertThat(blobs.share(new byte[SmallBlobs.MAX_LENGTH + 1])).isNotSameAs(large);
    assertThat(blobs.share(null)).isNull();
    assertThat(blobs.size()).isEqualTo(2);
  }

  @Test
  void theTableStopsGrowingAtItsBound() {
    SmallBlobs blobs = new SmallBlobs();
    for (int i = 0; i < SmallBlobs.MAX_BLOBS + 10; i++) {
      blobs.share(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)});
    }
    assertThat(blobs.size()).isEqualTo(SmallBlobs.MAX_BLOBS);
    byte[] late = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    assertThat(blobs.share(late)).isSameAs(late);
    assertThat(blobs.share(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF})).isNotSameAs(late);
  }

  @Test
  void objectsSharingABlobChangeIndependently() {
    Storage s = new Storage();
    Transaction tx = s.begin();
    long a = tx.createVertex();
    long b = tx.createVertex();
    long e = tx.createEdge(a, b, "R");
    long f = tx.createEdge(b, a, "R");
    for (long v : new long[] {a, b}) {
      tx.setVertexProperty(v, "w", 7L);
    }
    tx.setEdgeProperty(e, "w", 7L);
    tx.setEdgeProperty(f, "w", 7L);
    assertThat(s.commit(tx).committed()).isTrue();
    Transaction before = s.begin();
    Transaction change = s.begin();
    change.setVertexProperty(a, "w", 8L);
    change.setEdgeProperty(e, "w", 9L);
    assertThat(s.commit(change).committed()).isTrue();
    Transaction after = s.begin();
    assertThat(after.vertexProperty(a, "w")).isEqualTo(8L);
    assertThat(after.vertexProperty(b, "w")).isEqualTo(7L);
    assertThat(after.edgeProperty(e, "w")).isEqualTo(9L);
    assertThat(after.edgeProperty(f, "w")).isEqualTo(7L);
    // the older snapshot still sees the shared value everywhere
    assertThat(before.vertexProperty(a, "w")).isEqualTo(7L);
    assertThat(before.edgeProperty(e, "w")).isEqualTo(7L);
    before.close();
    after.close();
  }
}
