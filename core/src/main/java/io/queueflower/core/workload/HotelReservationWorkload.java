package io.queueflower.core.workload;

import java.util.List;
import java.util.SplittableRandom;

/**
 * DeathStarBench hotelReservation's mixed workload (wrk2 script {@code mixed-workload_type_1.lua}), drawn from a
 * seeded generator so a run can be repeated exactly.
 *
 * <p>Parameter ranges follow the script: stays in April 2015 with check-in on day 9–23, check-out after it and by the
 * 24th for search, 1–5 nights for reserve; latitude 38.0235 + (0..481 − 240.5)/1000, longitude
 * −122.095 + (0..325 − 157)/1000; user ids 0–500 (user {@code Cornell_<id>}, password the id written ten times);
 * hotel ids 1–80; recommend asks for {@code dis}, {@code rate} or {@code price} with probabilities .33/.33/.34.
 * One deliberate difference: the script's reserve sends {@code lat=nil&lon=nil} (it reads undefined globals); we send
 * coordinates from the same ranges as search. The frontend ignores both for reservations.
 */
public final class HotelReservationWorkload implements Workload {
    private final RequestMix mix;
    private final SplittableRandom random;
    private final List<String> types;

    public HotelReservationWorkload(RequestMix mix, SplittableRandom random) {
        this.mix = mix;
        this.random = random;
        this.types = mix.activeTypes().stream().map(HotelRequestType::label).toList();
    }

    public HotelReservationWorkload(RequestMix mix, long seed) {
        this(mix, new SplittableRandom(seed));
    }

    @Override
    public List<String> requestTypes() {
        return types;
    }

    @Override
    public WorkloadRequest next() {
        HotelRequestType type = mix.pick(random.nextDouble());
        return switch (type) {
            case SEARCH -> search();
            case RECOMMEND -> recommend();
            case LOGIN -> login();
            case RESERVE -> reserve();
        };
    }

    private WorkloadRequest search() {
        int in = random.nextInt(9, 24);
        int out = random.nextInt(in + 1, 25);
        StringBuilder target = new StringBuilder(96).append("/hotels?inDate=");
        aprilDate(target, in).append("&outDate=");
        aprilDate(target, out);
        coordinates(target);
        return new WorkloadRequest(HotelRequestType.SEARCH.label(), "GET", target.toString());
    }

    private WorkloadRequest recommend() {
        double coin = random.nextDouble();
        String require = coin < 0.33 ? "dis" : coin < 0.66 ? "rate" : "price";
        StringBuilder target = new StringBuilder(80).append("/recommendations?require=").append(require);
        coordinates(target);
        return new WorkloadRequest(HotelRequestType.RECOMMEND.label(), "GET", target.toString());
    }

    private WorkloadRequest login() {
        int user = random.nextInt(0, 501);
        StringBuilder target = new StringBuilder(64).append("/user?username=Cornell_").append(user).append("&password=");
        password(target, user);
        return new WorkloadRequest(HotelRequestType.LOGIN.label(), "POST", target.toString());
    }

    private WorkloadRequest reserve() {
        int in = random.nextInt(9, 24);
        int out = in + random.nextInt(1, 6);
        int hotel = random.nextInt(1, 81);
        int user = random.nextInt(0, 501);
        StringBuilder target = new StringBuilder(192).append("/reservation?inDate=");
        aprilDate(target, in).append("&outDate=");
        aprilDate(target, out);
        coordinates(target);
        target.append("&hotelId=").append(hotel)
                .append("&customerName=Cornell_").append(user)
                .append("&username=Cornell_").append(user)
                .append("&password=");
        password(target, user);
        target.append("&number=1");
        return new WorkloadRequest(HotelRequestType.RESERVE.label(), "POST", target.toString());
    }

    private static StringBuilder aprilDate(StringBuilder target, int day) {
        return target.append("2015-04-").append(day < 10 ? "0" : "").append(day);
    }

    private static void password(StringBuilder target, int user) {
        String id = Integer.toString(user);
        for (int i = 0; i < 10; i++) {
            target.append(id);
        }
    }

    /**
     * lat = 38.0235 + (i − 240.5)/1000 = (37783 + i)/1000 and lon = −122.095 + (j − 157)/1000 = (j − 122252)/1000 are
     * whole thousandths, so they are written from integers: exact, with none of the binary-fraction noise
     * ("37.783000000000001") that printing the double sum would give.
     */
    private void coordinates(StringBuilder target) {
        target.append("&lat=");
        thousandths(target, 37783 + random.nextInt(0, 482));
        target.append("&lon=");
        thousandths(target, random.nextInt(0, 326) - 122252);
    }

    private static void thousandths(StringBuilder target, int value) {
        if (value < 0) {
            target.append('-');
            value = -value;
        }
        int fraction = value % 1000;
        target.append(value / 1000).append('.');
        if (fraction < 100) {
            target.append('0');
        }
        if (fraction < 10) {
            target.append('0');
        }
        target.append(fraction);
    }
}
