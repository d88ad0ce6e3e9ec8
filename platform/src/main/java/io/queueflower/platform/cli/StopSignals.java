package io.queueflower.platform.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM end a run early but normally, as in wrk2: the first signal asks the run to stop; it then
 * shuts its parts down in order, writes its report and returns its usual exit status. A second signal exits at once
 * with 130, for a run that does not stop.
 *
 * <p>A JVM shutdown hook cannot do this: once the JVM is shutting down, the exit status is already 130 and the run's
 * threads race the hooks. {@code sun.misc.Signal} (module jdk.unsupported, kept for exactly this use) is the only
 * way for a Java program to take the signal itself.
 */
public final class StopSignals implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile String received;

    private StopSignals() {
    }

    /** Takes SIGINT and SIGTERM until {@link #close()}; {@code onStop} runs (on the signal thread) for the first. */
    public static StopSignals install(Runnable onStop) {
        StopSignals stop = new StopSignals();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            stop.signals.add(signal);
            stop.previous.add(Signal.handle(signal, s -> {
                if (stop.received != null) {
                    Runtime.getRuntime().halt(130);
                }
                stop.received = "SIG" + s.getName();
                onStop.run();
            }));
        }
        return stop;
    }

    /** The signal that asked for the stop, e.g. {@code SIGINT}; null if none came. */
    public String received() {
        return received;
    }

    /** Gives the signals back to their previous handlers (the JVM's: shut down). */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
