package io.queueflower.simulator.experiment;

import io.queueflower.core.workload.RatePattern;
import io.queueflower.simulator.engine.Arrivals;
import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.FlowModel;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A named arrival process with its run length: a total rate mixed by the model's weights, or a rate per flow.
 *
 * @param name            name in reports
 * @param arrivals        the arrival process
 * @param durationSeconds arrivals stop here; requests in flight then still finish and are measured
 */
public record ExperimentWorkload(String name, Arrivals arrivals, double durationSeconds) {
    public ExperimentWorkload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arrivals, "arrivals");
        if (!(durationSeconds > 0)) {
            throw new IllegalArgumentException("workload " + name + " needs a duration > 0, got " + durationSeconds);
        }
    }

    public ExperimentWorkload(String name, RatePattern total, double durationSeconds) {
        this(name, new Arrivals.Mixed(total), durationSeconds);
    }

    /** Flow → requests/s at time t. */
    public SortedMap<String, Double> flowRatesAt(AppModel model, double seconds) {
        TreeMap<String, Double> rates = new TreeMap<>();
        if (arrivals instanceof Arrivals.PerFlow perFlow) {
            model.flows().forEach(f -> rates.put(f.name(),
                    perFlow.rates().containsKey(f.name()) ? perFlow.rates().get(f.name()).rateAt(seconds) : 0.0));
        } else {
            double total = ((Arrivals.Mixed) arrivals).total().rateAt(seconds);
            for (FlowModel flow : model.flows()) {
                rates.put(flow.name(), total * flow.weight() / model.totalWeight());
            }
        }
        return rates;
    }

    /** Time-average total rate over the run. */
    public double meanRate() {
        double expected = arrivals instanceof Arrivals.PerFlow perFlow
                ? perFlow.rates().values().stream().mapToDouble(r -> r.expectedArrivals(durationSeconds)).sum()
                : ((Arrivals.Mixed) arrivals).total().expectedArrivals(durationSeconds);
        return expected / durationSeconds;
    }

    /** The spec as the experiment command takes it. */
    public String spec() {
        if (arrivals instanceof Arrivals.PerFlow perFlow) {
            return perFlow.rates().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().spec())
                    .collect(Collectors.joining(";"));
        }
        return ((Arrivals.Mixed) arrivals).total().spec();
    }
}
