package io.queueflower.streams.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.queueflower.core.algorithm.AlgorithmState;
import io.queueflower.core.algorithm.BalancedState;
import io.queueflower.core.algorithm.HabState;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Text form of the algorithms' state for the {@code algorithm-state} store, readable in a changelog dump: HAB's four
 * numbers as {@code hab:lo,hi,phi,applied}; the balanced QueueFlower's memory as {@code balanced:} and a JSON object
 * {@code {"service": [serviceTimeMs, offeredLoad, recentPeak, arrivalRate, inSystem, lastMove, lastMoveAtMs]}}, null for an unknown value
 * (JSON because service names come from traces and may hold any character).
 */
final class AlgorithmStateCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlgorithmStateCodec() {
    }

    static String encode(AlgorithmState state) {
        if (state instanceof HabState hab) {
            return "hab:" + hab.lo() + "," + hab.hi() + "," + hab.phi() + "," + hab.applied();
        }
        if (state instanceof BalancedState balanced) {
            ObjectNode services = JSON.createObjectNode();
            balanced.services().forEach((service, memory) -> {
                ArrayNode entry = services.putArray(service);
                for (double value : new double[] {memory.serviceTimeMs(), memory.offeredLoad(), memory.recentPeak(),
                        memory.arrivalRate(), memory.inSystem()}) {
                    if (Double.isNaN(value)) {
                        entry.addNull();
                    } else {
                        entry.add(value);
                    }
                }
                entry.add(memory.lastMove());
                if (memory.lastMoveAtMs() == BalancedState.NEVER) {
                    entry.addNull();
                } else {
                    entry.add(memory.lastMoveAtMs());
                }
            });
            return "balanced:" + services;
        }
        return "none";
    }

    private static double number(JsonNode node) {
        if (node.isNull()) {
            return Double.NaN;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException("'" + node + "' is not a number");
        }
        return node.asDouble();
    }

    static AlgorithmState decode(String text) {
        if (text == null || text.equals("none")) {
            return AlgorithmState.NONE;
        }
        try {
            if (text.startsWith("hab:")) {
                String[] parts = text.substring(4).split(",");
                if (parts.length == 4) {
                    return new HabState(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                            Double.parseDouble(parts[2]), Boolean.parseBoolean(parts[3]));
                }
            } else if (text.startsWith("balanced:")) {
                JsonNode services = JSON.readTree(text.substring("balanced:".length()));
                if (!services.isObject()) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                TreeMap<String, BalancedState.ServiceMemory> memory = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    JsonNode value = entry.getValue();
                    if (!value.isArray() || value.size() != 7 || !value.get(5).canConvertToInt()) {
                        throw new IllegalArgumentException("entry of " + entry.getKey()
                                + " is not [serviceTimeMs, offeredLoad, recentPeak, arrivalRate, inSystem, lastMove, lastMoveAtMs]");
                    }
                    JsonNode at = value.get(6);
                    memory.put(entry.getKey(), new BalancedState.ServiceMemory(number(value.get(0)),
                            number(value.get(1)), number(value.get(2)), number(value.get(3)), number(value.get(4)),
                            value.get(5).asInt(),
                            at.isNull() ? BalancedState.NEVER : at.asLong()));
                }
                return new BalancedState(memory);
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("unreadable algorithm state '" + text + "' in store "
                    + WindowDecisionTopology.ALGORITHM_STATE_STORE + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException("unreadable algorithm state '" + text + "' in store "
                + WindowDecisionTopology.ALGORITHM_STATE_STORE);
    }
}
