package io.memgraph.ha.bench.workloads;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.memgraph.ha.bench.load.LoadGenerator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * etcd's small durable write: a {@code put} of a {@value #VALUE_BYTES}-byte value to a random key
 * of {@value #KEYS} keys; the client's next put starts when this one is answered (the closed loop of
 * every other workload, asynchronous like theirs).
 */
public final class EtcdPut {
    static final int VALUE_BYTES = 100;
    static final int KEYS = 1_000_000;

    private EtcdPut() {
    }

    /** Clients that share {@code kv} (one jetcd client multiplexes its calls over its connections). */
    public static LoadGenerator.Target on(KV kv) {
        byte[] raw = new byte[VALUE_BYTES];
        new SplittableRandom(1).nextBytes(raw);
        ByteSequence value = ByteSequence.from(raw);
        return index -> random -> kv.put(ByteSequence.from(Long.toString(random.nextInt(KEYS)).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), value).orTimeout(30, TimeUnit.SECONDS);
    }
}
