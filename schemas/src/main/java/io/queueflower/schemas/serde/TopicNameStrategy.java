package io.queueflower.schemas.serde;

/** Confluent's default subject naming: one subject per topic and side, so each topic's contract evolves alone. */
public final class TopicNameStrategy {
    private TopicNameStrategy() {
    }

    /** {@code <topic>-key} or {@code <topic>-value}. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
