package io.queueflower.core.time;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * How far each upstream source (a partition of the assembly stage) has got, and the time reached by all of them: the
 * window stage closes a window only when every source is past it, so that its decisions do not depend on how many
 * partitions, threads or instances carry the traffic. On one task's own stream time instead, a partition that ran
 * ahead in a backlog closed windows while another partition's traces for them were still on their way.
 *
 * <p>A source's progress is the latest trace start it has sent, and never moves back while it sends. A source that
 * holds nothing (no span for a while, no trace pending, or none ever) may say so ({@link #quiet}): it holds no window
 * back until it sends again. Until every expected source has been heard from, nothing is reached; when all are quiet,
 * nothing is reached either, and the window stage's own idle rule takes over. A source numbered beyond the expected
 * count (partitions added to a running topic) raises the count.
 *
 * <p>In memory only, by design: after a restart every source reports again with its next trace or quiet report, and
 * until then windows close no earlier than they would have.
 */
public final class UpstreamProgress {
    private static final long UNHEARD = Long.MIN_VALUE;
    private static final long QUIET = Long.MAX_VALUE;

    private long[] progress;

    /** Progress of {@code sources} sources, none heard from yet. */
    public UpstreamProgress(int sources) {
        if (sources < 1) {
            throw new IllegalArgumentException("at least one upstream source is needed, got " + sources);
        }
        progress = new long[sources];
        Arrays.fill(progress, UNHEARD);
    }

    public int sources() {
        return progress.length;
    }

    /** Source {@code source} has sent everything up to {@code timeMs}. */
    public void advance(int source, long timeMs) {
        ensure(source);
        long current = progress[source];
        progress[source] = current == QUIET || current == UNHEARD ? timeMs : Math.max(current, timeMs);
    }

    /** Every source has got to {@code timeMs}: a record from outside the assembly stage, which stands for all. */
    public void advanceAll(long timeMs) {
        for (int source = 0; source < progress.length; source++) {
            advance(source, timeMs);
        }
    }

    /** Source {@code source} holds nothing: it holds no window back until it sends again. */
    public void quiet(int source) {
        ensure(source);
        progress[source] = QUIET;
    }

    /** The time every source has reached; empty until each has been heard from, or when all are quiet. */
    public OptionalLong reached() {
        long low = QUIET;
        for (long p : progress) {
            if (p == UNHEARD) {
                return OptionalLong.empty();
            }
            low = Math.min(low, p);
        }
        return low == QUIET ? OptionalLong.empty() : OptionalLong.of(low);
    }

    /** True when every source has been heard from and each said it is quiet. */
    public boolean allQuiet() {
        for (long p : progress) {
            if (p != QUIET) {
                return false;
            }
        }
        return true;
    }

    private void ensure(int source) {
        if (source < 0) {
            throw new IllegalArgumentException("source must be >= 0, got " + source);
        }
        if (source >= progress.length) {
            int from = progress.length;
            progress = Arrays.copyOf(progress, source + 1);
            Arrays.fill(progress, from, progress.length, UNHEARD);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("UpstreamProgress[");
        for (int i = 0; i < progress.length; i++) {
            long p = progress[i];
            sb.append(i == 0 ? "" : ", ").append(i).append('=')
                    .append(p == UNHEARD ? "unheard" : p == QUIET ? "quiet" : Long.toString(p));
        }
        return sb.append(']').toString();
    }
}
