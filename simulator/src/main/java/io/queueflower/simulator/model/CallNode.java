package io.queueflower.simulator.model;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One call in a flow's call tree: the callee does its work, then runs its steps in order; the calls of one step run in
 * parallel and the step ends when the last of them has answered.
 *
 * @param service   callee service
 * @param operation callee operation
 * @param protocol  protocol of the call (decides the spans' status attribute)
 * @param network   one-way network delay, drawn once for the request and once for the response (unused at the root,
 *                  whose caller is outside the traced system)
 * @param steps     what the callee calls after its work, in order
 */
public record CallNode(String service, String operation, Protocol protocol, Distribution network, List<Step> steps) {
    public CallNode {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(network, "network");
        steps = List.copyOf(steps);
    }

    /** Calls of one step, made at once. */
    public record Step(List<CallNode> calls) {
        public Step {
            calls = List.copyOf(calls);
            if (calls.isEmpty()) {
                throw new IllegalArgumentException("a step needs at least one call");
            }
        }
    }

    /** This node, then its descendants depth first in step order. */
    public void visit(Consumer<CallNode> visitor) {
        visitor.accept(this);
        for (Step step : steps) {
            for (CallNode call : step.calls()) {
                call.visit(visitor);
            }
        }
    }
}
