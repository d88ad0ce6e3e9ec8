package io.queueflower.simulator.export;

import io.queueflower.avro.Span;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The span attributes instrumentation would have recorded, derived from a canonical span: HTTP spans (status 100-599)
 * get {@code http.method}, {@code http.route} and {@code http.status_code}; gRPC spans (status 0-16) get
 * {@code rpc.system}, {@code rpc.service}, {@code rpc.method} and {@code rpc.grpc.status_code}, with service and method
 * read from the full method name {@code /package.Service/Method} that otgrpc and OTel both use.
 */
final class SpanAttributes {
    static final String HTTP_METHOD = "http.method";
    static final String HTTP_ROUTE = "http.route";
    static final String HTTP_STATUS_CODE = "http.status_code";
    static final String RPC_SYSTEM = "rpc.system";
    static final String RPC_SERVICE = "rpc.service";
    static final String RPC_METHOD = "rpc.method";
    static final String RPC_GRPC_STATUS_CODE = "rpc.grpc.status_code";

    private SpanAttributes() {
    }

    /** True for an HTTP span, false for gRPC (the two status ranges never overlap). */
    static boolean isHttp(Span span) {
        return span.getStatusCode() != null && span.getStatusCode() >= 100;
    }

    /** Attribute name → String or Long value, in a fixed order. */
    static Map<String, Object> of(Span span) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        String operation = span.getOperation();
        if (isHttp(span)) {
            String[] parts = operation.split(" ", 3); // "HTTP GET /hotels"
            if (parts.length == 3 && parts[0].equals("HTTP")) {
                attributes.put(HTTP_METHOD, parts[1]);
                attributes.put(HTTP_ROUTE, parts[2]);
            }
            attributes.put(HTTP_STATUS_CODE, (long) span.getStatusCode());
        } else if (span.getStatusCode() != null) {
            attributes.put(RPC_SYSTEM, "grpc");
            String method = operation.startsWith("/") ? operation.substring(1) : operation;
            int slash = method.lastIndexOf('/');
            if (slash > 0) {
                attributes.put(RPC_SERVICE, method.substring(0, slash));
                attributes.put(RPC_METHOD, method.substring(slash + 1));
            }
            attributes.put(RPC_GRPC_STATUS_CODE, (long) span.getStatusCode());
        }
        return attributes;
    }
}
