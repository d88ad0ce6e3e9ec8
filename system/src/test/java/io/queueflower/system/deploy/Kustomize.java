package io.queueflower.system.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with the kustomize built into kubectl, offline, and parses the result with fabric8's
 * model, exactly as {@code kubectl apply -k} would see it.
 */
final class Kustomize {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final long TIMEOUT_SECONDS = 60;

    private Kustomize() {
    }

    /** kubectl on the PATH, or a clear failure saying how to get it (nothing is downloaded by the tests). */
    static Path kubectl() {
        return kubectl(System.getenv().getOrDefault("PATH", ""));
    }

    static Path kubectl(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("kubectl is not on the PATH (" + path + "). The Kubernetes manifest tests"
                + " render k8s/ with `kubectl kustomize`, which works offline; install kubectl (any version with"
                + " kustomize v5, e.g. the Debian/Ubuntu package `kubectl` from the Kubernetes apt repository) and run"
                + " the tests again.");
    }

    static String render(Path kustomization) {
        ProcessBuilder builder = new ProcessBuilder(kubectl().toString(), "kustomize", kustomization.toString());
        try {
            Path stderr = Files.createTempFile("kustomize", ".err");
            builder.redirectError(stderr.toFile());
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + kustomization + " did not finish within "
                        + TIMEOUT_SECONDS + " s");
            }
            String errors = Files.readString(stderr);
            Files.deleteIfExists(stderr);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + kustomization + " failed (exit "
                        + process.exitValue() + "): " + errors);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kubectl kustomize " + kustomization + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + kustomization, e);
        }
    }

    /** The objects of a multi-document YAML stream; kinds without a fabric8 class (KafkaTopic) come back generic. */
    static List<HasMetadata> parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        if (parsed instanceof List<?> list) {
            return list.stream().map(HasMetadata.class::cast).toList();
        }
        return List.of((HasMetadata) parsed);
    }

    static List<HasMetadata> build(Path kustomization) {
        return parse(render(kustomization));
    }

    /** A deep copy, so a test can break one set of objects without touching another's. */
    static List<HasMetadata> copy(List<HasMetadata> objects) {
        return objects.stream().map(SERIALIZATION::clone).toList();
    }
}
