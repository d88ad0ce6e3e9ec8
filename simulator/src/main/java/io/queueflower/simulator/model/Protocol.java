package io.queueflower.simulator.model;

/** The protocol of a call, which decides the status attribute its spans carry. */
public enum Protocol {
    /** HTTP: {@code http.status_code} 200 or 500. */
    HTTP,
    /** gRPC: {@code rpc.grpc.status_code} 0 (OK) or 2 (UNKNOWN, what a Go handler's plain error becomes). */
    GRPC
}
