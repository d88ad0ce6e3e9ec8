package io.queueflower.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the machine was doing: the figures of a shared machine mean little without it. */
public final class Machine {
    private Machine() {
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown" elsewhere. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
