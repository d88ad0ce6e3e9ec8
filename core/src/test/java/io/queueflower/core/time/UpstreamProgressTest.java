package io.queueflower.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class UpstreamProgressTest {
    @Test
    void nothingIsReachedUntilEverySourceHasBeenHeardFrom() {
        UpstreamProgress progress = new UpstreamProgress(3);
        progress.advance(0, 5_000);
        progress.advance(2, 9_000);
        assertThat(progress.reached()).isEmpty();
        progress.advance(1, 7_000);
        assertThat(progress.reached()).hasValue(5_000);
    }

    @Test
    void theSlowestSourceHoldsTheTimeBackAndNoSourceMovesBack() {
        UpstreamProgress progress = new UpstreamProgress(2);
        progress.advance(0, 10_000);
        progress.advance(1, 4_000);
        progress.advance(0, 8_000); // an older trace finished after a newer one
        assertThat(progress.reached()).hasValue(4_000);
        progress.advance(1, 12_000);
        assertThat(progress.reached()).hasValue(10_000);
    }

    @Test
    void aQuietSourceHoldsNothingBackUntilItSendsAgain() {
        UpstreamProgress progress = new UpstreamProgress(2);
        progress.quiet(1);
        assertThat(progress.reached()).as("all heard from, none has a time").isEmpty();
        progress.advance(0, 6_000);
        assertThat(progress.reached()).hasValue(6_000);
        progress.advance(1, 3_000);
        assertThat(progress.reached()).as("its next time counts, even behind the others").hasValue(3_000);
        progress.advance(1, 8_000);
        progress.quiet(0);
        assertThat(progress.reached()).hasValue(8_000);
        progress.quiet(1);
        assertThat(progress.reached()).as("all quiet: the window stage's own idle rule decides").isEmpty();
    }

    @Test
    void aSourceBeyondTheExpectedCountRaisesIt() {
        UpstreamProgress progress = new UpstreamProgress(1);
        progress.advance(0, 5_000);
        assertThat(progress.reached()).hasValue(5_000);
        progress.advance(2, 9_000);
        assertThat(progress.sources()).isEqualTo(3);
        assertThat(progress.reached()).as("source 1 now exists and is unheard").isEmpty();
        progress.advanceAll(7_000);
        assertThat(progress.reached()).hasValue(7_000);
    }

    @Test
    void badCountsAndSourcesAreRefused() {
        assertThatThrownBy(() -> new UpstreamProgress(0)).hasMessageContaining("at least one upstream source");
        assertThatThrownBy(() -> new UpstreamProgress(1).advance(-1, 0)).hasMessageContaining("source must be >= 0");
    }

    /**
     * However one ordered stream of trace starts is dealt out over the sources, the time reached is never past a start
     * still to come from any source: a window closed on it never loses a trace that arrives in its source's order.
     */
    @Property
    void theTimeReachedNeverPassesATraceStillToComeFromAnySource(
            @ForAll @Size(min = 1, max = 200) List<@LongRange(min = 0, max = 1_000) Long> gaps,
            @ForAll @Size(min = 200, max = 200) List<@IntRange(min = 0, max = 3) Integer> dealing) {
        int sources = 4;
        long[] starts = new long[gaps.size()];
        long t = 0;
        for (int i = 0; i < gaps.size(); i++) {
            t += gaps.get(i);
            starts[i] = t;
        }
        UpstreamProgress progress = new UpstreamProgress(sources);
        for (int i = 0; i < starts.length; i++) {
            int source = dealing.get(i);
            progress.advance(source, starts[i]);
            OptionalLong reached = progress.reached();
            for (int j = i + 1; j < starts.length; j++) {
                if (reached.isPresent()) {
                    assertThat(starts[j]).isGreaterThanOrEqualTo(reached.getAsLong());
                }
            }
        }
    }
}
