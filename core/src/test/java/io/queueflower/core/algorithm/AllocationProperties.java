package io.queueflower.core.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.core.estimate.ServiceFlowStats;
import io.queueflower.core.estimate.WindowSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class AllocationProperties {

    @Provide
    Arbitrary<Map<String, Double>> weights() {
        Arbitrary<Double> weight = Arbitraries.oneOf(
                Arbitraries.just(0.0),
                Arbitraries.doubles().between(-5, 0),
                Arbitraries.doubles().between(0, 1e6),
                Arbitraries.doubles().between(1e-9, 1e-3).ofScale(12));
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), weight)
                .ofMinSize(1).ofMaxSize(12).map(TreeMap::new);
    }

    @Provide
    Arbitrary<Map<String, Integer>> current() {
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
                Arbitraries.integers().between(0, 50)).ofMaxSize(12);
    }

    @Provide
    Arbitrary<LeftoverRule> rules() {
        return Arbitraries.of(LeftoverRule.class);
    }

    private static double positiveTotal(Map<String, Double> weights) {
        return weights.values().stream().mapToDouble(w -> Math.max(0, w)).sum();
    }

    @Property
    void targetsSumToBasePlusPoolWhenScoresArePositiveAndNoClampBinds(
            @ForAll("weights") Map<String, Double> weights, @ForAll @IntRange(min = 0, max = 200) int pool,
            @ForAll @IntRange(min = 0, max = 5) int base, @ForAll("rules") LeftoverRule rule, @ForAll long seed) {
        Allocation allocation = new ProportionalAllocator(rule, seed).allocate(weights, pool, base, Map.of(), AllocationBounds.NONE);
        if (positiveTotal(weights) > 0) {
            assertThat(allocation.targets().values().stream().mapToInt(Integer::intValue).sum())
                    .isEqualTo(weights.size() * base + pool);
            weights.forEach((service, w) -> {
                if (w <= 0) {
                    assertThat(allocation.targets().get(service)).isEqualTo(base);
                }
            });
        } else {
            assertThat(allocation.kept()).isTrue();
        }
        assertThat(allocation.targets().keySet()).isEqualTo(weights.keySet());
    }

    @Property
    void largestRemainderSharesAreWithinOneOfTheExactQuota(
            @ForAll("weights") Map<String, Double> weights, @ForAll @IntRange(min = 0, max = 200) int pool) {
        double total = positiveTotal(weights);
        Allocation allocation = new ProportionalAllocator(LeftoverRule.LARGEST_REMAINDER, 0)
                .allocate(weights, pool, 0, Map.of(), AllocationBounds.NONE);
        if (total > 0) {
            weights.forEach((service, w) -> assertThat((double) allocation.targets().get(service))
                    .isBetween(Math.floor(pool * Math.max(0, w) / total - 1e-6), Math.ceil(pool * Math.max(0, w) / total + 1e-6)));
        }
    }

    @Property
    void clampsAlwaysHoldAndTargetsAreNeverNegative(
            @ForAll("weights") Map<String, Double> weights, @ForAll("current") Map<String, Integer> current,
            @ForAll @IntRange(min = 0, max = 100) int pool, @ForAll @IntRange(min = 0, max = 5) int base,
            @ForAll @IntRange(min = 0, max = 4) int low, @ForAll @IntRange(min = 0, max = 30) int span,
            @ForAll("rules") LeftoverRule rule, @ForAll long seed) {
        Map<String, Integer> min = new TreeMap<>();
        Map<String, Integer> max = new TreeMap<>();
        int i = 0;
        for (String service : weights.keySet()) {
            if (i++ % 2 == 0) {
                min.put(service, low + 1);
                max.put(service, low + 1 + span);
            }
        }
        AllocationBounds bounds = new AllocationBounds(min, max, low, low + 2 * span + 3);
        Allocation allocation = new ProportionalAllocator(rule, seed).allocate(weights, pool, base, current, bounds);
        allocation.targets().forEach((service, target) -> {
            assertThat(target).isGreaterThanOrEqualTo(0);
            assertThat(target).isBetween(bounds.minFor(service), bounds.maxFor(service));
        });
    }

    @Property
    void sameInputSameOutput(@ForAll("weights") Map<String, Double> weights, @ForAll("current") Map<String, Integer> current,
                             @ForAll @IntRange(min = 0, max = 100) int pool, @ForAll("rules") LeftoverRule rule,
                             @ForAll long seed) {
        Allocation first = new ProportionalAllocator(rule, seed).allocate(weights, pool, 1, current, AllocationBounds.NONE);
        Allocation second = new ProportionalAllocator(rule, seed).allocate(new TreeMap<>(weights), pool, 1,
                new TreeMap<>(current), AllocationBounds.NONE);
        assertThat(second).isEqualTo(first);
    }

    @Provide
    Arbitrary<WindowSnapshot> windows() {
        Arbitrary<ServiceFlowStats> pair = Combinators.combine(
                Arbitraries.of("frontend", "search", "geo", "rate", "profile", "user", "reservation", "recommendation"),
                Arbitraries.of("HTTP GET /hotels", "HTTP GET /recommendations", "HTTP POST /user", "HTTP POST /reservation"),
                Arbitraries.longs().between(1, 5_000),
                Arbitraries.doubles().between(-5, 500),
                Arbitraries.doubles().between(0, 2_000)).as(Windows::pair);
        return pair.list().ofMaxSize(20).map(pairs -> {
            Map<String, ServiceFlowStats> unique = new TreeMap<>();
            pairs.forEach(p -> unique.putIfAbsent(p.service() + "|" + p.flow(), p));
            return Windows.window(new ArrayList<>(unique.values()), List.of());
        });
    }

    @Property(tries = 300) // each try builds and decides two windows; 300 keep the suite quick on a shared machine
    void queueFlowerIsDeterministicAndNeverNegative(
            @ForAll("windows") WindowSnapshot window, @ForAll("current") Map<String, Integer> current,
            @ForAll("rules") LeftoverRule rule, @ForAll boolean clip, @ForAll @LongRange(min = 0, max = 1000) long seed) {
        AlgorithmSettings config = AlgorithmSettings.builder().leftover(rule).clipViolations(clip).seed(seed)
                .averageSla(io.queueflower.core.sla.SlaTable.of(Map.of("search", Map.of("HTTP GET /hotels", 50.0))))
                .tailSla(io.queueflower.core.sla.SlaTable.of(Map.of("geo", Map.of("HTTP GET /hotels", 80.0))))
                .build();
        AlgorithmDecision first = QueueFlower.from(config).decide(window, current, AlgorithmState.NONE);
        assertThat(QueueFlower.from(config).decide(window, current, AlgorithmState.NONE)).isEqualTo(first);
        first.targets().values().forEach(target -> assertThat(target).isGreaterThanOrEqualTo(0));
        double positive = first.explanation(ProportionalExplanation.class).blocking().values().stream().mapToDouble(b -> Math.max(0, b)).sum();
        if (positive > 0) {
            assertThat(first.targets().values().stream().mapToInt(Integer::intValue).sum())
                    .isEqualTo(first.targets().size() + 16);
        }
    }
}
