package io.memgraph.ha.server.auth;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.auth.Credential;
import io.memgraph.ha.storage.auth.PasswordKdf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the credentials of Bolt HELLO (before 5.1) and LOGON (5.1+) against the replicated users.
 *
 * <ul>
 *   <li>With {@code --auth-enabled=false}, or while there is no user at all, everything is let in
 *       (the original Memgraph HA accepted any credentials; with no users, as in Memgraph, any
 *       credentials are let in so that the first user can be created).
 *   <li>Otherwise only scheme {@code basic} with a known user and its password passes; anything
 *       else is {@code Neo.ClientError.Security.Unauthorized}, and the connection then closes.
 *   <li>An address with too many recent failed password checks ({@link LoginRateLimiter}) is
 *       refused with {@code Neo.ClientError.Security.AuthenticationRateLimit} before any password is
 *       checked. Logins without a password (scheme {@code none}) are refused but not counted.
 *   <li>Password checks are slow on purpose (PBKDF2, 210,000 iterations). A driver's pool opens
 *       many connections with one password, so a successful check is remembered per user as the
 *       SHA-256 of the stored salt and the password, together with the credential it matched: a
 *       new connection with the same password skips the KDF, and a changed or dropped user never
 *       matches an old entry.
 *   <li>An unknown user costs the same KDF as a wrong password, so timing does not tell which
 *       user names exist.
 * </ul>
 * Never logs a password or hash. Thread-safe.
 */
public final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    /** The code of a refused login. */
    public static final String UNAUTHORIZED = BoltFailureException.UNAUTHORIZED;
    /** The code of a login refused because its address failed too often. */
    public static final String RATE_LIMITED = "Neo.ClientError.Security.AuthenticationRateLimit";
    /** The message of a refused login (Neo4j's words: it tells an attacker nothing). */
    public static final String UNAUTHORIZED_MESSAGE = "The client is unauthorized due to authentication failure.";
    private static final int CACHE_LIMIT = 10_000;

    /** A password check that passed: which credential, and the digest of salt and password. */
    private record Verified(Credential credential, byte[] digest) {}

    private final Storage storage;
    private final boolean enabled;
    private final LoginRateLimiter limiter;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** What an unknown user's password is checked against, so that it costs a real KDF run. */
    private final Credential decoy;

    /**
     * @param storage the replicated state holding the users
     * @param enabled {@code --auth-enabled}
     * @param limiter failed attempts per client address
     */
    public Authenticator(Storage storage, boolean enabled, LoginRateLimiter limiter) {
        this.storage = storage;
        this.enabled = enabled;
        this.limiter = limiter;
        this.decoy = enabled ? new PasswordKdf().derive(new SecureRandom().nextLong() + "") : null;
    }

    /** Whether logins are checked now: the flag is on and at least one user exists. */
    public boolean enforced() {
        return enabled && storage.hasUsers();
    }

    /**
     * Lets the connection in, or refuses it.
     *
     * @param authToken the HELLO or LOGON auth fields ({@code scheme}, {@code principal}, {@code credentials})
     * @param remote the client's address (the rate limit's key)
     * @return the authenticated user, or null when nothing is checked
     * @throws BoltFailureException Unauthorized or AuthenticationRateLimit
     */
    public String authenticate(Map<String, Object> authToken, SocketAddress remote) {
        if (!enforced()) {
            return null;
        }
        String address = host(remote);
        if (limiter.blocked(address)) {
            throw new BoltFailureException(RATE_LIMITED, "Too many failed authentication attempts from " + address
                    + "; try again after " + limiter.window().toSeconds() + " seconds.");
        }
        Object scheme = authToken.get("scheme");
        Object principal = authToken.get("principal");
        Object credentials = authToken.get("credentials");
        boolean guess = "basic".equals(scheme) && principal instanceof String && credentials instanceof String;
        if (guess && check((String) principal, (String) credentials)) {
            return (String) principal;
        }
        // Only password guesses count: a login without one (scheme none, as the proxy's leader
        // probes and many tools send first) checks nothing and costs no KDF.
        if (guess && limiter.failed(address)) {
            LOG.warn("Authentication from {} failed {} times within {} s; its attempts are refused for up to {} s",
                    address, limiter.maxFailures(), limiter.window().toSeconds(), limiter.window().toSeconds());
        }
        throw new BoltFailureException(UNAUTHORIZED, UNAUTHORIZED_MESSAGE);
    }

    private boolean check(String user, String password) {
        Credential credential = storage.credential(user);
        if (credential == null) {
            PasswordKdf.matches(decoy, password);
            return false;
        }
        byte[] digest = digest(credential, password);
        Verified known = verified.get(user);
        if (known != null) {
            if (known.credential().equals(credential) && MessageDigest.isEqual(known.digest(), digest)) {
                return true;
            }
            if (!known.credential().equals(credential)) {
                verified.remove(user, known); // the user's record changed: the entry is stale
            }
        }
        if (!PasswordKdf.matches(credential, password)) {
            return false;
        }
        if (verified.size() >= CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(user, new Verified(credential, digest));
        return true;
    }

    private static byte[] digest(Credential credential, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(credential.salt());
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the Java runtime has no SHA-256", e);
        }
    }

    /** The client's host address (without the port: the rate limit is per machine). */
    static String host(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }

    /** Number of remembered successful checks (for tests). */
    int cachedVerifications() {
        return verified.size();
    }
}
