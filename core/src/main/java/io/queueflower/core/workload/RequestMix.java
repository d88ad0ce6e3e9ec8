package io.queueflower.core.workload;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The probability of each hotelReservation request type; the probabilities sum to 1. */
public final class RequestMix {
    /** The reference's mixed workload: search 60 %, recommend 39 %, login 0.5 %, reserve 0.5 %. */
    public static final RequestMix HOTEL_RESERVATION = parse("search=0.6,recommend=0.39,login=0.005,reserve=0.005");

    private static final double SUM_TOLERANCE = 1e-3;

    private final Map<HotelRequestType, Double> probabilities;

    private RequestMix(Map<HotelRequestType, Double> probabilities) {
        this.probabilities = Collections.unmodifiableMap(new EnumMap<>(probabilities));
    }

    /** Parses {@code type=probability,…}; unlisted types get probability 0. */
    public static RequestMix parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--mix: empty; expected e.g. search=0.6,recommend=0.39,login=0.005,reserve=0.005");
        }
        Map<HotelRequestType, Double> probabilities = new EnumMap<>(HotelRequestType.class);
        for (HotelRequestType type : HotelRequestType.values()) {
            probabilities.put(type, 0.0);
        }
        double sum = 0;
        boolean[] seen = new boolean[HotelRequestType.values().length];
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", -1);
            if (kv.length != 2) {
                throw new IllegalArgumentException("--mix: '" + part.trim() + "' is not TYPE=PROBABILITY");
            }
            HotelRequestType type;
            try {
                type = HotelRequestType.fromLabel(kv[0].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mix: " + e.getMessage());
            }
            if (seen[type.ordinal()]) {
                throw new IllegalArgumentException("--mix: '" + type.label() + "' given twice");
            }
            seen[type.ordinal()] = true;
            double p;
            try {
                p = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--mix: probability of " + type.label() + " '" + kv[1].trim() + "' is not a number");
            }
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("--mix: probability of " + type.label() + " must be in [0, 1], got " + kv[1].trim());
            }
            probabilities.put(type, p);
            sum += p;
        }
        if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("--mix: probabilities sum to " + sum + ", not 1");
        }
        return new RequestMix(probabilities);
    }

    public double probability(HotelRequestType type) {
        return probabilities.get(type);
    }

    /** The types with a non-zero probability, in draw order. */
    public List<HotelRequestType> activeTypes() {
        return probabilities.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
    }

    /**
     * The type a uniform draw {@code u} in [0, 1) selects: cumulative thresholds in draw order, as the reference's
     * script compares its coin. Rounding leftovers (probabilities summing to slightly under 1) go to the last active type.
     */
    public HotelRequestType pick(double u) {
        double cumulative = 0;
        HotelRequestType last = null;
        for (Map.Entry<HotelRequestType, Double> e : probabilities.entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            cumulative += e.getValue();
            last = e.getKey();
            if (u < cumulative) {
                return last;
            }
        }
        return last;
    }

    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(",");
        probabilities.forEach((type, p) -> {
            if (p > 0) {
                joiner.add(type.label() + "=" + Durations.stripZeros(p));
            }
        });
        return joiner.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestMix other && other.probabilities.equals(probabilities);
    }

    @Override
    public int hashCode() {
        return probabilities.hashCode();
    }
}
