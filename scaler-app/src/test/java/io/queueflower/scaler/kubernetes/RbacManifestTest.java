package io.queueflower.scaler.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.queueflower.platform.config.ConfigSources;
import io.queueflower.scaler.config.ScalerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifests in k8s/base/scaler, loaded as Kubernetes objects and checked against the code. */
class RbacManifestTest {
    static final Path BASE = Path.of("..", "k8s", "base", "scaler");

    static <T> T load(String file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(BASE.resolve(file))) {
            return Serialization.unmarshal(in, type);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> kustomization() throws IOException {
        return load("kustomization.yaml", Map.class);
    }

    @Test
    void theRoleGrantsExactlyWhatTheCodeDeclaresAndNothingWider() throws IOException {
        Role role = load("role.yaml", Role.class);
        assertThat(Rbac.granted(role)).isEqualTo(Rbac.declaredByTheCode());
        assertThat(Rbac.granted(role)).containsExactlyInAnyOrder(
                "apps deployments get", "apps deployments list", "apps deployments watch",
                "apps deployments/scale get", "apps deployments/scale patch", "apps deployments/scale update",
                "autoscaling horizontalpodautoscalers get", "autoscaling horizontalpodautoscalers list",
                "autoscaling horizontalpodautoscalers watch",
                "coordination.k8s.io leases get", "coordination.k8s.io leases create",
                "coordination.k8s.io leases update");
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getResourceNames()).isEmpty();
            assertThat(rule.getNonResourceURLs()).isEmpty();
            assertThat(Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs()).flatMap(List::stream))
                    .doesNotContain("*");
        }
    }

    @Test
    void theServiceAccountIsBoundToTheRoleInItsNamespaceAndNoClusterRoleExists() throws IOException {
        Map<String, Object> kustomization = kustomization();
        RoleBinding binding = load("rolebinding.yaml", RoleBinding.class);
        ServiceAccount account = load("serviceaccount.yaml", ServiceAccount.class);
        Role role = load("role.yaml", Role.class);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(subject.getNamespace()).isEqualTo(kustomization.get("namespace"));
        });
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) kustomization.get("resources");
        try (Stream<Path> files = Files.list(BASE)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("kustomization.yaml")))
                    .containsExactlyInAnyOrderElementsOf(resources);
        }
        for (String file : resources) {
            assertThat(Files.readString(BASE.resolve(file))).doesNotContain("kind: ClusterRole");
        }
    }

    @Test
    void theDeploymentRunsHardenedWithProbesAndResourcesAndAValidConfiguration(@TempDir Path dir) throws IOException {
        Deployment deployment = load("deployment.yaml", Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(load("serviceaccount.yaml", ServiceAccount.class)
                .getMetadata().getName());
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(deployment.getSpec().getReplicas()).isGreaterThan(1);

        Container scaler = pod.getContainers().get(0);
        assertThat(scaler.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(scaler.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(scaler.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(scaler.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(scaler.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(scaler.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(scaler.getResources().getLimits()).containsKeys("cpu", "memory");
        // Writable scratch space only where the JVM needs it.
        assertThat(scaler.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));

        // The ConfigMap holds a configuration the scaler accepts, whose port the probes use and whose shutdown
        // timeout fits within the grace period.
        ConfigMap configMap = load("configmap.yaml", ConfigMap.class);
        Path file = dir.resolve("scaler.properties");
        Files.writeString(file, configMap.getData().get("scaler.properties"));
        ScalerConfig config = new ScalerConfig(ConfigSources.readFile(file));
        assertThat(scaler.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo(scaler.getLivenessProbe().getHttpGet().getPort().getStrVal());
            assertThat(port.getContainerPort()).isEqualTo(config.httpPort());
        });
        assertThat(pod.getTerminationGracePeriodSeconds() * 1000L).isGreaterThan(config.shutdownTimeout().toMillis());
        assertThat(scaler.getArgs()).containsExactly("--config", "/etc/qf-scaler/scaler.properties");
        assertThat(config.allowlist().namespaces()).contains((String) kustomization().get("namespace"));
    }
}
