package io.queueflower.core.workload;

import java.util.List;

/** The same GET every time, as plain wrk sends: for benchmarking against a static server. */
public record SingleRequestWorkload(String pathAndQuery) implements Workload {
    public static final String TYPE = "url";

    public SingleRequestWorkload {
        new WorkloadRequest(TYPE, "GET", pathAndQuery); // validates the target
    }

    @Override
    public List<String> requestTypes() {
        return List.of(TYPE);
    }

    @Override
    public WorkloadRequest next() {
        return new WorkloadRequest(TYPE, "GET", pathAndQuery);
    }
}
