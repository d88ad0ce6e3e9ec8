package io.queueflower.streams.decode;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spans made by the OpenTelemetry Java SDK itself and serialised by its own OTLP marshaller, i.e. the bytes an OTel
 * exporter or Collector would put on Kafka.
 */
final class OtelFixtures {
    static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    static final long T0 = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z in µs

    static final String ROOT = "b000000000000001";
    static final String FRONTEND_CLIENT = "b000000000000002";
    static final String SEARCH_SERVER = "b000000000000003";
    static final String SEARCH_CLIENT = "b000000000000004";
    static final String GEO_SERVER = "b000000000000005";

    private OtelFixtures() {
    }

    /** One SDK tracer per service, since the resource (service.name, pod) belongs to the tracer provider. */
    static final class Service {
        private final SdkTracerProvider provider;
        private final Tracer tracer;
        private final ScriptedIds ids = new ScriptedIds();

        Service(Attributes resource, List<SpanData> sink) {
            this.provider = SdkTracerProvider.builder()
                    .setResource(Resource.create(resource))
                    .setIdGenerator(ids)
                    .addSpanProcessor(SimpleSpanProcessor.create(new Collecting(sink)))
                    .build();
            this.tracer = provider.get("io.queueflower.test");
        }

        /**
         * Records one finished span. {@code parentSpanId} null makes a root span of {@code traceId}; otherwise the
         * parent is given as a span context, which is exactly how a propagated remote parent arrives.
         */
        SpanBuilder span(String traceId, String spanId, String parentSpanId, String name,
                         io.opentelemetry.api.trace.SpanKind kind, long startMicros, long durationMicros) {
            return new SpanBuilder(this, traceId, spanId, parentSpanId, name, kind, startMicros, durationMicros);
        }
    }

    static final class SpanBuilder {
        private final Service service;
        private final io.opentelemetry.api.trace.SpanBuilder sdk;
        private final String spanId;
        private final String traceId;
        private final boolean root;
        private final long endMicros;
        private StatusCode status = StatusCode.UNSET;

        SpanBuilder(Service service, String traceId, String spanId, String parentSpanId, String name,
                    io.opentelemetry.api.trace.SpanKind kind, long startMicros, long durationMicros) {
            this.service = service;
            this.traceId = traceId;
            this.spanId = spanId;
            this.root = parentSpanId == null;
            this.endMicros = startMicros + durationMicros;
            this.sdk = service.tracer.spanBuilder(name).setSpanKind(kind)
                    .setStartTimestamp(startMicros, TimeUnit.MICROSECONDS);
            if (root) {
                sdk.setNoParent();
            } else {
                SpanContext parent = SpanContext.createFromRemoteParent(traceId, parentSpanId, TraceFlags.getSampled(),
                        TraceState.getDefault());
                sdk.setParent(Context.root().with(io.opentelemetry.api.trace.Span.wrap(parent)));
            }
        }

        SpanBuilder attribute(String key, long value) {
            sdk.setAttribute(key, value);
            return this;
        }

        SpanBuilder attribute(String key, String value) {
            sdk.setAttribute(key, value);
            return this;
        }

        SpanBuilder link(String linkedTraceId, String linkedSpanId) {
            sdk.addLink(SpanContext.create(linkedTraceId, linkedSpanId, TraceFlags.getSampled(), TraceState.getDefault()));
            return this;
        }

        SpanBuilder status(StatusCode code) {
            status = code;
            return this;
        }

        void end() {
            if (root) {
                service.ids.traceIds.add(traceId);
            }
            service.ids.spanIds.add(spanId);
            io.opentelemetry.api.trace.Span span = sdk.startSpan();
            span.setStatus(status);
            span.end(endMicros, TimeUnit.MICROSECONDS);
        }
    }

    /** Hands out the ids the test wants instead of random ones. */
    private static final class ScriptedIds implements IdGenerator {
        final Deque<String> traceIds = new ArrayDeque<>();
        final Deque<String> spanIds = new ArrayDeque<>();

        @Override
        public String generateSpanId() {
            return spanIds.remove();
        }

        @Override
        public String generateTraceId() {
            return traceIds.remove();
        }
    }

    private record Collecting(List<SpanData> sink) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            sink.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    static Attributes resource(String service, String podName, String hostName) {
        var builder = Attributes.builder();
        if (service != null) {
            builder.put("service.name", service);
        }
        if (podName != null) {
            builder.put("k8s.pod.name", podName);
        }
        if (hostName != null) {
            builder.put("host.name", hostName);
        }
        return builder.build();
    }

    /**
     * GET /hotels through frontend → search → geo as three SDK-instrumented services: frontend has a pod name,
     * search only host.name, geo both (pod wins); geo fails with status ERROR; status codes are the new and old
     * HTTP keys and the gRPC key.
     */
    static List<SpanData> hotelTrace(String traceId) {
        List<SpanData> spans = new ArrayList<>();
        Service frontend = new Service(resource("frontend", "frontend-7d9c6b8f5-x2k4p", "node-a"), spans);
        Service search = new Service(resource("search", null, "node-b"), spans);
        Service geo = new Service(resource("geo", "geo-5b8f7-qq7lm", "node-c"), spans);
        var server = io.opentelemetry.api.trace.SpanKind.SERVER;
        var client = io.opentelemetry.api.trace.SpanKind.CLIENT;
        frontend.span(traceId, ROOT, null, "GET /hotels", server, T0, 4_800)
                .attribute("http.response.status_code", 200L).attribute("http.request.method", "GET").end();
        frontend.span(traceId, FRONTEND_CLIENT, ROOT, "search.Search/Nearby", client, T0 + 200, 4_100).end();
        search.span(traceId, SEARCH_SERVER, FRONTEND_CLIENT, "search.Search/Nearby", server, T0 + 350, 3_800)
                .attribute("rpc.grpc.status_code", 0L).end();
        search.span(traceId, SEARCH_CLIENT, SEARCH_SERVER, "geo.Geo/Nearby", client, T0 + 500, 1_900).end();
        geo.span(traceId, GEO_SERVER, SEARCH_CLIENT, "geo.Geo/Nearby", server, T0 + 650, 1_500)
                .attribute("rpc.grpc.status_code", 13L).attribute("http.status_code", "504")
                .status(StatusCode.ERROR).end();
        return spans;
    }

    /** What {@link #hotelTrace} must decode to. */
    static List<Span> hotelTraceCanonical(String traceId) {
        return List.of(
                Canonical.span(traceId, ROOT, null, "frontend", "GET /hotels", SpanKind.SERVER, T0, 4_800,
                        "frontend-7d9c6b8f5-x2k4p", 200, false),
                Canonical.span(traceId, FRONTEND_CLIENT, ROOT, "frontend", "search.Search/Nearby", SpanKind.CLIENT,
                        T0 + 200, 4_100, "frontend-7d9c6b8f5-x2k4p", null, false),
                Canonical.span(traceId, SEARCH_SERVER, FRONTEND_CLIENT, "search", "search.Search/Nearby",
                        SpanKind.SERVER, T0 + 350, 3_800, "node-b", 0, false),
                Canonical.span(traceId, SEARCH_CLIENT, SEARCH_SERVER, "search", "geo.Geo/Nearby", SpanKind.CLIENT,
                        T0 + 500, 1_900, "node-b", null, false),
                Canonical.span(traceId, GEO_SERVER, SEARCH_CLIENT, "geo", "geo.Geo/Nearby", SpanKind.SERVER,
                        T0 + 650, 1_500, "geo-5b8f7-qq7lm", 504, true));
    }

    static byte[] otlpProto(Collection<SpanData> spans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TraceRequestMarshaler.create(spans).writeBinaryTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] otlpJson(Collection<SpanData> spans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TraceRequestMarshaler.create(spans).writeJsonTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
