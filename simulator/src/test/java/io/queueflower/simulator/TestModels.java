package io.queueflower.simulator;

import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.CallNode;
import io.queueflower.simulator.model.Discipline;
import io.queueflower.simulator.model.Distribution;
import io.queueflower.simulator.model.FlowModel;
import io.queueflower.simulator.model.OperationModel;
import io.queueflower.simulator.model.Protocol;
import io.queueflower.simulator.model.ServiceModel;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Small models for tests. */
public final class TestModels {
    public static final String ROOT = "HTTP GET /";

    private TestModels() {
    }

    /** One service, one operation: an M/M/c (or M/G/c) queue with {@code servers} single-server pods. */
    public static AppModel singleStation(int servers, Distribution serviceTime, Discipline discipline) {
        ServiceModel service = new ServiceModel("queue", servers, 1, discipline,
                Map.of(ROOT, new OperationModel("queue", ROOT, serviceTime, 0)));
        CallNode root = new CallNode("queue", ROOT, Protocol.HTTP, new Distribution.Constant(0), List.of());
        return new AppModel("single", Map.of("queue", service),
                List.of(new FlowModel(root, 1, OptionalDouble.empty(), OptionalDouble.empty())));
    }

    /** Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a = λ/μ < c. */
    public static double erlangC(int c, double a) {
        double term = 1;
        double sum = 1; // k = 0
        for (int k = 1; k < c; k++) {
            term *= a / k;
            sum += term;
        }
        double last = term * a / c * c / (c - a);
        return last / (sum + last);
    }

    /** Mean waiting time in queue of M/M/c: C(c, a) / (cμ − λ). */
    public static double erlangCMeanWait(int c, double lambda, double mu) {
        return erlangC(c, lambda / mu) / (c * mu - lambda);
    }
}
