package io.queueflower.bench.report;

/** Points logback at the harness configuration; must run before the first logger is created. */
public final class HarnessLogging {
    private HarnessLogging() {
    }

    public static void quiet() {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "qf-bench-logback.xml");
        }
    }
}
