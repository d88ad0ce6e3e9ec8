package io.queueflower.scaler.kubernetes;

/** How the scale subresource is written. */
public enum ScaleWriteMethod {
    /**
     * PUT of the Scale read just before, carrying its resourceVersion: a change by anyone else in between is refused
     * with 409, and the decision is re-planned against the new count (compare-and-set).
     */
    UPDATE,
    /** JSON merge patch of {@code spec.replicas} (what {@code kubectl scale} does): the last writer wins. */
    PATCH
}
