package io.queueflower.system.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A docker-compose file as the services it declares, after Compose's variable interpolation. Only what the
 * deployment checks need is modelled; both the short and the long syntax Compose accepts are read for each of those.
 */
final class ComposeFile {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    // ${VAR}, ${VAR:-default}, ${VAR-default}, $VAR and $$ (a literal dollar), as Compose interpolates them. Compose's
    // interpolation is implemented by no Java library, hence this small reimplementation of the documented rules.
    private static final Pattern VARIABLE =
            Pattern.compile("\\$(?:\\$|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

    record Port(String hostIp, int hostPort, int containerPort, String protocol) {
    }

    record Mount(String source, String target, boolean readOnly) {
        boolean isBind() {
            return source.startsWith(".") || source.startsWith("/");
        }
    }

    record Service(String name, String image, List<String> command, Map<String, String> environment,
                   List<Port> ports, Map<String, String> dependsOn, Set<String> profiles, List<Mount> volumes,
                   boolean hasHealthcheck) {
    }

    private final Map<String, Service> services;
    private final List<String> problems;

    private ComposeFile(Map<String, Service> services, List<String> problems) {
        this.services = services;
        this.problems = problems;
    }

    /** Parses {@code yaml}, interpolating with {@code variables} (an empty map: every default applies). */
    static ComposeFile parse(String yaml, Map<String, String> variables) {
        try {
            return read(YAML.readTree(yaml), variables);
        } catch (IOException e) {
            throw new UncheckedIOException("docker-compose YAML does not parse: " + e.getMessage(), e);
        }
    }

    static ComposeFile read(JsonNode root, Map<String, String> variables) {
        List<String> problems = new ArrayList<>();
        JsonNode interpolated = interpolate(root, variables, "", problems);
        Map<String, Service> services = new LinkedHashMap<>();
        interpolated.path("services").properties().forEach(e -> {
            try {
                services.put(e.getKey(), service(e.getKey(), e.getValue()));
            } catch (IllegalArgumentException bad) {
                problems.add("service " + e.getKey() + ": " + bad.getMessage());
            }
        });
        if (services.isEmpty()) {
            problems.add("no services declared");
        }
        return new ComposeFile(services, problems);
    }

    Map<String, Service> services() {
        return services;
    }

    Service service(String name) {
        Service s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException("docker-compose.yml has no service '" + name + "'; it has "
                    + services.keySet());
        }
        return s;
    }

    /** Problems met while reading (unresolvable variables, malformed entries). */
    List<String> readProblems() {
        return problems;
    }

    private static Service service(String name, JsonNode node) {
        List<String> command = new ArrayList<>();
        JsonNode cmd = node.path("command");
        if (cmd.isArray()) {
            cmd.forEach(c -> command.add(c.asText()));
        } else if (cmd.isTextual()) {
            // The string form is split on whitespace by Compose (shell-like); enough for the commands checked here.
            command.addAll(List.of(cmd.asText().trim().split("\\s+")));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode env = node.path("environment");
        if (env.isObject()) {
            env.properties().forEach(e -> environment.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        } else if (env.isArray()) {
            for (JsonNode entry : env) {
                String[] kv = entry.asText().split("=", 2);
                environment.put(kv[0], kv.length == 2 ? kv[1] : "");
            }
        }
        List<Port> ports = new ArrayList<>();
        for (JsonNode p : node.path("ports")) {
            ports.add(p.isObject() ? longPort(p) : shortPort(p.asText()));
        }
        Map<String, String> dependsOn = new LinkedHashMap<>();
        JsonNode deps = node.path("depends_on");
        if (deps.isArray()) {
            deps.forEach(d -> dependsOn.put(d.asText(), "service_started"));
        } else if (deps.isObject()) {
            deps.properties().forEach(d -> dependsOn.put(d.getKey(),
                    d.getValue().path("condition").asText("service_started")));
        }
        Set<String> profiles = new LinkedHashSet<>();
        node.path("profiles").forEach(p -> profiles.add(p.asText()));
        List<Mount> volumes = new ArrayList<>();
        for (JsonNode v : node.path("volumes")) {
            if (v.isObject()) {
                volumes.add(new Mount(v.path("source").asText(), v.path("target").asText(),
                        v.path("read_only").asBoolean(false)));
            } else {
                String[] parts = v.asText().split(":");
                if (parts.length < 2) {
                    throw new IllegalArgumentException("volume '" + v.asText() + "' has no target");
                }
                volumes.add(new Mount(parts[0], parts[1], parts.length > 2 && parts[2].contains("ro")));
            }
        }
        return new Service(name, node.path("image").asText(""), command, environment, ports, dependsOn, profiles,
                volumes, node.has("healthcheck"));
    }

    // [ip:][host:]container[/protocol]; a port range is not used here and is refused rather than misread.
    private static Port shortPort(String spec) {
        String protocol = "tcp";
        String rest = spec;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            protocol = spec.substring(slash + 1);
            rest = spec.substring(0, slash);
        }
        String[] parts = rest.split(":");
        try {
            return switch (parts.length) {
                case 1 -> new Port("", 0, Integer.parseInt(parts[0]), protocol);
                case 2 -> new Port("", Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), protocol);
                case 3 -> new Port(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), protocol);
                default -> throw new IllegalArgumentException("port '" + spec + "' is not [ip:][host:]container");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + spec + "' is not numeric (ranges are not supported here)");
        }
    }

    private static Port longPort(JsonNode p) {
        return new Port(p.path("host_ip").asText(""), p.path("published").asInt(0), p.path("target").asInt(),
                p.path("protocol").asText("tcp"));
    }

    private static JsonNode interpolate(JsonNode node, Map<String, String> variables, String path,
                                        List<String> problems) {
        if (node.isTextual()) {
            return TextNode.valueOf(substitute(node.asText(), variables, path, problems));
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                out.add(interpolate(node.get(i), variables, path + "[" + i + "]", problems));
            }
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> out.set(e.getKey(),
                    interpolate(e.getValue(), variables, path + "/" + e.getKey(), problems)));
            return out;
        }
        return node;
    }

    static String substitute(String text, Map<String, String> variables, String path, List<String> problems) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = m.group(1) != null ? m.group(1) : m.group(4);
                String operator = m.group(2);
                String value = variables.get(name);
                boolean unset = value == null;
                boolean empty = unset || value.isEmpty();
                if (operator != null && (operator.equals(":-") ? empty : unset)) {
                    replacement = m.group(3);
                } else if (unset) {
                    problems.add(path + ": variable " + name + " has no default and is not set; Compose would"
                            + " substitute an empty string");
                    replacement = "";
                } else {
                    replacement = value;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
