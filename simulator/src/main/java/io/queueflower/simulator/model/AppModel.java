package io.queueflower.simulator.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An application as the simulator sees it: services that queue work, and request flows whose call trees visit them.
 * Built by {@link ModelLoader} from a YAML file, validated on construction.
 *
 * @param name     a label for reports
 * @param services service name → service, in file order
 * @param flows    the request flows, in file order; their weights form the request mix
 */
public record AppModel(String name, Map<String, ServiceModel> services, List<FlowModel> flows) {

    public AppModel {
        Objects.requireNonNull(name, "name");
        services = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(services, "services")));
        flows = List.copyOf(Objects.requireNonNull(flows, "flows"));
        if (services.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " has no service");
        }
        if (flows.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " has no flow");
        }
        services.forEach((key, service) -> {
            if (!key.equals(service.name())) {
                throw new IllegalArgumentException("service " + service.name() + " filed under " + key);
            }
        });
        List<String> names = new ArrayList<>();
        for (FlowModel flow : flows) {
            if (names.contains(flow.name())) {
                throw new IllegalArgumentException("two flows have the root operation '" + flow.name() + "'");
            }
            names.add(flow.name());
            Map<String, ServiceModel> known = services;
            flow.root().visit(call -> {
                ServiceModel service = known.get(call.service());
                if (service == null || !service.operations().containsKey(call.operation())) {
                    throw new IllegalArgumentException("flow '" + flow.name() + "' calls " + call.service() + " "
                            + call.operation() + ", which the model does not define");
                }
            });
        }
    }

    public FlowModel flow(String name) {
        return flows.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no flow '" + name + "' in model " + this.name));
    }

    public OperationModel operation(String service, String operation) {
        ServiceModel s = services.get(service);
        OperationModel op = s == null ? null : s.operations().get(operation);
        if (op == null) {
            throw new IllegalArgumentException("no operation " + service + " " + operation + " in model " + name);
        }
        return op;
    }

    /** Σ weights; flows are drawn with probability weight / total. */
    public double totalWeight() {
        return flows.stream().mapToDouble(FlowModel::weight).sum();
    }

    /** The initial replicas of every service, by name. */
    public SortedMap<String, Integer> initialReplicas() {
        TreeMap<String, Integer> replicas = new TreeMap<>();
        services.values().forEach(s -> replicas.put(s.name(), s.replicas()));
        return replicas;
    }

    /**
     * Offered load per service in busy servers at a total arrival rate: λ · Σ_f p_f · (visits of the service in f ·
     * mean service time). The offline knowledge a static allocation can start from; the online algorithms never see it.
     */
    public SortedMap<String, Double> offeredLoad(double requestsPerSecond) {
        TreeMap<String, Double> load = new TreeMap<>();
        services.keySet().forEach(s -> load.put(s, 0.0));
        double total = totalWeight();
        for (FlowModel flow : flows) {
            double rate = requestsPerSecond * flow.weight() / total;
            flow.root().visit(call -> load.merge(call.service(),
                    rate * operation(call.service(), call.operation()).serviceTime().mean(), Double::sum));
        }
        return load;
    }

    /** Calls per second reaching each service at a total arrival rate (a flow may call a service several times). */
    public SortedMap<String, Double> visitRates(double requestsPerSecond) {
        TreeMap<String, Double> visits = new TreeMap<>();
        services.keySet().forEach(s -> visits.put(s, 0.0));
        double total = totalWeight();
        for (FlowModel flow : flows) {
            double rate = requestsPerSecond * flow.weight() / total;
            flow.root().visit(call -> visits.merge(call.service(), rate, Double::sum));
        }
        return visits;
    }

    /** Average and tail SLAs per (service, flow) in ms: every service of a flow gets the flow's SLA. */
    public SortedMap<String, SortedMap<String, Double>> slaTable(boolean tail) {
        TreeMap<String, SortedMap<String, Double>> table = new TreeMap<>();
        for (FlowModel flow : flows) {
            OptionalDouble sla = tail ? flow.tailSlaMs() : flow.averageSlaMs();
            if (sla.isEmpty()) {
                continue;
            }
            flow.root().visit(call -> table.computeIfAbsent(call.service(), s -> new TreeMap<>())
                    .put(flow.name(), sla.getAsDouble()));
        }
        return table;
    }

    /** Every call node of every flow, depth first. */
    public void visitCalls(Consumer<CallNode> visitor) {
        flows.forEach(flow -> flow.root().visit(visitor));
    }
}
