package io.memgraph.ha.raft.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The static cluster membership from {@code coordination.json}: a JSON array of
 * {@code [server_id, "ip", rpc_port]} triples, identical on every node.
 *
 * <p>Validation rules, each reported with the file name and the element's position: the root is an
 * array of 1..65535 elements; each element is an array of exactly three values; the id and port are
 * JSON integers; ports are 1..65535; the host is an IPv4/IPv6 literal or an RFC 1123 host name and
 * not a wildcard address (peers must be able to connect to it); ids are exactly 1..N with no
 * duplicates (the original's "missing endpoint for node i"); no two members share an address.
 *
 * @param members the members ordered by id, so {@code members().get(i - 1).id() == i}
 */
public record CoordinationConfig(List<Member> members) {

  private static final Pattern IPV4_SHAPE = Pattern.compile("[0-9.]+");
  private static final Pattern HOST_LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  /** Copies and checks the member list (ids 1..N in order). */
  public CoordinationConfig {
    members = List.copyOf(members);
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).id() != i + 1) {
        throw new ConfigException("coordination config",
            "members must be ordered by id 1..N; position " + (i + 1) + " has id "
                + members.get(i).id());
      }
    }
  }

  /** Reads and validates {@code file}. */
  public static CoordinationConfig load(Path file) {
    return fromJson(file.toString(), JsonFiles.read(file));
  }

  /** Parses and validates {@code json}; {@code source} names the file in error messages. */
  public static CoordinationConfig parse(String source, String json) {
    return fromJson(source, JsonFiles.parse(source, json));
  }

  /** Members 1..n on {@code host} with the given ports (tests, local clusters). */
  public static CoordinationConfig local(String host, int... ports) {
    List<Member> list = new ArrayList<>();
    for (int i = 0; i < ports.length; i++) {
      list.add(new Member(i + 1, host, ports[i]));
    }
    return new CoordinationConfig(list);
  }

  private static CoordinationConfig fromJson(String source, JsonNode root) {
    if (!root.isArray()) {
      throw new ConfigException(source,
          "not an array: expected [[server_id, \"ip\", rpc_port], ...], found "
              + JsonFiles.show(root));
    }
    if (root.isEmpty()) {
      throw new ConfigException(source, "the array is empty; list at least one server");
    }
    Map<Integer, Member> byId = new HashMap<>();
    Map<String, Integer> byAddress = new HashMap<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode el = root.get(i);
      String at = "element " + (i + 1);
      if (!el.isArray()) {
        throw new ConfigException(source, at + " is not an array: expected [server_id, \"ip\","
            + " rpc_port], found " + JsonFiles.show(el));
      }
      if (el.size() != 3) {
        throw new ConfigException(source, at + " has " + el.size()
            + " values (invalid number of subelements); expected [server_id, \"ip\", rpc_port]");
      }
      int id = intIn(source, at + ": server_id", el.get(0), 1, 65535);
      JsonNode hostNode = el.get(1);
      if (!hostNode.isTextual()) {
        throw new ConfigException(source, at + ": the ip must be a string, found "
            + JsonFiles.show(hostNode));
      }
      String host = hostNode.textValue().trim();
      String hostProblem = hostProblem(host);
      if (hostProblem != null) {
        throw new ConfigException(source,
            at + ": ip \"" + hostNode.textValue() + "\" " + hostProblem);
      }
      int port = intIn(source, at + ": rpc_port", el.get(2), 1, 65535);
      Member m = new Member(id, host, port);
      if (byId.containsKey(id)) {
        throw new ConfigException(source, at + ": server_id " + id + " is listed twice");
      }
      String key = normalizedHost(host) + ":" + port;
      Integer other = byAddress.putIfAbsent(key, id);
      if (other != null) {
        throw new ConfigException(source, at + ": address " + m.endpoint()
            + " is already used by server " + other);
      }
      byId.put(id, m);
    }
    List<Member> ordered = new ArrayList<>();
    for (int id = 1; id <= root.size(); id++) {
      Member m = byId.get(id);
      if (m == null) {
        int bad = byId.keySet().stream().filter(k -> k > root.size()).findFirst().orElse(-1);
        throw new ConfigException(source, "missing endpoint for node " + id
            + ": ids must be exactly"
            + " 1.." + root.size() + " for " + root.size() + " servers"
            + (bad > 0 ? " (found id " + bad + ")" : ""));
      }
      ordered.add(m);
    }
    return new CoordinationConfig(ordered);
  }

  private static int intIn(String source, String what, JsonNode n, int lo, int hi) {
    if (!n.isIntegralNumber()) {
      throw new ConfigException(source, what + " must be an integer, found " + JsonFiles.show(n));
    }
    if (!n.canConvertToLong() || n.longValue() < lo || n.longValue() > hi) {
      throw new ConfigException(source,
          what + " (" + n.asText() + ") must be in " + lo + ".." + hi);
    }
    return n.intValue();
  }

  /** Null when {@code host} is an acceptable peer address, else what is wrong with it. */
  static String hostProblem(String host) {
    if (host.isEmpty()) {
      return "is empty";
    }
    if (host.indexOf(':') >= 0) {
      // An IPv6 literal: InetAddress parses literals containing ':' without any DNS lookup.
      try {
        InetAddress a = InetAddress.getByName(host);
        return a.isAnyLocalAddress() ? "is the wildcard address; peers cannot connect to it" : null;
      } catch (UnknownHostException | SecurityException e) {
        return "is not a valid IPv6 address";
      }
    }
    if (IPV4_SHAPE.matcher(host).matches()) {
      String[] parts = host.split("\\.", -1);
      if (parts.length != 4) {
        return "is not a valid IPv4 address";
      }
      for (String p : parts) {
        if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
          return "is not a valid IPv4 address";
        }
      }
      return host.equals("0.0.0.0") ? "is the wildcard address; peers cannot connect to it" : null;
    }
    if (host.length() > 253) {
      return "is not a valid host name (longer than 253 characters)";
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    for (String label : name.split("\\.", -1)) {
      if (!HOST_LABEL.matcher(label).matches()) {
        return "is neither an IP address nor a valid host name";
      }
    }
    return null;
  }

  private static String normalizedHost(String host) {
    if (host.indexOf(':') >= 0) {
      try {
        return InetAddress.getByName(host).getHostAddress();
      } catch (UnknownHostException e) {
        return host; // already validated; unreachable in practice
      }
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /** Number of servers N. */
  public int size() {
    return members.size();
  }

  /** The member with {@code id}, if listed. */
  public Optional<Member> member(int id) {
    return id >= 1 && id <= members.size() ? Optional.of(members.get(id - 1)) : Optional.empty();
  }

  /** The member with {@code id}; throws if the id is not in 1..N. */
  public Member require(int id) {
    return member(id).orElseThrow(() -> new IllegalArgumentException(
        "server id " + id + " is not listed in the coordination config (ids 1.." + size() + ")"));
  }
}
