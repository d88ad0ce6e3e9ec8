package io.queueflower.streams.decode;

/**
 * The process tags (Jaeger) or resource attributes (OTel) that name the service and the replica. Jaeger spans that
 * came from OTel SDKs carry the resource attributes as process tags, so one rule serves both worlds.
 */
final class ProcessTags {
    static final String HOSTNAME = "hostname";
    static final String K8S_POD_NAME = "k8s.pod.name";
    static final String HOST_NAME = "host.name";
    static final String SERVICE_NAME = "service.name";

    private String hostname;
    private String k8sPodName;
    private String hostName;
    private String serviceName;

    void put(String key, Object value) {
        if (!(value instanceof String text) || text.isEmpty()) {
            return;
        }
        switch (key) {
            case HOSTNAME -> hostname = hostname == null ? text : hostname;
            case K8S_POD_NAME -> k8sPodName = k8sPodName == null ? text : k8sPodName;
            case HOST_NAME -> hostName = hostName == null ? text : hostName;
            case SERVICE_NAME -> serviceName = serviceName == null ? text : serviceName;
            default -> {
                // not a tag any canonical field is derived from
            }
        }
    }

    /** The replica: Jaeger's hostname tag, else the pod name, else the host name; null when none is present. */
    String host() {
        if (hostname != null) {
            return hostname;
        }
        return k8sPodName != null ? k8sPodName : hostName;
    }

    /** The OTel service.name resource attribute, or null. */
    String serviceName() {
        return serviceName;
    }
}
