package io.queueflower.simulator.engine;

import io.queueflower.avro.Span;
import io.queueflower.simulator.model.FlowModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** One external request, i.e. one trace, in flight. */
final class Request {
    final FlowModel flow;
    final String traceId;
    /** Draws for this request only, in the call tree's structural order, so they do not depend on scaling. */
    final SplittableRandom random;
    final double start;
    final List<Span> spans;

    Request(FlowModel flow, String traceId, SplittableRandom random, double start, boolean spans) {
        this.flow = flow;
        this.traceId = traceId;
        this.random = random;
        this.start = start;
        this.spans = spans ? new ArrayList<>() : null;
    }
}
