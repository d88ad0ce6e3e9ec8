package io.queueflower.system.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.queueflower.streams.config.StreamsAppConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an OpenTelemetry Collector / Jaeger v2 configuration says about the spans it writes to Kafka, and whether the
 * streams app reads them: same brokers, same topic, an encoding its input.format decodes.
 */
record SpanExport(List<String> brokers, String topic, String encoding, boolean inTracesPipeline) {
    // Collector kafka exporter encodings → the streams app's input.format names.
    private static final Map<String, String> FORMAT_OF_ENCODING = Map.of(
            "otlp_proto", "otlp-proto", "otlp_json", "otlp-json", "jaeger_proto", "jaeger-proto",
            "jaeger_json", "jaeger-json");

    /** The {@code kafka} exporter of a collector configuration (exporter ids {@code kafka} or {@code kafka/<name>}). */
    static SpanExport fromCollectorConfig(JsonNode config, String where) {
        JsonNode exporters = config.path("exporters");
        List<String> ids = new ArrayList<>();
        exporters.properties().forEach(e -> {
            if (e.getKey().equals("kafka") || e.getKey().startsWith("kafka/")) {
                ids.add(e.getKey());
            }
        });
        if (ids.size() != 1) {
            throw new IllegalArgumentException(where + ": expected exactly one kafka exporter, found " + ids);
        }
        String id = ids.get(0);
        JsonNode kafka = exporters.path(id);
        List<String> brokers = new ArrayList<>();
        kafka.path("brokers").forEach(b -> brokers.add(b.asText()));
        // Per-signal settings (collector >= 0.124); the top-level topic/encoding were removed later.
        String topic = kafka.path("traces").path("topic").asText(kafka.path("topic").asText("otlp_spans"));
        String encoding = kafka.path("traces").path("encoding").asText(kafka.path("encoding").asText("otlp_proto"));
        boolean inPipeline = false;
        for (JsonNode exporter : config.path("service").path("pipelines").path("traces").path("exporters")) {
            inPipeline |= exporter.asText().equals(id);
        }
        return new SpanExport(brokers.isEmpty() ? List.of("localhost:9092") : brokers, topic, encoding, inPipeline);
    }

    /** Problems if the streams app with {@code app} would not read what this exporter writes. */
    List<String> problemsAgainst(StreamsAppConfig app, String where) {
        List<String> problems = new ArrayList<>();
        if (!inTracesPipeline) {
            problems.add(where + ": the kafka exporter is not in the traces pipeline");
        }
        String inputTopic = app.getString(StreamsAppConfig.INPUT_TOPIC);
        if (!topic.equals(inputTopic)) {
            problems.add(where + ": the kafka exporter writes topic '" + topic + "' but the streams app reads "
                    + "input.topic '" + inputTopic + "'");
        }
        String format = FORMAT_OF_ENCODING.get(encoding);
        String inputFormat = app.getString(StreamsAppConfig.INPUT_FORMAT);
        if (format == null) {
            problems.add(where + ": encoding '" + encoding + "' is not one the streams app decodes "
                    + FORMAT_OF_ENCODING.keySet());
        } else if (!inputFormat.equals("auto") && !inputFormat.equals(format)) {
            problems.add(where + ": the kafka exporter writes " + encoding + " but the streams app's input.format"
                    + " is '" + inputFormat + "' (expected " + format + " or auto)");
        }
        Object bootstrap = app.passThrough().get("bootstrap.servers");
        if (bootstrap != null && !List.of(bootstrap.toString().split(",")).containsAll(brokers)) {
            problems.add(where + ": the kafka exporter's brokers " + brokers + " are not the streams app's"
                    + " bootstrap.servers '" + bootstrap + "'");
        }
        return problems;
    }
}
