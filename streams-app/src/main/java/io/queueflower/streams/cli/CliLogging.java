package io.queueflower.streams.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import org.slf4j.LoggerFactory;

/**
 * Logging for the offline commands. Without a configuration file logback logs everything at DEBUG to standard output,
 * which would mix Kafka Streams' chatter into JSON lines written to {@code --output -}; these commands log only
 * warnings and errors, and only to standard error.
 */
final class CliLogging {
    private CliLogging() {
    }

    /** Sends logging to standard error at WARN, unless a logback configuration other than the default is in force. */
    static void warningsToStandardError() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: its own configuration decides
        }
        if (ConfigurationWatchListUtil.getMainWatchURL(context) != null) {
            return; // configured from a file (logback.xml, -Dlogback.configurationFile): the operator decides
        }
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.WARN);
        // Replay puts its state in a temporary directory on purpose (and deletes it); Streams warns about exactly that.
        context.getLogger("org.apache.kafka.streams.processor.internals.StateDirectory").setLevel(Level.ERROR);
    }
}
