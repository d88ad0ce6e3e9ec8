package io.queueflower.streams.topology;

import io.queueflower.streams.algorithm.AlgorithmState;
import io.queueflower.streams.algorithm.HabState;

/**
 * Text form of the algorithms' state for the {@code algorithm-state} store: readable in a changelog dump, and the
 * only state today is HAB's four numbers.
 */
final class AlgorithmStateCodec {
    private AlgorithmStateCodec() {
    }

    static String encode(AlgorithmState state) {
        if (state instanceof HabState hab) {
            return "hab:" + hab.lo() + "," + hab.hi() + "," + hab.phi() + "," + hab.applied();
        }
        return "none";
    }

    static AlgorithmState decode(String text) {
        if (text == null || text.equals("none")) {
            return AlgorithmState.NONE;
        }
        if (text.startsWith("hab:")) {
            String[] parts = text.substring(4).split(",");
            if (parts.length == 4) {
                return new HabState(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                        Double.parseDouble(parts[2]), Boolean.parseBoolean(parts[3]));
            }
        }
        throw new IllegalStateException("unreadable algorithm state '" + text + "' in store "
                + WindowDecisionTopology.ALGORITHM_STATE_STORE);
    }
}
