package io.queueflower.streams.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Logging adjustments for the offline commands, on top of the shared logback.xml (which logs to standard error). */
final class CliLogging {
    private CliLogging() {
    }

    /**
     * Replay keeps its state in a temporary directory on purpose and deletes it afterwards; Kafka Streams warns about
     * exactly that on every run, which would only teach users to ignore warnings.
     */
    static void quietTemporaryStateWarning() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger("org.apache.kafka.streams.processor.internals.StateDirectory").setLevel(Level.ERROR);
        }
    }
}
