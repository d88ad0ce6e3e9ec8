package io.queueflower.system.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.scaler.config.ScalerConfig;
import io.queueflower.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kustomization under k8s/ rendered with {@code kubectl kustomize} and checked object by object with fabric8's
 * model (ManifestChecks): references resolve, RBAC stays namespaced, and the apps' configuration as their pods see it
 * builds StreamsAppConfig and ScalerConfig and agrees with the collector, the topics and the allowlist. Each kind of
 * mistake the checks look for is also made on purpose in a rendered copy, to show it is caught.
 */
class KustomizeManifestsTest {
    private static final Path K8S = Repository.root().resolve("k8s");
    private static final String VERSION = Repository.projectVersion();
    // The application's namespace exists before QueueFlower is installed next to it; the Kafka cluster's too.
    private static final Set<String> EXTERNAL_NAMESPACES = Set.of("hotel-reservation", "kafka");
    private static final Map<Path, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    private static List<HasMetadata> rendered(Path kustomization) {
        return Kustomize.copy(RENDERED.computeIfAbsent(kustomization, Kustomize::build));
    }

    /** The base and every overlay, found on disk so that a new overlay is checked without touching this test. */
    static Stream<Path> kustomizations() throws IOException {
        List<Path> all = new ArrayList<>();
        all.add(K8S.resolve("base"));
        try (Stream<Path> overlays = Files.list(K8S.resolve("overlays"))) {
            overlays.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml"))).sorted().forEach(all::add);
        }
        return all.stream();
    }

    private static List<String> problems(List<HasMetadata> objects) {
        return ManifestChecks.check(objects, EXTERNAL_NAMESPACES, VERSION);
    }

    private static List<String> problemsAfter(Consumer<List<HasMetadata>> change) {
        List<HasMetadata> objects = new ArrayList<>(rendered(K8S.resolve("overlays/hotel-reservation")));
        change.accept(objects);
        return problems(objects);
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String namePrefix) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().startsWith(namePrefix)).toList();
        assertThat(found).as("%s named %s*", type.getSimpleName(), namePrefix).hasSize(1);
        return found.get(0);
    }

    private static Container container(List<HasMetadata> objects, String image) {
        return Stream.concat(
                        objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()),
                        objects.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                                .flatMap(s -> s.getSpec().getTemplate().getSpec().getContainers().stream()))
                .filter(c -> c.getImage().startsWith(image + ":")).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyKustomizationRendersToConsistentObjects(Path kustomization) {
        List<HasMetadata> objects = rendered(kustomization);

        assertThat(objects).extracting(HasMetadata::getKind)
                .contains("Namespace", "StatefulSet", "Deployment", "Role", "RoleBinding", "ServiceAccount");
        assertThat(problems(objects)).as("problems in %s", K8S.relativize(kustomization)).isEmpty();
    }

    @Test
    void theStreamsAppIsAStatefulSetWithItsStateOnAClaimedVolume() {
        List<HasMetadata> objects = rendered(K8S.resolve("base"));
        StatefulSet streams = one(objects, StatefulSet.class, "qf-streams");
        StreamsAppConfig config = ManifestChecks.appConfig(objects, ComposeChecks.STREAMS_IMAGE, StreamsAppConfig::new);

        assertThat(streams.getMetadata().getNamespace()).isEqualTo("queueflower");
        assertThat(streams.getSpec().getVolumeClaimTemplates()).extracting(c -> c.getMetadata().getName())
                .containsExactly("state");
        assertThat(config.passThrough()).containsEntry("state.dir", "/var/lib/queueflower/state")
                .containsEntry("group.instance.id", "$(POD_NAME)");
        assertThat(config.getString(StreamsAppConfig.SLA_AVG_FILE)).isEqualTo("/etc/queueflower/sla/sla-avg.csv");
        Container c = streams.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(streams.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/path", "/metrics").containsEntry("prometheus.io/port", "8080");
        // The scaler stays next to the Deployments its namespaced Role covers.
        assertThat(one(objects, Role.class, "qf-scaler").getMetadata().getNamespace()).isEqualTo("hotel-reservation");
    }

    @Test
    void theHotelReservationOverlayScalesExactlyTheHelmReleasesOwnServices() {
        List<HasMetadata> objects = rendered(K8S.resolve("overlays/hotel-reservation"));
        StreamsAppConfig streams = ManifestChecks.appConfig(objects, ComposeChecks.STREAMS_IMAGE, StreamsAppConfig::new);
        ScalerConfig scaler = ManifestChecks.appConfig(objects, ComposeChecks.SCALER_IMAGE, ScalerConfig::new);

        assertThat(streams.getString(StreamsAppConfig.DEPLOYMENT_PATTERN)).isEqualTo("{service}-hotel-hotelres");
        assertThat(streams.getString(StreamsAppConfig.TARGET_NAMESPACE)).isEqualTo("hotel-reservation");
        assertThat(streams.getList(StreamsAppConfig.EXCLUDED_SERVICES)).contains("frontend", "consul", "jaeger",
                "mongodb-geo", "mongodb-user", "memcached-rate", "memcached-profile", "memcached-reserve");
        Set<String> decided = Allowlists.decided(streams).stream().map(DeploymentRef::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(decided).containsExactlyInAnyOrder("search-hotel-hotelres", "geo-hotel-hotelres",
                "profile-hotel-hotelres", "rate-hotel-hotelres", "recommendation-hotel-hotelres",
                "reservation-hotel-hotelres", "user-hotel-hotelres");
        assertThat(scaler.getList(ScalerConfig.ALLOW_DEPLOYMENTS)).containsExactlyInAnyOrderElementsOf(decided);
        assertThat(scaler.allowlist().namespaces()).containsExactly("hotel-reservation");
        assertThat(objects).filteredOn(o -> o.getKind().equals("KafkaTopic")).hasSize(8);
    }

    @Test
    void theDevOverlayRunsOneOfEverythingOnOneBroker() {
        List<HasMetadata> objects = rendered(K8S.resolve("overlays/dev"));
        StreamsAppConfig streams = ManifestChecks.appConfig(objects, ComposeChecks.STREAMS_IMAGE, StreamsAppConfig::new);

        assertThat(one(objects, StatefulSet.class, "qf-streams").getSpec().getReplicas()).isEqualTo(1);
        assertThat(one(objects, Deployment.class, "qf-scaler").getSpec().getReplicas()).isEqualTo(1);
        assertThat(streams.passThrough()).containsEntry("replication.factor", "1")
                .containsEntry("num.standby.replicas", "0");
        assertThat(objects).filteredOn(o -> o.getKind().equals("KafkaTopic"))
                .allSatisfy(t -> assertThat((Object) ((GenericKubernetesResource) t).get("spec", "replicas"))
                        .isEqualTo(1));
    }

    @Test
    void missingConfigMapKeysVolumesAndAccountsAreCaught() {
        assertThat(problemsAfter(objects -> one(objects, ConfigMap.class, "qf-sla").getData().remove("sla-tail.csv")))
                .anySatisfy(p -> assertThat(p).contains("needs key sla-tail.csv of ConfigMap qf-sla"))
                .anySatisfy(p -> assertThat(p).contains("sla.tail.file=/etc/queueflower/sla/sla-tail.csv is not a"
                        + " file mounted"));
        assertThat(problemsAfter(objects -> objects.remove(one(objects, ConfigMap.class, "qf-algorithm"))))
                .anySatisfy(p -> assertThat(p).contains("envFrom ConfigMap qf-algorithm").contains("does not exist"));
        assertThat(problemsAfter(objects -> one(objects, Deployment.class, "qf-scaler").getSpec().getTemplate()
                .getSpec().setServiceAccountName("scaler")))
                .contains("Deployment hotel-reservation/qf-scaler uses ServiceAccount scaler, which does not exist in"
                        + " hotel-reservation");
        assertThat(problemsAfter(objects -> one(objects, StatefulSet.class, "qf-streams").getSpec().getTemplate()
                .getSpec().getContainers().get(0).getVolumeMounts().get(0).setName("data")))
                .anySatisfy(p -> assertThat(p).contains("mounts volume data, which the pod does not define"));
    }

    @Test
    void selectorsServicesAndProbesMustMatchTheirPods() {
        assertThat(problemsAfter(objects -> one(objects, StatefulSet.class, "qf-streams").getSpec().getTemplate()
                .getMetadata().getLabels().put("app.kubernetes.io/name", "streams")))
                .anySatisfy(p -> assertThat(p).contains("selector app.kubernetes.io/name=qf-streams does not match"))
                .anySatisfy(p -> assertThat(p).contains("Service queueflower/qf-streams:").contains("matches no pod"));
        assertThat(problemsAfter(objects -> one(objects, Service.class, "otel-collector").getSpec().getPorts().get(0)
                .setTargetPort(new IntOrString("otlp"))))
                .anySatisfy(p -> assertThat(p).contains("targets otlp/TCP"));
        assertThat(problemsAfter(objects -> one(objects, StatefulSet.class, "qf-streams").getSpec().getTemplate()
                .getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().setPort(new IntOrString("admin"))))
                .anySatisfy(p -> assertThat(p).contains("readiness probe uses port admin"));
        assertThat(problemsAfter(objects -> one(objects, StatefulSet.class, "qf-streams").getSpec()
                .setServiceName("qf-streams")))
                .anySatisfy(p -> assertThat(p).contains("governing Service qf-streams is not headless"));
    }

    @Test
    void clusterWideRbacAndServiceLinksAreRefused() {
        assertThat(problemsAfter(objects -> {
            ClusterRole role = new ClusterRole();
            role.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("qf-scaler").build());
            objects.add(role);
            one(objects, io.fabric8.kubernetes.api.model.rbac.RoleBinding.class, "qf-scaler").getRoleRef()
                    .setKind("ClusterRole");
        }))
                .anySatisfy(p -> assertThat(p).contains("ClusterRole qf-scaler: cluster-wide RBAC"))
                .anySatisfy(p -> assertThat(p).contains("binds a ClusterRole"));
        assertThat(problemsAfter(objects -> one(objects, StatefulSet.class, "qf-streams").getSpec().getTemplate()
                .getSpec().setEnableServiceLinks(null)))
                .anySatisfy(p -> assertThat(p).contains("QF_STREAMS_SERVICE_HOST").contains("enableServiceLinks"));
        assertThat(problemsAfter(objects -> one(objects, StatefulSet.class, "qf-streams").getMetadata()
                .setNamespace(null)))
                .anySatisfy(p -> assertThat(p).contains("has no namespace"));
    }

    @Test
    void appSettingsThatTheAppsWouldRejectOrMisreadAreCaught() {
        assertThat(problemsAfter(objects -> {
            ConfigMap cm = one(objects, ConfigMap.class, "qf-streams-config");
            cm.getData().put("streams.properties", cm.getData().get("streams.properties") + "\nwindow.size=60000\n");
        }))
                .anySatisfy(p -> assertThat(p).contains("not a valid streams app configuration")
                        .contains("unknown configuration key 'window.size'"));
        assertThat(problemsAfter(objects -> one(objects, ConfigMap.class, "qf-algorithm").getData()
                .put("QF_VARIANT", "prop-sla3")))
                .anySatisfy(p -> assertThat(p).contains("variant").contains("prop-sla3"));
        assertThat(problemsAfter(objects -> one(objects, ConfigMap.class, "qf-sla").getData()
                .put("sla-avg.csv", "service,HTTP GET /hotels\nuser,5\n")))
                .anySatisfy(p -> assertThat(p).contains("service user takes no part in flow 'HTTP GET /hotels'"));
        assertThat(problemsAfter(objects -> {
            ConfigMap cm = one(objects, ConfigMap.class, "qf-streams-config");
            cm.getData().put("streams.properties",
                    cm.getData().get("streams.properties").replace("state.dir=/var/lib/queueflower/state", ""));
        }))
                .anySatisfy(p -> assertThat(p).contains("state.dir /tmp/kafka-streams is not on a volume claimed"));
    }

    @Test
    void thePipelineMustAgreeOnTopicsFormatAndTheScalersRemit() {
        assertThat(problemsAfter(objects -> {
            ConfigMap cm = one(objects, ConfigMap.class, "otel-collector-config");
            cm.getData().put("collector.yaml", cm.getData().get("collector.yaml").replace("topic: jaeger-spans",
                    "topic: otlp_spans"));
        }))
                .anySatisfy(p -> assertThat(p).contains("writes topic 'otlp_spans'").contains("'jaeger-spans'"));
        assertThat(problemsAfter(objects -> objects.removeIf(o -> o.getMetadata().getName().equals("qf-dlq"))))
                .anySatisfy(p -> assertThat(p).contains("the KafkaTopics declare").contains("qf.dlq=false"));
        assertThat(problemsAfter(objects -> {
            Container scaler = container(objects, ComposeChecks.SCALER_IMAGE);
            scaler.getEnv().stream().filter(e -> e.getName().equals("QF_SCALER_ALLOW_DEPLOYMENTS"))
                    .forEach(e -> e.setValue("search-hotel-hotelres"));
        }))
                .anySatisfy(p -> assertThat(p).contains("hotel-reservation/geo-hotel-hotelres")
                        .contains("allowlist refuses"));
        assertThat(problemsAfter(objects -> container(objects, ComposeChecks.SCALER_IMAGE).getEnv()
                .add(new EnvVar("QF_SCALER_ALLOW_NAMESPACES", "hotel-reservation,default", null))))
                .anySatisfy(p -> assertThat(p).contains("must be exactly its own namespace hotel-reservation"));
        assertThat(problemsAfter(objects -> container(objects, ComposeChecks.STREAMS_IMAGE)
                .setImage("queueflower/streams-app:latest")))
                .anySatisfy(p -> assertThat(p).contains("not the tag Jib builds"));
    }

    @Test
    void aMissingKubectlFailsWithInstructionsInsteadOfADownload(@TempDir Path emptyDir) {
        assertThat(Kustomize.kubectl()).isExecutable();
        assertThatThrownBy(() -> Kustomize.kubectl(emptyDir.toString()))
                .hasMessageContaining("kubectl is not on the PATH (" + emptyDir + ")")
                .hasMessageContaining("install kubectl");
    }
}
