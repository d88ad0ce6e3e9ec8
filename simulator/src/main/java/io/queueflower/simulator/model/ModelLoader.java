package io.queueflower.simulator.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an application model from YAML (Jackson). The format, by example:
 *
 * <pre>
 * name: my-app
 * defaults:                       # optional; every key below is optional too
 *   replicas: 1
 *   concurrencyPerPod: 1
 *   discipline: fcfs              # or ps (processor sharing)
 *   network: {type: constant, ms: 0.2}
 * services:
 *   frontend:
 *     replicas: 2                 # overrides the default
 *     operations:
 *       HTTP GET /items: {serviceTime: {type: exponential, meanMs: 3}}
 *   items:
 *     operations:
 *       /items.Items/List: {serviceTime: {type: lognormal, meanMs: 8, cv: 1.0}, errorProbability: 0.001}
 * flows:
 *   - weight: 1.0
 *     sla: {averageMs: 50, tailMs: 150}   # optional
 *     root:
 *       service: frontend
 *       operation: HTTP GET /items        # also the flow's name
 *       calls:                            # steps, in order
 *         - {service: items, operation: /items.Items/List}
 *         - parallel:                     # one step whose calls run at once
 *             - {service: a, operation: x}
 *             - {service: b, operation: y, network: {type: exponential, meanMs: 0.5}}
 * </pre>
 *
 * Distributions: {@code {type: exponential, meanMs}}, {@code {type: lognormal, meanMs, cv}}, {@code {type: constant,
 * ms}}, {@code {type: empirical, samplesMs: [...]}} or {@code {type: empirical, file: samples.txt}} (one value in ms
 * per line, relative to the model file). The root call is HTTP unless it says {@code protocol: grpc}; other calls are
 * gRPC unless they say {@code protocol: http}. Unknown keys are errors, so a misspelt key never silently means a
 * default. Every error names the file and the path of the entry.
 */
public final class ModelLoader {
    /** The shipped DeathStarBench hotelReservation model. */
    public static final String DEFAULT_MODEL_RESOURCE = "/io/queueflower/simulator/hotel-reservation.yaml";

    private static final YAMLMapper YAML = new YAMLMapper();

    private ModelLoader() {
    }

    /** The shipped hotelReservation model. */
    public static AppModel defaultModel() {
        try (InputStream in = ModelLoader.class.getResourceAsStream(DEFAULT_MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default model resource " + DEFAULT_MODEL_RESOURCE + " is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "hotel-reservation.yaml", null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the shipped model, for reports that record the exact model used. */
    public static String defaultModelText() {
        try (InputStream in = ModelLoader.class.getResourceAsStream(DEFAULT_MODEL_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a model file. */
    public static AppModel load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelFormatException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * Parses model text.
     *
     * @param source  name for error messages
     * @param baseDir where relative sample files are resolved; null forbids them
     */
    public static AppModel parse(String text, String source, Path baseDir) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new ModelFormatException(source, "not valid YAML" + at + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ModelFormatException(source, "empty model file");
        }
        return new Reader(source, baseDir).model(new Node(root, ""));
    }

    /** A YAML node with its path in the file, for error messages. */
    private record Node(JsonNode json, String path) {
        String at(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }

    private static final class Reader {
        private final String source;
        private final Path baseDir;

        Reader(String source, Path baseDir) {
            this.source = source;
            this.baseDir = baseDir;
        }

        private ModelFormatException error(String path, String problem) {
            return new ModelFormatException(source + ": " + (path.isEmpty() ? "(top level)" : path), problem);
        }

        AppModel model(Node root) {
            object(root, Set.of("name", "defaults", "services", "flows"));
            String name = root.json.has("name") ? text(child(root, "name")) : "model";
            Node defaults = root.json.has("defaults") ? child(root, "defaults") : null;
            int defaultReplicas = 1;
            int defaultConcurrency = 1;
            Discipline defaultDiscipline = Discipline.FCFS;
            Distribution defaultNetwork = new Distribution.Constant(0);
            if (defaults != null) {
                object(defaults, Set.of("replicas", "concurrencyPerPod", "discipline", "network"));
                if (defaults.json.has("replicas")) {
                    defaultReplicas = integer(child(defaults, "replicas"), 0);
                }
                if (defaults.json.has("concurrencyPerPod")) {
                    defaultConcurrency = integer(child(defaults, "concurrencyPerPod"), 1);
                }
                if (defaults.json.has("discipline")) {
                    Node d = child(defaults, "discipline");
                    defaultDiscipline = Discipline.parse(text(d), source + ": " + d.path);
                }
                if (defaults.json.has("network")) {
                    defaultNetwork = distribution(child(defaults, "network"));
                }
            }

            Node servicesNode = child(root, "services");
            object(servicesNode, null);
            Map<String, ServiceModel> services = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = servicesNode.json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Node s = new Node(entry.getValue(), servicesNode.at(entry.getKey()));
                services.put(entry.getKey(), service(entry.getKey(), s, defaultReplicas, defaultConcurrency,
                        defaultDiscipline));
            }
            if (services.isEmpty()) {
                throw error(servicesNode.path, "no service defined");
            }

            Node flowsNode = child(root, "flows");
            if (!flowsNode.json.isArray() || flowsNode.json.isEmpty()) {
                throw error(flowsNode.path, "must be a non-empty list of flows");
            }
            List<FlowModel> flows = new ArrayList<>();
            Set<String> flowNames = new TreeSet<>();
            for (int i = 0; i < flowsNode.json.size(); i++) {
                Node f = new Node(flowsNode.json.get(i), flowsNode.path + "[" + i + "]");
                FlowModel flow = flow(f, services, defaultNetwork);
                if (!flowNames.add(flow.name())) {
                    throw error(f.at("root.operation"), "another flow already has the root operation '"
                            + flow.name() + "'; flows are named by their root operation, so each needs its own");
                }
                flows.add(flow);
            }
            if (flows.stream().mapToDouble(FlowModel::weight).sum() <= 0) {
                throw error(flowsNode.path, "flow weights sum to 0; at least one flow needs a weight > 0");
            }
            return new AppModel(name, services, flows);
        }

        private ServiceModel service(String name, Node s, int defaultReplicas, int defaultConcurrency,
                                     Discipline defaultDiscipline) {
            object(s, Set.of("replicas", "concurrencyPerPod", "discipline", "operations"));
            int replicas = s.json.has("replicas") ? integer(child(s, "replicas"), 0) : defaultReplicas;
            int concurrency = s.json.has("concurrencyPerPod") ? integer(child(s, "concurrencyPerPod"), 1)
                    : defaultConcurrency;
            Discipline discipline = defaultDiscipline;
            if (s.json.has("discipline")) {
                Node d = child(s, "discipline");
                discipline = Discipline.parse(text(d), source + ": " + d.path);
            }
            Node opsNode = child(s, "operations");
            object(opsNode, null);
            Map<String, OperationModel> operations = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = opsNode.json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Node op = new Node(entry.getValue(), opsNode.at("\"" + entry.getKey() + "\""));
                object(op, Set.of("serviceTime", "errorProbability"));
                Distribution serviceTime = distribution(child(op, "serviceTime"));
                double errorProbability = 0;
                if (op.json.has("errorProbability")) {
                    Node p = child(op, "errorProbability");
                    errorProbability = number(p);
                    if (errorProbability < 0 || errorProbability > 1) {
                        throw error(p.path, "must be a probability in [0, 1], got " + errorProbability);
                    }
                }
                operations.put(entry.getKey(), new OperationModel(name, entry.getKey(), serviceTime, errorProbability));
            }
            if (operations.isEmpty()) {
                throw error(opsNode.path, "service " + name + " defines no operation");
            }
            return new ServiceModel(name, replicas, concurrency, discipline, operations);
        }

        private FlowModel flow(Node f, Map<String, ServiceModel> services, Distribution defaultNetwork) {
            object(f, Set.of("weight", "sla", "root"));
            Node weightNode = child(f, "weight");
            double weight = number(weightNode);
            if (weight < 0) {
                throw error(weightNode.path, "weight must be >= 0, got " + weight);
            }
            OptionalDouble averageSla = OptionalDouble.empty();
            OptionalDouble tailSla = OptionalDouble.empty();
            if (f.json.has("sla")) {
                Node sla = child(f, "sla");
                object(sla, Set.of("averageMs", "tailMs"));
                if (sla.json.has("averageMs")) {
                    averageSla = OptionalDouble.of(positive(child(sla, "averageMs")));
                }
                if (sla.json.has("tailMs")) {
                    tailSla = OptionalDouble.of(positive(child(sla, "tailMs")));
                }
            }
            CallNode root = call(child(f, "root"), services, defaultNetwork, true);
            return new FlowModel(root, weight, averageSla, tailSla);
        }

        private CallNode call(Node c, Map<String, ServiceModel> services, Distribution defaultNetwork, boolean root) {
            object(c, Set.of("service", "operation", "protocol", "network", "calls"));
            Node serviceNode = child(c, "service");
            String service = text(serviceNode);
            ServiceModel model = services.get(service);
            if (model == null) {
                throw error(serviceNode.path, "unknown service '" + service + "' (services: "
                        + String.join(", ", services.keySet()) + ")");
            }
            Node operationNode = child(c, "operation");
            String operation = text(operationNode);
            if (!model.operations().containsKey(operation)) {
                throw error(operationNode.path, "service " + service + " has no operation '" + operation
                        + "' (operations: " + String.join(", ", model.operations().keySet()) + ")");
            }
            Protocol protocol = root ? Protocol.HTTP : Protocol.GRPC;
            if (c.json.has("protocol")) {
                Node p = child(c, "protocol");
                protocol = switch (text(p)) {
                    case "http" -> Protocol.HTTP;
                    case "grpc" -> Protocol.GRPC;
                    default -> throw error(p.path, "protocol must be http or grpc, got '" + text(p) + "'");
                };
            }
            Distribution network = c.json.has("network") ? distribution(child(c, "network")) : defaultNetwork;
            List<CallNode.Step> steps = new ArrayList<>();
            if (c.json.has("calls")) {
                Node calls = child(c, "calls");
                if (!calls.json.isArray()) {
                    throw error(calls.path, "must be a list of calls (or of 'parallel:' groups)");
                }
                for (int i = 0; i < calls.json.size(); i++) {
                    Node step = new Node(calls.json.get(i), calls.path + "[" + i + "]");
                    if (step.json.isObject() && step.json.has("parallel")) {
                        object(step, Set.of("parallel"));
                        Node group = child(step, "parallel");
                        if (!group.json.isArray() || group.json.isEmpty()) {
                            throw error(group.path, "must be a non-empty list of calls made at once");
                        }
                        List<CallNode> parallel = new ArrayList<>();
                        for (int j = 0; j < group.json.size(); j++) {
                            parallel.add(call(new Node(group.json.get(j), group.path + "[" + j + "]"), services,
                                    defaultNetwork, false));
                        }
                        steps.add(new CallNode.Step(parallel));
                    } else {
                        steps.add(new CallNode.Step(List.of(call(step, services, defaultNetwork, false))));
                    }
                }
            }
            return new CallNode(service, operation, protocol, network, steps);
        }

        private Distribution distribution(Node d) {
            object(d, Set.of("type", "meanMs", "cv", "ms", "samplesMs", "file"));
            Node typeNode = child(d, "type");
            String type = text(typeNode);
            return switch (type) {
                case "exponential" -> {
                    only(d, type, Set.of("type", "meanMs"));
                    yield new Distribution.Exponential(positive(child(d, "meanMs")) / 1000);
                }
                case "lognormal" -> {
                    only(d, type, Set.of("type", "meanMs", "cv"));
                    yield new Distribution.LogNormal(positive(child(d, "meanMs")) / 1000, positive(child(d, "cv")));
                }
                case "constant" -> {
                    only(d, type, Set.of("type", "ms"));
                    Node ms = child(d, "ms");
                    double value = number(ms);
                    if (value < 0) {
                        throw error(ms.path, "must be >= 0, got " + value);
                    }
                    yield new Distribution.Constant(value / 1000);
                }
                case "empirical" -> empirical(d);
                default -> throw error(typeNode.path, "unknown distribution '" + type
                        + "' (exponential, lognormal, constant, empirical)");
            };
        }

        private Distribution empirical(Node d) {
            only(d, "empirical", Set.of("type", "samplesMs", "file"));
            List<Double> seconds = new ArrayList<>();
            if (d.json.has("samplesMs") == d.json.has("file")) {
                throw error(d.path, "an empirical distribution needs exactly one of samplesMs (a list) or file");
            }
            if (d.json.has("samplesMs")) {
                Node samples = child(d, "samplesMs");
                if (!samples.json.isArray() || samples.json.isEmpty()) {
                    throw error(samples.path, "must be a non-empty list of durations in ms");
                }
                for (int i = 0; i < samples.json.size(); i++) {
                    Node sample = new Node(samples.json.get(i), samples.path + "[" + i + "]");
                    double ms = number(sample);
                    if (ms < 0) {
                        throw error(sample.path, "must be >= 0, got " + ms);
                    }
                    seconds.add(ms / 1000);
                }
            } else {
                Node fileNode = child(d, "file");
                if (baseDir == null) {
                    throw error(fileNode.path, "sample files are only allowed in models read from a file");
                }
                Path file = baseDir.resolve(text(fileNode));
                List<String> lines;
                try {
                    lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw error(fileNode.path, "cannot read sample file " + file + ": " + e.getMessage());
                }
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).trim();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    try {
                        double ms = Double.parseDouble(line);
                        if (!(ms >= 0) || !Double.isFinite(ms)) {
                            throw new NumberFormatException();
                        }
                        seconds.add(ms / 1000);
                    } catch (NumberFormatException e) {
                        throw error(fileNode.path, file + " line " + (i + 1) + ": '" + line
                                + "' is not a duration in ms >= 0");
                    }
                }
                if (seconds.isEmpty()) {
                    throw error(fileNode.path, file + " holds no sample");
                }
            }
            return Distribution.Empirical.of(seconds);
        }

        private void only(Node d, String type, Set<String> allowed) {
            for (Iterator<String> it = d.json.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw error(d.at(key), "a " + type + " distribution takes " + new TreeSet<>(allowed)
                            + ", not '" + key + "'");
                }
            }
        }

        private void object(Node node, Set<String> allowed) {
            if (!node.json.isObject()) {
                throw error(node.path, "must be a mapping, got " + kind(node.json));
            }
            if (allowed != null) {
                for (Iterator<String> it = node.json.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (!allowed.contains(key)) {
                        throw error(node.at(key), "unknown key (allowed here: " + new TreeSet<>(allowed) + ")");
                    }
                }
            }
        }

        private Node child(Node node, String key) {
            JsonNode value = node.json.get(key);
            if (value == null || value.isNull()) {
                throw error(node.at(key), "missing");
            }
            return new Node(value, node.at(key));
        }

        private String text(Node node) {
            if (!node.json.isTextual() || node.json.asText().isBlank()) {
                throw error(node.path, "must be a non-empty string, got " + kind(node.json));
            }
            return node.json.asText().trim();
        }

        private double number(Node node) {
            if (!node.json.isNumber() || !Double.isFinite(node.json.asDouble())) {
                throw error(node.path, "must be a number, got " + kind(node.json));
            }
            return node.json.asDouble();
        }

        private double positive(Node node) {
            double value = number(node);
            if (!(value > 0)) {
                throw error(node.path, "must be > 0, got " + value);
            }
            return value;
        }

        private int integer(Node node, int min) {
            if (!node.json.isIntegralNumber() || !node.json.canConvertToInt()) {
                throw error(node.path, "must be a whole number, got " + kind(node.json));
            }
            int value = node.json.asInt();
            if (value < min) {
                throw error(node.path, "must be >= " + min + ", got " + value);
            }
            return value;
        }

        private static String kind(JsonNode json) {
            if (json.isObject()) {
                return "a mapping";
            }
            if (json.isArray()) {
                return "a list";
            }
            return "'" + json.asText() + "'";
        }
    }
}
