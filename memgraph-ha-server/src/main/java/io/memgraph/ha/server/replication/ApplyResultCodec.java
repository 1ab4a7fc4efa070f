package io.memgraph.ha.server.replication;

import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes the state machine returns for an applied entry: {@code [status u8][index i64]} and,
 * for a rejection, the UTF-8 message. Status 0 is committed, {@code 1 + ordinal} a
 * {@link RejectReason}. Deterministic, like the apply that produced it.
 */
public final class ApplyResultCodec {
    private static final RejectReason[] REASONS = RejectReason.values();

    private ApplyResultCodec() {
    }

    /** Encodes {@code result}. */
    public static byte[] encode(ApplyResult result) {
        byte[] message = result.committed() || result.message() == null ? new byte[0]
                : result.message().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(9 + message.length);
        b.put((byte) (result.committed() ? 0 : 1 + result.reason().ordinal()));
        b.putLong(result.index());
        b.put(message);
        return b.array();
    }

    /**
     * Decodes what {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not an encoded result
     */
    public static ApplyResult decode(byte[] bytes) {
        if (bytes.length < 9) {
            throw new IllegalArgumentException("an apply result needs at least 9 bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int status = b.get() & 0xff;
        long index = b.getLong();
        if (status == 0) {
            return new ApplyResult(index, null, null);
        }
        if (status > REASONS.length) {
            throw new IllegalArgumentException("unknown apply result status " + status);
        }
        String message = new String(bytes, 9, bytes.length - 9, StandardCharsets.UTF_8);
        return new ApplyResult(index, REASONS[status - 1], message);
    }
}
