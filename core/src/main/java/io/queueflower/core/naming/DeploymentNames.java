package io.queueflower.core.naming;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a traced service name maps to its Deployment (explicit pairs first, else the pattern), and back: the scaler
 * reports replicas per Deployment, the algorithms think per service.
 */
public record DeploymentNames(String pattern, Map<String, String> explicit) {
    public static final String PLACEHOLDER = "{service}";

    public DeploymentNames {
        if (!pattern.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException("deployment pattern '" + pattern + "' must contain " + PLACEHOLDER);
        }
        explicit = Map.copyOf(new TreeMap<>(explicit));
    }

    public static DeploymentNames identity() {
        return new DeploymentNames(PLACEHOLDER, Map.of());
    }

    public String deploymentOf(String service) {
        return explicit.getOrDefault(service, pattern.replace(PLACEHOLDER, service));
    }

    /** The service whose Deployment this is, if any. */
    public Optional<String> serviceOf(String deployment) {
        for (Map.Entry<String, String> e : explicit.entrySet()) {
            if (e.getValue().equals(deployment)) {
                return Optional.of(e.getKey());
            }
        }
        int at = pattern.indexOf(PLACEHOLDER);
        Pattern regex = Pattern.compile(Pattern.quote(pattern.substring(0, at)) + "(.+)"
                + Pattern.quote(pattern.substring(at + PLACEHOLDER.length())));
        Matcher m = regex.matcher(deployment);
        return m.matches() && !explicit.containsKey(m.group(1)) ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Service → Deployment for every given service. */
    public Map<String, String> forServices(Iterable<String> services) {
        Map<String, String> map = new TreeMap<>();
        services.forEach(s -> map.put(s, deploymentOf(s)));
        return map;
    }
}
