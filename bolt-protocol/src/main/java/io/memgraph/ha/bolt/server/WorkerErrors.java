package io.memgraph.ha.bolt.server;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;

/**
 * What a worker does with a {@link Throwable} that backend code (or decoding a request) threw.
 *
 * <p>Two kinds of {@link Error} are the failure of one request, not of the server: a
 * {@link StackOverflowError} (the stack is unwound back to the worker's frame by the time it is
 * caught, and nothing outside the request saw it) and an {@link OutOfMemoryError} (what the
 * request allocated is garbage once it is abandoned). They become a FAILURE to that client with
 * Neo4j's codes for them, one log line, and the worker and the connection carry on (FAILED until
 * RESET, as for any failure). Caveat: an OutOfMemoryError says only that this allocation failed;
 * when the heap is exhausted by something else, other threads will fail too and the server's
 * health is for its operators to judge, the Bolt layer cannot.
 *
 * <p>The other {@link VirtualMachineError}s ({@link InternalError}, {@link UnknownError}) say the
 * JVM itself is broken: the client gets a FAILURE if one can still be written, its connection is
 * closed, and the error is rethrown so that the worker thread ends (the pool starts a fresh one)
 * and the JVM's uncaught-exception handling sees it. Every other Error (an
 * {@link AssertionError}, a {@link LinkageError} of code that cannot load) is a bug on the path of
 * one request and is handled like an unexpected {@link RuntimeException}.
 */
final class WorkerErrors {

  /** Neo4j's status code for a request that exhausted the thread's stack. */
  static final String STACK_OVERFLOW = "Neo.TransientError.General.StackOverFlowError";

  /** Neo4j's status code for a request that could not get the memory it needed. */
  static final String OUT_OF_MEMORY = "Neo.TransientError.General.OutOfMemoryError";

  private static final int FRAMES_IN_LOG = 3;

  private WorkerErrors() {
  }

  /** Whether {@code t} means the JVM is broken beyond the request that saw it. */
  static boolean fatal(Throwable t) {
    return t instanceof VirtualMachineError && !requestScoped(t);
  }

  /** Whether {@code t} is a StackOverflowError or OutOfMemoryError: the failure of one request. */
  static boolean requestScoped(Throwable t) {
    return t instanceof StackOverflowError || t instanceof OutOfMemoryError;
  }

  /** The status code a client sees for {@code t}. */
  static String statusCode(Throwable t) {
    if (t instanceof StackOverflowError) {
      return STACK_OVERFLOW;
    }
    if (t instanceof OutOfMemoryError) {
      return OUT_OF_MEMORY;
    }
    return BoltFailureException.UNKNOWN_ERROR;
  }

  /** The one-line FAILURE message for {@code t} thrown while handling {@code request}. */
  static String clientMessage(Throwable t, String request) {
    if (t instanceof StackOverflowError) {
      return "The server ran out of stack handling " + request
          + " (StackOverflowError); the request was abandoned, the query probably nests too deeply";
    }
    if (t instanceof OutOfMemoryError) {
      return "The server ran out of memory handling " + request + " (" + oneLine(t)
          + "); the request was abandoned";
    }
    return "unexpected server error on " + request + ": " + oneLine(t);
  }

  /**
   * {@code t} in one line for the log: its class and message, and where it was thrown (the top
   * frames, which for a stack overflow show what recursed).
   */
  static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder(oneLine(t));
    StackTraceElement[] frames = t.getStackTrace();
    int shown = 0;
    for (int k = 0; k < frames.length && shown < FRAMES_IN_LOG; shown++) {
      int repeats = 1;
      while (k + repeats < frames.length && frames[k + repeats].equals(frames[k])) {
        repeats++; // a recursion shows as one frame and its count
      }
      sb.append(shown == 0 ? " at " : " < ").append(frames[k].getClassName()).append('.')
          .append(frames[k].getMethodName()).append(':').append(frames[k].getLineNumber());
      if (repeats > 1) {
        sb.append(" (x").append(repeats).append(')');
      }
      k += repeats;
    }
    return sb.toString();
  }

  private static String oneLine(Throwable t) {
    String message = t.getMessage();
    String name = t.getClass().getSimpleName();
    return message == null ? name : name + ": " + message.replace('\n', ' ').replace('\r', ' ');
  }
}
