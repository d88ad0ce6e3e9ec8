package io.queueflower.platform.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operations endpoints every long-running app exposes: {@code /health} (liveness), {@code /ready} (readiness),
 * {@code /metrics} (Prometheus text format) and any JSON routes the app adds. The JDK's own HTTP server is enough
 * for a handful of low-rate GETs and adds no dependency.
 */
public final class OpsHttpServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private OpsHttpServer(HttpServer server) {
        this.server = server;
    }

    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static final class Builder {
        private final String host;
        private final int port;
        private BooleanSupplier live = () -> true;
        private BooleanSupplier ready = () -> true;
        private PrometheusMeterRegistry metrics;
        private final Map<String, Function<Map<String, List<String>>, Optional<Object>>> jsonRoutes =
                new LinkedHashMap<>();

        private Builder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        public Builder liveness(BooleanSupplier check) {
            this.live = check;
            return this;
        }

        public Builder readiness(BooleanSupplier check) {
            this.ready = check;
            return this;
        }

        public Builder metrics(PrometheusMeterRegistry registry) {
            this.metrics = registry;
            return this;
        }

        /** A GET route answering the supplied value as JSON, or 404 while it is empty. */
        public Builder json(String path, Supplier<Optional<Object>> body) {
            jsonRoutes.put(path, headers -> body.get());
            return this;
        }

        /**
         * A GET route answering as JSON what {@code body} makes of the request's headers (names in lower case), or
         * 404 while it is empty; a runtime exception answers 503 with its message.
         */
        public Builder jsonFromHeaders(String path, Function<Map<String, List<String>>, Optional<Object>> body) {
            jsonRoutes.put(path, body);
            return this;
        }

        public OpsHttpServer start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
                server.createContext("/health", ex -> status(ex, live.getAsBoolean(), "live"));
                server.createContext("/ready", ex -> status(ex, ready.getAsBoolean(), "ready"));
                if (metrics != null) {
                    server.createContext("/metrics", ex -> respond(ex, 200,
                            "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
                }
                jsonRoutes.forEach((path, body) -> server.createContext(path, ex -> {
                    if (!ex.getRequestURI().getPath().equals(path)) {
                        respond(ex, 404, "application/json", "{\"error\":\"not found\"}");
                        return;
                    }
                    try {
                        Map<String, List<String>> headers = new HashMap<>();
                        ex.getRequestHeaders().forEach((name, values) ->
                                headers.put(name.toLowerCase(Locale.ROOT), values));
                        Optional<Object> value = body.apply(headers);
                        if (value.isPresent()) {
                            respond(ex, 200, "application/json", JSON.writeValueAsString(value.get()));
                        } else {
                            respond(ex, 404, "application/json", "{\"error\":\"nothing yet\"}");
                        }
                    } catch (RuntimeException e) {
                        respond(ex, 503, "application/json",
                                JSON.writeValueAsString(Map.of("error", String.valueOf(e.getMessage()))));
                    }
                }));
                server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "ops-http");
                    t.setDaemon(true);
                    return t;
                }));
                server.start();
                return new OpsHttpServer(server);
            } catch (IOException e) {
                throw new IllegalStateException("cannot bind the operations HTTP server to " + host + ":" + port
                        + ": " + e.getMessage(), e);
            }
        }

        private static void status(HttpExchange exchange, boolean ok, String what) throws IOException {
            respond(exchange, ok ? 200 : 503, "application/json",
                    "{\"status\":\"" + (ok ? what : "not " + what) + "\"}");
        }

        private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
