package io.memgraph.ha.server.replication;

import java.util.concurrent.CompletionException;

/** Helpers for the failures that {@link java.util.concurrent.CompletableFuture} stages pass on. */
public final class Completions {
    private Completions() {
    }

    /**
     * The failure a stage was completed with: a dependent stage sees it wrapped in a
     * {@link CompletionException}, the stage that failed itself does not.
     */
    public static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
