package io.queueflower.bench.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code [--out results.json] [other args...]}: where to write the results, and the rest for the suite itself. */
public record SuiteArgs(Path out, String[] rest) {
    public static SuiteArgs parse(String[] args) {
        Path out = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--out needs a file name");
                }
                out = Path.of(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        return new SuiteArgs(out, rest.toArray(String[]::new));
    }
}
