package io.queueflower.simulator.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.core.workload.RatePattern;
import io.queueflower.simulator.loop.LoopSettings;
import io.queueflower.simulator.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTest {
    private static final ExperimentSettings SETTINGS = new ExperimentSettings(ModelLoader.defaultModel(),
            new LoopSettings(60_000, 10_000, true, "default", DeploymentNames.identity()), 10, 120, 24, 1);

    @Test
    void estimatesUseStudentsT() {
        MeanWithCi estimate = MeanWithCi.of(new double[] {1, 2, 3, 4, 5});
        assertThat(estimate.mean()).isEqualTo(3.0);
        assertThat(estimate.halfWidth()).isCloseTo(2.776 * Math.sqrt(2.5) / Math.sqrt(5), within(1e-9));
        assertThat(MeanWithCi.of(new double[] {7}).halfWidth()).isZero();
        assertThat(estimate.separatedFrom(MeanWithCi.of(new double[] {9, 10, 11}))).isTrue();
        assertThat(estimate.separatedFrom(MeanWithCi.of(new double[] {4, 5, 6}))).isFalse();
    }

    @Test
    void erlangCAgreesWithTheSingleServerClosedForm() {
        assertThat(ErlangC.meanWait(1, 0.8, 1.0)).isCloseTo(0.8 / (1.0 - 0.8), within(1e-12));
        assertThat(ErlangC.meanWait(2, 1.0, 1.0)).isCloseTo(1.0 / 3.0, within(1e-12)); // C(2,1) = 1/3, /(2-1)
        assertThat(ErlangC.meanWait(2, 2.0, 1.0)).isInfinite();
    }

    @Test
    void theSearchStartGivesTheBottleneckTheMostPods() {
        ExperimentWorkload workload = new ExperimentWorkload("w", RatePattern.parse("constant:50"), 600);
        SortedMap<String, Integer> start = new StaticSearch.Estimate(SETTINGS.model(), workload).greedy(24, 1);
        assertThat(start.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(24);
        assertThat(start.get("user")).isEqualTo(1);
        assertThat(start.get("profile")).isEqualTo(start.values().stream().mapToInt(Integer::intValue).max().orElseThrow());
    }

    @Test
    void runsMeasureGroundTruth() {
        ExperimentRunner runner = new ExperimentRunner(SETTINGS);
        ExperimentWorkload workload = new ExperimentWorkload("w", RatePattern.parse("constant:20"), 600);
        RunResult even = runner.run(workload, new Policy.StaticPolicy("even", Policies.evenSplit(SETTINGS)), 3);
        // Poisson count of requests arriving in [120 s, 600 s): 9,600 ± 98
        assertThat(even.all().requests()).isBetween(9_200L, 10_000L);
        assertThat(even.flows().values().stream().mapToLong(FlowResult::requests).sum()).isEqualTo(even.all().requests());
        assertThat(even.podSeconds()).isCloseTo(24 * 480.0, within(1e-6));
        assertThat(even.scaleActions()).isZero();
        assertThat(even.replicaTimeline().get("profile")).hasSize(10).containsOnly(3);
        assertThat(even.latencyTimeline().get("HTTP GET /hotels")).hasSize(10);

        TreeMap<String, Integer> starved = new TreeMap<>(Policies.evenSplit(SETTINGS));
        starved.put("profile", 1);
        starved.put("user", 5);
        RunResult worse = runner.run(workload, new Policy.StaticPolicy("starved", starved), 3);
        assertThat(worse.all().meanMs()).isGreaterThan(even.all().meanMs());
        assertThat(worse.all().slaViolationPercent()).isGreaterThan(even.all().slaViolationPercent());

        RunResult dynamic = runner.run(workload, Policies.resolve("queueflower/prop/littles-law", SETTINGS, null), 3);
        assertThat(dynamic.policy()).isEqualTo("queueflower/prop/littles-law");
        assertThat(dynamic.scaleActions()).isPositive();
        assertThat(dynamic.lateTraces()).isZero();
        assertThat(dynamic.all().requests()).isEqualTo(even.all().requests()); // same seed, same arrivals
    }

    @Test
    void aWholeExperimentWritesItsReport(@TempDir Path dir) throws Exception {
        Experiment experiment = new Experiment(SETTINGS, Policies.DEFAULT, List.of(new ExperimentWorkload("tiny",
                RatePattern.parse("constant:15"), 360)), List.of(1L, 2L), List.of(77L), 2);
        List<Experiment.WorkloadResult> results = experiment.run(line -> { });
        new ExperimentReportWriter(experiment, "loadgen experiment --test", "test-model.yaml", "name: test\n", 1.0)
                .write(dir, results);

        Map<String, PolicySummary> summaries = results.get(0).summaries();
        assertThat(summaries.keySet()).containsExactlyElementsOf(Policies.DEFAULT);
        assertThat(summaries.get("static-best").podSeconds().mean()).isCloseTo(24 * 240.0, within(1e-6));

        String markdown = Files.readString(dir.resolve("report.md"));
        assertThat(markdown).contains("Command: `loadgen experiment --test`", "| static-best |",
                "- queueflower: streams app algorithm queueflower, variant balanced", "scaler.max.step.down=5",
                "### QueueFlower against the baselines", "### Scaling quality", "| queueflower | ",
                "### Flow `HTTP POST /reservation`", "### Static-best search");
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "Replicas per service").doesNotContain("<script");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.get("runs")).hasSize(2 * Policies.DEFAULT.size());
        // the documented schema (benchmarks/experiments/README.md, "results.json")
        for (JsonNode run : json.get("runs")) {
            for (String path : List.of("/workload", "/policy", "/seed", "/all/meanMs", "/all/p99Ms", "/all/requests",
                    "/all/slaViolations", "/podSeconds", "/scaleActions", "/lateTraces", "/saturatedPercent",
                    "/bucketSeconds", "/flows", "/latencyTimeline", "/replicaTimeline")) {
                assertThat(run.at(path).isMissingNode()).as(path).isFalse();
            }
        }
        assertThat(json.get("command").asText()).isEqualTo("loadgen experiment --test");
        assertThat(Files.readString(dir.resolve("model.yaml"))).isEqualTo("name: test\n");
    }

    @Test
    void searchSeedsMustDifferFromEvaluationSeeds() {
        assertThatThrownBy(() -> new Experiment(SETTINGS, Policies.DEFAULT, List.of(), List.of(1L, 2L), List.of(2L), 1))
                .hasMessageContaining("search seed 2 is also an evaluation seed");
    }

    @Test
    void policiesAreResolvedByTheirReportNames() {
        Policy queueflower = Policies.resolve("queueflower", SETTINGS, null);
        assertThat(((Policy.ClosedLoopPolicy) queueflower).config()).as("the streams app's defaults")
                .isEqualTo(Policies.streamsDefaults(SETTINGS).algorithmSettings().toBuilder()
                        .averageSla(((Policy.ClosedLoopPolicy) queueflower).config().averageSla())
                        .tailSla(((Policy.ClosedLoopPolicy) queueflower).config().tailSla())
                        .hab(((Policy.ClosedLoopPolicy) queueflower).config().hab())
                        .hpa(((Policy.ClosedLoopPolicy) queueflower).config().hpa()).build());
        assertThat(((Policy.ClosedLoopPolicy) queueflower).config().balanced().settleSeconds())
                .as("grace 10 s + pod start-up 10 s of these settings").isEqualTo(20.0);
        Policy paper = Policies.resolve("queueflower/prop-sla2/reference", SETTINGS, null);
        assertThat(((Policy.ClosedLoopPolicy) paper).config().variant().configName()).isEqualTo("prop-sla2");
        assertThat(((Policy.ClosedLoopPolicy) paper).config().estimator().configName()).isEqualTo("reference");
        assertThat(Policies.resolve("hpa", SETTINGS, null)).isInstanceOf(Policy.ClusterHpaPolicy.class);
        assertThat(Policies.resolve("hpa-traces", SETTINGS, null)).isInstanceOf(Policy.ClosedLoopPolicy.class);
        assertThat(((Policy.StaticPolicy) Policies.resolve("static-even", SETTINGS, null)).total()).isEqualTo(24);
        assertThatThrownBy(() -> Policies.resolve("queueflower/prop-slaa", SETTINGS, null))
                .hasMessageContaining("policy 'queueflower/prop-slaa'").hasMessageContaining("prop-sla2");
        assertThatThrownBy(() -> Policies.resolve("kpa", SETTINGS, null)).hasMessageContaining("unknown policy 'kpa'");
        assertThatThrownBy(() -> new Experiment(SETTINGS, List.of("hpa", "nope"), List.of(), List.of(1L), List.of(9L), 1))
                .hasMessageContaining("nope");
    }
}
