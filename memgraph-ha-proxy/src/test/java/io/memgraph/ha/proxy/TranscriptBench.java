package io.memgraph.ha.proxy;

import io.memgraph.ha.bolt.messaging.Signatures;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;

/**
 * What the proxy's bookkeeping for running a unit again ({@code ProxySession.Transcript}) costs one
 * auto-commit write, on one thread and without the network: a new transcript, a copy of the RUN
 * and of the PULL, and the checksum of the RUN's SUCCESS and of the PULL's SUCCESS, as a bench
 * workload's {@code CREATE} sees them (no records). Prints nanoseconds per write.
 *
 * <p>Run, after {@code mvn -q -o -pl memgraph-ha-proxy -am package -DskipTests} (which also
 * compiles the tests): {@code java -cp memgraph-ha-proxy/target/test-classes:memgraph-ha-proxy/target/classes:memgraph-ha-proxy/target/memgraph-ha-proxy.jar
 * io.memgraph.ha.proxy.TranscriptBench [seconds per round]} (the proxy's jar brings Netty).
 */
public final class TranscriptBench {
    private TranscriptBench() {}

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        ByteBuf run = struct(Signatures.RUN, "CREATE (:Person {id: $id, name: $name})",
                Map.of("id", 123_456L, "name", "person-123456"), Map.of("db", "memgraph"));
        ByteBuf pull = struct(Signatures.PULL, Map.of("n", 1000L));
        ByteBuf runSuccess = struct(Signatures.SUCCESS, Map.of("fields", List.of(), "t_first", 0L));
        ByteBuf pullSuccess = struct(Signatures.SUCCESS, Map.of("bookmark", "memgraph-ha:123456", "type", "w",
                "t_last", 0L, "db", "memgraph", "stats", Map.of("nodes-created", 1L, "labels-added", 1L,
                        "properties-set", 2L)));
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            long writes = 0;
            long start = System.nanoTime();
            long deadline = start + seconds * 1_000_000_000L;
            long now;
            do {
                for (int i = 0; i < 10_000; i++) {
                    ProxySession.Transcript t = new ProxySession.Transcript();
                    t.request(Signatures.RUN, run);
                    t.request(Signatures.PULL, pull);
                    t.answer(Signatures.SUCCESS, runSuccess);
                    t.answer(Signatures.SUCCESS, pullSuccess);
                    sink += t.crc.getValue();
                }
                writes += 10_000;
                now = System.nanoTime();
            } while (now < deadline);
            System.out.printf("round %d: %.0f ns per auto-commit write (%d writes)%n", round + 1,
                    (double) (now - start) / writes, writes);
        }
        System.out.println("(checksum sink " + (sink & 0xff) + ")");
    }

    private static ByteBuf struct(byte signature, Object... fields) {
        ByteBuf body = Unpooled.buffer();
        PackStreamWriter out = new PackStreamWriter(body, StructShape.V5);
        out.writeStructHeader(fields.length, signature);
        for (Object f : fields) {
            out.writeValue(f);
        }
        return body;
    }
}
