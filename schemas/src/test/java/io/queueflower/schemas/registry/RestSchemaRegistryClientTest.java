package io.queueflower.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueflower.avro.Span;
import io.queueflower.testsupport.RecordingHttpServer;
import io.queueflower.testsupport.RecordingHttpServer.Request;
import io.queueflower.testsupport.RecordingHttpServer.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RecordingHttpServer server = new RecordingHttpServer(RestSchemaRegistryClientTest::registryLike);

    @AfterEach
    void stop() {
        server.close();
    }

    /** Enough of the Confluent API for the client: every schema gets id 7, version 3. */
    private static Response registryLike(Request request) {
        String path = request.rawPath();
        try {
            if (path.endsWith("/versions") && request.method().equals("POST")) {
                return Response.json(200, "{\"id\":7}");
            }
            if (path.endsWith("/versions/latest") || request.method().equals("POST")) {
                return Response.json(200, JSON.createObjectNode().put("id", 7).put("version", 3)
                        .put("subject", "s").put("schema", Span.SCHEMA$.toString()).toString());
            }
            if (path.contains("/schemas/ids/")) {
                return Response.json(200, JSON.createObjectNode().put("schema", Span.SCHEMA$.toString()).toString());
            }
        } catch (RuntimeException e) {
            return Response.json(500, "{\"error_code\":50001,\"message\":\"test server: " + e + "\"}");
        }
        return Response.json(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
    }

    private RestSchemaRegistryClient client(String... urls) {
        return client(Optional.empty(), urls);
    }

    private RestSchemaRegistryClient client(Optional<String> userInfo, String... urls) {
        List<RestSchemaRegistryClient.Endpoint> endpoints = List.of(urls).stream()
                .map(RestSchemaRegistryClient.Endpoint::parse)
                .map(e -> userInfo.isPresent() ? e.withUserInfo(userInfo) : e)
                .toList();
        return new RestSchemaRegistryClient(endpoints, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void speaksTheConfluentApiUnderAPathPrefix() throws Exception {
        RestSchemaRegistryClient client = client(server.url() + "/apis/ccompat/v7/");

        assertThat(client.register("spans-value", Span.SCHEMA$)).isEqualTo(7);
        assertThat(client.getId("spans-value", Span.SCHEMA$)).isEqualTo(7);
        assertThat(client.getSchemaById(7)).isEqualTo(Span.SCHEMA$);
        assertThat(client.latestSchema("spans-value")).isEqualTo(new RegisteredSchema(7, 3, Span.SCHEMA$));

        List<Request> requests = server.requests();
        assertThat(requests).extracting(r -> r.method() + " " + r.rawPath()).containsExactly(
                "POST /apis/ccompat/v7/subjects/spans-value/versions",
                "POST /apis/ccompat/v7/subjects/spans-value",
                "GET /apis/ccompat/v7/schemas/ids/7",
                "GET /apis/ccompat/v7/subjects/spans-value/versions/latest");
        Request register = requests.get(0);
        assertThat(register.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(register.header("Accept")).contains("application/vnd.schemaregistry.v1+json");
        assertThat(register.header("Authorization")).isNull();
        String sent = JSON.readTree(register.body()).get("schema").asText();
        assertThat(new Schema.Parser().parse(sent)).isEqualTo(Span.SCHEMA$);
        assertThat(client.url()).isEqualTo(server.url() + "/apis/ccompat/v7");
    }

    @Test
    void subjectsAreEncodedAsOnePathSegment() {
        client(server.url()).register("odd topic/name-value", Span.SCHEMA$);
        assertThat(server.requests().get(0).rawPath()).isEqualTo("/subjects/odd%20topic%2Fname-value/versions");
    }

    @Test
    void sendsConfiguredBasicAuth() {
        client(Optional.of("alice:s3cr:et"), server.url()).register("s-value", Span.SCHEMA$);
        assertThat(server.requests().get(0).header("Authorization"))
                .isEqualTo("Basic " + base64("alice:s3cr:et"));
    }

    @Test
    void sendsUrlUserInfoAndNeverShowsIt() {
        String withCredentials = server.url().replace("http://", "http://bob:pa%40ss@");
        RestSchemaRegistryClient client = client(withCredentials);
        client.register("s-value", Span.SCHEMA$);
        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Basic " + base64("bob:pa@ss"));
        assertThat(client.url()).isEqualTo(server.url()).doesNotContain("bob");

        server.respondWith(r -> Response.json(500, "{\"error_code\":50001,\"message\":\"store down\"}"));
        assertThatThrownBy(() -> client.register("s-value", Span.SCHEMA$))
                .hasMessageNotContaining("pa%40ss").hasMessageNotContaining("pa@ss").hasMessageNotContaining("bob");
    }

    @Test
    void triesTheNextUrlWhenOneCannotBeReachedAndStaysThere() {
        String closed = RecordingHttpServer.closedPortUrl();
        RestSchemaRegistryClient client = client(closed, server.url());
        assertThat(client.register("s-value", Span.SCHEMA$)).isEqualTo(7);
        assertThat(client.getSchemaById(7)).isEqualTo(Span.SCHEMA$);
        assertThat(server.requests()).hasSize(2);
        assertThat(client.url()).isEqualTo(closed + "," + server.url());
    }

    @Test
    void unreachableRegistryNamesSubjectAndEveryUrl() {
        String first = RecordingHttpServer.closedPortUrl();
        String second = RecordingHttpServer.closedPortUrl() + "/apis/ccompat/v7";
        assertThatThrownBy(() -> client(first, second).register("spans-value", Span.SCHEMA$))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("'spans-value'")
                .hasMessageContaining(first)
                .hasMessageContaining(second)
                .hasMessageContaining("ConnectException")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).subject()).isEqualTo("spans-value"));
    }

    @Test
    void incompatibleIsItsOwnErrorWithTheRegistrysWords() {
        server.respondWith(r -> Response.json(409,
                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}"));
        assertThatThrownBy(() -> client(server.url()).register("spans-value", Span.SCHEMA$))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("'spans-value'")
                .hasMessageContaining(server.url())
                .hasMessageContaining("HTTP 409, error_code 409")
                .hasMessageContaining("incompatible with an earlier schema");
    }

    @Test
    void notFoundCarriesTheErrorCode() {
        server.respondWith(r -> Response.json(404, "{\"error_code\":40401,\"message\":\"Subject 'x-value' not found.\"}"));
        assertThatThrownBy(() -> client(server.url()).latestSchema("x-value"))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("latest schema of subject 'x-value'")
                .hasMessageContaining("error_code 40401")
                .satisfies(e -> assertThat(((SchemaNotFoundException) e).errorCode()).isEqualTo(40401));
    }

    @Test
    void nonJsonErrorsAndAuthFailuresAreExplained() {
        server.respondWith(r -> new Response(502, "text/html", "<html><body>Bad Gateway</body></html>"));
        assertThatThrownBy(() -> client(server.url()).getSchemaById(3))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("fetch schema id 3").hasMessageContaining("HTTP 502")
                .hasMessageContaining("Bad Gateway")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(502));

        server.respondWith(r -> Response.json(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}"));
        assertThatThrownBy(() -> client(server.url()).register("s-value", Span.SCHEMA$))
                .hasMessageContaining("not authorized").hasMessageContaining("basic.auth.user.info");
    }

    @Test
    void refusesAnswersItCannotUse() {
        server.respondWith(r -> Response.json(200, "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}"));
        assertThatThrownBy(() -> client(server.url()).getSchemaById(5))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("PROTOBUF");

        server.respondWith(r -> Response.json(200, "{\"schema\":\"{\\\"type\\\":\\\"recrod\\\"}\"}"));
        assertThatThrownBy(() -> client(server.url()).getSchemaById(5))
                .hasMessageContaining("Avro cannot parse");

        server.respondWith(r -> Response.json(200, "{\"identifier\":5}"));
        assertThatThrownBy(() -> client(server.url()).register("s-value", Span.SCHEMA$))
                .hasMessageContaining("without an integer 'id'");
    }

    @Test
    void badUrlsAreRefusedWithoutLeakingPasswords() {
        assertThatThrownBy(() -> RestSchemaRegistryClient.Endpoint.parse("ftp://u:secret@host:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RestSchemaRegistryClient.Endpoint.parse("http://host:1/x?y=1"))
                .hasMessageContaining("query");
        assertThat(RestSchemaRegistryClient.Endpoint.parse(" HTTP://[::1]:8081/a/ ").baseUri())
                .hasToString("http://[::1]:8081/a");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
