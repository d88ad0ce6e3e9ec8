package io.queueflower.system.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.queueflower.platform.config.ConfigSources;
import io.queueflower.simulator.cli.SimulateConfig;
import io.queueflower.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml against the apps' real configuration. No Docker engine runs where the tests run, so the file is
 * parsed and its services checked (ComposeChecks); each kind of mistake the checker looks for is also made on purpose
 * in a copy of the file, to show it is caught.
 */
class DockerComposeTest {
    private static final Path ROOT = Repository.root();
    private static final String VERSION = Repository.projectVersion();

    private static ObjectNode original() throws IOException {
        return (ObjectNode) ComposeFile.YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
    }

    private static List<String> problemsOf(JsonNode tree, Map<String, String> variables) {
        return ComposeChecks.check(ComposeFile.read(tree, variables), ROOT, VERSION);
    }

    private static List<String> problemsAfter(Consumer<ObjectNode> change) throws IOException {
        ObjectNode tree = original();
        change.accept((ObjectNode) tree.path("services"));
        return problemsOf(tree, Map.of());
    }

    private static ObjectNode env(ObjectNode services, String service) {
        return (ObjectNode) services.path(service).path("environment");
    }

    @Test
    void theShippedFileIsConsistentWithTheAppsConfiguration() throws IOException {
        assertThat(problemsOf(original(), Map.of())).isEmpty();
    }

    @Test
    void theStreamsServiceReadsWhatJaegerWritesWithTheAppsRealKeys() throws IOException {
        ComposeFile compose = ComposeFile.read(original(), Map.of());
        ComposeFile.Service streams = compose.service("streams-app");
        StreamsAppConfig config = new StreamsAppConfig(ConfigSources.fromEnvironment(streams.environment()));

        assertThat(streams.image()).isEqualTo("queueflower/streams-app:" + VERSION);
        assertThat(streams.command()).containsExactly("run");
        assertThat(config.getString(StreamsAppConfig.INPUT_TOPIC)).isEqualTo("jaeger-spans");
        assertThat(config.getString(StreamsAppConfig.INPUT_FORMAT)).isEqualTo("otlp-proto");
        assertThat(config.passThrough()).containsEntry("bootstrap.servers", "kafka:29092");
        JsonNode jaeger = ComposeFile.YAML.readTree(ROOT.resolve("compose/jaeger-collector.yaml").toFile());
        assertThat(SpanExport.fromCollectorConfig(jaeger, "jaeger"))
                .isEqualTo(new SpanExport(List.of("kafka:29092"), "jaeger-spans", "otlp_proto", true));
        assertThat(compose.service("scaler-app").environment()).containsEntry("QF_SCALER_DRY_RUN", "true");
        assertThat(compose.service("jaeger-collector-v1").environment())
                .containsEntry("SPAN_STORAGE_TYPE", "kafka").containsEntry("KAFKA_PRODUCER_ENCODING", "protobuf");
    }

    @Test
    void anUnknownOrInvalidStreamsKeyIsCaughtWithItsName() throws IOException {
        assertThat(problemsAfter(s -> env(s, "streams-app").put("QF_WINDW_SIZE_MS", "60000")))
                .anySatisfy(p -> assertThat(p).contains("streams-app").contains("windw.size.ms")
                        .contains("did you mean 'window.size.ms'"));
        assertThat(problemsAfter(s -> env(s, "streams-app").put("QF_INPUT_FORMAT", "protobuf")))
                .anySatisfy(p -> assertThat(p).contains("streams-app").contains("input.format"));
    }

    @Test
    void anInvalidScalerSettingIsCaughtByTheScalersOwnConfiguration() throws IOException {
        assertThat(problemsAfter(s -> env(s, "scaler-app").put("QF_SCALER_DRYRUN", "true")))
                .anySatisfy(p -> assertThat(p).contains("scaler-app").contains("scaler.dryrun"));
        assertThat(problemsAfter(s -> env(s, "scaler-app").put("QF_SCALER_DRY_RUN", "false")))
                .anySatisfy(p -> assertThat(p).contains("scaler.dry.run=true"));
        assertThat(problemsAfter(s -> env(s, "scaler-app").put("QF_SCALER_ALLOW_DEPLOYMENTS", "search,geo")))
                .anySatisfy(p -> assertThat(p).contains("hotel-reservation/profile").contains("refuses"));
    }

    @Test
    void aTopicMismatchAnywhereInThePipelineIsCaught() throws IOException {
        List<String> problems = problemsAfter(s -> env(s, "streams-app").put("QF_INPUT_TOPIC", "otlp_spans"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("jaeger").contains("writes topic 'jaeger-spans'")
                        .contains("'otlp_spans'"))
                .anySatisfy(p -> assertThat(p).contains("kafka-init creates topics"))
                .anySatisfy(p -> assertThat(p).contains("simulator").contains("sim.topic jaeger-spans"))
                .anySatisfy(p -> assertThat(p).contains("jaeger-collector-v1").contains("KAFKA_PRODUCER_TOPIC"));

        assertThat(problemsAfter(s -> env(s, "kafka-init").put("TOPICS", "jaeger-spans qf.spans qf.traces")))
                .anySatisfy(p -> assertThat(p).contains("kafka-init creates topics").contains("qf.decisions"));
        assertThat(problemsAfter(s -> env(s, "kafka-init").put("COMPACTED_TOPICS", "")))
                .anySatisfy(p -> assertThat(p).contains("qf.replicas=true"));
    }

    @Test
    void theSimulatorIsCheckedByItsOwnConfigurationAndAgainstTheStreamsApp() throws IOException {
        ComposeFile.Service simulator = ComposeFile.read(original(), Map.of()).service("simulator");
        SimulateConfig config = new SimulateConfig(ConfigSources.fromEnvironment(simulator.environment()));
        assertThat(simulator.command()).containsExactly("simulate");
        assertThat(config.followDecisions()).isTrue();
        assertThat(config.realTime()).isTrue();
        assertThat(config.httpPort()).contains(8080);

        assertThat(problemsAfter(s -> env(s, "simulator").put("QF_SIM_SPEEDPU", "2")))
                .anySatisfy(p -> assertThat(p).contains("simulator").contains("sim.speedpu")
                        .contains("did you mean 'sim.speedup'"));
        assertThat(problemsAfter(s -> env(s, "simulator").put("QF_SIM_NAMESPACE", "hotel")))
                .anySatisfy(p -> assertThat(p).contains("sim.namespace hotel").contains("target.namespace"));
        assertThat(problemsAfter(s -> env(s, "simulator").put("QF_SIM_DEPLOYMENT_PATTERN", "{service}-hotel")))
                .anySatisfy(p -> assertThat(p).contains("sim.deployment.pattern {service}-hotel"));
        assertThat(problemsAfter(s -> env(s, "simulator").put("QF_SIM_FORMAT", "jaeger-proto")))
                .anySatisfy(p -> assertThat(p).contains("sim.format jaeger-proto").contains("input.format"));
        assertThat(problemsAfter(s -> env(s, "simulator").put("QF_SIM_DURATION", "10m")))
                .anySatisfy(p -> assertThat(p).contains("until stopped"));
        assertThat(problemsAfter(s -> env(s, "simulator").remove("QF_SIM_HTTP_PORT")))
                .anySatisfy(p -> assertThat(p).contains("no /health"));
        assertThat(problemsAfter(s -> ((ObjectNode) s.path("simulator")).remove("ports")))
                .anySatisfy(p -> assertThat(p).contains("sim.http.port=8080"));
        // Without following decisions the namespace need not match (the real scaler reports replicas then).
        assertThat(problemsOf(original(), Map.of("QF_SIM_FOLLOW_DECISIONS", "false"))).isEmpty();
    }

    @Test
    void aCollectorEncodingTheAppDoesNotExpectIsCaught(@TempDir Path dir) throws IOException {
        String config = Files.readString(ROOT.resolve("compose/jaeger-collector.yaml"))
                .replace("encoding: otlp_proto", "encoding: jaeger_json");
        Path file = Files.writeString(dir.resolve("collector.yaml"), config);
        List<String> problems = problemsAfter(s -> {
            ArrayNode volumes = ((ObjectNode) s.path("jaeger")).putArray("volumes");
            volumes.add(file + ":/etc/jaeger/collector.yaml:ro");
        });
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("writes jaeger_json")
                .contains("input.format is 'otlp-proto'"));
    }

    @Test
    void interpolationDefaultsAndOverridesAreApplied() throws IOException {
        // The file's default keeps Jaeger v2 and the app in step; an operator's override is checked like any value.
        assertThat(problemsOf(original(), Map.of("QF_INPUT_FORMAT", "jaeger-proto")))
                .anySatisfy(p -> assertThat(p).contains("writes otlp_proto").contains("'jaeger-proto'"));
        assertThat(problemsOf(original(), Map.of("QF_INPUT_FORMAT", "auto"))).isEmpty();

        List<String> problems = new ArrayList<>();
        assertThat(ComposeFile.substitute("a $$X ${A:-d} ${B-e} ${C}", Map.of("B", ""), "p", problems))
                .isEqualTo("a $X d  ");
        assertThat(problems).containsExactly("p: variable C has no default and is not set; Compose would"
                + " substitute an empty string");
    }

    @Test
    void portsDependenciesMountsAndImagesAreChecked() throws IOException {
        assertThat(problemsAfter(s -> ((ObjectNode) s.path("scaler-app")).putArray("ports").add("8080:8080")))
                .anySatisfy(p -> assertThat(p).isEqualTo("host port 8080/tcp is published by both streams-app and"
                        + " scaler-app"));
        assertThat(problemsAfter(s -> ((ObjectNode) s.path("jaeger")).putArray("ports").add("6831:6831")))
                .noneSatisfy(p -> assertThat(p).contains("6831"));
        assertThat(problemsAfter(s -> ((ObjectNode) s.path("streams-app").path("depends_on")).putObject("zookeeper")
                .put("condition", "service_started")))
                .contains("service streams-app depends on undefined service zookeeper");
        assertThat(problemsAfter(s -> ((ObjectNode) s.path("streams-app").path("depends_on")).putObject("kubernetes")
                .put("condition", "service_healthy")))
                .anySatisfy(p -> assertThat(p).contains("depends on kubernetes, which only runs with profiles"));
        assertThat(problemsAfter(s -> ((ObjectNode) s.path("streams-app")).putArray("volumes")
                .add("./k8s/base/streams-app/no-such-dir:/etc/queueflower/sla:ro")))
                .anySatisfy(p -> assertThat(p).contains("no-such-dir, which does not exist"));
        assertThat(problemsAfter(s -> ((ObjectNode) s.path("streams-app")).put("image", "queueflower/streams-app:9.9")))
                .anySatisfy(p -> assertThat(p).contains("not the tag Jib builds"));
        assertThat(problemsAfter(s -> ((ObjectNode) s.path("schema-registry")).put("image", "apicurio/registry")))
                .anySatisfy(p -> assertThat(p).contains("not pinned"));
    }

    @Test
    void everyClientMustUseTheBrokersInternalAddress() throws IOException {
        assertThat(problemsAfter(s -> env(s, "streams-app").put("QF_BOOTSTRAP_SERVERS", "localhost:9092")))
                .anySatisfy(p -> assertThat(p).contains("streams-app").contains("'localhost:9092'")
                        .contains("'kafka:29092'"));
        assertThat(problemsAfter(s -> env(s, "schema-registry").put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")))
                .anySatisfy(p -> assertThat(p).contains("schema-registry: KAFKA_BOOTSTRAP_SERVERS is 'kafka:9092'"));
        assertThat(problemsAfter(s -> env(s, "streams-app").put("QF_SCHEMA_REGISTRY_URL",
                "http://schema-registry:8081/apis/ccompat/v7")))
                .anySatisfy(p -> assertThat(p).contains("uses port 8081"));
        assertThat(problemsAfter(s -> env(s, "streams-app").put("QF_SLA_AVG_FILE", "/opt/sla-avg.csv")))
                .anySatisfy(p -> assertThat(p).contains("sla.avg.file=/opt/sla-avg.csv is not inside a mounted"));
    }
}
