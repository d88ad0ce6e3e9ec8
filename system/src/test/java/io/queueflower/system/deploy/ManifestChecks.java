package io.queueflower.system.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.queueflower.core.sla.SlaTable;
import io.queueflower.platform.config.ConfigSources;
import io.queueflower.scaler.config.ScalerConfig;
import io.queueflower.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks a rendered set of Kubernetes objects: every name, selector, ConfigMap key, volume, port and ServiceAccount a
 * workload refers to resolves within the set; RBAC stays namespaced; containers run hardened; and the apps'
 * configuration as the pods would see it (mounted file plus environment) builds the apps' real configuration classes
 * and agrees with the collector, the topics and the scaler's allowlist. Returns the problems found, each naming the
 * object and what is wrong.
 */
final class ManifestChecks {
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");

    /** A pod-running object: its kind/namespace/name, pod template, selector and (for StatefulSets) claim names. */
    record Workload(String id, String namespace, PodTemplateSpec template, Map<String, String> selector,
                    Set<String> claimTemplates) {
        PodSpec pod() {
            return template.getSpec();
        }
    }

    private final List<HasMetadata> objects;
    private final Set<String> externalNamespaces;
    private final String version;
    private final Path scratch;
    private final List<String> problems = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();

    private ManifestChecks(List<HasMetadata> objects, Set<String> externalNamespaces, String version, Path scratch) {
        this.objects = objects;
        this.externalNamespaces = externalNamespaces;
        this.version = version;
        this.scratch = scratch;
    }

    /**
     * @param externalNamespaces namespaces objects may live in without the set creating them (the application's,
     *                           the Kafka cluster's)
     * @param version            the tag the project's images carry
     */
    static List<String> check(List<HasMetadata> objects, Set<String> externalNamespaces, String version) {
        return withScratch(scratch -> {
            ManifestChecks checks = new ManifestChecks(objects, externalNamespaces, version, scratch);
            checks.run();
            return checks.problems;
        });
    }

    // Configuration files are written here to be read exactly as the apps read them (ConfigSources).
    private static <T> T withScratch(java.util.function.Function<Path, T> work) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("qf-manifests");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return work.apply(scratch);
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A temporary directory left behind is harmless.
            }
        }
    }

    static String id(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
    }

    private <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
        return all(type).stream().filter(o -> Objects.equals(o.getMetadata().getNamespace(), namespace)
                && o.getMetadata().getName().equals(name)).findFirst();
    }

    private void run() {
        namesAndNamespaces();
        for (Deployment d : all(Deployment.class)) {
            workloads.add(new Workload(id(d), d.getMetadata().getNamespace(), d.getSpec().getTemplate(),
                    d.getSpec().getSelector().getMatchLabels(), Set.of()));
        }
        for (StatefulSet s : all(StatefulSet.class)) {
            Set<String> claims = new TreeSet<>();
            s.getSpec().getVolumeClaimTemplates().forEach(c -> claims.add(c.getMetadata().getName()));
            workloads.add(new Workload(id(s), s.getMetadata().getNamespace(), s.getSpec().getTemplate(),
                    s.getSpec().getSelector().getMatchLabels(), claims));
            headlessService(s);
        }
        workloads.forEach(this::workload);
        all(Service.class).forEach(this::service);
        rbac();
        StreamsAppConfig streams = apps();
        if (streams != null) {
            collectors(streams);
            topics(streams);
        }
    }

    private void namesAndNamespaces() {
        Set<String> created = new TreeSet<>(externalNamespaces);
        objects.stream().filter(o -> o.getKind().equals("Namespace")).forEach(o -> created.add(o.getMetadata().getName()));
        Set<String> seen = new TreeSet<>();
        for (HasMetadata o : objects) {
            if (!seen.add(id(o))) {
                problems.add(id(o) + " is declared twice");
            }
            String ns = o.getMetadata().getNamespace();
            boolean clusterScoped = CLUSTER_SCOPED.contains(o.getKind());
            if (o.getKind().equals("ClusterRole") || o.getKind().equals("ClusterRoleBinding")) {
                problems.add(id(o) + ": cluster-wide RBAC; the scaler's access must stay a namespaced Role");
            } else if (!clusterScoped && (ns == null || ns.isBlank())) {
                problems.add(id(o) + " has no namespace: it would land in whatever namespace kubectl points at");
            } else if (!clusterScoped && !created.contains(ns)) {
                problems.add(id(o) + " is in namespace " + ns + ", which is neither created here nor expected to exist "
                        + externalNamespaces);
            }
        }
    }

    private void workload(Workload w) {
        Map<String, String> labels = w.template().getMetadata().getLabels();
        w.selector().forEach((k, v) -> {
            if (labels == null || !v.equals(labels.get(k))) {
                problems.add(w.id() + ": selector " + k + "=" + v + " does not match its pod template's labels "
                        + labels);
            }
        });
        PodSpec pod = w.pod();
        String account = pod.getServiceAccountName();
        if (account == null || account.isBlank()) {
            problems.add(w.id() + " runs under the namespace's default ServiceAccount; give it its own");
        } else if (find(io.fabric8.kubernetes.api.model.ServiceAccount.class, w.namespace(), account).isEmpty()) {
            problems.add(w.id() + " uses ServiceAccount " + account + ", which does not exist in " + w.namespace());
        }
        if (pod.getSecurityContext() == null || !Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())) {
            problems.add(w.id() + ": the pod does not set runAsNonRoot: true");
        }
        Set<String> volumes = new TreeSet<>(w.claimTemplates());
        for (Volume v : pod.getVolumes()) {
            volumes.add(v.getName());
            if (v.getConfigMap() != null) {
                configMapVolume(w, v);
            }
        }
        for (Container c : pod.getContainers()) {
            container(w, c, volumes);
        }
        serviceLinks(w);
    }

    private void configMapVolume(Workload w, Volume v) {
        String name = v.getConfigMap().getName();
        Optional<ConfigMap> cm = find(ConfigMap.class, w.namespace(), name);
        if (cm.isEmpty()) {
            problems.add(w.id() + ": volume " + v.getName() + " mounts ConfigMap " + name + ", which does not exist");
            return;
        }
        for (KeyToPath item : v.getConfigMap().getItems()) {
            if (!data(cm.get()).containsKey(item.getKey())) {
                problems.add(w.id() + ": volume " + v.getName() + " needs key " + item.getKey() + " of ConfigMap "
                        + name + ", which has only " + data(cm.get()).keySet());
            }
        }
    }

    private static Map<String, String> data(ConfigMap cm) {
        return cm.getData() == null ? Map.of() : cm.getData();
    }

    private void container(Workload w, Container c, Set<String> volumes) {
        String where = w.id() + " container " + c.getName();
        if (c.getImage().startsWith("queueflower/") && !c.getImage().endsWith(":" + version)) {
            problems.add(where + ": image " + c.getImage() + " is not the tag Jib builds (" + version + ")");
        } else if (!c.getImage().contains(":") || c.getImage().endsWith(":latest")) {
            problems.add(where + ": image " + c.getImage() + " is not pinned to a version");
        }
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null
                    && find(ConfigMap.class, w.namespace(), from.getConfigMapRef().getName()).isEmpty()) {
                problems.add(where + ": envFrom ConfigMap " + from.getConfigMapRef().getName() + " does not exist");
            }
        }
        for (EnvVar e : c.getEnv()) {
            if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                Optional<ConfigMap> cm = find(ConfigMap.class, w.namespace(), ref.getName());
                if (cm.isEmpty() || !data(cm.get()).containsKey(ref.getKey())) {
                    problems.add(where + ": env " + e.getName() + " needs key " + ref.getKey() + " of ConfigMap "
                            + ref.getName() + ", which is missing");
                }
            }
        }
        Set<String> mounts = new TreeSet<>();
        for (VolumeMount m : c.getVolumeMounts()) {
            mounts.add(m.getMountPath());
            if (!volumes.contains(m.getName())) {
                problems.add(where + " mounts volume " + m.getName() + ", which the pod does not define");
            }
        }
        Map<String, ContainerPort> ports = new HashMap<>();
        c.getPorts().forEach(p -> {
            if (p.getName() != null) {
                ports.put(p.getName(), p);
            }
        });
        for (var probe : new LinkedHashMap<>(Map.of("liveness", Optional.ofNullable(c.getLivenessProbe()),
                "readiness", Optional.ofNullable(c.getReadinessProbe()))).entrySet()) {
            if (probe.getValue().isEmpty()) {
                problems.add(where + " has no " + probe.getKey() + " probe");
                continue;
            }
            Probe p = probe.getValue().get();
            if (p.getHttpGet() != null && !portExists(p.getHttpGet().getPort(), c)) {
                problems.add(where + ": the " + probe.getKey() + " probe uses port " + p.getHttpGet().getPort()
                        .getValue() + ", which the container does not declare");
            }
        }
        if (c.getResources() == null || c.getResources().getRequests() == null || c.getResources().getLimits() == null
                || !c.getResources().getLimits().containsKey("memory")) {
            problems.add(where + " sets no resource requests and memory limit");
        }
        var security = c.getSecurityContext();
        if (security == null || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())
                || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
            problems.add(where + ": no read-only root filesystem or privilege escalation not disabled");
        } else if (c.getImage().startsWith("queueflower/") && !mounts.contains("/tmp")) {
            // The JVM (and RocksDB's native library) write to java.io.tmpdir.
            problems.add(where + ": read-only root filesystem but no writable /tmp for the JVM");
        }
        var annotations = w.template().getMetadata().getAnnotations();
        if (annotations != null && "true".equals(annotations.get("prometheus.io/scrape"))) {
            String port = annotations.get("prometheus.io/port");
            boolean declared = w.pod().getContainers().stream().flatMap(x -> x.getPorts().stream())
                    .anyMatch(p -> String.valueOf(p.getContainerPort()).equals(port));
            if (!declared || annotations.get("prometheus.io/path") == null) {
                problems.add(w.id() + ": prometheus.io/port " + port + " is not a declared container port, or no"
                        + " prometheus.io/path");
            }
        }
    }

    private static boolean portExists(IntOrString port, Container c) {
        return port.getStrVal() != null
                ? c.getPorts().stream().anyMatch(p -> port.getStrVal().equals(p.getName()))
                : c.getPorts().stream().anyMatch(p -> port.getIntVal().equals(p.getContainerPort()));
    }

    // Kubernetes injects {NAME}_SERVICE_HOST, {NAME}_PORT... for every Service of the namespace; our apps read every
    // QF_* variable as a configuration key and reject the ones they do not know.
    private void serviceLinks(Workload w) {
        if (Boolean.FALSE.equals(w.pod().getEnableServiceLinks())) {
            return;
        }
        boolean ours = w.pod().getContainers().stream().anyMatch(c -> c.getImage().startsWith("queueflower/"));
        for (Service s : all(Service.class)) {
            String prefix = s.getMetadata().getName().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            if (ours && Objects.equals(s.getMetadata().getNamespace(), w.namespace()) && prefix.startsWith("QF_")) {
                problems.add(w.id() + ": service links would inject " + prefix + "_SERVICE_HOST for Service "
                        + s.getMetadata().getName() + ", which the app rejects as an unknown key; set"
                        + " enableServiceLinks: false");
            }
        }
    }

    private void headlessService(StatefulSet s) {
        Optional<Service> svc = find(Service.class, s.getMetadata().getNamespace(), s.getSpec().getServiceName());
        if (svc.isEmpty()) {
            problems.add(id(s) + ": serviceName " + s.getSpec().getServiceName() + " names no Service");
        } else if (!"None".equals(svc.get().getSpec().getClusterIP())) {
            problems.add(id(s) + ": its governing Service " + s.getSpec().getServiceName() + " is not headless");
        }
    }

    private void service(Service s) {
        Map<String, String> selector = s.getSpec().getSelector();
        List<Workload> backends = workloads.stream()
                .filter(w -> Objects.equals(w.namespace(), s.getMetadata().getNamespace()))
                .filter(w -> selector != null && !selector.isEmpty() && w.template().getMetadata().getLabels() != null
                        && w.template().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
        if (backends.isEmpty()) {
            problems.add(id(s) + ": selector " + selector + " matches no pod template in its namespace");
            return;
        }
        for (ServicePort port : s.getSpec().getPorts()) {
            IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
            String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
            for (Workload w : backends) {
                boolean found = w.pod().getContainers().stream().flatMap(c -> c.getPorts().stream())
                        .anyMatch(p -> (target.getStrVal() != null ? target.getStrVal().equals(p.getName())
                                : target.getIntVal().equals(p.getContainerPort()))
                                && protocol.equals(p.getProtocol() == null ? "TCP" : p.getProtocol()));
                if (!found) {
                    problems.add(id(s) + ": port " + port.getName() + " targets " + target.getValue() + "/" + protocol
                            + ", which " + w.id() + " does not declare");
                }
            }
        }
    }

    private void rbac() {
        for (RoleBinding b : all(RoleBinding.class)) {
            String ns = b.getMetadata().getNamespace();
            if (!b.getRoleRef().getKind().equals("Role")) {
                problems.add(id(b) + " binds a " + b.getRoleRef().getKind() + "; only namespaced Roles are allowed");
            } else if (find(io.fabric8.kubernetes.api.model.rbac.Role.class, ns, b.getRoleRef().getName()).isEmpty()) {
                problems.add(id(b) + " binds Role " + b.getRoleRef().getName() + ", which does not exist in " + ns);
            }
            for (Subject subject : b.getSubjects()) {
                String subjectNs = subject.getNamespace() == null ? ns : subject.getNamespace();
                if (subject.getKind().equals("ServiceAccount") && find(io.fabric8.kubernetes.api.model.ServiceAccount.class,
                        subjectNs, subject.getName()).isEmpty()) {
                    problems.add(id(b) + " grants ServiceAccount " + subjectNs + "/" + subject.getName()
                            + ", which does not exist");
                }
            }
        }
    }

    // --- the apps' configuration as their pods see it ---------------------------------------------------------

    /** Content of the file at {@code path} in container {@code c}, from the ConfigMap mounted there. */
    private Optional<String> mountedFile(Workload w, Container c, String path) {
        for (VolumeMount m : c.getVolumeMounts()) {
            String relative;
            if (m.getSubPath() != null && !m.getSubPath().isBlank()) {
                if (!m.getMountPath().equals(path)) {
                    continue;
                }
                relative = m.getSubPath();
            } else if (path.startsWith(m.getMountPath() + "/")) {
                relative = path.substring(m.getMountPath().length() + 1);
            } else {
                continue;
            }
            Optional<Volume> volume = w.pod().getVolumes().stream().filter(v -> v.getName().equals(m.getName()))
                    .findFirst();
            if (volume.isEmpty() || volume.get().getConfigMap() == null) {
                return Optional.empty();
            }
            String key = relative;
            for (KeyToPath item : volume.get().getConfigMap().getItems()) {
                if (item.getPath().equals(relative)) {
                    key = item.getKey();
                }
            }
            String finalKey = key;
            return find(ConfigMap.class, w.namespace(), volume.get().getConfigMap().getName())
                    .map(cm -> data(cm).get(finalKey));
        }
        return Optional.empty();
    }

    /** The container's environment: envFrom ConfigMaps, then env entries (values from elsewhere as placeholders). */
    private Map<String, String> environment(Workload w, Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                find(ConfigMap.class, w.namespace(), from.getConfigMapRef().getName())
                        .ifPresent(cm -> data(cm).forEach((k, v) -> env.put(
                                (from.getPrefix() == null ? "" : from.getPrefix()) + k, v)));
            }
        }
        for (EnvVar e : c.getEnv()) {
            if (e.getValueFrom() == null) {
                env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
            } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                find(ConfigMap.class, w.namespace(), ref.getName())
                        .ifPresent(cm -> env.put(e.getName(), data(cm).getOrDefault(ref.getKey(), "")));
            } else {
                env.put(e.getName(), "<from " + e.getName() + ">");
            }
        }
        return env;
    }

    /** --config FILE of the container's arguments, read from its ConfigMap, merged with the QF_* environment. */
    private Optional<Map<String, String>> appSettings(Workload w, Container c, String where) {
        List<String> args = new ArrayList<>(c.getArgs());
        if (c.getCommand() != null) {
            args.addAll(0, c.getCommand());
        }
        int at = Math.max(args.indexOf("--config"), args.indexOf("-c"));
        if (at < 0 || at + 1 >= args.size()) {
            problems.add(where + ": no --config FILE among its arguments " + args);
            return Optional.empty();
        }
        String path = args.get(at + 1);
        Optional<String> content = mountedFile(w, c, path);
        if (content.isEmpty() || content.get() == null) {
            problems.add(where + ": --config " + path + " is not a file mounted from a ConfigMap key");
            return Optional.empty();
        }
        try {
            Path file = Files.writeString(scratch.resolve(Path.of(path).getFileName().toString()), content.get());
            return Optional.of(ConfigSources.load(file, environment(w, c), Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StreamsAppConfig apps() {
        StreamsAppConfig streams = null;
        List<ScalerSide> scalers = new ArrayList<>();
        for (Workload w : workloads) {
            for (Container c : w.pod().getContainers()) {
                String where = w.id() + " container " + c.getName();
                if (c.getImage().startsWith(ComposeChecks.STREAMS_IMAGE + ":")) {
                    if (streams != null) {
                        problems.add(where + ": a second streams app");
                    }
                    streams = appSettings(w, c, where).map(settings -> streamsApp(w, c, where, settings)).orElse(null);
                } else if (c.getImage().startsWith(ComposeChecks.SCALER_IMAGE + ":")) {
                    appSettings(w, c, where).ifPresent(settings -> {
                        try {
                            scalers.add(new ScalerSide(w, where, new ScalerConfig(settings)));
                        } catch (ConfigException e) {
                            problems.add(where + ": not a valid scaler configuration (file and environment): "
                                    + e.getMessage());
                        }
                    });
                }
            }
        }
        if (streams == null) {
            problems.add("no valid streams app (image " + ComposeChecks.STREAMS_IMAGE + ") among the workloads");
            return null;
        }
        if (scalers.isEmpty()) {
            problems.add("no valid scaler (image " + ComposeChecks.SCALER_IMAGE + ") among the workloads");
        }
        for (ScalerSide scaler : scalers) {
            scaler(scaler, streams);
        }
        return streams;
    }

    private record ScalerSide(Workload workload, String where, ScalerConfig config) {
    }

    private StreamsAppConfig streamsApp(Workload w, Container c, String where, Map<String, String> settings) {
        StreamsAppConfig config;
        try {
            config = new StreamsAppConfig(settings);
        } catch (ConfigException e) {
            problems.add(where + ": not a valid streams app configuration (file and environment): " + e.getMessage());
            return null;
        }
        if (!c.getArgs().isEmpty() && !c.getArgs().get(0).equals("run")) {
            problems.add(where + ": arguments " + c.getArgs() + " do not start the streams app ('run ...')");
        }
        int port = config.getInt(StreamsAppConfig.HTTP_PORT);
        if (c.getPorts().stream().noneMatch(p -> p.getContainerPort() == port)) {
            problems.add(where + ": http.port " + port + " is not a declared container port");
        }
        String stateDir = String.valueOf(config.passThrough().getOrDefault("state.dir", "/tmp/kafka-streams"));
        boolean onClaim = c.getVolumeMounts().stream().anyMatch(m -> w.claimTemplates().contains(m.getName())
                && (stateDir + "/").startsWith(m.getMountPath() + "/"));
        if (!onClaim) {
            problems.add(where + ": state.dir " + stateDir + " is not on a volume claimed for the pod, so every restart"
                    + " restores all state from the changelogs");
        }
        for (String key : List.of(StreamsAppConfig.SLA_AVG_FILE, StreamsAppConfig.SLA_TAIL_FILE)) {
            String file = config.getString(key);
            if (file.isBlank()) {
                problems.add(where + ": " + key + " is not set");
                continue;
            }
            Optional<String> csv = mountedFile(w, c, file);
            if (csv.isEmpty() || csv.get() == null) {
                problems.add(where + ": " + key + "=" + file + " is not a file mounted from a ConfigMap key");
                continue;
            }
            try {
                SlaTable table = SlaTable.parse(file, new StringReader(csv.get()));
                problems.addAll(ComposeChecks.SlaTables.problems(table, where + ": " + key));
            } catch (IOException | RuntimeException e) {
                problems.add(where + ": " + key + "=" + file + ": " + e.getMessage());
            }
        }
        return config;
    }

    private void scaler(ScalerSide scaler, StreamsAppConfig streams) {
        String ns = scaler.workload().namespace();
        Set<String> allowed = scaler.config().allowlist().namespaces();
        // Its Role grants access only in its own namespace.
        if (!allowed.equals(Set.of(ns))) {
            problems.add(scaler.where() + ": scaler.allow.namespaces " + allowed + " must be exactly its own namespace"
                    + " " + ns + ", the only one its Role covers");
        }
        String target = streams.getString(StreamsAppConfig.TARGET_NAMESPACE);
        if (!Objects.equals(target, ns)) {
            problems.add(scaler.where() + ": the streams app decides for namespace " + target + " but the scaler runs"
                    + " in " + ns);
        }
        problems.addAll(Allowlists.missingDeployments(streams, scaler.config(), scaler.where()));
        if (!Objects.equals(scaler.config().passThrough().get("bootstrap.servers"),
                streams.passThrough().get("bootstrap.servers"))) {
            problems.add(scaler.where() + ": bootstrap.servers " + scaler.config().passThrough().get("bootstrap.servers")
                    + " differs from the streams app's " + streams.passThrough().get("bootstrap.servers"));
        }
    }

    private void collectors(StreamsAppConfig streams) {
        int found = 0;
        for (Workload w : workloads) {
            for (Container c : w.pod().getContainers()) {
                if (!c.getImage().startsWith("otel/opentelemetry-collector") && !c.getImage().startsWith("jaegertracing/")) {
                    continue;
                }
                found++;
                String where = w.id() + " container " + c.getName();
                String path = c.getArgs().stream().filter(a -> a.startsWith("--config=")).map(a -> a.substring(9))
                        .findFirst().orElse(null);
                Optional<String> content = path == null ? Optional.empty() : mountedFile(w, c, path);
                if (content.isEmpty() || content.get() == null) {
                    problems.add(where + ": --config=" + path + " is not a file mounted from a ConfigMap key");
                    continue;
                }
                try {
                    JsonNode config = ComposeFile.YAML.readTree(content.get());
                    problems.addAll(SpanExport.fromCollectorConfig(config, where).problemsAgainst(streams, where));
                } catch (IOException | RuntimeException e) {
                    problems.add(where + ": cannot read its configuration: " + e.getMessage());
                }
            }
        }
        if (found == 0) {
            problems.add("no span collector (OpenTelemetry Collector or Jaeger) writes spans to Kafka");
        }
    }

    /** Strimzi KafkaTopics, where present: exactly the topic catalogue, in the Kafka cluster the apps use. */
    private void topics(StreamsAppConfig streams) {
        List<GenericKubernetesResource> topics = objects.stream()
                .filter(o -> o.getKind().equals("KafkaTopic") && o instanceof GenericKubernetesResource)
                .map(GenericKubernetesResource.class::cast).toList();
        if (topics.isEmpty()) {
            return;
        }
        SortedMap<String, Boolean> declared = new TreeMap<>();
        String bootstrap = String.valueOf(streams.passThrough().get("bootstrap.servers")).split(",")[0];
        String host = bootstrap.split(":")[0];
        for (GenericKubernetesResource t : topics) {
            String name = t.get("spec", "topicName") != null ? t.get("spec", "topicName") : t.getMetadata().getName();
            Object policy = t.get("spec", "config", "cleanup.policy");
            declared.put(name, "compact".equals(policy));
            String cluster = t.getMetadata().getLabels() == null ? null
                    : t.getMetadata().getLabels().get("strimzi.io/cluster");
            // Strimzi's bootstrap Service is <cluster>-kafka-bootstrap in the cluster's namespace.
            String expectedHost = cluster + "-kafka-bootstrap." + t.getMetadata().getNamespace();
            if (cluster == null || !(host.equals(expectedHost) || host.startsWith(expectedHost + "."))) {
                problems.add(id(t) + ": belongs to cluster " + cluster + " in namespace " + t.getMetadata().getNamespace()
                        + ", but the apps use bootstrap.servers " + bootstrap);
            }
        }
        SortedMap<String, Boolean> catalogue =
                Repository.topicCatalogue(streams.getString(StreamsAppConfig.INPUT_TOPIC));
        if (!declared.equals(catalogue)) {
            problems.add("the KafkaTopics declare " + declared + " (name=compacted), but the topic catalogue is "
                    + catalogue);
        }
    }

    /** The settings (mounted file plus environment) of the first container running {@code image}, built by {@code factory}. */
    static <T> T appConfig(List<HasMetadata> objects, String image,
                           java.util.function.Function<Map<String, String>, T> factory) {
        return withScratch(scratch -> {
            ManifestChecks checks = new ManifestChecks(objects, Set.of(), "", scratch);
            List<Workload> found = new ArrayList<>();
            checks.all(Deployment.class).forEach(d -> found.add(new Workload(id(d), d.getMetadata().getNamespace(),
                    d.getSpec().getTemplate(), d.getSpec().getSelector().getMatchLabels(), Set.of())));
            checks.all(StatefulSet.class).forEach(d -> found.add(new Workload(id(d), d.getMetadata().getNamespace(),
                    d.getSpec().getTemplate(), d.getSpec().getSelector().getMatchLabels(), Set.of())));
            for (Workload w : found) {
                for (Container c : w.pod().getContainers()) {
                    if (c.getImage().startsWith(image + ":")) {
                        return factory.apply(checks.appSettings(w, c, w.id()).orElseThrow(
                                () -> new IllegalStateException(String.join("; ", checks.problems))));
                    }
                }
            }
            throw new IllegalStateException("no container runs " + image);
        });
    }
}
