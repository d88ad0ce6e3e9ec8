package io.queueflower.loadgen.http;

import java.net.URI;

/**
 * Where requests go: an {@code http://host[:port][/prefix]} URL. A path on the URL prefixes every workload request
 * (e.g. an ingress that routes {@code /hotel} to the frontend).
 */
public record HttpTarget(URI url, String host, int port, String pathPrefix) {

    public static HttpTarget of(URI url) {
        if (url.getScheme() == null || !url.getScheme().equalsIgnoreCase("http")) {
            throw new IllegalArgumentException("--url: only http:// URLs are supported, got '" + url + "'");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("--url: no host in '" + url + "'");
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new HttpTarget(url, url.getHost(), port, path);
    }

    /** The Host header: host, plus the port unless it is 80. */
    public String hostHeader() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == 80 ? h : h + ":" + port;
    }

    /** The URL's own path and query, as a single fixed request sends it ({@code /} when it has none). */
    public String ownPathAndQuery() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }
}
