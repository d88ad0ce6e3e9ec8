package io.queueflower.streams.samples;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates {@code samples/hotel-reservation-jaeger-ui.json}: a Jaeger UI export of DeathStarBench hotelReservation
 * traffic as Jaeger's Go clients record it (64-bit and some 128-bit trace ids, "HTTP GET /hotels" server spans on
 * the frontend, gRPC client/server span pairs per call, pod hostnames as process tags), 36 requests over three
 * minutes. Deterministic: the same seed always gives the same file, and a test checks the committed file against it.
 */
public final class HotelReservationSample {
    static final Path FILE = Path.of("samples", "hotel-reservation-jaeger-ui.json");
    static final long START_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z
    static final int TRACES = 36;
    static final long SPACING_MICROS = 5_000_000L;
    private static final long SEED = 20_260_101L;

    private static final Map<String, List<String>> PODS = new LinkedHashMap<>();

    static {
        PODS.put("frontend", List.of("frontend-7d9c6b8f5-x2k4p", "frontend-7d9c6b8f5-m8q3z"));
        PODS.put("search", List.of("search-64c8d7b9c-9zt5k", "search-64c8d7b9c-4hwrn"));
        PODS.put("geo", List.of("geo-5b8f7d6c4-qq7lm"));
        PODS.put("rate", List.of("rate-6f7c9b5d8-r2d7v", "rate-6f7c9b5d8-k2p9x"));
        PODS.put("profile", List.of("profile-58d6c7f9b-tn4vs", "profile-58d6c7f9b-7gx2c"));
        PODS.put("recommendation", List.of("recommendation-7c9d8f6b5-l5mzw"));
        PODS.put("reservation", List.of("reservation-6b7c8d9f4-wq8rt", "reservation-6b7c8d9f4-ze3nb"));
        PODS.put("user", List.of("user-5f6d7c8b9-hj6ky"));
    }

    /** A gRPC method served by a service, with the services it calls in turn (sequentially). */
    private record Call(String service, String method, long minSelfMicros, long maxSelfMicros, List<Call> calls) {
        static Call of(String service, String method, long minSelf, long maxSelf, Call... calls) {
            return new Call(service, method, minSelf, maxSelf, List.of(calls));
        }
    }

    /** One kind of frontend request: its HTTP method, path and query, and the backends it calls. */
    private record Request(String method, String path, String query, List<Call> calls) {
    }

    private static final Call PROFILES = Call.of("profile", "/profile.Profile/GetProfiles", 250, 900);
    private static final Call CHECK_USER = Call.of("user", "/user.User/CheckUser", 150, 500);
    private static final Request HOTELS = new Request("GET", "/hotels",
            "?inDate=2015-04-09&outDate=2015-04-10&lat=38.0235&lon=-122.095", List.of(
            Call.of("search", "/search.Search/Nearby", 100, 300,
                    Call.of("geo", "/geo.Geo/Nearby", 200, 700),
                    Call.of("rate", "/rate.Rate/GetRates", 300, 1_200)),
            Call.of("reservation", "/reservation.Reservation/CheckAvailability", 300, 1_500),
            PROFILES));
    private static final Request RECOMMENDATIONS = new Request("GET", "/recommendations",
            "?require=rate&lat=38.0235&lon=-122.095", List.of(
            Call.of("recommendation", "/recommendation.Recommendation/GetRecommendations", 200, 800),
            PROFILES));
    private static final Request USER = new Request("POST", "/user", "", List.of(CHECK_USER));
    private static final Request RESERVATION = new Request("POST", "/reservation", "", List.of(
            CHECK_USER,
            Call.of("reservation", "/reservation.Reservation/MakeReservation", 800, 3_000)));
    /** The mix, repeated: mostly searches and recommendations, like the wrk2 mixed workload, plus writes. */
    private static final List<Request> MIX = List.of(HOTELS, RECOMMENDATIONS, HOTELS, USER, HOTELS, RECOMMENDATIONS,
            HOTELS, RESERVATION, RECOMMENDATIONS);
    /** This request fails: MakeReservation errors and the frontend answers 500. */
    private static final int FAILING_TRACE = 25;

    private final Random random = new Random(SEED);
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    private HotelReservationSample() {
    }

    public static void main(String[] args) throws IOException {
        Path target = args.length > 0 ? Path.of(args[0]) : FILE;
        Files.writeString(target, generate(), StandardCharsets.UTF_8);
    }

    /** The whole sample file. */
    static String generate() {
        return new HotelReservationSample().document();
    }

    private String document() {
        ArrayNode data = json.arrayNode();
        for (int i = 0; i < TRACES; i++) {
            long start = START_MICROS + i * SPACING_MICROS + random.nextInt(2_000_000);
            data.add(trace(MIX.get(i % MIX.size()), start, i == FAILING_TRACE));
        }
        ObjectNode root = json.objectNode();
        root.set("data", data);
        root.put("total", 0);
        root.put("limit", 0);
        root.put("offset", 0);
        root.putNull("errors");
        // Laid out like Go's json.MarshalIndent: "key": value, [] for empty arrays, \n line ends everywhere.
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withArrayEmptySeparator("")
                .withObjectEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return new ObjectMapper().writer(printer).writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spans and processes of one trace being generated. */
    private final class TraceBuilder {
        final String traceId;
        final ArrayNode spans = json.arrayNode();
        final ObjectNode processes = json.objectNode();
        final Map<String, String> processIds = new LinkedHashMap<>();
        final boolean failing;

        TraceBuilder(String traceId, boolean failing) {
            this.traceId = traceId;
            this.failing = failing;
        }

        String processId(String service, String pod) {
            return processIds.computeIfAbsent(pod, p -> {
                String id = "p" + (processIds.size() + 1);
                ObjectNode process = processes.putObject(id);
                process.put("serviceName", service);
                ArrayNode tags = process.putArray("tags");
                tags.add(tag("client-uuid", hex(random.nextLong() & 0x7fffffffffffffffL, 15)));
                tags.add(tag("hostname", pod));
                tags.add(tag("ip", "10.244." + (1 + Math.floorMod(pod.hashCode(), 3)) + "."
                        + (2 + Math.floorMod(pod.hashCode() >> 4, 250))));
                tags.add(tag("jaeger.version", "Go-2.30.0"));
                return id;
            });
        }

        ObjectNode span(String spanId, String parentSpanId, String operation, long start, long duration,
                        String processId) {
            ObjectNode span = spans.addObject();
            span.put("traceID", traceId);
            span.put("spanID", spanId);
            span.put("flags", 1);
            span.put("operationName", operation);
            ArrayNode references = span.putArray("references");
            if (parentSpanId != null) {
                ObjectNode ref = references.addObject();
                ref.put("refType", "CHILD_OF");
                ref.put("traceID", traceId);
                ref.put("spanID", parentSpanId);
            }
            span.put("startTime", start);
            span.put("duration", duration);
            span.putArray("tags");
            span.putArray("logs");
            span.put("processID", processId);
            span.putNull("warnings");
            return span;
        }
    }

    private ObjectNode trace(Request request, long start, boolean failing) {
        boolean wide = random.nextInt(6) == 0; // some clients are configured for 128-bit ids
        long low = random.nextLong() & 0x7fffffffffffffffL;
        // Jaeger's query API prints the high half with %x (no leading zeros) and the low half with %016x.
        String traceId = wide ? Long.toHexString(random.nextLong() & 0x7fffffffffffffffL) + hex(low, 16) : hex(low, 16);
        TraceBuilder trace = new TraceBuilder(traceId, failing);

        String pod = pick("frontend");
        String process = trace.processId("frontend", pod);
        String rootId = spanId();
        long t = start + between(80, 200);
        for (Call call : request.calls()) {
            t = call(trace, call, rootId, "frontend", pod, t) + between(10, 60);
        }
        long duration = t + between(80, 250) - start;
        ObjectNode root = trace.span(rootId, null, "HTTP " + request.method() + " " + request.path(), start, duration,
                process);
        // The root span is appended last by the recursion above; Jaeger returns spans in storage order, roots first.
        trace.spans.remove(trace.spans.size() - 1);
        trace.spans.insert(0, root);
        ArrayNode tags = (ArrayNode) root.get("tags");
        tags.add(tag("component", "net/http"));
        tags.add(tag("http.method", request.method()));
        tags.add(tag("http.status_code", failing ? 500L : 200L));
        tags.add(tag("http.url", request.path() + request.query()));
        tags.add(tag("span.kind", "server"));
        if (failing) {
            tags.add(tag("error", true));
        }
        tags.add(tag("sampler.type", "probabilistic"));

        ObjectNode node = json.objectNode();
        node.put("traceID", traceId);
        node.set("spans", trace.spans);
        node.set("processes", trace.processes);
        node.putNull("warnings");
        return node;
    }

    /**
     * A gRPC call from {@code callerPod}: the caller's CLIENT span around the callee's SERVER span, which makes its
     * own calls one after another. Returns when the client span ends.
     */
    private long call(TraceBuilder trace, Call call, String parentSpanId, String callerService, String callerPod,
                      long start) {
        String clientId = spanId();
        String serverId = spanId();
        String pod = pick(call.service());
        long serverStart = start + between(60, 250);
        long self = between(call.minSelfMicros(), call.maxSelfMicros());
        long t = serverStart + self / 2;
        ObjectNode clientSpan = trace.span(clientId, parentSpanId, call.method(), start, 0,
                trace.processId(callerService, callerPod));
        ObjectNode serverSpan = trace.span(serverId, clientId, call.method(), serverStart, 0,
                trace.processId(call.service(), pod));
        for (Call next : call.calls()) {
            t = call(trace, next, serverId, call.service(), pod, t) + between(10, 50);
        }
        long serverEnd = t + self - self / 2;
        long clientEnd = serverEnd + between(60, 250);
        serverSpan.put("duration", serverEnd - serverStart);
        clientSpan.put("duration", clientEnd - start);

        boolean fails = trace.failing && call.method().endsWith("MakeReservation");
        for (ObjectNode span : List.of(clientSpan, serverSpan)) {
            ArrayNode tags = (ArrayNode) span.get("tags");
            tags.add(tag("component", "gRPC"));
            tags.add(tag("span.kind", span == clientSpan ? "client" : "server"));
            if (fails) {
                tags.add(tag("error", true));
            }
        }
        return clientEnd;
    }

    private String pick(String service) {
        List<String> pods = PODS.get(service);
        return pods.get(random.nextInt(pods.size()));
    }

    private String spanId() {
        return hex(random.nextLong() & 0x7fffffffffffffffL | 1L << 60, 16);
    }

    private long between(long min, long max) {
        return min + (long) (random.nextDouble() * (max - min));
    }

    private static String hex(long value, int digits) {
        String hex = Long.toHexString(value);
        return hex.length() >= digits ? hex : "0".repeat(digits - hex.length()) + hex;
    }

    private ObjectNode tag(String key, String value) {
        ObjectNode tag = json.objectNode();
        tag.put("key", key);
        tag.put("type", "string");
        tag.put("value", value);
        return tag;
    }

    private ObjectNode tag(String key, long value) {
        ObjectNode tag = json.objectNode();
        tag.put("key", key);
        tag.put("type", "int64");
        tag.put("value", value);
        return tag;
    }

    private ObjectNode tag(String key, boolean value) {
        ObjectNode tag = json.objectNode();
        tag.put("key", key);
        tag.put("type", "bool");
        tag.put("value", value);
        return tag;
    }
}
