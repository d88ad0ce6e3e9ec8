package io.queueflower.core.scaling;

import java.time.Duration;

/** Waits between retries; replaced in tests so backoff can be checked without waiting. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
