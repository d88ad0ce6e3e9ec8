package io.queueflower.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * Speaks the Confluent Schema Registry REST API (also served by Apicurio under {@code /apis/ccompat/v7}).
 *
 * <p>Written on {@link HttpClient} and Jackson rather than Confluent's client because that client is not on Maven
 * Central, and the four calls a serde needs are small. With several base URLs, a request that gets no answer
 * (connection refused, timeout) is retried on the next one, and the one that answered is tried first from then on; an
 * HTTP error is an answer and is not retried elsewhere. No caching here: wrap in {@link CachingSchemaRegistryClient}.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    /** Content type of request bodies, as the Confluent API defines it. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final int MAX_BODY_IN_MESSAGE = 500;

    /**
     * One registry base URL.
     *
     * @param baseUri scheme, host, port and optional path prefix; no credentials, no trailing slash
     * @param userInfo {@code user:password} sent as HTTP basic auth, if any
     */
    public record Endpoint(URI baseUri, Optional<String> userInfo) {
        public Endpoint {
            Objects.requireNonNull(baseUri, "baseUri");
            Objects.requireNonNull(userInfo, "userInfo");
        }

        /**
         * Parses {@code http(s)://[user:password@]host[:port][/prefix]}; credentials in the URL become
         * {@link #userInfo()} and are removed from {@link #baseUri()}, so they never reach a log or error message.
         */
        public static Endpoint parse(String url) {
            String trimmed = url.trim();
            URI uri;
            try {
                uri = new URI(trimmed);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("schema registry URL is not a valid URI: '" + redact(trimmed)
                        + "' (" + e.getReason() + ")", e);
            }
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("schema registry URL must start with http://, https:// or "
                        + MockSchemaRegistry.URL_PREFIX + ": '" + redact(trimmed) + "'");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("schema registry URL has no host: '" + redact(trimmed) + "'");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("schema registry URL must not have a query or fragment: '"
                        + redact(trimmed) + "'");
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            URI base = URI.create(scheme.toLowerCase() + "://" + hostAndPort(uri) + path);
            return new Endpoint(base, Optional.ofNullable(uri.getUserInfo()).filter(s -> !s.isEmpty()));
        }

        private static String hostAndPort(URI uri) {
            String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                    ? "[" + uri.getHost() + "]" : uri.getHost();
            return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
        }

        private static String redact(String url) {
            return url.replaceFirst("//[^/@]*@", "//***@");
        }

        public Endpoint withUserInfo(Optional<String> replacement) {
            return new Endpoint(baseUri, replacement);
        }

        @Override
        public String toString() {
            return baseUri.toString();
        }
    }

    private final List<Endpoint> endpoints;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger firstToTry = new AtomicInteger();

    public RestSchemaRegistryClient(List<Endpoint> endpoints, Duration connectTimeout, Duration requestTimeout) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one schema registry URL is needed");
        }
        this.endpoints = List.copyOf(endpoints);
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // HTTP/1.1 keeps plain-http registries and proxies from seeing h2c upgrade attempts.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public String url() {
        return String.join(",", endpoints.stream().map(Endpoint::toString).toList());
    }

    @Override
    public int register(String subject, Schema schema) {
        String action = "register a schema under subject '" + subject + "'";
        JsonNode answer = exchange("POST", "/subjects/" + segment(subject) + "/versions", schemaBody(schema),
                subject, action);
        return requireInt(answer, "id", subject, action);
    }

    @Override
    public int getId(String subject, Schema schema) {
        String action = "look up the id of a schema under subject '" + subject + "'";
        JsonNode answer = exchange("POST", "/subjects/" + segment(subject), schemaBody(schema), subject, action);
        return requireInt(answer, "id", subject, action);
    }

    @Override
    public Schema getSchemaById(int id) {
        String action = "fetch schema id " + id;
        JsonNode answer = exchange("GET", "/schemas/ids/" + id, null, null, action);
        return parseSchema(answer, null, action);
    }

    @Override
    public RegisteredSchema latestSchema(String subject) {
        String action = "fetch the latest schema of subject '" + subject + "'";
        JsonNode answer = exchange("GET", "/subjects/" + segment(subject) + "/versions/latest", null, subject, action);
        return new RegisteredSchema(requireInt(answer, "id", subject, action),
                requireInt(answer, "version", subject, action), parseSchema(answer, subject, action));
    }

    private String schemaBody(Schema schema) {
        try {
            return json.writeValueAsString(json.createObjectNode().put("schema", schema.toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a schema as JSON", e);
        }
    }

    private JsonNode exchange(String method, String path, String body, String subject, String action) {
        List<String> failures = new ArrayList<>();
        IOException lastFailure = null;
        int start = firstToTry.get();
        for (int i = 0; i < endpoints.size(); i++) {
            int index = (start + i) % endpoints.size();
            Endpoint endpoint = endpoints.get(index);
            HttpResponse<String> response;
            try {
                response = http.send(request(endpoint, method, path, body),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                failures.add(endpoint + " (" + describe(e) + ")");
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException("Interrupted while trying to " + action
                        + " at schema registry " + endpoint, endpoint.toString(), subject, e);
            }
            firstToTry.set(index);
            if (response.statusCode() / 100 == 2) {
                return parseJson(response.body(), endpoint, subject, action);
            }
            throw refusal(endpoint, response, subject, action);
        }
        throw new SchemaRegistryUnavailableException("Schema registry unreachable: could not " + action
                + "; no answer from " + String.join(", ", failures), url(), subject, lastFailure);
    }

    private HttpRequest request(Endpoint endpoint, String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint.baseUri() + path))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT);
        endpoint.userInfo().ifPresent(userInfo -> builder.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))));
        if (body == null) {
            return builder.GET().build();
        }
        return builder.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private SchemaRegistryException refusal(Endpoint endpoint, HttpResponse<String> response, String subject,
                                            String action) {
        int status = response.statusCode();
        int errorCode = SchemaRegistryException.NONE;
        String detail = abbreviate(response.body());
        try {
            JsonNode error = json.readTree(response.body());
            if (error != null && error.isObject()) {
                if (error.path("error_code").canConvertToInt()) {
                    errorCode = error.get("error_code").asInt();
                }
                if (error.path("message").isTextual()) {
                    detail = error.get("message").asText();
                }
            }
        } catch (JsonProcessingException notJson) {
            // A proxy or a non-registry server answered; its raw body is the best detail there is.
        }
        String where = "Schema registry " + endpoint;
        String code = "HTTP " + status + (errorCode == SchemaRegistryException.NONE ? "" : ", error_code " + errorCode);
        String url = endpoint.toString();
        return switch (status) {
            case 404 -> new SchemaNotFoundException(where + " could not " + action + ": not found (" + code + "): "
                    + detail, url, subject, status, errorCode, null);
            case 409 -> new IncompatibleSchemaException(where + " rejected the schema as incompatible when asked to "
                    + action + " (" + code + "): " + detail, url, subject, status, errorCode, null);
            case 401, 403 -> new SchemaRegistryException(where + " refused to " + action + ": not authorized (" + code
                    + "): " + detail + " (check basic.auth.credentials.source and basic.auth.user.info)", url,
                    subject, status, errorCode, null);
            default -> new SchemaRegistryException(where + " failed to " + action + " (" + code + "): " + detail,
                    url, subject, status, errorCode, null);
        };
    }

    private JsonNode parseJson(String body, Endpoint endpoint, String subject, String action) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new SchemaRegistryException("Schema registry " + endpoint + " answered a request to " + action
                        + " with something other than a JSON object: " + abbreviate(body), endpoint.toString(),
                        subject, 200, SchemaRegistryException.NONE, null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("Schema registry " + endpoint + " answered a request to " + action
                    + " with invalid JSON: " + abbreviate(body), endpoint.toString(), subject, 200,
                    SchemaRegistryException.NONE, e);
        }
    }

    private int requireInt(JsonNode answer, String field, String subject, String action) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("Schema registry " + url() + " answered a request to " + action
                    + " without an integer '" + field + "': " + abbreviate(answer.toString()), url(), subject, 200,
                    SchemaRegistryException.NONE, null);
        }
        return value.asInt();
    }

    private Schema parseSchema(JsonNode answer, String subject, String action) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException("Schema registry " + url() + " answered a request to " + action
                    + " with a " + type + " schema; only AVRO is supported", url(), subject, 200,
                    SchemaRegistryException.NONE, null);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException("Schema registry " + url() + " answered a request to " + action
                    + " without a 'schema' string: " + abbreviate(answer.toString()), url(), subject, 200,
                    SchemaRegistryException.NONE, null);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (RuntimeException e) {
            // Avro 1.12 reports some bad schemas (e.g. an unknown type name) as NullPointerException, not
            // SchemaParseException, so every parse failure is caught here.
            throw new SchemaRegistryException("Schema registry " + url() + " answered a request to " + action
                    + " with a schema Avro cannot parse (" + e + "): " + abbreviate(text.asText()),
                    url(), subject, 200, SchemaRegistryException.NONE, e);
        }
    }

    /** Percent-encodes one path segment; URLEncoder is for forms, so its '+' for space is undone. */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(Throwable failure) {
        // HttpClient's ConnectException often has no message of its own; the cause says "Connection refused".
        StringBuilder text = new StringBuilder(failure.getClass().getSimpleName());
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
                break;
            }
        }
        return text.toString();
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.strip();
        return oneLine.length() <= MAX_BODY_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient[" + url() + "]";
    }
}
