package io.queueflower.system.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueflower.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/** Facts the deployment files must agree with, read from the repository itself rather than restated in the tests. */
final class Repository {
    private Repository() {
    }

    /** The repository root: the first directory upwards from the working directory holding docker-compose.yml. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docker-compose.yml")) && Files.isDirectory(d.resolve("k8s"))) {
                return d;
            }
        }
        throw new IllegalStateException("no docker-compose.yml with a k8s/ directory beside it above " + dir);
    }

    /** The root pom's version: the tag Jib gives every image. */
    static String projectVersion() {
        Path pom = root().resolve("pom.xml");
        try {
            Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                    .getDocumentElement();
            for (int i = 0; i < project.getChildNodes().getLength(); i++) {
                if (project.getChildNodes().item(i) instanceof Element e && e.getTagName().equals("version")) {
                    return e.getTextContent().trim();
                }
            }
            throw new IllegalStateException(pom + " has no <version>");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the project version from " + pom + ": " + e, e);
        }
    }

    /** Topic name → compacted?, for the catalogue with {@code inputTopic} as the input topic. */
    static SortedMap<String, Boolean> topicCatalogue(String inputTopic) {
        Map<String, Object> serde = new HashMap<>();
        serde.put("schema.registry.url", "mock://deploy-tests");
        SortedMap<String, Boolean> topics = new TreeMap<>();
        Topics.create(inputTopic, serde).all().forEach(t -> topics.put(t.name(), t.compacted()));
        return topics;
    }

    /**
     * What the shipped hotelReservation sample (a Jaeger UI export) shows: flow (root operation) → services taking
     * part in it. The SLA tables and the scaler's allowlist are written for exactly these services and flows.
     */
    static SortedMap<String, SortedSet<String>> sampleFlows() {
        Path sample = root().resolve("samples/hotel-reservation-jaeger-ui.json");
        JsonNode export;
        try {
            export = new ObjectMapper().readTree(sample.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sample, e);
        }
        SortedMap<String, SortedSet<String>> flows = new TreeMap<>();
        for (JsonNode trace : export.path("data")) {
            Map<String, String> serviceOfProcess = new HashMap<>();
            trace.path("processes").properties().forEach(p -> serviceOfProcess.put(p.getKey(),
                    p.getValue().path("serviceName").asText()));
            Set<String> spanIds = new TreeSet<>();
            trace.path("spans").forEach(s -> spanIds.add(s.path("spanID").asText()));
            Set<String> services = new TreeSet<>();
            trace.path("spans").forEach(s -> services.add(serviceOfProcess.get(s.path("processID").asText())));
            for (JsonNode span : trace.path("spans")) {
                boolean hasParentHere = false;
                for (JsonNode ref : span.path("references")) {
                    hasParentHere |= ref.path("refType").asText().equals("CHILD_OF")
                            && spanIds.contains(ref.path("spanID").asText());
                }
                if (!hasParentHere) {
                    flows.computeIfAbsent(span.path("operationName").asText(), f -> new TreeSet<>()).addAll(services);
                }
            }
        }
        if (flows.isEmpty()) {
            throw new IllegalStateException(sample + " holds no traces");
        }
        return flows;
    }

    static SortedSet<String> sampleServices() {
        return sampleFlows().values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
    }
}
