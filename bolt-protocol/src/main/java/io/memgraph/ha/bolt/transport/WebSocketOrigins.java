package io.memgraph.ha.bolt.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may open Bolt over WebSocket ({@link WebSocketUpgrade}): the value of a
 * browser's {@code Origin} header.
 *
 * <p>A browser lets any page it shows open a WebSocket to any address, its own machine's
 * {@code ws://127.0.0.1:7687} too, and read the answers; only the {@code Origin} header tells the
 * server which page asks. Without a check, a page from anywhere that a user of the database's
 * machine happens to visit could run queries on a server that accepts any credentials (no users,
 * the default) and read their results. So an upgrade is accepted when it carries no
 * {@code Origin} (not a browser: drivers, tools, other servers), when its origin is a page served
 * by this machine's loopback ({@code localhost}, a name under {@code .localhost}, {@code 127.0.0.0/8},
 * {@code [::1]}; the browser sets the header, so a page from elsewhere cannot claim it), or when
 * the operator listed it. The {@code Host} header is not trusted: through DNS rebinding a foreign
 * page can name any host it likes.
 *
 * <p>The setting is a comma-separated list of origins as browsers send them,
 * {@code scheme://host[:port]} ({@code https://neodash.graphapp.io}, {@code http://lab.example:3000};
 * compared without case, a default port and one written out alike), {@code null} for the
 * {@code Origin: null} of sandboxed frames and local files, or {@code *} for every page.
 */
public final class WebSocketOrigins {

  /** Loopback pages only (and clients that are not browsers): the default. */
  public static final WebSocketOrigins LOOPBACK = new WebSocketOrigins(Set.of(), false, "");

  private final Set<String> listed;
  private final boolean any;
  private final String setting;

  private WebSocketOrigins(Set<String> listed, boolean any, String setting) {
    this.listed = listed;
    this.any = any;
    this.setting = setting;
  }

  /**
   * The origins a setting lists, besides the loopback ones that are always allowed.
   *
   * @param value the setting: empty, {@code *}, or origins separated by commas
   * @param setting the setting's name as the operator writes it (e.g. {@code
   *     --bolt-websocket-allowed-origins}), for the line a refused page's upgrade logs
   * @throws IllegalArgumentException naming the first entry that is not an origin
   */
  public static WebSocketOrigins parse(String value, String setting) {
    Set<String> listed = new LinkedHashSet<>();
    boolean any = false;
    for (String part : value.split(",", -1)) {
      String entry = part.strip();
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.equals("*")) {
        any = true;
      } else if (entry.equals("null")) {
        listed.add("null");
      } else {
        String normal = normalize(entry);
        if (normal == null) {
          throw new IllegalArgumentException("'" + entry + "' is not an origin: write scheme://host[:port] as a"
              + " browser sends it (e.g. https://neodash.graphapp.io), null, or * for every page");
        }
        listed.add(normal);
      }
    }
    return new WebSocketOrigins(Set.copyOf(listed), any, setting);
  }

  /** Whether an upgrade whose {@code Origin} header is {@code origin} (null: none) may go on. */
  public boolean allows(String origin) {
    if (origin == null || any) {
      return true;
    }
    String value = origin.strip();
    if (value.equals("null")) {
      return listed.contains("null");
    }
    String normal = normalize(value);
    if (normal == null) {
      return false;
    }
    return isLoopback(URI.create(normal).getHost()) || listed.contains(normal);
  }

  /** How an operator allows a refused origin, for the refusal's log line. */
  String howToAllow() {
    return setting.isEmpty() ? "pages of other origins are refused"
        : "list it in " + setting + " (or * for every page) to allow it; pages served from this machine's"
            + " loopback need nothing";
  }

  /**
   * {@code scheme://host:port} in lower case with the port written out, or null when {@code origin}
   * is not an http(s) or ws(s) origin without path, query or user part.
   */
  static String normalize(String origin) {
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
      return null;
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    switch (scheme) {
      case "http", "ws" -> port = port < 0 ? 80 : port;
      case "https", "wss" -> port = port < 0 ? 443 : port;
      default -> {
        return null;
      }
    }
    return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  /** Whether a page's host is this machine's loopback, which only a page this machine serves can have. */
  private static boolean isLoopback(String host) {
    if (host.equals("localhost") || host.endsWith(".localhost") || host.equals("[::1]")) {
      return true;
    }
    // 127.0.0.0/8 written as four decimal numbers (a browser writes IPv4 hosts so)
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return any ? "*" : listed.isEmpty() ? "(loopback only)" : String.join(",", listed);
  }
}
