package io.queueflower.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

class StopSignalsTest {
    @Test
    void theFirstSignalAsksTheRunToStopInsteadOfEndingTheJvm() throws Exception {
        for (String name : new String[] {"TERM", "INT"}) {
            CountDownLatch asked = new CountDownLatch(1);
            try (StopSignals signals = StopSignals.install(asked::countDown)) {
                assertThat(signals.received()).isNull();
                // Raised at this very JVM: without the handler the test run itself would end here.
                Signal.raise(new Signal(name));
                assertThat(asked.await(10, TimeUnit.SECONDS)).as("SIG" + name + " handled").isTrue();
                assertThat(signals.received()).isEqualTo("SIG" + name);
            }
        }
    }
}
