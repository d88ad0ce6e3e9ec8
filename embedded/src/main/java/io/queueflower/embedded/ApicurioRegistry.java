package io.queueflower.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apicurio Registry (which serves the Confluent Schema Registry API under {@value #CCOMPAT_PATH}) running as a
 * child JVM on a free loopback port, for integration tests.
 *
 * <p>The registry comes from Maven Central as {@code io.apicurio:apicurio-registry-app:<version>:zip:all}; a module's
 * pom unpacks it during {@code process-test-resources} and passes the directory to surefire as the system property
 * {@value #DIR_PROPERTY} (the root pom sets both up; a module opts in by declaring maven-dependency-plugin).
 * Without it the tests fail with a message saying so: they never skip.
 *
 * <p>Use {@link #start()} in try-with-resources for a registry of one's own, or {@link #shared()} for one started once
 * per test JVM (about 10 s on two cores) and stopped when the JVM exits.
 */
public final class ApicurioRegistry implements AutoCloseable {

    public static final String DIR_PROPERTY = "apicurio.dir";
    /** Where Apicurio serves the Confluent-compatible API. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    /** Seconds to wait for the registry to answer; override with -Dapicurio.start.timeout.sec. */
    public static final long START_TIMEOUT_SECONDS = Long.getLong("apicurio.start.timeout.sec", 60);
    private static final int LOG_TAIL_LINES = 40;

    private static ApicurioRegistry shared;

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread stopOnExit;
    private final boolean isShared;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    private ApicurioRegistry(Process process, int port, Path log, boolean isShared) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.isShared = isShared;
        this.stopOnExit = new Thread(this::stop, "apicurio-stop-" + port);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts a registry of the caller's own; close it to stop it. */
    public static ApicurioRegistry start() {
        return launch(false);
    }

    /** The registry shared by every test in this JVM, started on first use; {@link #close()} on it does nothing. */
    public static synchronized ApicurioRegistry shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = launch(true);
        }
        return shared;
    }

    /** The runner jar under {@value #DIR_PROPERTY}, or a failure telling how to get it. */
    public static Path runnerJar() {
        String dir = System.getProperty(DIR_PROPERTY);
        String howTo = " The schemas module's pom unpacks io.apicurio:apicurio-registry-app:<version>:zip:all"
                + " into target/apicurio during process-test-resources and passes -D" + DIR_PROPERTY
                + " to surefire; copy that to this module's pom, and run the build online once so Maven can fetch"
                + " the zip.";
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("Apicurio Registry is not available: system property " + DIR_PROPERTY
                    + " is not set." + howTo);
        }
        Path root = Path.of(dir);
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("Apicurio Registry is not available: " + DIR_PROPERTY + "=" + root
                    + " is not a directory." + howTo);
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("Apicurio Registry is not available: no *-runner.jar under " + root
                        + "." + howTo);
            }
            return jars.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static ApicurioRegistry launch(boolean isShared) {
        Path jar = runnerJar();
        // A port picked free can be taken before the registry binds it; one retry on a new port covers that race.
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            int port = freePort();
            Path log = jar.getParent().resolveSibling("apicurio-" + port + ".log");
            Process process = spawn(jar, port, log);
            ApicurioRegistry registry = new ApicurioRegistry(process, port, log, isShared);
            try {
                registry.awaitReady();
                return registry;
            } catch (IllegalStateException e) {
                registry.stop();
                failure = e;
                if (!registry.logTail().contains("already in use") && !registry.logTail().contains("already bound")) {
                    break;
                }
            }
        }
        throw failure;
    }

    private static Process spawn(Path jar, int port, Path log) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-Xmx512m",
                // C1 only: the registry serves a few test requests, so start-up time matters more than peak speed.
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-jar", jar.toString()));
        try {
            return new ProcessBuilder(command)
                    .directory(jar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Apicurio Registry with " + command + ": " + e, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                        + " before answering on " + ccompatUrl() + ". Log " + log + " ends with:\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastProblem = "HTTP " + response.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
            sleep(200);
        }
        throw new IllegalStateException("Apicurio Registry did not answer on " + ccompatUrl() + "/subjects within "
                + START_TIMEOUT_SECONDS + " s (last: " + lastProblem + "). Log " + log + " ends with:\n" + logTail());
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The Confluent-compatible API's base URL, what {@code schema.registry.url} should be. */
    public String ccompatUrl() {
        return baseUrl() + CCOMPAT_PATH;
    }

    public int port() {
        return port;
    }

    /** Whether the registry process is still alive. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Sets a subject's compatibility rule through the ccompat API ({@code PUT /config/{subject}}); Apicurio enforces
     * it on later registrations under that subject.
     */
    public void setCompatibility(String subject, String level) {
        String body = "{\"compatibility\":\"" + level + "\"}";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ccompatUrl() + "/config/"
                            + subject))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Apicurio refused PUT /config/" + subject + " " + body + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set compatibility of " + subject + " at " + ccompatUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The last lines the registry logged, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops an instance from {@link #start()}; the shared one is stopped when the JVM exits instead. */
    @Override
    public void close() {
        if (!isShared) {
            stop();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running or has run.
            }
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
        }
    }

    @Override
    public String toString() {
        return "ApicurioRegistry[" + ccompatUrl() + "]";
    }
}
