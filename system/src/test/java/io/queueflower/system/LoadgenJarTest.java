package io.queueflower.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP load generator ships as a small jar of its own (minimised, see loadgen-app/pom.xml): this runs the built
 * jar as a user would, against a local server, so a class the minimiser dropped shows up here and not in a cluster.
 * The reactor packages loadgen-app before this module's tests run.
 */
class LoadgenJarTest {
    private static final long LIMIT_BYTES = 25L * 1000 * 1000;

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../loadgen-app/target"))) {
            return files.filter(p -> p.getFileName().toString().matches("loadgen-app-.*-all\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("loadgen-app's jar is not built: run mvn verify from the root"));
        }
    }

    @Test
    void theJarIsUnder25MegabytesAndRunsALoad(@TempDir Path dir) throws Exception {
        Path jar = jar();
        assertThat(Files.size(jar)).as(jar + " size").isLessThan(LIMIT_BYTES);

        AtomicInteger served = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            served.incrementAndGet();
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Path json = dir.resolve("run.json");
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(List.of(java.toString(), "-jar", jar.toString(), "http", "--url", url,
                    "--workload", "url", "--rate", "20", "--duration", "2s", "--quiet", "--json", json.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("loadgen finished").isTrue();
            String out = Files.readString(dir.resolve("out.txt"));
            assertThat(process.exitValue()).as(out).isZero();
            assertThat(out).contains("0 errors").contains("Requests/sec:");
            assertThat(served.get()).isBetween(30, 50);
            assertThat(Files.readString(json)).contains("\"pattern\" : \"constant:20\"");
        } finally {
            server.stop(0);
        }
    }
}
