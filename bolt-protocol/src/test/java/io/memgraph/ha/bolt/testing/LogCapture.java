package io.memgraph.ha.bolt.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures the log events of some loggers during a test (logback is the test-scope SLF4J binding). */
public final class LogCapture implements AutoCloseable {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final List<Logger> loggers;

  /** Starts capturing the loggers of the given classes. */
  public LogCapture(Class<?>... classes) {
    appender.start();
    loggers = java.util.Arrays.stream(classes).map(c -> (Logger) LoggerFactory.getLogger(c)).toList();
    loggers.forEach(l -> l.addAppender(appender));
  }

  /** Starts capturing the named loggers and those below them (a package's name: all its classes). */
  public LogCapture(String... loggerNames) {
    appender.start();
    loggers = java.util.Arrays.stream(loggerNames).map(n -> (Logger) LoggerFactory.getLogger(n)).toList();
    loggers.forEach(l -> l.addAppender(appender));
  }

  /** The events at {@code level} captured so far (message, and the exception if one was logged). */
  public List<ILoggingEvent> events(Level level) {
    synchronized (appender.list) {
      return appender.list.stream().filter(e -> e.getLevel() == level).toList();
    }
  }

  /** The formatted messages of the events at {@code level} captured so far. */
  public List<String> messages(Level level) {
    synchronized (appender.list) {
      return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  @Override
  public void close() {
    loggers.forEach(l -> l.detachAppender(appender));
    appender.stop();
  }
}
