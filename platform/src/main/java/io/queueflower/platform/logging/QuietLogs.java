package io.queueflower.platform.logging;

import org.slf4j.LoggerFactory;

/**
 * Commands that print their own progress and tables keep the apps' INFO lines (one per scaled Deployment, Kafka
 * client start-ups) out of them; {@code QF_LOG_LEVEL} still wins when set.
 */
public final class QuietLogs {
    private QuietLogs() {
    }

    /** The project's loggers at WARN, unless QF_LOG_LEVEL says otherwise. */
    public static void appsAtWarn() {
        if (System.getenv("QF_LOG_LEVEL") == null
                && LoggerFactory.getLogger("io.queueflower") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
