package io.memgraph.ha.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import io.memgraph.ha.storage.auth.PasswordKdf;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who gets in, the codes of those who do not, and the cache of successful checks. */
class AuthenticatorTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("10.1.2.3", 50000);
    private static final InetSocketAddress OTHER = new InetSocketAddress("10.1.2.4", 50000);
    private final PasswordKdf kdf = new PasswordKdf(1_000, new SecureRandom());
    private final Storage storage = new Storage();
    private long now;
    private final LoginRateLimiter limiter = new LoginRateLimiter(5, Duration.ofSeconds(60), 100, () -> now);

    private static Map<String, Object> basic(String user, String password) {
        return Map.of("scheme", "basic", "principal", user, "credentials", password);
    }

    private void createUser(String name, String password) {
        Transaction t = storage.begin();
        t.createUser(name, kdf.derive(password), false);
        assertThat(storage.commit(t).committed()).isTrue();
    }

    private BoltFailureException refused(Authenticator a, Map<String, Object> token, InetSocketAddress from) {
        BoltFailureException e = catchThrowableOfType(BoltFailureException.class, () -> a.authenticate(token, from));
        assertThat(e).as("expected a refusal").isNotNull();
        return e;
    }

    @Test
    void offItLetsEveryoneInEvenWithUsers() {
        createUser("ada", "pw");
        Authenticator a = new Authenticator(storage, false, limiter);
        assertThat(a.enforced()).isFalse();
        assertThat(a.authenticate(Map.of("scheme", "none"), CLIENT)).isNull();
        assertThat(a.authenticate(basic("ada", "wrong"), CLIENT)).isNull();
    }

    @Test
    void onWithoutUsersItLetsEveryoneInSoTheFirstUserCanBeCreated() {
        Authenticator a = new Authenticator(storage, true, limiter);
        assertThat(a.enforced()).isFalse();
        assertThat(a.authenticate(Map.of("scheme", "none"), CLIENT)).isNull();
        createUser("ada", "pw");
        assertThat(a.enforced()).isTrue();
        refused(a, Map.of("scheme", "none"), CLIENT);
    }

    @Test
    void onlyBasicWithAKnownUserAndItsPasswordPasses() {
        createUser("ada", "pw");
        Authenticator a = new Authenticator(storage, true, limiter);
        assertThat(a.authenticate(basic("ada", "pw"), CLIENT)).isEqualTo("ada");
        for (Map<String, Object> token : new Map[] {basic("ada", "pw2"), basic("bob", "pw"), Map.of("scheme", "none"),
                Map.of("scheme", "kerberos", "principal", "ada", "credentials", "pw"), Map.of("scheme", "basic")}) {
            BoltFailureException e = refused(a, token, OTHER);
            assertThat(e.code()).isEqualTo("Neo.ClientError.Security.Unauthorized");
            assertThat(e.getMessage()).isEqualTo("The client is unauthorized due to authentication failure.");
        }
    }

    @Test
    void theSixthAttemptFromAnAddressIsRateLimitedEvenWithTheRightPassword() {
        createUser("ada", "pw");
        Authenticator a = new Authenticator(storage, true, limiter);
        for (int i = 0; i < 5; i++) {
            assertThat(refused(a, basic("ada", "guess" + i), CLIENT).code()).endsWith("Unauthorized");
        }
        BoltFailureException limited = refused(a, basic("ada", "pw"), CLIENT);
        assertThat(limited.code()).isEqualTo("Neo.ClientError.Security.AuthenticationRateLimit");
        assertThat(limited.getMessage()).isEqualTo(
                "Too many failed authentication attempts from 10.1.2.3; try again after 60 seconds.");
        assertThat(a.authenticate(basic("ada", "pw"), OTHER)).as("other addresses are not affected").isEqualTo("ada");
        now += Duration.ofSeconds(60).toNanos();
        assertThat(a.authenticate(basic("ada", "pw"), CLIENT)).isEqualTo("ada");
    }

    @Test
    void loginsWithoutAPasswordAreRefusedButNotCountedTowardsTheLimit() {
        createUser("ada", "pw");
        Authenticator a = new Authenticator(storage, true, limiter);
        for (int i = 0; i < 10; i++) {
            assertThat(refused(a, Map.of("scheme", "none"), CLIENT).code()).endsWith("Unauthorized");
        }
        assertThat(a.authenticate(basic("ada", "pw"), CLIENT)).isEqualTo("ada");
    }

    @Test
    void aSuccessfulCheckIsRememberedUntilTheUserChanges() {
        createUser("ada", "pw");
        Authenticator a = new Authenticator(storage, true, limiter);
        assertThat(a.cachedVerifications()).isZero();
        a.authenticate(basic("ada", "pw"), CLIENT);
        assertThat(a.cachedVerifications()).isEqualTo(1);
        a.authenticate(basic("ada", "pw"), CLIENT);
        refused(a, basic("ada", "not-it"), CLIENT);

        Transaction t = storage.begin();
        t.setPassword("ada", kdf.derive("new"));
        storage.commit(t);
        refused(a, basic("ada", "pw"), CLIENT);
        assertThat(a.cachedVerifications()).as("the stale entry went").isZero();
        assertThat(a.authenticate(basic("ada", "new"), CLIENT)).isEqualTo("ada");

        Transaction d = storage.begin();
        d.dropUser("ada", false);
        d.createUser("bob", kdf.derive("b"), false);
        storage.commit(d);
        refused(a, basic("ada", "new"), OTHER);
    }
}
