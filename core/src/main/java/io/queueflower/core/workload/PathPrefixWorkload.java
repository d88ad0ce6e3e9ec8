package io.queueflower.core.workload;

import java.util.List;

/** Puts a fixed path in front of every request of another workload, e.g. an ingress route to the frontend. */
public record PathPrefixWorkload(String prefix, Workload inner) implements Workload {
    public PathPrefixWorkload {
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw new IllegalArgumentException("path prefix must start with '/' and not end with it: '" + prefix + "'");
        }
    }

    /** {@code inner} itself when there is no prefix. */
    public static Workload of(String prefix, Workload inner) {
        return prefix.isEmpty() ? inner : new PathPrefixWorkload(prefix, inner);
    }

    @Override
    public List<String> requestTypes() {
        return inner.requestTypes();
    }

    @Override
    public WorkloadRequest next() {
        WorkloadRequest request = inner.next();
        return new WorkloadRequest(request.type(), request.method(), prefix + request.pathAndQuery());
    }
}
