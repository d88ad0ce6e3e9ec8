package io.queueflower.core.workload;

import java.util.List;

/** A source of requests for one connection; instances are not shared between threads. */
public interface Workload {
    /** Every type {@link #next()} may return, in reporting order. */
    List<String> requestTypes();

    WorkloadRequest next();
}
