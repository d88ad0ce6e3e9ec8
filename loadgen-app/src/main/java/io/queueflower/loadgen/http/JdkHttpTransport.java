package io.queueflower.loadgen.http;

import io.queueflower.core.workload.WorkloadRequest;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's {@link HttpClient}, kept as the measured alternative to Netty (see benchmarks/loadgen/README.md). It has
 * no notion of a fixed connection count: each of our connections has at most one request in flight, so its pool
 * holds at most that many keep-alive connections.
 */
public final class JdkHttpTransport implements HttpTransport {
    private final HttpTarget target;
    private final Duration timeout;
    private final ExecutorService executor;
    private final ScheduledExecutorService timers;
    private final HttpClient client;

    public JdkHttpTransport(HttpTarget target, int threads, Duration timeout) {
        this.target = target;
        this.timeout = timeout;
        this.executor = Executors.newFixedThreadPool(threads, daemon("loadgen-jdk"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("loadgen-timer"));
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(timeout).build();
    }

    @Override
    public List<HttpConnection> open(int count) {
        List<HttpConnection> connections = new ArrayList<>(count);
        String base = "http://" + target.hostHeader();
        for (int i = 0; i < count; i++) {
            connections.add(new JdkConnection(base));
        }
        return connections;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        executor.shutdownNow();
    }

    private final class JdkConnection implements HttpConnection {
        private final String base;

        JdkConnection(String base) {
            this.base = base;
        }

        @Override
        public void send(WorkloadRequest request, ExchangeListener listener) {
            HttpRequest http = HttpRequest.newBuilder(URI.create(base + request.pathAndQuery()))
                    .method(request.method(), HttpRequest.BodyPublishers.noBody()).timeout(timeout).build();
            client.sendAsync(http, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error == null) {
                    listener.onResponse(response.statusCode());
                } else {
                    listener.onFailure(kind(error));
                }
            });
        }

        @Override
        public void runAfter(long delayNanos, Runnable task) {
            if (delayNanos <= 0) {
                executor.execute(task);
            } else {
                timers.schedule(() -> executor.execute(task), delayNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private static String kind(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return FailureKind.CONNECT;
        }
        if (cause instanceof HttpTimeoutException) {
            return FailureKind.TIMEOUT;
        }
        return FailureKind.IO;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
