package io.queueflower.core.workload;

/** The four request kinds of DeathStarBench hotelReservation's mixed workload, in the script's draw order. */
public enum HotelRequestType {
    SEARCH("search"),
    RECOMMEND("recommend"),
    LOGIN("login"),
    RESERVE("reserve");

    private final String label;

    HotelRequestType(String label) {
        this.label = label;
    }

    /** The name used in {@code --mix}, reports and JSON. */
    public String label() {
        return label;
    }

    public static HotelRequestType fromLabel(String label) {
        for (HotelRequestType type : values()) {
            if (type.label.equals(label)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown request type '" + label + "' (known: search, recommend, login, reserve)");
    }
}
