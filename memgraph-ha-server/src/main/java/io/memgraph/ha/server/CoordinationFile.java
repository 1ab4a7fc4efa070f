package io.memgraph.ha.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memgraph.ha.server.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster membership file ({@code --coordination-config-file}): a JSON array of
 * {@code [server_id, "ip", rpc_port]} entries. Read here only to decide between the single-server
 * mode (no file, or one entry) and the cluster mode.
 *
 * @param entries the members; empty when the file does not exist
 */
record CoordinationFile(List<Member> entries) {

    /**
     * One member.
     *
     * @param serverId its {@code --server-id}
     * @param host its address for Raft traffic
     * @param rpcPort its Raft port
     */
    record Member(int serverId, String host, int rpcPort) {}

    /**
     * Reads the file; a missing file means a single server.
     *
     * @throws ConfigException naming the file and the entry when it is not what it should be
     */
    static CoordinationFile read(Path file) throws ConfigException {
        if (file == null || !Files.exists(file)) {
            return new CoordinationFile(List.of());
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new ConfigException(file + ": not valid JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the coordination file: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new ConfigException(file + ": expected a JSON array of [server_id, \"ip\", rpc_port] entries");
        }
        List<String> problems = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode e = root.get(i);
            if (!e.isArray() || e.size() != 3 || !e.get(0).canConvertToInt() || !e.get(1).isTextual()
                    || !e.get(2).canConvertToInt()) {
                problems.add(file + ": entry " + (i + 1) + " is " + e + ", expected [server_id, \"ip\", rpc_port]");
                continue;
            }
            members.add(new Member(e.get(0).asInt(), e.get(1).asText(), e.get(2).asInt()));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new CoordinationFile(List.copyOf(members));
    }
}
