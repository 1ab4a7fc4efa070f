package io.memgraph.ha.proxy;

import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.ResponseCodec;
import io.memgraph.ha.bolt.messaging.Signatures;
import io.memgraph.ha.bolt.packstream.PackStreamException;
import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.Checksum;

/**
 * The few message bodies the proxy reads or writes itself. Everything else crosses it as the
 * bytes it arrived as: a message is looked at only as far as its signature byte.
 */
final class Messages {

    /** Bolt status codes the proxy answers with itself. */
    static final String LEADER_SWITCH = "Neo.TransientError.Cluster.LeaderSwitch";
    static final String UNAVAILABLE = "Neo.TransientError.General.DatabaseUnavailable";
    static final String OUTCOME_UNKNOWN = "Neo.DatabaseError.Cluster.CommitOutcomeUnknown";
    static final String REQUEST_INVALID = "Neo.ClientError.Request.Invalid";
    /** Codes the servers answer with that the proxy acts on. */
    static final String NOT_A_LEADER = "Neo.ClientError.Cluster.NotALeader";
    static final String REPLICATION_TIMEOUT = "Neo.TransientError.Cluster.ReplicationTimeout";
    static final String NOT_COMMITTED = "Neo.TransientError.Transaction.NotCommitted";

    /** Transaction metadata keys of the cluster's exactly-once commits. */
    static final String HA_TX_ID = "ha_tx_id";
    static final String HA_TX_RESOLVE = "ha_tx_resolve";
    /** Transaction metadata key of a read that only the leader may answer (see the server's ClusterRole). */
    static final String HA_LEADER_READ = "ha_leader_read";

    private Messages() {}

    /** The signature of a message body, or -1 when the body is not a structure with one. */
    static int signature(ByteBuf body) {
        if (body.readableBytes() < 2) {
            return -1;
        }
        int marker = body.getUnsignedByte(body.readerIndex());
        return (marker & 0xF0) == 0xB0 ? body.getByte(body.readerIndex() + 1) : -1;
    }

    /** The field count of a message body that {@link #signature} accepted. */
    static int fieldCount(ByteBuf body) {
        return body.getUnsignedByte(body.readerIndex()) & 0x0F;
    }

    /** A FAILURE the proxy answers itself, in the shape of the client's Bolt version ({@code gql}: 5.7+). */
    static ByteBuf failure(ByteBufAllocator alloc, boolean gql, String code, String message) {
        ByteBuf body = alloc.buffer();
        ResponseCodec.writeFailure(code, message, gql, new PackStreamWriter(body, StructShape.LEGACY));
        return body;
    }

    static ByteBuf success(ByteBufAllocator alloc, Map<String, Object> metadata) {
        ByteBuf body = alloc.buffer();
        PackStreamWriter out = new PackStreamWriter(body, StructShape.LEGACY);
        out.writeStructHeader(1, Signatures.SUCCESS);
        out.writeMap(metadata);
        return body;
    }

    static ByteBuf ignored(ByteBufAllocator alloc) {
        ByteBuf body = alloc.buffer(2);
        new PackStreamWriter(body, StructShape.LEGACY).writeStructHeader(0, Signatures.IGNORED);
        return body;
    }

    static ByteBuf goodbye(ByteBufAllocator alloc) {
        return empty(alloc, Signatures.GOODBYE);
    }

    static ByteBuf reset(ByteBufAllocator alloc) {
        return empty(alloc, Signatures.RESET);
    }

    static ByteBuf commit(ByteBufAllocator alloc) {
        return empty(alloc, Signatures.COMMIT);
    }

    static ByteBuf rollback(ByteBufAllocator alloc) {
        return empty(alloc, Signatures.ROLLBACK);
    }

    /**
     * A copy of the Bolt 3+ RUN {@code body} with an empty extra map, as a RUN inside an explicit
     * transaction carries: the query and parameters are copied as bytes.
     */
    static ByteBuf withEmptyExtra(ByteBufAllocator alloc, ByteBuf body, StructShape shape) {
        int start = extra(body, shape).start();
        ByteBuf copy = alloc.buffer(start + 1);
        copy.writeBytes(body, body.readerIndex(), start);
        copy.writeByte(0xA0); // a map of no entries
        return copy;
    }

    /** A BEGIN (write mode) whose extra map holds only {@code tx_metadata}. */
    static ByteBuf begin(ByteBufAllocator alloc, BoltProtocol protocol, StructShape shape, Map<String, Object> txMetadata) {
        ByteBuf body = alloc.buffer();
        protocol.encodeRequest(new Request.Begin(Map.of("tx_metadata", txMetadata)), new PackStreamWriter(body, shape));
        return body;
    }

    private static ByteBuf empty(ByteBufAllocator alloc, byte signature) {
        ByteBuf body = alloc.buffer(2);
        new PackStreamWriter(body, StructShape.LEGACY).writeStructHeader(0, signature);
        return body;
    }

    /**
     * The metadata map of a SUCCESS or FAILURE body (read from a duplicate; the body is untouched).
     * Metadata holds no structures, so the shape does not matter.
     */
    static Map<String, Object> metadata(ByteBuf body) {
        PackStreamReader in = new PackStreamReader(body.duplicate(), StructShape.V5);
        in.readStructHeader();
        return in.readMap();
    }

    /**
     * Whether a SUCCESS body's metadata holds {@code has_more: true}. Only the top-level keys are
     * read; the values of the others (the stats of a write, the notifications) are skipped, not
     * decoded. A body that cannot be read has no more.
     */
    static boolean hasMore(ByteBuf body) {
        try {
            PackStreamReader in = new PackStreamReader(body.duplicate(), StructShape.V5);
            in.readStructHeader();
            for (int i = in.readMapHeader(); i > 0; i--) {
                if (in.readString().equals("has_more")) {
                    return Boolean.TRUE.equals(in.readValue());
                }
                in.skipValue();
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Adds to {@code checksum} the top-level entries of a summary body's metadata whose keys are in
     * {@code keys}: each key and its value's bytes as sent, in the order sent. The values of the
     * other keys are skipped, not decoded, as in {@link #hasMore}. A body that cannot be read adds
     * what came before the fault and a marker.
     */
    /** PackStream's {@code false}. */
    private static final byte PACKED_FALSE = (byte) 0xC2;

    static void checksum(ByteBuf body, Set<String> keys, Checksum checksum) {
        try {
            PackStreamReader in = new PackStreamReader(body.duplicate(), StructShape.V5);
            in.readStructHeader();
            for (int i = in.readMapHeader(); i > 0; i--) {
                String key = in.readString();
                int start = in.buffer().readerIndex();
                in.skipValue();
                if (key.equals("has_more") && in.buffer().readerIndex() - start == 1
                        && in.buffer().getByte(start) == PACKED_FALSE) {
                    continue; // has_more: false says what no has_more says; servers of one version differ
                }
                if (keys.contains(key)) {
                    checksum.update(key.getBytes(StandardCharsets.UTF_8));
                    checksum.update(in.buffer().nioBuffer(start, in.buffer().readerIndex() - start));
                }
            }
        } catch (RuntimeException e) {
            checksum.update(-1);
        }
    }

    /**
     * The extra map of a BEGIN body ({@code B1 11 {extra}}) or a Bolt 3+ RUN body
     * ({@code B3 10 query params {extra}}), its last field, and the offset in the body where it starts.
     */
    record Extra(Map<String, Object> map, int start) {}

    /**
     * Whether the query of a RUN body may commit in batches: it has {@code TRANSACTIONS} or
     * {@code PERIODIC} in it, in any case (a {@code CALL { } IN TRANSACTIONS} always has the one,
     * the procedures that run on its batches, APOC's {@code apoc.periodic.iterate} and
     * {@code apoc.periodic.commit} and Memgraph's {@code periodic.iterate} and
     * {@code periodic.delete}, the other; other mentions, in a string or a comment, only make the
     * proxy more careful with that query). False for a body that does not read as a RUN.
     */
    static boolean mayCommitInBatches(ByteBuf body, StructShape shape) {
        String query;
        try {
            PackStreamReader in = new PackStreamReader(body.duplicate(), shape);
            in.readStructHeader();
            query = in.readString();
        } catch (PackStreamException | ClassCastException e) {
            return false;
        }
        return mentions(query, "TRANSACTIONS") || mentions(query, "PERIODIC");
    }

    /** Whether {@code word} stands in {@code query}, in any case. */
    private static boolean mentions(String query, String word) {
        for (int i = 0; i + word.length() <= query.length(); i++) {
            if (query.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    /** Reads the extra map of a BEGIN or Bolt 3+ RUN body; the query and parameters are skipped. */
    static Extra extra(ByteBuf body, StructShape shape) {
        PackStreamReader in = new PackStreamReader(body.duplicate(), shape);
        int fields = in.readStructHeader().size();
        for (int i = 1; i < fields; i++) {
            in.skipValue();
        }
        int start = in.buffer().readerIndex() - body.readerIndex();
        return new Extra(in.readMap(), start);
    }

    /**
     * A copy of the BEGIN or RUN {@code body} whose {@link #extra} was read as {@code extra}, with
     * {@code entries} added to the extra map's {@code tx_metadata}. The query and parameters are
     * copied as bytes, never decoded; only the extra map is written again.
     */
    static ByteBuf withTxMetadata(ByteBufAllocator alloc, ByteBuf body, StructShape shape, Extra extra,
            Map<String, Object> entries) {
        Map<String, Object> map = new LinkedHashMap<>(extra.map());
        Map<String, Object> meta = new LinkedHashMap<>();
        if (map.get("tx_metadata") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> meta.put(String.valueOf(k), v));
        }
        meta.putAll(entries);
        map.put("tx_metadata", meta);
        ByteBuf out = alloc.buffer(body.readableBytes() + 64);
        out.writeBytes(body, body.readerIndex(), extra.start());
        new PackStreamWriter(out, shape).writeMap(map);
        return out;
    }

    /** The display name of a request signature, for logs and errors. */
    static String name(int signature) {
        return switch ((byte) signature) {
            case Signatures.HELLO -> "HELLO";
            case Signatures.GOODBYE -> "GOODBYE";
            case Signatures.ACK_FAILURE -> "ACK_FAILURE";
            case Signatures.RESET -> "RESET";
            case Signatures.RUN -> "RUN";
            case Signatures.BEGIN -> "BEGIN";
            case Signatures.COMMIT -> "COMMIT";
            case Signatures.ROLLBACK -> "ROLLBACK";
            case Signatures.DISCARD -> "DISCARD";
            case Signatures.PULL -> "PULL";
            case Signatures.TELEMETRY -> "TELEMETRY";
            case Signatures.ROUTE -> "ROUTE";
            case Signatures.LOGON -> "LOGON";
            case Signatures.LOGOFF -> "LOGOFF";
            default -> String.format("0x%02X", signature & 0xFF);
        };
    }
}
