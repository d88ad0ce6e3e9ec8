package io.queueflower.simulator.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.queueflower.avro.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trace as the OpenTelemetry Collector's kafka exporter does: an OTLP {@code ExportTraceServiceRequest},
 * built by the OpenTelemetry SDK's own marshaler from {@link SpanData}, one resource per (service, pod) with
 * {@code service.name}, {@code k8s.pod.name}, {@code host.name} and {@code k8s.namespace.name}.
 *
 * <p>The marshaler groups spans by resource in an identity hash map, whose order changes from one JVM run to the next.
 * To keep the bytes reproducible, spans are grouped here in order of first appearance and each group is marshalled on
 * its own; the protobuf encodings are concatenated (a repeated field's encodings concatenate into one message), and
 * the JSON ones are joined into one {@code resourceSpans} array.
 */
public final class OtlpTraceEncoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.builder("io.queueflower.simulator")
            .setVersion("0.1.0").build();
    @SuppressWarnings("deprecation") // SpanData still declares the pre-1.10 accessor abstract
    private static final InstrumentationLibraryInfo LIBRARY = InstrumentationLibraryInfo.create(SCOPE.getName(),
            SCOPE.getVersion());

    private final String namespace;
    private final Map<String, Resource> resources = new HashMap<>();

    /** @param namespace Kubernetes namespace recorded as {@code k8s.namespace.name} */
    public OtlpTraceEncoder(String namespace) {
        this.namespace = namespace;
    }

    /** The trace as one OTLP protobuf {@code ExportTraceServiceRequest}. */
    public byte[] proto(List<Span> trace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * trace.size());
        try {
            for (List<SpanData> group : groups(trace)) {
                TraceRequestMarshaler.create(group).writeBinaryTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory stream
        }
        return out.toByteArray();
    }

    /** The trace as one OTLP/JSON {@code ExportTraceServiceRequest} (hex ids), on one line. */
    public byte[] json(List<Span> trace) {
        try {
            ObjectNode request = JSON.createObjectNode();
            ArrayNode resourceSpans = request.putArray("resourceSpans");
            for (List<SpanData> group : groups(trace)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                TraceRequestMarshaler.create(group).writeJsonTo(out);
                JSON.readTree(out.toByteArray()).get("resourceSpans").forEach(resourceSpans::add);
            }
            return JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The trace's spans as SDK span data, grouped by resource in order of first appearance. */
    public List<List<SpanData>> groups(List<Span> trace) {
        Map<Resource, List<SpanData>> groups = new LinkedHashMap<>();
        for (Span span : trace) {
            Resource resource = resource(span.getService(), span.getHost());
            groups.computeIfAbsent(resource, r -> new ArrayList<>()).add(new SimulatedSpanData(span, resource));
        }
        return new ArrayList<>(groups.values());
    }

    private Resource resource(String service, String host) {
        return resources.computeIfAbsent(service + '\n' + host, key -> {
            var builder = Resource.builder().put("service.name", service).put("k8s.namespace.name", namespace);
            if (host != null) {
                builder.put("k8s.pod.name", host).put("host.name", host);
            }
            return builder.build();
        });
    }

    /** A finished span as the SDK hands it to exporters. */
    private record SimulatedSpanData(Span span, Resource resource) implements SpanData {
        @Override
        public String getName() {
            return span.getOperation();
        }

        @Override
        public SpanKind getKind() {
            return switch (span.getKind()) {
                case SERVER -> SpanKind.SERVER;
                case CLIENT -> SpanKind.CLIENT;
                case PRODUCER -> SpanKind.PRODUCER;
                case CONSUMER -> SpanKind.CONSUMER;
                case INTERNAL, UNSPECIFIED -> SpanKind.INTERNAL;
            };
        }

        @Override
        public SpanContext getSpanContext() {
            return SpanContext.create(span.getTraceId(), span.getSpanId(), TraceFlags.getSampled(),
                    TraceState.getDefault());
        }

        @Override
        public SpanContext getParentSpanContext() {
            return span.getParentSpanId() == null ? SpanContext.getInvalid()
                    : SpanContext.create(span.getTraceId(), span.getParentSpanId(), TraceFlags.getSampled(),
                    TraceState.getDefault());
        }

        @Override
        public StatusData getStatus() {
            return span.getError() ? StatusData.error() : StatusData.unset();
        }

        @Override
        public long getStartEpochNanos() {
            return span.getStartMicros() * 1_000L;
        }

        @Override
        public Attributes getAttributes() {
            AttributesBuilder attributes = Attributes.builder();
            SpanAttributes.of(span).forEach((key, value) -> {
                if (value instanceof Long number) {
                    attributes.put(AttributeKey.longKey(key), number);
                } else {
                    attributes.put(AttributeKey.stringKey(key), value.toString());
                }
            });
            return attributes.build();
        }

        @Override
        public List<EventData> getEvents() {
            return List.of();
        }

        @Override
        public List<LinkData> getLinks() {
            return List.of();
        }

        @Override
        public long getEndEpochNanos() {
            return (span.getStartMicros() + span.getDurationMicros()) * 1_000L;
        }

        @Override
        public boolean hasEnded() {
            return true;
        }

        @Override
        public int getTotalRecordedEvents() {
            return 0;
        }

        @Override
        public int getTotalRecordedLinks() {
            return 0;
        }

        @Override
        public int getTotalAttributeCount() {
            return SpanAttributes.of(span).size();
        }

        @Override
        @SuppressWarnings("deprecation")
        public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
            return LIBRARY;
        }

        @Override
        public InstrumentationScopeInfo getInstrumentationScopeInfo() {
            return SCOPE;
        }

        @Override
        public Resource getResource() {
            return resource;
        }
    }
}
