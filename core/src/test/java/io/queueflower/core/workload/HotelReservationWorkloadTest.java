package io.queueflower.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HotelReservationWorkloadTest {
    private static final int DRAWS = 200_000;

    @Test
    void drawsTheReferenceMixWithinSamplingError() {
        HotelReservationWorkload workload = new HotelReservationWorkload(RequestMix.HOTEL_RESERVATION, 42);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            counts.merge(workload.next().type(), 1, Integer::sum);
        }
        // Five binomial standard deviations around each expected share.
        assertShare(counts.get("search"), 0.6);
        assertShare(counts.get("recommend"), 0.39);
        assertShare(counts.get("login"), 0.005);
        assertShare(counts.get("reserve"), 0.005);
    }

    private static void assertShare(int count, double p) {
        double sd = Math.sqrt(DRAWS * p * (1 - p));
        assertThat((double) count).isCloseTo(DRAWS * p, within(5 * sd));
    }

    @Test
    void parametersStayInTheScriptsRanges() {
        HotelReservationWorkload workload = new HotelReservationWorkload(
                RequestMix.parse("search=0.25,recommend=0.25,login=0.25,reserve=0.25"), 7);
        for (int i = 0; i < 50_000; i++) {
            WorkloadRequest request = workload.next();
            Map<String, String> q = query(request.pathAndQuery());
            switch (request.type()) {
                case "search" -> {
                    assertThat(request.method()).isEqualTo("GET");
                    assertThat(request.pathAndQuery()).startsWith("/hotels?");
                    int in = aprilDay(q.get("inDate"));
                    int out = aprilDay(q.get("outDate"));
                    assertThat(in).isBetween(9, 23);
                    assertThat(out).isBetween(in + 1, 24);
                    assertCoordinates(q);
                }
                case "recommend" -> {
                    assertThat(request.method()).isEqualTo("GET");
                    assertThat(request.pathAndQuery()).startsWith("/recommendations?");
                    assertThat(q.get("require")).isIn("dis", "rate", "price");
                    assertCoordinates(q);
                }
                case "login" -> {
                    assertThat(request.method()).isEqualTo("POST");
                    assertThat(request.pathAndQuery()).startsWith("/user?");
                    int user = user(q.get("username"));
                    assertThat(q.get("password")).isEqualTo(String.valueOf(user).repeat(10));
                }
                case "reserve" -> {
                    assertThat(request.method()).isEqualTo("POST");
                    assertThat(request.pathAndQuery()).startsWith("/reservation?");
                    int in = aprilDay(q.get("inDate"));
                    assertThat(in).isBetween(9, 23);
                    assertThat(aprilDay(q.get("outDate")) - in).isBetween(1, 5);
                    assertThat(Integer.parseInt(q.get("hotelId"))).isBetween(1, 80);
                    int user = user(q.get("username"));
                    assertThat(q.get("customerName")).isEqualTo(q.get("username"));
                    assertThat(q.get("password")).isEqualTo(String.valueOf(user).repeat(10));
                    assertThat(q.get("number")).isEqualTo("1");
                    assertCoordinates(q);
                }
                default -> throw new AssertionError("unexpected type " + request.type());
            }
            assertThat(URI.create("http://h" + request.pathAndQuery()).getRawQuery()).isNotEmpty();
        }
    }

    @Test
    void coversTheWholeCoordinateGridEndpoints() {
        HotelReservationWorkload workload = new HotelReservationWorkload(RequestMix.parse("search=1"), 3);
        double minLat = 99, maxLat = -99, minLon = 0, maxLon = -999;
        for (int i = 0; i < 100_000; i++) {
            Map<String, String> q = query(workload.next().pathAndQuery());
            double lat = Double.parseDouble(q.get("lat"));
            double lon = Double.parseDouble(q.get("lon"));
            minLat = Math.min(minLat, lat);
            maxLat = Math.max(maxLat, lat);
            minLon = Math.min(minLon, lon);
            maxLon = Math.max(maxLon, lon);
        }
        assertThat(minLat).isEqualTo(38.0235 - 0.2405, within(1e-9));
        assertThat(maxLat).isEqualTo(38.0235 + 0.2405, within(1e-9));
        assertThat(minLon).isEqualTo(-122.095 - 0.157, within(1e-9));
        assertThat(maxLon).isEqualTo(-122.095 + 0.168, within(1e-9));
    }

    @Test
    void theSameSeedGivesTheSameRequests() {
        HotelReservationWorkload a = new HotelReservationWorkload(RequestMix.HOTEL_RESERVATION, 99);
        HotelReservationWorkload b = new HotelReservationWorkload(RequestMix.HOTEL_RESERVATION, 99);
        HotelReservationWorkload c = new HotelReservationWorkload(RequestMix.HOTEL_RESERVATION, 100);
        boolean differs = false;
        for (int i = 0; i < 1000; i++) {
            WorkloadRequest next = a.next();
            assertThat(b.next()).isEqualTo(next);
            differs |= !c.next().equals(next);
        }
        assertThat(differs).isTrue();
    }

    @Test
    void mixParsingRejectsBadInput() {
        assertThat(RequestMix.parse("search=1").activeTypes()).containsExactly(HotelRequestType.SEARCH);
        assertThat(RequestMix.HOTEL_RESERVATION.toString()).isEqualTo("search=0.6,recommend=0.39,login=0.005,reserve=0.005");
        assertThat(RequestMix.HOTEL_RESERVATION.pick(0.599)).isEqualTo(HotelRequestType.SEARCH);
        assertThat(RequestMix.HOTEL_RESERVATION.pick(0.6)).isEqualTo(HotelRequestType.RECOMMEND);
        assertThat(RequestMix.HOTEL_RESERVATION.pick(0.992)).isEqualTo(HotelRequestType.LOGIN);
        assertThat(RequestMix.HOTEL_RESERVATION.pick(0.996)).isEqualTo(HotelRequestType.RESERVE);
        assertThatThrownBy(() -> RequestMix.parse("search=0.5,browse=0.5")).hasMessageContaining("unknown request type 'browse'");
        assertThatThrownBy(() -> RequestMix.parse("search=0.5,recommend=0.4")).hasMessageContaining("sum to 0.9");
        assertThatThrownBy(() -> RequestMix.parse("search=x")).hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> RequestMix.parse("search=0.5,search=0.5")).hasMessageContaining("given twice");
    }

    private static void assertCoordinates(Map<String, String> q) {
        assertThat(q.get("lat")).matches("3[78]\\.[0-9]{3}");
        assertThat(q.get("lon")).matches("-12[12]\\.[0-9]{3}");
        assertThat(Double.parseDouble(q.get("lat"))).isBetween(37.783, 38.264);
        assertThat(Double.parseDouble(q.get("lon"))).isBetween(-122.252, -121.927);
    }

    private static int aprilDay(String date) {
        assertThat(date).matches("2015-04-[0-9]{2}");
        return Integer.parseInt(date.substring(8));
    }

    private static int user(String name) {
        assertThat(name).startsWith("Cornell_");
        int id = Integer.parseInt(name.substring("Cornell_".length()));
        assertThat(id).isBetween(0, 500);
        return id;
    }

    private static Map<String, String> query(String target) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : target.substring(target.indexOf('?') + 1).split("&")) {
            String[] kv = pair.split("=", 2);
            assertThat(params.put(kv[0], kv[1])).as("duplicate parameter %s", kv[0]).isNull();
        }
        return params;
    }
}
