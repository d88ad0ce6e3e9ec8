package io.queueflower.core.safety;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Deployment, named the way every QueueFlower topic keys it: {@code namespace/deployment}.
 *
 * <p>Names are checked against Kubernetes' own rules (a namespace is a DNS label, a Deployment name a DNS subdomain)
 * so a forged or garbled decision cannot smuggle a path segment such as {@code ../} into an API URL.
 */
public record DeploymentRef(String namespace, String name) implements Comparable<DeploymentRef> {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public DeploymentRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("invalid namespace '" + namespace
                    + "': must be a DNS label (lower-case letters, digits and '-', at most 63 characters)");
        }
        if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid Deployment name '" + name + "' in namespace '" + namespace
                    + "': must be a DNS subdomain (lower-case letters, digits, '-' and '.', at most 253 characters)");
        }
    }

    /** Parses {@code namespace/deployment}. */
    public static DeploymentRef parse(String key) {
        int slash = key.indexOf('/');
        if (slash <= 0 || slash != key.lastIndexOf('/') || slash == key.length() - 1) {
            throw new IllegalArgumentException("'" + key + "' is not of the form namespace/deployment");
        }
        return new DeploymentRef(key.substring(0, slash), key.substring(slash + 1));
    }

    /** The {@code namespace/deployment} key used on qf.replicas and qf.scale-events. */
    public String key() {
        return namespace + "/" + name;
    }

    @Override
    public int compareTo(DeploymentRef other) {
        int byNamespace = namespace.compareTo(other.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return key();
    }
}
