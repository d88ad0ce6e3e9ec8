package io.queueflower.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {
    private static final String MINIMAL = """
            services:
              front:
                operations:
                  HTTP GET /x: {serviceTime: {type: constant, ms: 2}}
              back:
                replicas: 2
                discipline: ps
                operations:
                  /back.Back/Get: {serviceTime: {type: exponential, meanMs: 4}, errorProbability: 0.01}
            flows:
              - weight: 1
                root:
                  service: front
                  operation: HTTP GET /x
                  calls:
                    - parallel:
                        - {service: back, operation: /back.Back/Get}
                        - {service: back, operation: /back.Back/Get, network: {type: constant, ms: 1}}
            """;

    @Test
    void shippedHotelReservationModelHasTheDeathStarBenchStructure() {
        AppModel model = ModelLoader.defaultModel();
        assertThat(model.services()).containsOnlyKeys("frontend", "search", "geo", "rate", "profile", "recommendation",
                "reservation", "user");
        assertThat(model.initialReplicas().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(24);
        assertThat(model.flows()).extracting(FlowModel::name).containsExactly("HTTP GET /hotels",
                "HTTP GET /recommendations", "HTTP POST /user", "HTTP POST /reservation");
        assertThat(model.flows()).extracting(FlowModel::weight).containsExactly(0.6, 0.39, 0.005, 0.005);

        List<String> hotels = new ArrayList<>();
        model.flow("HTTP GET /hotels").root().visit(call -> hotels.add(call.service() + " " + call.operation()));
        assertThat(hotels).containsExactly("frontend HTTP GET /hotels", "search /search.Search/Nearby",
                "geo /geo.Geo/Nearby", "rate /rate.Rate/GetRates",
                "reservation /reservation.Reservation/CheckAvailability", "profile /profile.Profile/GetProfiles");
        CallNode search = model.flow("HTTP GET /hotels").root().steps().get(0).calls().get(0);
        assertThat(search.steps()).hasSize(2); // geo, then rate: sequential in search/server.go
        assertThat(model.flow("HTTP GET /hotels").root().protocol()).isEqualTo(Protocol.HTTP);
        assertThat(search.protocol()).isEqualTo(Protocol.GRPC);

        // the bottleneck the model is built around: profile carries the largest offered load
        var load = model.offeredLoad(50);
        assertThat(load.get("profile")).isCloseTo(50 * 0.99 * 0.055, within(1e-9));
        assertThat(load.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey())
                .isEqualTo("profile");
        assertThat(model.slaTable(false).get("profile")).containsEntry("HTTP GET /hotels", 400.0)
                .containsEntry("HTTP GET /recommendations", 250.0);
    }

    @Test
    void theSamplesCopyIsTheShippedModel() throws Exception {
        Path copy = Path.of("..", "samples", "hotel-reservation-model.yaml");
        assertThat(Files.readString(copy)).as("samples/hotel-reservation-model.yaml must match the resource")
                .isEqualTo(ModelLoader.defaultModelText());
        assertThat(ModelLoader.load(copy)).isEqualTo(ModelLoader.defaultModel());
    }

    @Test
    void readsEveryFeatureOfTheFormat() {
        AppModel model = ModelLoader.parse(MINIMAL, "m.yaml", null);
        ServiceModel back = model.services().get("back");
        assertThat(back.replicas()).isEqualTo(2);
        assertThat(back.discipline()).isEqualTo(Discipline.PS);
        assertThat(back.operations().get("/back.Back/Get").errorProbability()).isEqualTo(0.01);
        assertThat(back.operations().get("/back.Back/Get").serviceTime()).isEqualTo(new Distribution.Exponential(0.004));
        CallNode.Step step = model.flows().get(0).root().steps().get(0);
        assertThat(step.calls()).hasSize(2);
        assertThat(step.calls().get(0).network()).isEqualTo(new Distribution.Constant(0));
        assertThat(step.calls().get(1).network()).isEqualTo(new Distribution.Constant(0.001));
        assertThat(model.services().get("front").replicas()).isEqualTo(1);
    }

    @Test
    void readsEmpiricalSamplesFromAFileNextToTheModel(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("samples.txt"), "# ms\n1\n2\n\n6\n");
        Files.writeString(dir.resolve("m.yaml"), MINIMAL.replace("{type: constant, ms: 2}",
                "{type: empirical, file: samples.txt}"));
        AppModel model = ModelLoader.load(dir.resolve("m.yaml"));
        Distribution d = model.operation("front", "HTTP GET /x").serviceTime();
        assertThat(d).isInstanceOf(Distribution.Empirical.class);
        assertThat(d.mean()).isCloseTo(0.003, within(1e-12));
    }

    @Test
    void errorsNameTheFileAndThePathOfTheEntry() {
        assertThatThrownBy(() -> ModelLoader.parse(MINIMAL.replace("service: back, operation: /back.Back/Get}",
                "service: bakc, operation: /back.Back/Get}"), "m.yaml", null))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("m.yaml: flows[0].root.calls[0].parallel[0].service")
                .hasMessageContaining("unknown service 'bakc'");
        assertThatThrownBy(() -> ModelLoader.parse(MINIMAL.replace("replicas: 2", "replica: 2"), "m.yaml", null))
                .hasMessageContaining("services.back.replica").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> ModelLoader.parse(MINIMAL.replace("type: exponential, meanMs: 4",
                "type: exponential, meanMs: -4"), "m.yaml", null))
                .hasMessageContaining("services.back.operations.\"/back.Back/Get\".serviceTime.meanMs")
                .hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> ModelLoader.parse(MINIMAL.replace("type: constant", "type: gamma"), "m.yaml", null))
                .hasMessageContaining("unknown distribution 'gamma'");
        assertThatThrownBy(() -> ModelLoader.parse(MINIMAL.replace("operation: HTTP GET /x\n", "operation: HTTP GET /y\n"),
                "m.yaml", null))
                .hasMessageContaining("flows[0].root.operation").hasMessageContaining("has no operation 'HTTP GET /y'");
        assertThatThrownBy(() -> ModelLoader.parse("services: [", "m.yaml", null))
                .hasMessageContaining("m.yaml: not valid YAML (line");
        assertThatThrownBy(() -> ModelLoader.parse(MINIMAL.replace("errorProbability: 0.01", "errorProbability: 2"),
                "m.yaml", null)).hasMessageContaining("errorProbability").hasMessageContaining("[0, 1]");
    }
}
