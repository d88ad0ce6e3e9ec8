package io.queueflower.simulator.engine;

/** Lowercase hex of ids: hot in span building, where String.format would dominate the profile. */
final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    static String of(long value) {
        char[] out = new char[16];
        write(value, out, 0);
        return new String(out);
    }

    static String of(long high, long low) {
        char[] out = new char[32];
        write(high, out, 0);
        write(low, out, 16);
        return new String(out);
    }

    private static void write(long value, char[] out, int offset) {
        for (int i = 15; i >= 0; i--) {
            out[offset + i] = DIGITS[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
