package io.queueflower.loadgen.http;

/** Told exactly once how one request ended; called on the connection's own thread. */
public interface ExchangeListener {
    /** A complete response arrived, with any status. */
    void onResponse(int status);

    /** No response: one of the {@link FailureKind} constants. */
    void onFailure(String kind);
}
