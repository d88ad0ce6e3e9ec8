package io.queueflower.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void showsProgressAtMostOnceAnInterval() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong(5 * SECOND);
        ProgressReporter progress = new ProgressReporter(new PrintWriter(text), Duration.ofSeconds(1), now::get);

        progress.offer(new Replay.Progress(1, 10, 0, 0));        // at once: too early
        now.addAndGet(SECOND - 1);
        progress.offer(new Replay.Progress(2, 20, 0, 0));        // 0.999999999 s: still too early
        now.addAndGet(1);
        progress.offer(new Replay.Progress(3, 30, 1, 0));        // 1 s: shown
        now.addAndGet(SECOND / 2);
        progress.offer(new Replay.Progress(4, 40, 1, 0));        // 0.5 s later: not shown
        now.addAndGet(SECOND);
        progress.offer(new Replay.Progress(5, 50, 2, 1));        // 1.5 s later: shown

        assertThat(text.toString()).isEqualTo(
                "replay: 3 records read, 30 spans, 1 window closed" + System.lineSeparator()
                        + "replay: 5 records read, 50 spans, 2 windows closed, 1 record dead-lettered"
                        + System.lineSeparator());
    }
}
