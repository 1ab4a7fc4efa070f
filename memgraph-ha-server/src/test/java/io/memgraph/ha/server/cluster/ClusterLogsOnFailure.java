package io.memgraph.ha.server.cluster;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A JUnit extension ({@code @ExtendWith(ClusterLogsOnFailure.class)}) that, when a test or one of
 * its lifecycle methods fails, has the {@link ClusterHarness}es of that test log the last lines of
 * every server at WARN: at once if the harness is already closed (try-with-resources in the test),
 * else when it closes (e.g. in {@code @AfterEach} or {@code @AfterAll}). The failure itself is
 * rethrown unchanged.
 */
public final class ClusterLogsOnFailure
        implements BeforeEachCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClusterLogsOnFailure.class);
    private static final String SERIAL = "serial";

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(SERIAL, ClusterHarness.newestSerialForgettingClosed());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        report(context);
        throw throwable;
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        report(context);
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        report(context);
        throw throwable;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        report(context);
        throw throwable;
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        report(context);
        throw throwable;
    }

    private static void report(ExtensionContext context) {
        Long serial = context.getStore(NAMESPACE).get(SERIAL, Long.class);
        for (ClusterHarness h : ClusterHarness.recent(serial == null ? 0 : serial)) {
            h.markFailed();
        }
    }
}
