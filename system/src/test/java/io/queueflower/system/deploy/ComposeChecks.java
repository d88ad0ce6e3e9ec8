package io.queueflower.system.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.queueflower.core.sla.SlaTable;
import io.queueflower.platform.config.ConfigSources;
import io.queueflower.scaler.config.ScalerConfig;
import io.queueflower.simulator.cli.SimulateConfig;
import io.queueflower.streams.config.StreamsAppConfig;
import io.queueflower.system.deploy.ComposeFile.Mount;
import io.queueflower.system.deploy.ComposeFile.Port;
import io.queueflower.system.deploy.ComposeFile.Service;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks a docker-compose file against the apps' real configuration: every {@code QF_*} variable of an app service
 * must build that app's configuration class, and images, ports, dependencies, bind mounts, the broker address, the
 * registry URL, the topics created and the topic and encoding the span collectors write must fit together. Returns
 * the problems found, each naming the service and what is wrong; an empty list means the file is consistent.
 */
final class ComposeChecks {
    static final String STREAMS_IMAGE = "queueflower/streams-app";
    static final String SCALER_IMAGE = "queueflower/scaler-app";
    static final String SIMULATOR_IMAGE = "queueflower/simulator";
    private static final Set<String> CONDITIONS =
            Set.of("service_started", "service_healthy", "service_completed_successfully");

    private final ComposeFile compose;
    private final Function<String, Path> resolve;
    private final String version;
    private final List<String> problems = new ArrayList<>();

    private ComposeChecks(ComposeFile compose, Function<String, Path> resolve, String version) {
        this.compose = compose;
        this.resolve = resolve;
        this.version = version;
    }

    /**
     * @param baseDir the compose file's directory, against which relative bind mounts resolve
     * @param version the tag the project's images carry
     */
    static List<String> check(ComposeFile compose, Path baseDir, String version) {
        ComposeChecks checks = new ComposeChecks(compose, s -> baseDir.resolve(s).normalize(), version);
        checks.problems.addAll(compose.readProblems());
        checks.run();
        return checks.problems;
    }

    private void run() {
        images();
        dependencies();
        ports();
        bindMounts();
        Optional<Service> broker = only(s -> s.image().startsWith("apache/kafka")
                && s.environment().containsKey("KAFKA_PROCESS_ROLES"), "a Kafka broker (apache/kafka with KRaft roles)");
        String bootstrap = broker.map(this::internalBootstrap).orElse(null);
        // Apicurio's kafkasql storage keeps the schemas in Kafka.
        compose.services().values().stream().filter(s -> s.image().startsWith("apicurio/apicurio-registry-kafkasql:"))
                .forEach(s -> sameBootstrap(s, "KAFKA_BOOTSTRAP_SERVERS",
                        s.environment().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", ""), bootstrap));
        Optional<Service> streams = only(s -> s.image().startsWith(STREAMS_IMAGE + ":"), "the streams app");
        StreamsAppConfig streamsConfig = streams.map(s -> streamsApp(s, bootstrap)).orElse(null);
        compose.services().values().stream().filter(s -> s.image().startsWith(SCALER_IMAGE + ":"))
                .forEach(s -> scaler(s, bootstrap, streamsConfig));
        if (streamsConfig == null) {
            return;
        }
        topics(streamsConfig, bootstrap);
        spanCollectors(streamsConfig, bootstrap);
        compose.services().values().stream().filter(s -> s.image().startsWith(SIMULATOR_IMAGE + ":"))
                .forEach(s -> simulator(s, streamsConfig, bootstrap));
    }

    private Optional<Service> only(java.util.function.Predicate<Service> test, String what) {
        List<Service> found = compose.services().values().stream().filter(test).toList();
        if (found.size() != 1) {
            problems.add("expected exactly one service running " + what + ", found "
                    + found.stream().map(Service::name).toList());
            return Optional.empty();
        }
        return Optional.of(found.get(0));
    }

    private void images() {
        for (Service s : compose.services().values()) {
            if (s.image().isBlank()) {
                problems.add("service " + s.name() + " has no image");
            } else if (!s.image().contains(":") || s.image().endsWith(":latest")) {
                problems.add("service " + s.name() + ": image " + s.image() + " is not pinned to a version");
            } else if (s.image().startsWith("queueflower/") && !s.image().endsWith(":" + version)) {
                problems.add("service " + s.name() + ": image " + s.image() + " is not the tag Jib builds ("
                        + version + ")");
            }
        }
    }

    private void dependencies() {
        for (Service s : compose.services().values()) {
            s.dependsOn().forEach((target, condition) -> {
                Service dep = compose.services().get(target);
                if (dep == null) {
                    problems.add("service " + s.name() + " depends on undefined service " + target);
                    return;
                }
                if (!CONDITIONS.contains(condition)) {
                    problems.add("service " + s.name() + ": depends_on " + target + " has unknown condition "
                            + condition);
                }
                if (condition.equals("service_healthy") && !dep.hasHealthcheck()) {
                    problems.add("service " + s.name() + " waits for " + target + " to be healthy, but " + target
                            + " has no healthcheck");
                }
                // Compose refuses to start a service whose dependency's profile is not enabled.
                if (!dep.profiles().isEmpty()
                        && (s.profiles().isEmpty() || !dep.profiles().containsAll(s.profiles()))) {
                    problems.add("service " + s.name() + " (profiles " + s.profiles() + ") depends on " + target
                            + ", which only runs with profiles " + dep.profiles());
                }
            });
        }
        // A cycle would deadlock start-up.
        for (String start : compose.services().keySet()) {
            if (reaches(start, start)) {
                problems.add("service " + start + " depends on itself through depends_on");
            }
        }
    }

    private boolean reaches(String from, String target) {
        Deque<String> todo = new ArrayDeque<>(compose.services().get(from).dependsOn().keySet());
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (next.equals(target)) {
                return true;
            }
            Service s = compose.services().get(next);
            if (s != null && seen.add(next)) {
                todo.addAll(s.dependsOn().keySet());
            }
        }
        return false;
    }

    private void ports() {
        // Profiles may all be enabled together, so no two services may publish the same host port.
        Map<String, String> owner = new HashMap<>();
        for (Service s : compose.services().values()) {
            for (Port p : s.ports()) {
                if (p.hostPort() == 0) {
                    continue;
                }
                String key = p.hostPort() + "/" + p.protocol();
                String previous = owner.putIfAbsent(key, s.name());
                if (previous != null) {
                    problems.add("host port " + key + " is published by both " + previous + " and " + s.name());
                }
            }
        }
    }

    private void bindMounts() {
        Set<String> written = new HashSet<>();
        compose.services().values().forEach(s -> s.volumes().stream().filter(m -> m.isBind() && !m.readOnly())
                .forEach(m -> written.add(m.source())));
        for (Service s : compose.services().values()) {
            for (Mount m : s.volumes()) {
                // A read-only input must be in the repository, unless another service of the file produces it.
                if (m.isBind() && m.readOnly() && !written.contains(m.source()) && !Files.exists(resolve.apply(m.source()))) {
                    problems.add("service " + s.name() + " mounts " + m.source() + ", which does not exist");
                }
            }
        }
    }

    /** The broker's listener for the compose network: the advertised one whose host is the broker's service name. */
    private String internalBootstrap(Service broker) {
        String advertised = broker.environment().getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
        for (String listener : advertised.split(",")) {
            String address = listener.substring(listener.indexOf("://") + 3);
            if (address.startsWith(broker.name() + ":")) {
                return address;
            }
        }
        problems.add("service " + broker.name() + ": no advertised listener names host " + broker.name()
                + ", so no other service can reach it (KAFKA_ADVERTISED_LISTENERS=" + advertised + ")");
        return null;
    }

    private void sameBootstrap(Service s, String what, String value, String bootstrap) {
        if (bootstrap != null && !bootstrap.equals(value)) {
            problems.add("service " + s.name() + ": " + what + " is '" + value + "', but the broker is reached at '"
                    + bootstrap + "' inside the compose network");
        }
        dependsOnBroker(s);
    }

    private void dependsOnBroker(Service s) {
        boolean reachesBroker = compose.services().values().stream()
                .filter(b -> b.environment().containsKey("KAFKA_PROCESS_ROLES"))
                .anyMatch(b -> reaches(s.name(), b.name()));
        if (!reachesBroker) {
            problems.add("service " + s.name() + " uses Kafka but does not depend on the broker (directly or through"
                    + " another service)");
        }
    }

    private StreamsAppConfig streamsApp(Service s, String bootstrap) {
        if (!s.command().isEmpty() && !s.command().get(0).equals("run")) {
            problems.add("service " + s.name() + ": command " + s.command() + " does not start the streams app"
                    + " ('run')");
        }
        StreamsAppConfig config;
        try {
            config = new StreamsAppConfig(ConfigSources.fromEnvironment(s.environment()));
        } catch (ConfigException e) {
            problems.add("service " + s.name() + ": its QF_* environment is not a valid streams app configuration: "
                    + e.getMessage());
            return null;
        }
        sameBootstrap(s, "QF_BOOTSTRAP_SERVERS", String.valueOf(config.passThrough().get("bootstrap.servers")),
                bootstrap);
        registry(s, config.getString(StreamsAppConfig.SCHEMA_REGISTRY_URL));
        published(s, config.getInt(StreamsAppConfig.HTTP_PORT), "http.port");
        slaTables(s, config);
        return config;
    }

    private void scaler(Service s, String bootstrap, StreamsAppConfig streams) {
        ScalerConfig config;
        try {
            config = new ScalerConfig(ConfigSources.fromEnvironment(s.environment()));
        } catch (ConfigException e) {
            problems.add("service " + s.name() + ": its QF_* environment is not a valid scaler configuration: "
                    + e.getMessage());
            return;
        }
        if (!config.getBoolean(ScalerConfig.DRY_RUN)) {
            problems.add("service " + s.name() + ": the scaler must run with scaler.dry.run=true in compose");
        }
        sameBootstrap(s, "QF_BOOTSTRAP_SERVERS", String.valueOf(config.passThrough().get("bootstrap.servers")),
                bootstrap);
        registry(s, String.valueOf(config.passThrough().get("schema.registry.url")));
        published(s, config.httpPort(), "scaler.http.port");
        if (streams != null) {
            String target = streams.getString(StreamsAppConfig.TARGET_NAMESPACE);
            if (!config.allowlist().namespaces().contains(target)) {
                problems.add("service " + s.name() + ": the streams app decides for namespace " + target
                        + ", which is not in scaler.allow.namespaces " + config.allowlist().namespaces());
            }
            problems.addAll(Allowlists.missingDeployments(streams, config, "service " + s.name()));
        }
    }

    private void registry(Service s, String url) {
        URI uri = URI.create(url);
        Service registry = compose.services().get(uri.getHost());
        if (registry == null) {
            problems.add("service " + s.name() + ": schema.registry.url " + url + " names no service of this file");
            return;
        }
        boolean apicurio = registry.image().startsWith("apicurio/");
        int port = apicurio ? 8080 : 8081;
        if (uri.getPort() != port) {
            problems.add("service " + s.name() + ": schema.registry.url " + url + " uses port " + uri.getPort()
                    + ", but " + registry.image() + " listens on " + port);
        }
        if (apicurio && !uri.getPath().equals("/apis/ccompat/v7")) {
            problems.add("service " + s.name() + ": Apicurio serves the Confluent API at /apis/ccompat/v7, not "
                    + uri.getPath());
        }
        if (!reaches(s.name(), registry.name())) {
            problems.add("service " + s.name() + " uses the registry but does not depend on " + registry.name());
        }
    }

    private void published(Service s, int containerPort, String key) {
        if (s.ports().stream().noneMatch(p -> p.containerPort() == containerPort && p.protocol().equals("tcp"))) {
            problems.add("service " + s.name() + ": " + key + "=" + containerPort + " (health, readiness, metrics) is"
                    + " not among its published ports " + s.ports());
        }
    }

    private void slaTables(Service s, StreamsAppConfig config) {
        for (String key : List.of(StreamsAppConfig.SLA_AVG_FILE, StreamsAppConfig.SLA_TAIL_FILE)) {
            String file = config.getString(key);
            if (file.isBlank()) {
                continue;
            }
            Optional<Mount> mount = s.volumes().stream()
                    .filter(m -> m.isBind() && file.startsWith(m.target() + "/")).findFirst();
            if (mount.isEmpty()) {
                problems.add("service " + s.name() + ": " + key + "=" + file + " is not inside a mounted directory");
                continue;
            }
            Path onHost = resolve.apply(mount.get().source()).resolve(file.substring(mount.get().target().length() + 1));
            try {
                problems.addAll(SlaTables.problems(SlaTable.read(onHost), "service " + s.name() + ": " + key));
            } catch (RuntimeException e) {
                problems.add("service " + s.name() + ": " + key + "=" + file + " (" + onHost + "): " + e.getMessage());
            }
        }
    }

    private void topics(StreamsAppConfig config, String bootstrap) {
        SortedMap<String, Boolean> catalogue = Repository.topicCatalogue(config.getString(StreamsAppConfig.INPUT_TOPIC));
        Optional<Service> init = only(s -> s.environment().containsKey("TOPICS"), "the topic creation (TOPICS)");
        if (init.isEmpty()) {
            return;
        }
        Service s = init.get();
        sameBootstrap(s, "BOOTSTRAP", s.environment().getOrDefault("BOOTSTRAP", ""), bootstrap);
        SortedMap<String, Boolean> created = new TreeMap<>();
        for (String t : s.environment().get("TOPICS").trim().split("\\s+")) {
            created.put(t, false);
        }
        for (String t : s.environment().getOrDefault("COMPACTED_TOPICS", "").trim().split("\\s+")) {
            if (!t.isEmpty()) {
                created.put(t, true);
            }
        }
        if (!created.equals(catalogue)) {
            problems.add("service " + s.name() + " creates topics " + created + " (name=compacted), but the topic"
                    + " catalogue for input.topic " + config.getString(StreamsAppConfig.INPUT_TOPIC) + " is "
                    + catalogue);
        }
        for (Service app : compose.services().values()) {
            if (app.image().startsWith("queueflower/") && !reaches(app.name(), s.name())) {
                problems.add("service " + app.name() + " may start before its topics exist: it does not depend on "
                        + s.name());
            }
        }
    }

    private void spanCollectors(StreamsAppConfig config, String bootstrap) {
        for (Service s : compose.services().values()) {
            if (s.image().startsWith("jaegertracing/jaeger:") || s.image().startsWith("otel/opentelemetry-collector")) {
                int at = s.command().indexOf("--config");
                String configPath = at >= 0 && at + 1 < s.command().size() ? s.command().get(at + 1) : null;
                Optional<Mount> mount = s.volumes().stream()
                        .filter(m -> m.isBind() && m.target().equals(configPath)).findFirst();
                if (mount.isEmpty()) {
                    problems.add("service " + s.name() + ": its --config " + configPath + " is not a mounted file");
                    continue;
                }
                try {
                    JsonNode collector = ComposeFile.YAML.readTree(resolve.apply(mount.get().source()).toFile());
                    SpanExport export = SpanExport.fromCollectorConfig(collector, "service " + s.name());
                    problems.addAll(export.problemsAgainst(config, "service " + s.name()));
                    export.brokers().forEach(b -> sameBootstrap(s, "the kafka exporter's broker", b, bootstrap));
                } catch (Exception e) {
                    problems.add("service " + s.name() + ": cannot read its collector configuration "
                            + mount.get().source() + ": " + e.getMessage());
                }
            } else if (s.image().startsWith("jaegertracing/jaeger-collector:")) {
                jaegerV1(s, config, bootstrap);
            }
        }
    }

    // jaeger-collector 1.x with SPAN_STORAGE_TYPE=kafka: KAFKA_PRODUCER_* variables.
    private void jaegerV1(Service s, StreamsAppConfig config, String bootstrap) {
        Map<String, String> env = s.environment();
        if (!"kafka".equals(env.get("SPAN_STORAGE_TYPE"))) {
            problems.add("service " + s.name() + ": SPAN_STORAGE_TYPE must be kafka to write spans to Kafka");
        }
        sameBootstrap(s, "KAFKA_PRODUCER_BROKERS", env.getOrDefault("KAFKA_PRODUCER_BROKERS", ""), bootstrap);
        String topic = env.getOrDefault("KAFKA_PRODUCER_TOPIC", "jaeger-spans");
        if (!topic.equals(config.getString(StreamsAppConfig.INPUT_TOPIC))) {
            problems.add("service " + s.name() + ": KAFKA_PRODUCER_TOPIC " + topic + " is not the streams app's"
                    + " input.topic " + config.getString(StreamsAppConfig.INPUT_TOPIC));
        }
        String encoding = env.getOrDefault("KAFKA_PRODUCER_ENCODING", "protobuf");
        if (!Set.of("protobuf", "json").contains(encoding)) {
            problems.add("service " + s.name() + ": KAFKA_PRODUCER_ENCODING " + encoding + " is neither protobuf"
                    + " (jaeger-proto) nor json (jaeger-json)");
        }
    }

    /**
     * The simulator as load: its configuration must be valid, write what the streams app reads, and close the loop
     * for the namespace and Deployment names the streams app decides for.
     */
    private void simulator(Service s, StreamsAppConfig streams, String bootstrap) {
        if (s.command().isEmpty() || !s.command().get(0).equals("simulate")) {
            problems.add("service " + s.name() + ": command " + s.command() + " does not run the simulator"
                    + " ('simulate')");
        }
        SimulateConfig config;
        try {
            config = new SimulateConfig(ConfigSources.fromEnvironment(s.environment()));
        } catch (ConfigException e) {
            problems.add("service " + s.name() + ": its QF_* environment is not a valid simulator configuration: "
                    + e.getMessage());
            return;
        }
        sameBootstrap(s, "QF_BOOTSTRAP_SERVERS", config.bootstrapServers().orElse(""), bootstrap);
        String topic = streams.getString(StreamsAppConfig.INPUT_TOPIC);
        if (!topic.equals(config.topic())) {
            problems.add("service " + s.name() + ": sim.topic " + config.topic() + " is not the streams app's"
                    + " input.topic " + topic);
        }
        String format = streams.getString(StreamsAppConfig.INPUT_FORMAT);
        if (!format.equals("auto") && !format.equals(config.format().cliName())) {
            problems.add("service " + s.name() + ": sim.format " + config.format().cliName() + " is not the streams"
                    + " app's input.format " + format);
        }
        if (!config.realTime() || config.durationSeconds() != Double.POSITIVE_INFINITY) {
            problems.add("service " + s.name() + ": as load the simulator runs in real time until stopped"
                    + " (sim.mode=realtime, sim.duration=0)");
        }
        if (config.followDecisions()) {
            registry(s, String.valueOf(config.passThrough().get("schema.registry.url")));
            String target = streams.getString(StreamsAppConfig.TARGET_NAMESPACE);
            if (!target.equals(config.namespace())) {
                problems.add("service " + s.name() + ": sim.namespace " + config.namespace() + " is not the"
                        + " namespace the streams app decides for (target.namespace " + target + ")");
            }
            String pattern = streams.getString(StreamsAppConfig.DEPLOYMENT_PATTERN);
            if (!pattern.equals(config.deploymentNames().pattern())) {
                problems.add("service " + s.name() + ": sim.deployment.pattern " + config.deploymentNames().pattern()
                        + " is not the streams app's deployment.pattern " + pattern);
            }
        }
        config.httpPort().ifPresentOrElse(port -> published(s, port, "sim.http.port"),
                () -> problems.add("service " + s.name() + ": sim.http.port is not set, so the simulator serves no"
                        + " /health, /ready or /metrics"));
    }

    /** SLA table checks shared with the Kubernetes checks. */
    static final class SlaTables {
        private SlaTables() {
        }

        /** Every (service, flow) with an SLA must be a service taking part in that flow in the shipped sample. */
        static List<String> problems(SlaTable table, String where) {
            List<String> problems = new ArrayList<>();
            SortedMap<String, ? extends Set<String>> flows = Repository.sampleFlows();
            table.byService().forEach((service, row) -> row.keySet().forEach(flow -> {
                if (!flows.containsKey(flow)) {
                    problems.add(where + ": flow '" + flow + "' is not a flow of the hotelReservation sample "
                            + flows.keySet());
                } else if (!flows.get(flow).contains(service)) {
                    problems.add(where + ": service " + service + " takes no part in flow '" + flow
                            + "' (its services: " + new TreeSet<>(flows.get(flow)) + ")");
                }
            }));
            if (table.byService().isEmpty()) {
                problems.add(where + ": the table holds no SLA");
            }
            return problems;
        }
    }
}
