package io.queueflower.schemas.registry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Builds the client a list of registry URLs asks for: in-process for {@code mock://}, else REST with caching. */
public final class SchemaRegistryClients {

    /** How long to wait for a TCP connection to one registry URL before trying the next. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait for one answer. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private SchemaRegistryClients() {
    }

    /**
     * @param urls registry base URLs, tried in turn when one cannot be reached; or exactly one {@code mock://scope}
     * @param authSource where basic-auth credentials come from
     * @param userInfo {@code user:password}, used (and required) when {@code authSource} is USER_INFO
     * @param latestCacheTtl how long a subject's latest version is reused; negative: forever
     * @throws IllegalArgumentException naming the bad URL or credential
     */
    public static SchemaRegistryClient connect(List<String> urls, BasicAuthSource authSource, String userInfo,
                                               Duration latestCacheTtl) {
        List<String> cleaned = urls.stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
        if (cleaned.isEmpty()) {
            throw new IllegalArgumentException("no schema registry URL given");
        }
        if (cleaned.stream().anyMatch(u -> u.startsWith(MockSchemaRegistry.URL_PREFIX))) {
            if (cleaned.size() != 1) {
                throw new IllegalArgumentException("a " + MockSchemaRegistry.URL_PREFIX
                        + " registry URL cannot be combined with other URLs: " + cleaned);
            }
            return MockSchemaRegistry.forUrl(cleaned.get(0));
        }
        Optional<String> configured = Optional.empty();
        if (authSource == BasicAuthSource.USER_INFO) {
            if (userInfo == null || userInfo.indexOf(':') < 1) {
                throw new IllegalArgumentException("basic auth user info must be 'user:password' when the credentials"
                        + " source is USER_INFO");
            }
            configured = Optional.of(userInfo);
        }
        Optional<String> override = configured;
        List<RestSchemaRegistryClient.Endpoint> endpoints = cleaned.stream()
                .map(RestSchemaRegistryClient.Endpoint::parse)
                .map(e -> authSource == BasicAuthSource.USER_INFO ? e.withUserInfo(override) : e)
                .toList();
        return new CachingSchemaRegistryClient(
                new RestSchemaRegistryClient(endpoints, CONNECT_TIMEOUT, REQUEST_TIMEOUT), latestCacheTtl);
    }
}
