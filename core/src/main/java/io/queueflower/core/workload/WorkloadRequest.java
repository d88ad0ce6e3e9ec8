package io.queueflower.core.workload;

/**
 * One request of a workload, independent of any HTTP library.
 *
 * @param type         the request type its statistics are kept under (e.g. {@code search})
 * @param method       the HTTP method, {@code GET} or {@code POST}
 * @param pathAndQuery the request target, starting with {@code /}, query already encoded
 */
public record WorkloadRequest(String type, String method, String pathAndQuery) {
    public WorkloadRequest {
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("request target must start with '/': " + pathAndQuery);
        }
    }
}
