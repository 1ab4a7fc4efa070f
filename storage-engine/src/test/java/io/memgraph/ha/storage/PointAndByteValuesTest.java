package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Points and byte arrays as property values: encoding, order, index lookups, snapshots, and write
 * sets applied on another replica.
 */
class PointAndByteValuesTest {
  static final PointValue CARTESIAN = PointValue.of(7203, 1.5, -2.25);
  static final PointValue WGS_3D = new PointValue(4979, 12.5, 55.75, 100.0);

  private static Object roundTrip(Object v) {
    ByteWriter w = new ByteWriter(16);
    ValueCodec.write(w, Values.normalize(v));
    ByteReader r = new ByteReader(w.toArray());
    Object back = ValueCodec.read(r);
    assertThat(r.hasRemaining()).isFalse();
    ByteReader skipped = new ByteReader(w.toArray());
    ValueCodec.skip(skipped);
    assertThat(skipped.hasRemaining()).as("skip() passes exactly one value").isFalse();
    return back;
  }

  @Test
  void pointsAndBytesEncodeAndDecode() {
    assertThat(roundTrip(CARTESIAN)).isEqualTo(CARTESIAN);
    assertThat(roundTrip(WGS_3D)).isEqualTo(WGS_3D);
    assertThat((byte[]) roundTrip(new byte[] {0, 1, -1, 127})).containsExactly(0, 1, -1, 127);
    assertThat((byte[]) roundTrip(new byte[0])).isEmpty();
    assertThat(roundTrip(List.of(CARTESIAN, WGS_3D))).isEqualTo(List.of(CARTESIAN, WGS_3D));
  }

  @Test
  void theEncodingIsPinned() {
    // tag 14, srid 7203 as a varint, 2 dimensions, x and y as raw doubles
    ByteWriter w = new ByteWriter(16);
    ValueCodec.write(w, CARTESIAN);
    assertThat(HexFormat.of().formatHex(w.toArray())).isEqualTo("0ea338023ff8000000000000c002000000000000");
    w = new ByteWriter(16);
    ValueCodec.write(w, new byte[] {1, 2});
    assertThat(HexFormat.of().formatHex(w.toArray())).isEqualTo("0f020102");
  }

  @Test
  void malformedPointsAndBytesAreRejected() {
    assertThatThrownBy(() -> ValueCodec.read(new ByteReader(HexFormat.of().parseHex("0ea33804"))))
        .isInstanceOf(MalformedDataException.class).hasMessageContaining("point with 4 dimensions");
    assertThatThrownBy(() -> ValueCodec.read(new ByteReader(HexFormat.of().parseHex(
        "0ea338027ff8000000000000c002000000000000"))))
        .isInstanceOf(MalformedDataException.class).hasMessageContaining("non-finite");
    assertThatThrownBy(() -> ValueCodec.read(new ByteReader(HexFormat.of().parseHex("0f0501"))))
        .isInstanceOf(MalformedDataException.class).hasMessageContaining("exceeds the remaining");
  }

  @Test
  void pointsOrderBySridThenCoordinatesAndBytesByContent() {
    List<Object> sorted = new java.util.ArrayList<>(List.of(PointValue.of(7203, 2, 0), WGS_3D,
        PointValue.of(7203, 1, 5), PointValue.of(4326, 100, 0)));
    sorted.sort(Values::compare);
    assertThat(sorted).containsExactly(PointValue.of(4326, 100, 0), WGS_3D, PointValue.of(7203, 1, 5),
        PointValue.of(7203, 2, 0));
    assertThat(Values.equal(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
    assertThat(Values.compare(new byte[] {1, 2}, new byte[] {1, 3})).isNegative();
    assertThat(Values.hashKey(new byte[] {1, 2})).isEqualTo(Values.hashKey(new byte[] {1, 2}));
  }

  @Test
  void pointAndBytePropertiesSurviveIndexesSnapshotsAndReplicas() throws IOException {
    Storage leader = new Storage();
    Storage replica = new Storage();
    Transaction ddl = leader.begin();
    ddl.createSchema(new SchemaItem.LabelPropertyIndex("Place", "at"));
    assertThat(applyOnBoth(leader, replica, ddl)).isTrue();
    Transaction tx = leader.begin();
    long a = tx.createVertex();
    tx.addLabel(a, "Place");
    tx.setVertexProperty(a, "at", CARTESIAN);
    tx.setVertexProperty(a, "raw", new byte[] {9, 8, 7});
    long b = tx.createVertex();
    tx.addLabel(b, "Place");
    tx.setVertexProperty(b, "at", WGS_3D);
    assertThat(applyOnBoth(leader, replica, tx)).isTrue();

    Storage restored = restoredCopy(leader);
    for (Storage s : List.of(leader, replica, restored)) {
      Transaction r = s.begin();
      assertThat(TransactionTest.ids(r.verticesWithProperty("Place", "at", PointValue.of(7203, 1.5, -2.25))))
          .containsExactly(a);
      assertThat(TransactionTest.ids(r.verticesWithProperty("Place", "at", WGS_3D))).containsExactly(b);
      assertThat(TransactionTest.ids(r.verticesWithProperty("Place", "at", PointValue.of(7203, 1.5, -2.0))))
          .isEmpty();
      assertThat((byte[]) r.vertexProperty(a, "raw")).containsExactly(9, 8, 7);
      r.close();
    }
  }

  static Storage restoredCopy(Storage s) throws IOException {
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    s.writeSnapshot(snapshot);
    return Storage.readSnapshot(new ByteArrayInputStream(snapshot.toByteArray()), "test");
  }

  /** Prepares on the leader, applies the same bytes on both at the next index. */
  static boolean applyOnBoth(Storage leader, Storage replica, Transaction tx) {
    byte[] bytes = tx.prepare().toBytes();
    long index = leader.lastAppliedIndex() + 1;
    boolean committed = leader.apply(index, bytes).committed();
    assertThat(replica.apply(index, bytes).committed()).isEqualTo(committed);
    return committed;
  }
}
