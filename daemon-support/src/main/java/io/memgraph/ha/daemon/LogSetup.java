package io.memgraph.ha.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from a daemon's flags, in code (no logback.xml ships): everything to standard
 * error, and also to {@code --log-file} when set, at {@code --log-level}. Netty's chatter is held at
 * WARN unless the level asks for DEBUG or TRACE.
 */
public final class LogSetup {
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    private LogSetup() {
    }

    /**
     * Replaces whatever configuration Logback found with the daemon's. Call it before anything
     * logs (Netty included), so that nothing is printed under Logback's default configuration.
     *
     * @param level TRACE, DEBUG, INFO, WARN or ERROR
     * @param logFile the log file, or null for standard error only
     * @throws ConfigException when the log file cannot be opened
     */
    public static void configure(String level, Path logFile) throws ConfigException {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding is in charge (e.g. embedded in a test harness)
        }
        context.reset();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("stderr");
        console.setTarget("System.err");
        console.setEncoder(encoder(context));
        console.start();
        root.addAppender(console);

        if (logFile != null) {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setContext(context);
            file.setName("file");
            file.setFile(logFile.toString());
            file.setAppend(true);
            file.setEncoder(encoder(context));
            file.start();
            if (!file.isStarted()) {
                throw new ConfigException("--log-file=" + logFile + ": cannot open the log file for appending");
            }
            root.addAppender(file);
        }
        Level netty = Level.toLevel(level).isGreaterOrEqual(Level.INFO) ? Level.WARN : Level.toLevel(level);
        context.getLogger("io.netty").setLevel(netty);
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }
}
